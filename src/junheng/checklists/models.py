"""A county's checklists, their items, who is responsible for what, scores and evidence."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet
from junheng.checklist_core import model as data
from junheng.checklists import english
from junheng.checklists.choices import ImportStatus, Origin, Scoring, UnitKind


class Checklist(models.Model):
    """One checklist (评估指标体系) of a county: a national one loaded from the shipped files,
    or a province's imported from a workbook."""

    county = models.ForeignKey(
        "registry.County", on_delete=models.PROTECT, related_name="checklists"
    )
    key = models.CharField(_("标识"), max_length=40)
    name = models.CharField(_("名称"), max_length=200)
    document = models.CharField(_("文号"), max_length=100, blank=True)
    pass_score = models.FloatField(_("及格分"), null=True, blank=True)
    all_required = models.BooleanField(_("全部达标"), default=False)
    note = models.TextField(_("说明"), blank=True)
    origin = models.CharField(_("来源"), max_length=10, choices=Origin.choices)
    source_name = models.CharField(_("导入文件"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = {
        "county": "county",
        "township": "items__assignments__township",
        "school": "items__assignments__school",
    }

    class Meta:
        ordering = ["county", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "key"], name="checklist_key_unique_per_county"
            )
        ]
        verbose_name = _("评估指标体系")
        verbose_name_plural = _("评估指标体系")

    def __str__(self) -> str:
        return self.name

    def as_data(self, items: list[ChecklistItem] | None = None) -> data.ChecklistSpec:
        """The checklist as the pure core's value (all items, or those given)."""
        rows = items if items is not None else list(self.items.all())
        return data.ChecklistSpec(
            key=self.key,
            name=self.name,
            document=self.document,
            pass_score=self.pass_score,
            all_required=self.all_required,
            note=self.note,
            items=tuple(item.as_data() for item in rows),
        )

    # in the reader's language: a shipped checklist's text while it is the file's
    # (`checklists.english`); an imported one as the county wrote it
    @property
    def shown_name(self) -> str:
        return english.checklist_text(self, "name")

    @property
    def shown_document(self) -> str:
        return english.checklist_text(self, "document")

    @property
    def shown_note(self) -> str:
        return english.checklist_text(self, "note")


