"""What the home page shows of the evaluation, for the county's latest year under the standard
of its programme (the one its documents name, `bulletins.selectors.document_settings`):

- to those who may see the county's evaluation (`access.EVALUATE`): the verdict of every part
  (`assessment.parts.county_verdict`), never the resource part alone as the county's 达标
  (docs/standards.md §2, "The verdict of all parts");
- to a principal, who may not: their own school's data verdict, as their school's page shows
  it (the school rule of the resource part per level), said to be the school's and not the
  county's.

Both cost a bounded number of queries: the county's evaluation is one query for all its
schools (and cached), the parts read the county's checklist, survey and recognition facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from junheng.access import EVALUATE, VIEW, can
from junheng.assessment.evaluation import (
    STANDARDS,
    county_evaluation,
    county_years,
    evaluable_counties,
)
from junheng.assessment.parts import PartRow, Verdict, county_verdict, part_rows
from junheng.assessment.summaries import scoped, unit_details
from junheng.evaluation import Standard
from junheng.registry.models import County, School

DEFAULT_STANDARD = "quality-2017"


@dataclass(frozen=True)
class CountyParts:
    """The county's verdict of every part, as the home page shows it."""

    county: County
    year: int
    standard: Standard
    verdict: Verdict
    parts: list[PartRow]


@dataclass(frozen=True)
class SchoolUnit:
    """One level of the principal's school against the standard's school rule: `passed` is
    None where the standard has no per-school thresholds (basic-2012 without a province
    file)."""

    name: str
    met_count: int | None
    indicators: int
    passed: bool | None


@dataclass(frozen=True)
class SchoolVerdict:
    school: School
    year: int
    standard: Standard
    units: list[SchoolUnit]
    excluded: list[str]  # why the school is not part of the computation, if it is not


def programme_standard(county: County) -> str:
    """The standard of the county's programme: the one its documents name."""
    from junheng.bulletins.selectors import document_settings

    standard = document_settings(county).standard
    return standard if standard in STANDARDS else DEFAULT_STANDARD


def county_parts(*, user: Any) -> CountyParts | None:
    """The verdict of every part of the county whose evaluation the user may see (their own
    county first); None for those who may see none, or without data."""
    counties = evaluable_counties(user=user)
    county = counties.filter(pk=user.county_id).first() if user.county_id else None
    county = county or counties.order_by("code").first()
    if county is None:
        return None
    years = county_years(county=county)
    if not years:
        return None
    standard = programme_standard(county)
    verdict = county_verdict(county=county, year=years[0], standard=standard)
    return CountyParts(county, years[0], verdict.standard, verdict, part_rows(verdict))


def school_verdict(*, user: Any) -> SchoolVerdict | None:
    """A principal's own school's data verdict (who may not see the county's evaluation but
    may see their school); None for anyone else, or without data."""
    if can(user, EVALUATE) or not user.school_id:
        return None
    school = (
        School.objects.restrict(user, VIEW).select_related("county").filter(pk=user.school_id)
    ).first()
    if school is None:
        return None
    years = county_years(county=school.county)
    standard = programme_standard(school.county)
    evaluation = (
        county_evaluation(county=school.county, year=years[0], standard=standard) if years else None
    )
    if evaluation is None:
        return None
    units = [
        SchoolUnit(
            name=unit["name"],
            met_count=unit["met_count"],
            indicators=len(unit["indicators"]),
            passed=unit["pass"],
        )
        for unit in unit_details(evaluation, school.code)
    ]
    excluded = [
        str(row["excluded_reason"]) for row in scoped(evaluation, {school.code}).excluded.to_dicts()
    ]
    return SchoolVerdict(school, years[0], evaluation.standard, units, excluded)


def home_verdict(*, user: Any) -> dict[str, Any]:
    """The home page's context: `county_parts` or `school_verdict` (at most one is set)."""
    parts = county_parts(user=user)
    school = None if parts is not None else school_verdict(user=user)
    return {"county_parts": parts, "school_verdict": school}
