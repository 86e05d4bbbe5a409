"""The county's evaluation from the database: the template rows → `junheng.evaluation`, as the
CLI does. Every page, export and document that shows a verdict takes it from here.

The rows go through the same checks as `junheng evaluate` on the exported template (as a
Parquet file of them is checked, without writing one), so the dashboard's numbers are the CLI's
numbers. An evaluation is kept in the cache every worker shares (settings.CACHES: the database
or Redis) and, for the last few, in the process itself, under a key one aggregate query
computes: a change of any record, or of the county's registry, makes a new key.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from threading import Lock
from typing import Any

import polars as pl
from django.core.cache import cache
from django.db.models import Count, Max, Subquery

from junheng.access import EVALUATE, VIEW
from junheng.audit.models import AuditEntry
from junheng.collection.models import SchoolYear
from junheng.collection.template_rows import records_rows, rows_frame
from junheng.evaluation import Evaluation, evaluate, load_standard
from junheng.evaluation.standard import BUILTIN, Standard
from junheng.evaluation.template_frames import read_frame
from junheng.registry.models import COMPULSORY_TYPES, County, School

STANDARDS = BUILTIN
# how long an evaluation stays in the shared cache: its key changes with the data anyway
EVALUATION_TIMEOUT = 3600


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
    """Template rows checked exactly as `junheng evaluate` checks a Parquet file of them."""
    return read_frame(name, rows_frame(rows))


def county_data(*, county: County, year: int, records=None) -> pl.DataFrame:
    """The county's year of data, checked, as the evaluation core and the planner take it."""
    if records is None:
        records = county_records(county=county, year=year)
    return rows_data(records_rows(records), f"{county.code}-{year}.parquet")


def evaluation_key(*, county: County, year: int, standard: str) -> str | None:
    """The cache key of the county's evaluation, from one aggregate query: the latest change
    and the number of the year's records, and the latest audited change of the county's
    registry (a school's type decides whether it is evaluated: docs/standards.md §4). The
    county's code and name are in every row: they are in the key. None without records."""
    registry = (
        AuditEntry.objects.filter(
            county=county, object_type__in=("registry.School", "registry.County")
        )
        .order_by()
        .values("county")
        .annotate(last=Max("pk"))
        .values("last")
    )
    found = (
        county_records(county=county, year=year)
        .order_by()
        .aggregate(stamp=Max("updated_at"), count=Count("pk"), registry=Max(Subquery(registry)))
    )
    if found["stamp"] is None:
        return None
    # a cache key is at most 250 characters and printable: the name goes in as its hash
    name = hashlib.blake2b(f"{county.code}\x1f{county.name}".encode(), digest_size=8).hexdigest()
    return (
        f"evaluation:{county.pk}:{name}:{year}:{standard}:{found['stamp'].isoformat()}"
        f":{found['count']}:{found['registry'] or 0}"
    )


# The last evaluations this process used, so that the pages asking again (the dashboard, its
# verdict of every part, last year's) do not fetch and unpickle megabytes each time.
_RECENT: OrderedDict[str, Evaluation] = OrderedDict()
_RECENT_SIZE = 8
_RECENT_LOCK = Lock()


def _recent(key: str) -> Evaluation | None:
    with _RECENT_LOCK:
        found = _RECENT.get(key)
        if found is not None:
            _RECENT.move_to_end(key)
        return found


def _remember(key: str, evaluation: Evaluation) -> None:
    with _RECENT_LOCK:
        _RECENT[key] = evaluation
        _RECENT.move_to_end(key)
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)


def county_evaluation(*, county: County, year: int, standard: str) -> Evaluation | None:
    """The county's evaluation for a year (all its schools: a CV is a county fact), cached
    until any of the year's records or the county's registry changes. None when the county
    has no data that year."""
    key = evaluation_key(county=county, year=year, standard=standard)
    if key is None:
        return None
    # the process's copy only while the shared cache still holds the key (asked without
    # fetching the value): a cache cleared or expired is cleared for every worker
    result = _recent(key) if cache.has_key(key) else None
    if result is None:
        result = cache.get(key)
    if result is None:
        result = evaluate(county_data(county=county, year=year), standard_named(standard))
        cache.set(key, result, timeout=EVALUATION_TIMEOUT)
    _remember(key, result)
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
