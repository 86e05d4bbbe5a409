"""What the bureau writes into its county's self-evaluation report (自评报告), kept with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet

# A county's report is the county's: its admins write it (MANAGE on the county).
COUNTY_WIDE = {"county": "county", "township": "county__townships", "school": "county__schools"}


class SelfReport(models.Model):
    """The bureau's part of a county's report for a year and standard: the narrative of
    二、主要做法与成效, and the unit costs the 五、下一步整改措施 plan is priced at (keys of
    `assessment.costs_plan.FIELDS`; a cost not set is the example file's, which the page says
    and the document does not). Edited on the self-report page, audited."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="+")
    year = models.IntegerField(_("年度"))
    standard = models.CharField(_("评估标准"), max_length=40)
    practice = models.TextField(_("主要做法与成效"), blank=True)
    unit_costs = models.JSONField(_("测算单价"), default=dict, blank=True)
    teacher_transfers = models.BooleanField(_("测算时允许教师交流"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = COUNTY_WIDE

    class Meta:
        ordering = ["county", "-year", "standard"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year", "standard"], name="self_report_unique_per_year"
            )
        ]
        verbose_name = _("自评报告")
        verbose_name_plural = _("自评报告")

    def __str__(self) -> str:
        return f"{self.county} {self.year} {self.standard}"

    def snapshot(self) -> dict:
        """What the audit trail keeps."""
        return {
            "practice": self.practice,
            "unit_costs": dict(self.unit_costs),
            "teacher_transfers": self.teacher_transfers,
        }
