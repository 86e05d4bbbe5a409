"""The county's evaluation from the database: the template rows → `junheng.evaluation`, as the
CLI does. Every page, export and document that shows a verdict takes it from here.

The rows go through the same reader and checks as `junheng evaluate` on the exported template
(a parquet file in memory), so the dashboard's numbers are the CLI's numbers.
"""

from __future__ import annotations

import io
from typing import Any

import polars as pl
from django.core.cache import cache

from junheng.access import EVALUATE, VIEW
from junheng.collection.models import SchoolYear
from junheng.collection.template_rows import records_rows, rows_frame
from junheng.evaluation import Evaluation, SourceFile, evaluate, load_standard, read_school_data
from junheng.evaluation.standard import BUILTIN, Standard
from junheng.registry.models import COMPULSORY_TYPES, County, School

STANDARDS = BUILTIN


def standard_named(name: str) -> Standard:
    if name not in STANDARDS:
        raise ValueError(f"unknown standard {name!r}")
    return load_standard(name)


def county_records(*, county: County, year: int):
    # docs/standards.md §4: kindergartens and senior high schools are never evaluated
    return (
        SchoolYear.objects.filter(
            school__county=county, year=year, school__school_type__in=COMPULSORY_TYPES
        )
        .select_related("school", "school__county")
        .order_by("school__code")
    )


def county_years(*, county: County) -> list[int]:
    return sorted(
        # order_by(): the model's default ordering would make every row distinct
        SchoolYear.objects.filter(school__county=county)
        .order_by()
        .values_list("year", flat=True)
        .distinct(),
        reverse=True,
    )


def rows_data(rows: list[dict[str, Any]], name: str) -> pl.DataFrame:
    """Template rows read and checked exactly as `junheng evaluate` reads a file (as parquet)."""
    buffer = io.BytesIO()
    rows_frame(rows).write_parquet(buffer)
    return read_school_data([SourceFile(name, buffer.getvalue())])


def county_data(*, county: County, year: int, records=None) -> pl.DataFrame:
    """The county's year of data, checked, as the evaluation core and the planner take it."""
    if records is None:
        records = county_records(county=county, year=year)
    return rows_data(records_rows(records), f"{county.code}-{year}.parquet")


def county_evaluation(*, county: County, year: int, standard: str) -> Evaluation | None:
    """The county's evaluation for a year (all its schools: a CV is a county fact), cached
    until any of the year's records changes. None when the county has no data that year."""
    records = county_records(county=county, year=year)
    stamp = max((r.updated_at for r in records), default=None)
    if stamp is None:
        return None
    key = f"evaluation:{county.pk}:{year}:{standard}:{stamp.isoformat()}:{len(records)}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = evaluate(
        county_data(county=county, year=year, records=records), standard_named(standard)
    )
    cache.set(key, result, timeout=600)
    return result


def evaluable_counties(*, user: Any):
    """The counties whose evaluation (CVs, verdict) the user may see. A principal sees their
    school's values and gaps (the school view), not the county's evaluation."""
    return County.objects.restrict(user, EVALUATE)


def visible_school_codes(*, user: Any, county: County) -> set[str]:
    """The codes of the county's compulsory-education schools whose rows the user may see."""
    return set(
        School.objects.restrict(user, VIEW)
        .compulsory()
        .filter(county=county)
        .values_list("code", flat=True)
    )
