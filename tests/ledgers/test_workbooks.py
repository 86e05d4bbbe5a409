"""The ledgers' workbooks read back: title, county and date, Chinese headings, the rows of the
reader's scope only, formula payloads kept as text, no query per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklists.matrix import assignment_for
from junheng.ledgers import catalogue
from junheng.ledgers.problems import COLUMNS as PROBLEM_COLUMNS
from junheng.ledgers.sheets import chinese_date
from junheng.ledgers.visits import VISIT_COLUMNS
from ledgers.builders import PAYLOADS, TODAY, ledger_data, visit_at
from ledgers.readers import body_rows, rows, text, workbook
from rectification.builders import problem_at

pytestmark = pytest.mark.django_db

# The schools each role sees (tests/personas.py) by name.
NAMES = {"A1": "城关一小", "A2": "城关二小", "A3": "东乡中心小学", "B1": "北镇小学"}
SEES = {
    "county_admin": {"A1", "A2", "A3"},
    "township_officer": {"A1", "A2"},
    "principal": {"A1"},
    "inspector": {"A2", "A3"},
}


def _get(client, user, name: str, query: str = ""):
    client.force_login(user)
    response = client.get(reverse(f"ledgers:{name}") + query)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_the_problems_ledger_has_its_title_county_date_and_chinese_headings(client, world):
    ledger_data(world)
    content = _get(client, world.county_admin, "problems")
    title, heading, columns = rows(content)[:3]
    assert title[0] == "示例县问题整改台账"
    assert heading[0] == f"县（区）：示例县　范围：全县（示例县）　导出日期：{chinese_date(TODAY)}"
    assert list(columns) == [column.heading for column in PROBLEM_COLUMNS]
    lines = body_rows(content)
    assert [line[0] for line in lines] == [1, 2, 3]  # 序号; the other county's problem is not there
    closed = next(line for line in lines if line[3] == "城关一小")
    assert closed[12] == "已销号" and closed[15] == 2  # two proof photos
    assert closed[6] == "县督导" and closed[7] == "县级自评"


@pytest.mark.parametrize("role", sorted(SEES))
@pytest.mark.parametrize("name", ["problems", "visits", "plan"])
def test_every_role_gets_only_the_schools_of_its_scope(client, world, role, name):
    ledger_data(world)
    for school in (world.school, world.sibling, world.far_school, world.foreign_school):
        assignment_for(school)
    body = text(_get(client, getattr(world, role), name))
    for label, school_name in NAMES.items():
        assert (school_name in body) == (label in SEES[role]), (role, name, label)


@pytest.mark.parametrize("name", ["density", "rankings"])
def test_the_bureaus_ledgers_are_refused_to_the_other_roles(client, world, name):
    ledger_data(world)
    for role in ("township_officer", "principal", "inspector"):
        client.force_login(getattr(world, role))
        assert client.get(reverse(f"ledgers:{name}")).status_code == 403
    body = text(_get(client, world.county_admin, name, "?days=1"))
    assert "北镇小学" not in body and "城关一小" in body


def test_formula_payloads_stay_text(client, world):
    ledger_data(world)
    book = workbook(_get(client, world.county_admin, "problems"))
    cells = {
        cell.value: cell
        for row in book.worksheets[0].iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for payload in PAYLOADS:
        assert payload in cells, payload
        assert cells[payload].data_type == "s" and cells[payload].quotePrefix, payload


def test_the_problem_list_filters_narrow_the_ledger(client, world):
    ledger = ledger_data(world)
    content = _get(client, world.county_admin, "problems", f"?school={world.far_school.pk}")
    assert [line[1] for line in body_rows(content)] == [f"#{ledger.problems['A3'].pk}"]


def test_the_ledgers_stay_chinese_on_an_english_page(client, world):
    ledger_data(world)
    client.force_login(world.county_admin)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("ledgers:problems"), HTTP_ACCEPT_LANGUAGE="en")
    statuses = {line[12] for line in body_rows(response.content)}
    assert statuses <= {"待整改", "整改中", "待核验", "已退回", "已销号"} and statuses


def test_the_visits_ledger_lists_findings_and_photos(client, world):
    ledger = ledger_data(world)
    content = _get(client, world.county_admin, "visits")
    assert list(rows(content)[2]) == [column.heading for column in VISIT_COLUMNS]
    lines = body_rows(content)
    assert [line[3] for line in lines] == ["城关一小", "城关二小", "东乡中心小学"]  # newest first
    first = lines[0]
    assert first[7] == "1. 城关一小图书室未开放" and first[8] == 1 and first[10] == 1
    assert first[1].date() == ledger.visits["A1"].date


def test_the_density_lists_only_the_schools_not_visited_for_n_days(client, world):
    ledger_data(world)  # A1 visited 5 days ago, A2 10, A3 15
    content = _get(client, world.county_admin, "density", "?days=7")
    assert {line[2] for line in body_rows(content)} == {"城关二小", "东乡中心小学"}
    assert rows(content)[0][0] == "示例县学校走访密度（7 天以上未走访的学校）"
    content = _get(client, world.county_admin, "density", "?days=12")
    assert [(line[2], line[6]) for line in body_rows(content)] == [("东乡中心小学", 15)]


def test_a_school_never_visited_says_so(client, world):
    visit_at(world.school, days_ago=1, visitor=world.county_admin)
    content = _get(client, world.county_admin, "density", "?days=30")
    never = {line[2]: line[6] for line in body_rows(content)}
    assert never == {"城关二小": "从未走访", "东乡中心小学": "从未走访"}


def test_the_rankings_mark_ties(client, world):
    problem_at(world.school, status="closed")
    problem_at(world.sibling, status="closed")
    problem_at(world.far_school)
    content = _get(client, world.county_admin, "rankings")
    schools = {line[2]: line[0] for line in body_rows(content, "学校排名")}
    assert schools == {"城关一小": "1（并列）", "城关二小": "1（并列）", "东乡中心小学": 3}
    by_overdue = rows(_get(client, world.county_admin, "rankings", "?sort=overdue"), "学校排名")
    assert by_overdue[2][0] == "序号（逾期多者在前）"


def test_the_plan_counts_back_from_the_inspection_date(client, world):
    ledger = ledger_data(world)
    assignment_for(world.school)
    content = _get(client, world.county_admin, "plan")
    lines = body_rows(content)
    deadlines = [line[7] for line in lines if line[7] is not None]
    assert deadlines == sorted(deadlines)
    kinds = {line[2] for line in lines}
    assert kinds == {"评估指标任务", "整改问题"}
    numbers = {line[3] for line in lines}
    assert f"#{ledger.problems['A1'].pk}" not in numbers  # closed: no work left
    assert f"#{ledger.problems['A2'].pk}" in numbers
    overdue = next(line for line in lines if line[3] == f"#{ledger.problems['A2'].pk}")
    assert overdue[1] == "7 日内到期" and overdue[9] == 35  # due in 5 days, 35 before inspection
    stages = body_rows(content, "迎检阶段")
    assert [stage[0] for stage in stages][:3] == ["县级自评", "市级复核", "省级评估（督导检查）"]
    assert stages[2][2].date() == world.county.inspection_date


def test_a_ledger_asks_the_same_queries_for_many_rows(client, world):
    ledger_data(world)
    client.force_login(world.county_admin)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("ledgers:problems"))
            client.get(reverse("ledgers:visits"))
            client.get(reverse("ledgers:plan"))
        counts.append(len(queries))
        for school in (world.school, world.sibling, world.far_school):
            for _ in range(5):
                problem_at(school)
                visit_at(school, days_ago=3, visitor=world.county_admin, finding="又", photo=True)
    assert counts[0] == counts[1], counts


def test_a_large_scope_is_sent_to_the_background(client, world, monkeypatch):
    monkeypatch.setattr(catalogue, "DIRECT_SCHOOLS", 2)
    client.force_login(world.county_admin)
    response = client.get(reverse("ledgers:problems") + "?status=open")
    assert response.status_code == 302
    assert response.url == reverse("ledgers:index") + "?status=open"
    page = client.get(response.url)
    assert 'name="status" value="open"' in page.content.decode()
