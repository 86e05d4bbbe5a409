"""Yearly school data (学校基本情况), the county's year lock, and import batches."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet
from junheng.collection.choices import DataStatus, ImportStatus
from junheng.collection.fields import YEARLY_COLUMNS, model_field

EDITABLE_STATUSES = (DataStatus.DRAFT, DataStatus.RETURNED)


class CountyYear(models.Model):
    """A county's statistical year: locked once the county approves it."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="years")
    year = models.IntegerField(_("年度"))
    locked = models.BooleanField(_("已锁定"), default=False)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "county", "township": "county__townships", "school": "county__schools"}

    class Meta:
        ordering = ["county", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="county_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.county.name} {self.year}"


class SchoolYear(models.Model):
    """One school's figures for one year: the template's row, with its approval status.

    `version` grows with every save; a save that carries an older version is refused, so a
    concurrent edit never silently overwrites another."""

    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, related_name="years")
    year = models.IntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=12, choices=DataStatus.choices, default=DataStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    review_comment = models.TextField(_("审核意见"), blank=True)
    # the 说明 of each warning of the figures (经验校验), by the warning's code: every open
    # warning needs one before the record may be submitted
    warning_notes = models.JSONField(_("数据说明"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "school__county", "township": "school__township", "school": "school"}

    class Meta:
        ordering = ["school__county", "-year", "school__code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="school_year_unique")
        ]
        verbose_name = _("学校年度数据")
        verbose_name_plural = _("学校年度数据")

    def __str__(self) -> str:
        return f"{self.school.name} {self.year}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def figures(self) -> dict[str, Any]:
        """The template's yearly fields as a plain dict (also the audit snapshot)."""
        return {column.key: getattr(self, column.key) for column in YEARLY_COLUMNS}


for _column in YEARLY_COLUMNS:
    SchoolYear.add_to_class(_column.key, model_field(_column))


class ImportBatch(models.Model):
    """An uploaded template workbook: previewed (dry run), then committed whole or discarded."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    original_name = models.CharField(max_length=255)
    file = models.FileField(upload_to="imports/%Y/%m/")
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    preview = models.JSONField(default=dict)
    committed_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "county", "township": "created_by__township", "school": "created_by__school"}

    class Meta:
        ordering = ["-created_at"]
