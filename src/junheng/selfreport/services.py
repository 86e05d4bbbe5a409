"""Every write of the self-report app: the bureau saves its part of a county's report (the
narrative and the unit costs), in one transaction with its audit entry. Only those who run the
county (the policy's MANAGE) write it."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from junheng.access import MANAGE, may
from junheng.assessment.costs_plan import FIELDS
from junheng.assessment.evaluation import STANDARDS
from junheng.audit.services import audit_change
from junheng.refusals import NotAllowed, Refusal
from junheng.registry.models import County
from junheng.selfreport.models import SelfReport

COST_KEYS = tuple(key for key, _label, _unit in FIELDS)
PRACTICE_MAX = 50_000

__all__ = ["NotAllowed", "SelfReportError", "self_report_save"]


class SelfReportError(Refusal):
    """A refused change to a self-report, in Chinese and English."""


@transaction.atomic
def self_report_save(
    *,
    actor: Any,
    county: County,
    year: int,
    standard: str,
    practice: str,
    unit_costs: dict[str, float | None],
    teacher_transfers: bool | None = None,
) -> SelfReport:
    """Save the narrative (主要做法与成效) and the unit costs (a cost left None is the
    example's) of the county's report for the year and standard."""
    if not may(actor, MANAGE, county):
        raise NotAllowed("只有县教育局可以编写自评报告", "only the county bureau writes the report")
    if standard not in STANDARDS:
        raise SelfReportError("请选择评估标准", "choose a standard")
    if len(practice) > PRACTICE_MAX:
        raise SelfReportError("主要做法与成效过长", "the narrative is too long")
    costs = {}
    for key, value in unit_costs.items():
        if key not in COST_KEYS:
            raise SelfReportError("未知的测算单价", f"unknown unit cost {key!r}")
        if value is None:
            continue
        if not value > 0:
            raise SelfReportError("测算单价必须大于零", "unit costs must be positive")
        costs[key] = float(value)
    found = SelfReport.objects.select_for_update().filter(
        county=county, year=year, standard=standard
    )
    report = found.first() or SelfReport(county=county, year=year, standard=standard)
    before = report.snapshot() if report.pk else None
    report.practice = practice.strip()
    report.unit_costs = costs
    report.teacher_transfers = teacher_transfers
    report.updated_by = actor
    after = report.snapshot()
    if before == after:
        return report
    report.save()
    audit_change(actor=actor, obj=report, before=before, after=after, county=county, year=year)
    return report
