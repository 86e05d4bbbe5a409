"""Every read of the self-report app: the county of the page (404 for anyone who does not run
it), what the bureau saved with the report, the unit costs the plan is priced at, and the
county facts the report still lacks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_noop

from junheng.access import MANAGE, restrict
from junheng.assessment.costs_plan import FIELDS, cost_values, default_costs, with_values
from junheng.planning.costs import Costs
from junheng.recognition.selectors import profile_for, school_totals
from junheng.registry.models import County
from junheng.selfreport.models import SelfReport

# The facts of 一、基本情况 the bureau enters on the road page (recognition.CountyProfile).
PROFILE_FACTS = (
    ("population", gettext_noop("常住人口")),
    ("area", gettext_noop("土地面积")),
    ("fiscal_revenue", gettext_noop("一般公共预算收入")),
    ("education_spending", gettext_noop("教育经费总投入")),
    ("compulsory_spending", gettext_noop("财政性义务教育经费")),
)
HISTORY_YEARS = 3


def report_county(*, user: Any, code: str) -> County:
    """The county, if the user runs it (its county admins); a 404 otherwise."""
    return get_object_or_404(restrict(County, user, MANAGE), code=code)


def saved_report(*, county: County, year: int, standard: str) -> SelfReport | None:
    return SelfReport.objects.filter(county=county, year=year, standard=standard).first()


@dataclass(frozen=True)
class ReportCosts:
    """The unit costs the plan is priced at and which of them are the example file's."""

    costs: Costs
    values: dict[str, float]
    example_keys: tuple[str, ...]  # the costs not set by the bureau
    transfers: bool

    @property
    def all_example(self) -> bool:
        return len(self.example_keys) == len(FIELDS)


def report_costs(saved: SelfReport | None) -> ReportCosts:
    """The bureau's unit costs where it set them, the example's elsewhere."""
    example = default_costs()
    values = cost_values(example)
    own = dict(saved.unit_costs) if saved is not None else {}
    values.update({key: float(value) for key, value in own.items() if key in values})
    transfers = example.transfers.allowed
    if saved is not None and saved.teacher_transfers is not None:
        transfers = saved.teacher_transfers
    example_keys = tuple(key for key, _label, _unit in FIELDS if key not in own)
    return ReportCosts(with_values(example, values, transfers), values, example_keys, transfers)


def missing_facts(*, county: County, year: int) -> list[str]:
    """The facts of 基本情况 not yet entered for the report's three years (「2024年常住人口」),
    in the page's language."""
    missing = []
    for each in range(year - HISTORY_YEARS + 1, year + 1):
        profile = profile_for(county=county, year=each)
        for name, label in PROFILE_FACTS:
            if profile is None or getattr(profile, name) is None:
                missing.append(_fact(each, label))
        if not school_totals(county=county, year=each).has_data:
            missing.append(_fact(each, gettext_noop("学校基本情况数据")))
    return missing


def _fact(year: int, label: str) -> str:
    return gettext("%(year)s年%(fact)s") % {"year": year, "fact": gettext(label)}


def default_standard(county: County) -> str:
    """The standard the page opens on: the programme of the county's documents."""
    from junheng.bulletins.selectors import document_settings

    return document_settings(county).standard


@dataclass(frozen=True)
class CostRow:
    key: str
    label: str
    unit: str
    value: float
    example: bool  # the example file's value, not the bureau's


@dataclass(frozen=True)
class ReportPage:
    """What the self-report page shows for one county, year and standard."""

    county: County
    year: int
    years: list[int]
    standard: str
    has_data: bool
    saved: SelfReport | None
    costs: ReportCosts
    cost_rows: list[CostRow]
    missing: list[str]
    verdict: Any  # assessment.parts.Verdict, None without data
    parts: list[Any]  # assessment.parts.PartRow
    data_error: str


def report_page(*, user: Any, code: str, year: int, standard: str) -> ReportPage:
    from junheng.assessment.evaluation import county_years
    from junheng.assessment.parts import county_verdict, part_rows
    from junheng.evaluation.errors import DataError

    county = report_county(user=user, code=code)
    years = county_years(county=county)
    saved = saved_report(county=county, year=year, standard=standard)
    costs = report_costs(saved)
    verdict, parts, error = None, [], ""
    if year in years:
        try:
            verdict = county_verdict(county=county, year=year, standard=standard)
        except DataError as problem:
            error = str(problem)
        else:
            parts = part_rows(verdict)
    return ReportPage(
        county=county,
        year=year,
        years=years,
        standard=standard,
        has_data=year in years and not error,
        saved=saved,
        costs=costs,
        cost_rows=[
            CostRow(key, label, unit, costs.values[key], key in costs.example_keys)
            for key, label, unit in FIELDS
        ],
        missing=missing_facts(county=county, year=year),
        verdict=verdict,
        parts=parts,
        data_error=error,
    )
