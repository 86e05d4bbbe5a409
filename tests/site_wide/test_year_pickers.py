"""Issue 14 §7: every page with a year picker lists each year once (the pickers read the
years of the county's school records, one row per school: 160 options for two years once)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.urls import reverse

from factories import make_school_year
from junheng.audit.services import audit_record
from junheng.checklists import services as checklist_services
from junheng.collection.models import SchoolYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(world):
    """Every school of the county with records of 2024 and 2025 (three schools, six rows),
    each with an entry in the audit trail."""
    for school in (world.school, world.sibling, world.far_school):
        make_school_year(school, 2024)
    for record in SchoolYear.objects.filter(school__county=world.county):
        audit_record(
            actor=world.county_admin,
            action="change",
            obj=record,
            before={},
            after={"primary_students": 1},
            school=record.school,
            year=record.year,
        )
    return world


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.findall(r'<option value="(\d{4})"', select.group(1))


def links(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def assert_once(years: list[str]) -> None:
    assert years, "no year offered"
    repeated = {y: n for y, n in Counter(years).items() if n > 1}
    assert not repeated, repeated
    assert {"2024", "2025"} <= set(years)


def test_each_page_with_a_year_picker_lists_each_year_once(client, two_years):
    world = two_years
    county = world.county
    client.force_login(world.county_admin)

    def get(url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    dashboard = get(reverse("dashboards:county", args=[county.code, 2025]))
    assert_once(options(dashboard, "year"))
    school = get(reverse("dashboards:school", args=[county.code, 2025, world.school.code]))
    assert_once(options(school, "year"))
    history = get(reverse("collection:history"))
    assert_once(options(history, "year"))
    road = get(reverse("recognition:road"))
    assert_once(links(road, r'href="\?year=(\d{4})"'))
    report = get(reverse("selfreport:page", args=[county.code, 2025]))
    assert_once(links(report, r'/(\d{4})/\?standard=[^"]*"(?: aria-current="page")?>\d{4}</a>'))
    overview = get(reverse("collection:overview") + "2025/")
    assert_once(links(overview, r'href="/data/(\d{4})/"'))
    checklist = checklist_services.checklist_load_builtin(
        actor=world.county_admin, county=county, key="quality-2017"
    )
    page = get(reverse("checklists:checklist", args=[checklist.pk]))
    assert_once(options(page, "year"))
