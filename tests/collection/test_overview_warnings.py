"""The year's data page shows per record how many warnings its figures raise and how many have
a 说明, read from the stored records (one query for the year before, not one a row)."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import figures_for, make_school_year
from junheng.collection import selectors, services
from junheng.collection.models import SchoolYear
from junheng.collection.validation import record_warnings


def save(world, school, *, notes=None, **changes):
    record = SchoolYear.objects.get(school=school, year=2025)
    return services.school_year_save(
        actor=world.county_admin,
        school=school,
        year=2025,
        figures=figures_for(school, **changes),
        expected_version=record.version,
        notes=notes,
    )


def cell(page: str, school_name: str) -> str:
    """The warnings cell of the school's row (the column after the status)."""
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{school_name}(?:(?!</tr>).)*</tr>", page, re.S)
    assert row, school_name
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)[4]


def test_the_page_counts_each_record_s_warnings_and_those_explained(client, world):
    # A1: a crowded primary (70 a class), far fewer books than last year (2024's record)…
    make_school_year(world.school, 2024, books=20000)
    save(world, world.school, primary_students=700, primary_classes=10, books=2000)
    record = save(
        world,
        world.school,
        primary_students=700,
        primary_classes=10,
        books=2000,
        notes={"class_size:primary": "合班上课，已核实"},
    )
    warned = len(record_warnings(record))
    assert warned >= 2  # the class size and the change of books, at least
    save(world, world.sibling, primary_students=700, primary_classes=10)
    client.force_login(world.county_admin)

    page = client.get("/data/2025/").content.decode()

    assert "数据提醒" in page
    assert cell(page, "城关一小") == f"<strong>{warned} 条，已说明 1 条</strong>"
    assert cell(page, "城关二小") == "<strong>1 条，已说明 0 条</strong>"
    assert cell(page, "东乡中心小学") == "无"


def test_the_counts_take_one_query_whatever_the_records(world):
    rows = selectors.year_overview(user=world.county_admin, year=2025).rows
    with CaptureQueriesContext(connection) as queries:
        counted = selectors.with_warning_counts(rows)
    assert len(queries) == 1
    assert [row.warnings for row in counted] == [0, 0, 0]
