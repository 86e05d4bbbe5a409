"""The registry's list of schools at county scale: a page at a time, in as many queries."""

from __future__ import annotations

from junheng.web.paging import PAGE_SIZE
from query_counts import add_schools, queries_few_and_many


def test_the_school_list_takes_as_many_queries_for_many_schools_as_for_few(client, world):
    client.force_login(world.county_admin)
    few, many = queries_few_and_many(client, world, "/registry/")
    assert many == few


def test_the_school_list_shows_a_page_and_counts_them_all(client, world):
    client.force_login(world.county_admin)
    add_schools(world, PAGE_SIZE + 10)
    total = PAGE_SIZE + 10 + 3  # and the world's three
    first = client.get("/registry/").content.decode()
    assert f"共 {total} 所学校" in first
    links = first.count('href="/registry/schools/') - first.count('href="/registry/schools/new/')
    assert links == PAGE_SIZE
    assert "第 1 / 2 页" in first and "?page=2" in first
    second = client.get("/registry/", {"page": 2, "q": "小学"}).content.decode()
    assert "第 2 / 2 页" in second
    # the filter kept in the page's links
    assert 'href="?page=1&amp;q=%E5%B0%8F%E5%AD%A6"' in second
