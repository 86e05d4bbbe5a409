"""The county's figures for the automatic items, from its school data of a year."""

from __future__ import annotations

from typing import Any

from junheng.assessment.evaluation import county_evaluation, county_records, county_years
from junheng.checklist_core.figures import FigureValue, compute_figures
from junheng.collection.template_rows import records_rows
from junheng.evaluation.errors import DataError
from junheng.registry.models import County


def data_years(*, county: County) -> list[int]:
    return county_years(county=county)


def county_figures(*, county: County, year: int) -> dict[str, FigureValue] | None:
    """The figures of the automatic items, from the county's school data of the year; None
    when the county has no data that year."""
    records = list(county_records(county=county, year=year))
    if not records:
        return None
    evaluations: dict[str, Any] = {}
    for standard in ("quality-2017", "basic-2012"):
        try:
            evaluations[standard] = county_evaluation(county=county, year=year, standard=standard)
        except DataError:
            evaluations[standard] = None
    return compute_figures(
        records_rows(records),
        quality=evaluations["quality-2017"],
        basic=evaluations["basic-2012"],
    )
