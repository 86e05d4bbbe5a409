"""A county page's queries do not grow with the county (issue 15 §2): the pages are asked with
a few schools and again with many more, in the world's county, and their queries counted.

Each school added has a record of 2025, a principal of its own and, every third, a problem;
they spread over three townships, so that lists, groupings and filters meet them all."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import make_school, make_school_year, make_township, make_user
from junheng.rectification.models import Problem

TOWNSHIPS = ("城关镇", "东乡", "西乡")


def add_schools(world, count: int, start: int = 100) -> None:
    """`count` more schools in the world's county, each with its 2025 record and principal."""
    townships = [make_township(world.county, name) for name in TOWNSHIPS]
    for number in range(start, start + count):
        school = make_school(townships[number % 3], f"610101{number:04d}", f"第{number}小学")
        make_school_year(school, 2025)
        make_user(f"principal{number}", "principal", county=world.county, school=school)
        if number % 3 == 0:
            Problem.objects.create(
                county=world.county,
                township=school.township,
                school=school,
                source="county",
                description=f"第{number}小学功能室不足",
                deadline=dt.date(2030, 9, 1),
                responsible=world.county_admin,
                created_by=world.county_admin,
            )


def page_queries(client, url: str) -> int:
    """The queries of one GET of the page (which must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def queries_few_and_many(client, world, url: str, few: int = 5, many: int = 50) -> tuple[int, int]:
    """The page's queries with `few` schools added, then with `many`; the page is asked once
    before each count (a first request may fill a cache)."""
    add_schools(world, few)
    client.get(url)
    with_few = page_queries(client, url)
    add_schools(world, many - few, start=100 + few)
    client.get(url)
    return with_few, page_queries(client, url)
