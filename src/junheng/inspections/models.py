"""School visits by the cadres assigned to schools (包校) and by the bureau and townships:
what was checked, the findings (each can become a problem) and photos; and the county's 包校
visit frequency."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet


class Visit(models.Model):
    """One visit to a school: when, who, what was checked."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "registry.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("走访日期"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("走访人"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    companions = models.CharField(_("同行人员"), max_length=200, blank=True)
    checked = models.TextField(_("检查内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "county", "township": "school__township", "school": "school"}

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["school", "date"])]
        verbose_name = _("走访")
        verbose_name_plural = _("走访")

    def __str__(self) -> str:
        return f"{self.date} {self.school.name}"


class Finding(models.Model):
    """Something found on a visit; turned into a problem in one step."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("发现的问题"))
    problem = models.OneToOneField(
        "rectification.Problem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="finding",
    )

    objects = RestrictedQuerySet.as_manager()
    scope = {
        "county": "visit__county",
        "township": "visit__school__township",
        "school": "visit__school",
    }

    class Meta:
        ordering = ["visit", "position"]
        verbose_name = _("走访发现")
        verbose_name_plural = _("走访发现")

    def __str__(self) -> str:
        return self.text[:40]


class VisitPhoto(models.Model):
    """A photo taken on a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    original_name = models.CharField(_("原文件名"), max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope = {
        "county": "visit__county",
        "township": "visit__school__township",
        "school": "visit__school",
    }

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = _("走访照片")
        verbose_name_plural = _("走访照片")

    def __str__(self) -> str:
        return self.original_name


# Every school assigned to a cadre (包校) is to be visited by that cadre at least once in this many
# days, unless the county sets otherwise (`VisitFrequency`).
DEFAULT_VISIT_EVERY_DAYS = 30
MAX_VISIT_EVERY_DAYS = 365


class VisitFrequency(models.Model):
    """The county's 包校 visit frequency: each cadre visits each of their schools at least once
    every `every_days` days. Set by the county bureau, audited; a county without a row uses
    `DEFAULT_VISIT_EVERY_DAYS`."""

    county = models.OneToOneField(
        "registry.County", on_delete=models.CASCADE, related_name="visit_frequency"
    )
    every_days = models.PositiveSmallIntegerField(
        _("包校走访频次（天）"),
        default=DEFAULT_VISIT_EVERY_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VISIT_EVERY_DAYS)],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "county", "township": "county__townships", "school": "county__schools"}

    class Meta:
        verbose_name = _("包校走访频次")
        verbose_name_plural = _("包校走访频次")

    def __str__(self) -> str:
        return f"{self.county.name}：每 {self.every_days} 天"
