"""What-if: a school's figures changed in memory change the verdicts; nothing is saved."""

from __future__ import annotations

from junheng.audit.models import AuditEntry
from junheng.collection.models import SchoolYear
from junheng.dashboards.whatif import comparison, what_if

URL = "/county/610101/2025/what-if/6101010003/"


def test_adding_the_missing_room_makes_the_school_meet_the_indicator(world):
    # A3 has 400 students and 10 multimedia rooms (2.5 per 100 ≥ 2.3); with 8 it falls short
    SchoolYear.objects.filter(school=world.far_school).update(multimedia_classrooms=8)
    short = what_if(
        county=world.county,
        year=2025,
        standard="quality-2017",
        school_code="6101010003",
        changes={},
    )
    fixed = what_if(
        county=world.county,
        year=2025,
        standard="quality-2017",
        school_code="6101010003",
        changes={"multimedia_classrooms": 10},
    )
    met_short = comparison(short, "6101010003")["units"][0]["met_after"]
    met_fixed = comparison(fixed, "6101010003")["units"][0]["met_after"]
    assert met_fixed == met_short + 1
    assert SchoolYear.objects.get(school=world.far_school).multimedia_classrooms == 8


def test_the_page_recomputes_without_saving_anything(client, world):
    client.force_login(world.county_admin)
    before = (
        list(SchoolYear.objects.values_list("version", "primary_students")),
        AuditEntry.objects.count(),
    )
    response = client.post(URL, {"primary_students": "4000"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "测算后" in response.content.decode()
    assert response.context["changed"] == ["primary_students"]
    assert not response.context["problems"]
    after = (
        list(SchoolYear.objects.values_list("version", "primary_students")),
        AuditEntry.objects.count(),
    )
    assert after == before


def test_a_bad_number_is_named_and_not_evaluated(client, world):
    client.force_login(world.county_admin)
    response = client.post(URL, {"books": "很多"})
    assert response.status_code == 200
    assert "「很多」不是数字" in response.content.decode()


def test_a_negative_figure_is_refused_by_the_template_rules(client, world):
    client.force_login(world.county_admin)
    response = client.post(URL, {"primary_students": "-5"}, HTTP_HX_REQUEST="true")
    assert "不能为负数" in response.content.decode()


def test_a_principal_has_no_what_if(client, world):
    client.force_login(world.principal)
    assert client.get("/county/610101/2025/what-if/6101010001/").status_code == 404
