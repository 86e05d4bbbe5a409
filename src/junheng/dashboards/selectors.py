"""Evaluation of the database's data: the template rows → `junheng.evaluation`, as the CLI does.

The rows go through the same reader and checks as `junheng evaluate` on the exported template
(a parquet file in memory), so the dashboard's numbers are the CLI's numbers.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.cache import cache

from junheng.collection.models import SchoolYear
from junheng.collection.template_rows import records_rows, rows_frame
from junheng.evaluation import Evaluation, SourceFile, evaluate, load_standard, read_school_data
from junheng.evaluation.standard import BUILTIN, Standard
from junheng.registry.models import County, School
from junheng.registry.scoping import PRINCIPAL, VIEW

STANDARDS = BUILTIN


def standard_named(name: str) -> Standard:
    if name not in STANDARDS:
        raise ValueError(f"unknown standard {name!r}")
    return load_standard(name)


def county_records(*, county: County, year: int):
    return (
        SchoolYear.objects.filter(school__county=county, year=year)
        .select_related("school", "school__county")
        .order_by("school__code")
    )


def county_years(*, county: County) -> list[int]:
    return sorted(
        SchoolYear.objects.filter(school__county=county).values_list("year", flat=True).distinct(),
        reverse=True,
    )


def template_parquet(records) -> bytes:
    buffer = io.BytesIO()
    rows_frame(records_rows(records)).write_parquet(buffer)
    return buffer.getvalue()


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
    data = read_school_data(
        [SourceFile(f"{county.code}-{year}.parquet", template_parquet(records))]
    )
    result = evaluate(data, standard_named(standard))
    cache.set(key, result, timeout=600)
    return result


def evaluable_counties(*, user: Any):
    """The counties whose evaluation (CVs, verdict) the user may see. A principal sees their
    school's values and gaps (the school view), not the county's evaluation."""
    if getattr(user, "role", None) == PRINCIPAL and not user.is_superuser:
        return County.objects.none()
    return County.objects.restrict(user, VIEW)


def visible_school_codes(*, user: Any, county: County) -> set[str]:
    """The codes of the county's schools whose rows the user may see in a dashboard."""
    return set(
        School.objects.restrict(user, VIEW).filter(county=county).values_list("code", flat=True)
    )
