"""The problems list at county scale: a page at a time, in as many queries."""

from __future__ import annotations

from junheng.web.paging import PAGE_SIZE
from query_counts import add_schools, queries_few_and_many


def test_the_problems_list_takes_as_many_queries_for_many_schools_as_for_few(client, world):
    client.force_login(world.county_admin)
    few, many = queries_few_and_many(client, world, "/problems/")
    assert many == few


def test_the_problems_list_shows_a_page_of_them(client, world):
    client.force_login(world.county_admin)
    add_schools(world, 3 * (PAGE_SIZE + 5))  # a problem for every third school
    page = client.get("/problems/").content.decode()
    assert f"共 {PAGE_SIZE + 5} 个问题" in page
    assert "第 1 / 2 页" in page
    last = client.get("/problems/", {"page": 2}).content.decode()
    assert "第 2 / 2 页" in last
