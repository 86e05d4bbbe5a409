"""The year's data page at county scale: a page of schools at a time, in as many queries."""

from __future__ import annotations

from junheng.web.paging import PAGE_SIZE
from query_counts import add_schools, queries_few_and_many


def test_the_year_page_takes_as_many_queries_for_many_schools_as_for_few(client, world):
    client.force_login(world.county_admin)
    few, many = queries_few_and_many(client, world, "/data/2025/")
    assert many == few


def test_the_year_page_shows_a_page_of_schools_and_counts_the_whole_year(client, world):
    client.force_login(world.county_admin)
    add_schools(world, PAGE_SIZE + 10)
    page = client.get("/data/2025/").content.decode()
    assert f"全部 <b>{PAGE_SIZE + 13}</b>" in page
    assert page.count("/data/2025/schools/") == PAGE_SIZE
    assert "第 1 / 2 页" in page
    last = client.get("/data/2025/", {"page": 2}).content.decode()
    assert last.count("/data/2025/schools/") == 13
