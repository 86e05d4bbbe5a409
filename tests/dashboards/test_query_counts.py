"""The county dashboard and the home page at county scale: as many queries for many schools
as for few (the evaluation is read in one query and kept in the cache)."""

from __future__ import annotations

from query_counts import queries_few_and_many


def test_the_county_dashboard_takes_as_many_queries_for_many_schools_as_for_few(client, world):
    client.force_login(world.county_admin)
    few, many = queries_few_and_many(client, world, "/county/610101/2025/")
    assert many == few


def test_the_home_page_takes_as_many_queries_for_many_schools_as_for_few(client, world):
    client.force_login(world.county_admin)
    few, many = queries_few_and_many(client, world, "/")
    assert many == few


def test_a_township_officers_home_page_takes_as_many_queries_for_many_schools(client, world):
    client.force_login(world.township_officer)
    few, many = queries_few_and_many(client, world, "/")
    assert many == few
