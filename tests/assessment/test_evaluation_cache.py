"""The county's evaluation from the database: the rows checked as the CLI checks a file of them
(without writing one), and the cache every worker shares, keyed by one aggregate query."""

from __future__ import annotations

import io

import polars as pl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from junheng.assessment import evaluation as module
from junheng.assessment.evaluation import county_evaluation, evaluation_key, rows_data
from junheng.collection.models import SchoolYear
from junheng.collection.template_rows import records_rows, rows_frame
from junheng.evaluation import DataError, SourceFile, read_school_data
from junheng.registry.choices import SchoolType
from junheng.registry.services import school_update

STANDARD = "quality-2017"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def as_parquet(rows) -> pl.DataFrame:
    """The rows through a Parquet file, as `junheng evaluate` reads the exported data."""
    buffer = io.BytesIO()
    rows_frame(rows).write_parquet(buffer)
    return read_school_data([SourceFile("county.parquet", buffer.getvalue())])


def county_rows(world):
    records = SchoolYear.objects.filter(school__county=world.county).select_related(
        "school", "school__county"
    )
    return records_rows(records.order_by("school__code"))


def test_the_rows_are_checked_as_a_parquet_file_of_them_is(world):
    rows = county_rows(world)
    rows[1]["school_name"] = f"  {rows[1]['school_name']} "  # cleaned as a file's cell is
    rows[2]["equipment_value"] = 12.0  # an integral amount
    assert rows_data(rows, "county.parquet").equals(as_parquet(rows))


def test_the_rows_problems_are_those_of_a_parquet_file_of_them(world):
    rows = county_rows(world)
    rows[0]["primary_students"] = -5
    rows[1]["school_code"] = rows[2]["school_code"]  # twice the same school
    rows[2]["township"] = None
    with pytest.raises(DataError) as from_file:
        as_parquet(rows)
    with pytest.raises(DataError) as from_rows:
        rows_data(rows, "county.parquet")
    assert from_rows.value.problems == from_file.value.problems
    assert len(from_rows.value.problems) >= 3


def test_the_key_is_one_query_and_none_without_records(world):
    with CaptureQueriesContext(connection) as queries:
        key = evaluation_key(county=world.county, year=2025, standard=STANDARD)
    assert len(queries) == 1
    assert key is not None
    assert evaluation_key(county=world.county, year=2019, standard=STANDARD) is None
    assert county_evaluation(county=world.county, year=2019, standard=STANDARD) is None


def test_the_key_changes_with_a_record_a_new_record_and_the_registry(world):
    def key():
        return evaluation_key(county=world.county, year=2025, standard=STANDARD)

    first = key()
    record = SchoolYear.objects.get(school=world.school, year=2025)
    record.primary_students += 1
    record.save()
    second = key()
    assert second != first
    school = world.far_school
    school_update(
        actor=world.county_admin,
        school=school,
        name=school.name + "（新址）",
        school_type=school.school_type,
        location=school.location,
        ownership=school.ownership,
        affiliation=school.affiliation,
        township=school.township,
        parent=None,
        latitude=None,
        longitude=None,
    )
    third = key()
    assert third != second
    # a school turned into a kindergarten leaves the evaluation (docs/standards.md §4)
    School = type(school)
    School.objects.filter(pk=world.sibling.pk).update(school_type=SchoolType.KINDERGARTEN)
    assert key() != third
    world.county.name = "示例新县"
    world.county.save()
    assert key() not in (first, second, third)


def test_one_workers_evaluation_serves_the_others(world, monkeypatch):
    evaluations = []
    real = module.evaluate

    def counted(*args, **kwargs):
        evaluations.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "evaluate", counted)
    first = county_evaluation(county=world.county, year=2025, standard=STANDARD)
    module._RECENT.clear()  # another worker: nothing in its memory, the shared cache has it
    second = county_evaluation(county=world.county, year=2025, standard=STANDARD)
    assert len(evaluations) == 1
    assert second.units.equals(first.units)
    cache.clear()  # a cleared cache is cleared for every process, this one too
    county_evaluation(county=world.county, year=2025, standard=STANDARD)
    assert len(evaluations) == 2
    record = SchoolYear.objects.get(school=world.sibling, year=2025)
    record.primary_students += 10
    record.save()
    changed = county_evaluation(county=world.county, year=2025, standard=STANDARD)
    assert len(evaluations) == 3
    assert not changed.units.equals(first.units)
