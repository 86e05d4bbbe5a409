"""The county dashboard and the home page at county scale: as many queries for many schools
as for few (the evaluation is read in one query and kept in the cache)."""

from __future__ import annotations

import datetime as dt
import io

from checklists.samples import PDF
from junheng.checklists import services as checklists
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import ItemScore
from junheng.checklists.selectors import my_assignments, my_open_count
from junheng.dashboards.todos import SHOWN, todos
from junheng.registry.models import School
from junheng.web.paging import PAGE_SIZE
from query_counts import add_schools, queries_few_and_many


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


def test_the_open_items_are_counted_without_reading_each_and_the_first_listed(world):
    checklist = checklists.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    add_schools(world, 30)
    scored, unscored = checklist.items.get(code="3.3"), checklist.items.get(code="3.4")
    ItemScore.objects.create(item=scored, score=1, justification="已核实")
    schools = list(School.objects.filter(county=world.county).order_by("code"))
    made = []
    for number, school in enumerate(schools):
        item = scored if number % 2 else unscored
        made.append(
            checklists.assignment_create(
                actor=world.county_admin,
                item=item,
                unit_kind=UnitKind.SCHOOL,
                school=school,
                person=world.county_admin,
                deadline=dt.date(2030, 9, 1) + dt.timedelta(days=number),
            )
        )
    for assignment in made[:12]:  # evidence for the first twelve: half of them are scored
        required = list(assignment.item.evidence or [""])
        for requirement in required:
            checklists.evidence_upload(
                actor=world.county_admin,
                assignment=assignment,
                name="证明.pdf",
                handle=io.BytesIO(PDF),
                size=len(PDF),
                requirement=requirement,
            )
    states = my_assignments(user=world.county_admin)
    open_states = [s for s in states if not s.done]
    assert 0 < len(open_states) < len(states)
    assert my_open_count(user=world.county_admin) == len(open_states)
    found = {g.key: g for g in todos(user=world.county_admin).groups}["assignments"]
    assert found.count == len(open_states)
    assert [i.url for i in found.items] == [
        f"/checklists/items/{s.assignment.item_id}/#assignment-{s.assignment.pk}"
        for s in open_states[:SHOWN]
    ]


def test_the_matrix_shows_a_page_of_units_after_its_filter_and_sort(client, world):
    client.force_login(world.county_admin)
    add_schools(world, PAGE_SIZE + 10)
    page = client.get("/county/610101/2025/", {"sort": "-name"}).content.decode()
    matrix = page[page.index('id="matrix"') : page.index("各乡镇比较")]
    assert matrix.count("/county/610101/2025/school/") == PAGE_SIZE
    assert f"显示 {PAGE_SIZE + 13} / {PAGE_SIZE + 13} 个学校" in matrix
    assert "第 1 / 2 页" in matrix and "?sort=-name&amp;page=2" in matrix
    last = client.get("/county/610101/2025/", {"sort": "-name", "page": 2}).content.decode()
    rest = last[last.index('id="matrix"') : last.index("各乡镇比较")]
    assert rest.count("/county/610101/2025/school/") == 13
    assert "城关一小" in rest  # sorted by name, descending: 城… after 第…