class ChecklistItem(models.Model):
    """A category, item or sub-item of a checklist, by hierarchical code (1, 1.2, 1.2.3)."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("编码"), max_length=40)
    sort_key = models.CharField(max_length=64, db_index=True)
    depth = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    title = models.TextField(_("指标内容"))
    max_score = models.FloatField(_("分值"), null=True, blank=True)
    rule = models.TextField(_("评分办法"), blank=True)
    scoring = models.CharField(
        _("计分方式"), max_length=12, choices=Scoring.choices, default=Scoring.MANUAL
    )
    evidence = models.JSONField(_("佐证材料"), default=list, blank=True)
    figure = models.CharField(_("数据项"), max_length=100, blank=True)
    comparison = models.CharField(_("比较"), max_length=2, blank=True)
    threshold = models.FloatField(_("标准值"), null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    source = models.CharField(_("系统数据"), max_length=80, blank=True)
    veto = models.BooleanField(_("一票否决"), default=False)
    clause = models.CharField(_("条款"), max_length=60, blank=True)
    unconfirmed = models.BooleanField(_("待核实"), default=False)
    note = models.TextField(_("备注"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope = {
        "county": "checklist__county",
        "township": "assignments__township",
        "school": "assignments__school",
    }

    class Meta:
        ordering = ["checklist", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "code"], name="item_code_unique")
        ]
        verbose_name = _("评估指标")
        verbose_name_plural = _("评估指标")

    def __str__(self) -> str:
        return f"{self.code} {self.title[:40]}"

    def as_data(self) -> data.Item:
        return data.Item(
            code=self.code,
            title=self.title,
            max_score=self.max_score,
            rule=self.rule,
            scoring=self.scoring,
            evidence=tuple(self.evidence or ()),
            figure=self.figure,
            comparison=self.comparison,
            threshold=self.threshold,
            unit=self.unit,
            source=self.source,
            veto=self.veto,
            clause=self.clause,
            unconfirmed=self.unconfirmed,
            note=self.note,
        )

    @property
    def automatic(self) -> bool:
        return self.as_data().automatic

    @property
    def requirement(self) -> str:
        return self.as_data().requirement

    # In the reader's language (`checklists.english`): a shipped checklist's text while it is
    # still the file's Chinese, else as stored. Any page showing an item uses these.
    @property
    def shown_title(self) -> str:
        return english.item_text(self, "title")

    @property
    def shown_rule(self) -> str:
        return english.item_text(self, "rule")

    @property
    def shown_figure(self) -> str:
        return english.item_text(self, "figure")

    @property
    def shown_clause(self) -> str:
        return english.item_text(self, "clause")

    @property
    def shown_note(self) -> str:
        return english.item_text(self, "note")

    @property
    def shown_unit(self) -> str:
        return english.unit_text(self)

    @property
    def shown_evidence(self) -> list[str]:
        return [english.evidence_text(e) for e in self.evidence or ()]

    @property
    def shown_requirement(self) -> str:
        return english.requirement_text(self)


class Assignment(models.Model):
    """An item (指标分解) given to a unit — a bureau office, a township or a school — and a
    person, with a deadline. Evidence is uploaded under an assignment."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="assignments")
    unit_kind = models.CharField(_("责任单位类型"), max_length=10, choices=UnitKind.choices)
    office = models.CharField(_("科室"), max_length=100, blank=True)
    # the township of a township's or a school's assignment, so that scoping is one lookup
    township = models.ForeignKey(
        "registry.Township", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "registry.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.PROTECT,
        related_name="checklist_assignments",
    )
    deadline = models.DateField(_("完成期限"))
    note = models.TextField(_("工作要求"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "item__checklist__county", "township": "township", "school": "school"}

    class Meta:
        ordering = ["item__checklist", "item__sort_key", "unit_kind", "office", "school__code"]
        verbose_name = _("指标分解")
        verbose_name_plural = _("指标分解")

    def __str__(self) -> str:
        return f"{self.item.code} → {self.unit_label}"

    @property
    def unit_label(self) -> str:
        if self.unit_kind == UnitKind.SCHOOL and self.school is not None:
            return self.school.name
        if self.unit_kind == UnitKind.TOWNSHIP and self.township is not None:
            return self.township.name
        return self.office or str(_("县教育局"))

    def snapshot(self) -> dict[str, Any]:
        return {
            "item": self.item.code,
            "unit": self.unit_label,
            "person": self.person.get_username(),
            "deadline": self.deadline.isoformat(),
            "note": self.note,
        }


class ItemScore(models.Model):
    """The county's self-assessment (自评) of one leaf item: a score (items with points) and
    whether it is met, with the justification; automatic ones record the data year."""

    item = models.OneToOneField(ChecklistItem, on_delete=models.CASCADE, related_name="score")
    score = models.FloatField(_("得分"), null=True, blank=True)
    met = models.BooleanField(_("达标"), null=True, blank=True)
    value = models.FloatField(_("实际值"), null=True, blank=True)
    automatic = models.BooleanField(_("自动评分"), default=False)
    year = models.IntegerField(_("数据年度"), null=True, blank=True)
    justification = models.TextField(_("评分理由"))
    scored_at = models.DateTimeField(auto_now=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = {
        "county": "item__checklist__county",
        "township": "item__assignments__township",
        "school": "item__assignments__school",
    }

    class Meta:
        verbose_name = _("自评得分")
        verbose_name_plural = _("自评得分")

    def __str__(self) -> str:
        return f"{self.item.code}: {self.score}"

    @property
    def shown_justification(self) -> str:
        """The justification in the reader's language (the automatic scoring's note)."""
        return english.justification_text(self)

    def snapshot(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "met": self.met,
            "value": self.value,
            "automatic": self.automatic,
            "year": self.year,
            "justification": self.justification,
        }


class Evidence(models.Model):
    """One document of an assignment's evidence (佐证材料); its files are its versions."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="evidence")
    requirement = models.CharField(_("对应佐证要求"), max_length=300, blank=True)
    title = models.CharField(_("文件名"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope = {
        "county": "assignment__item__checklist__county",
        "township": "assignment__township",
        "school": "assignment__school",
    }

    class Meta:
        ordering = ["assignment", "requirement", "title"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.title

    @property
    def shown_requirement(self) -> str:
        return english.evidence_text(self.requirement)


def evidence_path(instance: EvidenceVersion, filename: str) -> str:
    """Stored under a random name (the user's name is kept in the row, never on disk)."""
    county = instance.evidence.assignment.item.checklist.county.code
    extension = filename.rpartition(".")[2].lower()
    return f"evidence/{county}/{uuid.uuid4().hex}.{extension}"


class EvidenceVersion(models.Model):
    """An uploaded file of a piece of evidence; a new upload is a new version, none is lost."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.BigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    comment = models.CharField(_("说明"), max_length=500, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = {
        "county": "evidence__assignment__item__checklist__county",
        "township": "evidence__assignment__township",
        "school": "evidence__assignment__school",
    }

    class Meta:
        ordering = ["evidence", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="evidence_version_unique")
        ]
        verbose_name = _("佐证材料版本")
        verbose_name_plural = _("佐证材料版本")

    def __str__(self) -> str:
        return f"{self.original_name} v{self.number}"


class ChecklistImport(models.Model):
    """An uploaded checklist workbook: previewed (dry run), then committed whole or discarded."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    original_name = models.CharField(max_length=255)
    file = models.FileField(upload_to="checklist-imports/%Y/%m/")
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    preview = models.JSONField(default=dict)
    committed_at = models.DateTimeField(null=True, blank=True)
    checklist = models.ForeignKey(
        Checklist, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "county", "township": "created_by__township", "school": "created_by__school"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("指标体系导入")
        verbose_name_plural = _("指标体系导入")
