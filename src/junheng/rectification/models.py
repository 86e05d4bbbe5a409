"""Problems found before an inspection and their rectification (问题清单/整改台账), the
problems the evaluation suggests, and the reminders about deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet
from junheng.rectification import origins
from junheng.rectification.choices import (
    ACTIVE,
    ExtensionStatus,
    NotificationKind,
    PhotoStage,
    Source,
    Status,
    SuggestionStatus,
)


class Problem(models.Model):
    """A problem of a school, a township or the county: where it was found, what it concerns,
    the measure, who is responsible by when, and where its rectification stands."""

    county = models.ForeignKey(
        "registry.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "registry.Township",
        verbose_name=_("乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    school = models.ForeignKey(
        "registry.School",
        verbose_name=_("学校"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    source = models.CharField(_("问题来源"), max_length=10, choices=Source.choices)
    # the item of the county's loaded checklist; the text keeps its code and title as they were
    # (and the free text of problems recorded before items were chosen from the checklist)
    item = models.ForeignKey(
        "checklists.ChecklistItem",
        verbose_name=_("评估指标条目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    checklist_item = models.CharField(_("对应评估指标条目"), max_length=200, blank=True)
    indicator_key = models.CharField(_("对应数据指标"), max_length=80, blank=True)
    level = models.CharField(_("学段"), max_length=10, blank=True)
    description = models.TextField(_("问题描述"))
    measure = models.TextField(_("整改措施"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems_responsible",
    )
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    # when it was found (an earlier inspection's feedback is recorded later); none: the day
    # it was recorded
    found_on = models.DateField(_("发现日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    proof = models.TextField(_("整改情况说明"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核验人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    # The responsible person sees the problem and moves it forward (junheng.access.policy).
    scope = {
        "county": "county",
        "township": "township",
        "school": "school",
        "person": "responsible",
    }

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["county", "status", "deadline"])]
        verbose_name = _("问题")
        verbose_name_plural = _("问题清单")

    def __str__(self) -> str:
        return f"#{self.pk} {self.summary}"

    @property
    def summary(self) -> str:
        """The description's first line, shortened for lists, reminders and e-mails."""
        line = self.description.strip().splitlines()[0] if self.description.strip() else ""
        return line if len(line) <= 60 else line[:59] + "…"

    @property
    def unit_name(self) -> str:
        if self.school_id:
            return self.school.name
        if self.township_id:
            return self.township.name
        return self.county.name

    @property
    def stage(self) -> str:
        """The stage of the road it came from (a `recognition.choices.Stage` value)."""
        return origins.source_stage(self.source)

    @property
    def stage_label(self) -> str:
        return origins.STAGE_LABELS.get(self.stage, "")

    @property
    def body(self) -> str:
        """The body that found it (an `origins.FoundBy` value)."""
        return origins.source_body(
            self.source, township_id=self.township_id, school_id=self.school_id
        )

    @property
    def body_label(self) -> str:
        return origins.BODY_LABELS.get(self.body, "")

    @property
    def found_date(self) -> dt.date:
        return self.found_on or self.created_at.date()

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    def is_overdue(self, today: dt.date) -> bool:
        """Past the deadline while the responsible side still owes work."""
        return self.status in ACTIVE and self.deadline is not None and self.deadline < today

    def days_left(self, today: dt.date) -> int | None:
        return (self.deadline - today).days if self.deadline else None

    def snapshot(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "school": self.school.code if self.school_id else None,
            "township": self.township.name if self.township_id else None,
            "checklist_item": self.checklist_item,
            "indicator_key": self.indicator_key,
            "description": self.description,
            "measure": self.measure,
            "responsible": self.responsible.get_username() if self.responsible_id else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "found_on": self.found_on.isoformat() if self.found_on else None,
            "status": self.status,
        }


class ExtensionRequest(models.Model):
    """延期申请: the responsible side asks for a later deadline, with the reason; the county
    approves (the problem's deadline becomes the new one) or refuses it, saying why."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="extensions")
    old_deadline = models.DateField(_("原整改期限"), null=True, blank=True)
    new_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
        db_index=True,
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("审批意见"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope = {
        "county": "problem__county",
        "township": "problem__township",
        "school": "problem__school",
        "person": "problem__responsible",
    }

    class Meta:
        ordering = ["problem", "-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem"],
                condition=models.Q(status="pending"),
                name="one_pending_extension_per_problem",
            )
        ]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")

    def __str__(self) -> str:
        return f"#{self.problem_id} → {self.new_deadline}"

    def snapshot(self) -> dict[str, Any]:
        return {
            "old_deadline": self.old_deadline.isoformat() if self.old_deadline else None,
            "new_deadline": self.new_deadline.isoformat(),
            "reason": self.reason,
            "status": self.status,
            "comment": self.comment,
        }


def photo_path(instance: ProblemPhoto, filename: str) -> str:
    return filename  # the service names the file (random name, extension from the content)


class ProblemPhoto(models.Model):
    """A photo of a problem as found, or of its rectification (proof)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(_("类别"), max_length=10, choices=PhotoStage.choices)
    file = models.FileField(upload_to=photo_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    original_name = models.CharField(_("原文件名"), max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["problem", "stage", "pk"]
        verbose_name = _("问题照片")
        verbose_name_plural = _("问题照片")

    def __str__(self) -> str:
        return self.original_name


class Suggestion(models.Model):
    """A problem the evaluation proposes: a school unit's unmet threshold and its gap, which
    the bureau accepts (it becomes an open problem) or dismisses. One per school, year,
    standard, level and indicator, so a re-run never duplicates it."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "registry.School", on_delete=models.PROTECT, related_name="suggestions"
    )
    year = models.IntegerField(_("数据年度"))
    standard = models.CharField(_("评估标准"), max_length=40)
    level = models.CharField(_("学段"), max_length=10)
    indicator_key = models.CharField(_("指标"), max_length=80)
    indicator_name = models.CharField(_("指标名称"), max_length=200)
    value = models.FloatField(_("实际值"))
    threshold = models.FloatField(_("标准值"))
    gap = models.FloatField(_("缺口"))
    gap_unit = models.CharField(_("单位"), max_length=10)
    text = models.CharField(_("差距"), max_length=200)
    description = models.TextField(_("问题描述"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PROPOSED,
    )
    problem = models.OneToOneField(
        Problem, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestion"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "county", "township": "school__township", "school": "school"}

    class Meta:
        ordering = ["school__township__name", "school__code", "level", "indicator_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "standard", "level", "indicator_key"],
                name="suggestion_unique_per_gap",
            )
        ]
        verbose_name = _("建议问题")
        verbose_name_plural = _("建议问题")

    def __str__(self) -> str:
        return f"{self.school.name}：{self.text}"


class Notification(models.Model):
    """An in-app reminder (and the e-mail that carried it): one per recipient, problem, kind
    and day, so the daily command can run again without repeating itself. A reminder of a
    school's overdue 包校 visit names the school instead of a problem (one per recipient,
    school and day)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    problem = models.ForeignKey(
        Problem, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    school = models.ForeignKey(
        "registry.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=NotificationKind.choices)
    day = models.DateField(_("日期"))
    text = models.CharField(_("内容"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "problem", "kind", "day"], name="notification_once_a_day"
            ),
            models.UniqueConstraint(
                fields=["recipient", "school", "kind", "day"],
                condition=models.Q(problem__isnull=True, school__isnull=False),
                name="notification_of_a_school_once_a_day",
            ),
        ]
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")

    def __str__(self) -> str:
        return self.text
