"""The county's figures for the automatic items: from its school data of a year, and its own
figures of that year (the 双普 figures the bureau enters, docs/standards.md §4)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from junheng.assessment.evaluation import county_evaluation, county_records, county_years
from junheng.checklist_core.figures import FigureValue, compute_figures, county_figure_values
from junheng.collection.template_rows import records_rows
from junheng.evaluation.errors import DataError
from junheng.recognition.models import CountyCoverage
from junheng.registry.models import County
from junheng.surveys.choices import SurveyStandard
from junheng.surveys.selectors import county_satisfaction


def data_years(*, county: County) -> list[int]:
    return county_years(county=county)


@translation.override("zh-hans")  # a figure's detail is stored in the score's Chinese note
def county_own_figures(*, county: County, year: int, standard: str = "") -> dict[str, FigureValue]:
    """The county's own figures of the year (`county.…`), as far as they are entered, and
    the satisfaction rate of its survey of the year (docs/standards.md §2) for the checklist
    `standard` (its key: a survey marked for the other standard does not count)."""
    found = CountyCoverage.objects.filter(county=county, year=year).first()
    rates = {n: (r.value, r.detail) for n, r in found.rates().items()} if found else {}
    survey = _satisfaction(county, year, standard)
    if survey is not None:
        rates["satisfaction_rate"] = survey
    return county_figure_values(rates)


def _satisfaction(county: County, year: int, standard: str) -> tuple[float, str] | None:
    """The survey's rate as a percentage; None without a survey or without an answer on the
    scale (absent, never None: None would read as 不适用 and meet the 85 %)."""
    known = standard if standard in SurveyStandard.values else None
    found = county_satisfaction(county=county, year=year, standard=known)
    if found is None or found.percent is None:
        return None
    return found.percent, f"自测：{found.detail}"


@translation.override("zh-hans")
def county_figures(
    *, county: County, year: int, standard: str = ""
) -> dict[str, FigureValue] | None:
    """The figures of the automatic items, from the county's school data and its own figures
    of the year (`standard`: the checklist's key, for its survey); None when the county has
    neither that year."""
    own = county_own_figures(county=county, year=year, standard=standard)
    records = list(county_records(county=county, year=year))
    if not records:
        return own or None
    evaluations: dict[str, Any] = {}
    for standard in ("quality-2017", "basic-2012"):
        try:
            evaluations[standard] = county_evaluation(county=county, year=year, standard=standard)
        except DataError:
            evaluations[standard] = None
    measured = compute_figures(
        records_rows(records),
        quality=evaluations["quality-2017"],
        basic=evaluations["basic-2012"],
    )
    return {**measured, **own}
