"""What each role sees on every page of the three apps (the permission matrix checks objects
and status codes; here the contents): a principal their school's problems, a township officer
the township's, an inspector the assigned schools' and the problems given to them, the county
admin the county's, and nobody another county's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from factories import make_user
from junheng.inspections import services as inspections
from junheng.rectification import rules, services
from rectification.builders import problem_at

TODAY = timezone.localdate()
SOON = TODAY + dt.timedelta(days=3)


@pytest.fixture
def everywhere(world):
    """One problem (due soon) and one visit at every school, one problem of 城关镇 itself."""
    problems = {
        "A1": problem_at(world.school, description="问题甲一", deadline=SOON),
        "A2": problem_at(world.sibling, description="问题甲二", deadline=SOON),
        "A3": problem_at(world.far_school, description="问题甲三", deadline=SOON),
        "B1": problem_at(world.foreign_school, description="问题乙一", deadline=SOON),
        "T": problem_at(
            None, county=world.county, township=world.township, description="问题镇", deadline=SOON
        ),
    }
    for school, actor in (
        (world.school, world.county_admin),
        (world.sibling, world.county_admin),
        (world.far_school, world.county_admin),
        (world.foreign_school, world.foreign_admin),
    ):
        inspections.visit_create(
            actor=actor, school=school, date=TODAY, checked=f"走访{school.name}", findings=["发现"]
        )
    return problems


SEEN = {
    "county_admin": {"问题甲一", "问题甲二", "问题甲三", "问题镇"},
    "township_officer": {"问题甲一", "问题甲二", "问题镇"},
    "principal": {"问题甲一"},
    "other_principal": {"问题甲二"},
    "inspector": {"问题甲二", "问题甲三"},
    "foreign_admin": {"问题乙一"},
}
ALL = {"问题甲一", "问题甲二", "问题甲三", "问题乙一", "问题镇"}


def shown(html: str, names=ALL) -> set[str]:
    return {name for name in names if name in html}


@pytest.mark.parametrize("role", SEEN)
def test_the_problem_list_and_the_plan_show_the_scope(client, world, everywhere, role):
    client.force_login(getattr(world, role))
    for name in ("rectification:list", "rectification:plan"):
        html = client.get(reverse(name)).content.decode()
        assert shown(html) == SEEN[role], name


@pytest.mark.parametrize("role", SEEN)
def test_a_problem_page_opens_exactly_within_the_scope(client, world, everywhere, role):
    client.force_login(getattr(world, role))
    for problem in everywhere.values():
        status = client.get(reverse("rectification:detail", args=[problem.pk])).status_code
        assert status == (200 if problem.description in SEEN[role] else 404), problem.description


@pytest.mark.parametrize("role", SEEN)
def test_visits_show_the_scope(client, world, everywhere, role):
    visible = {
        "county_admin": {"城关一小", "城关二小", "东乡中心小学"},
        "township_officer": {"城关一小", "城关二小"},
        "principal": {"城关一小"},
        "other_principal": {"城关二小"},
        "inspector": {"城关二小", "东乡中心小学"},
        "foreign_admin": {"北镇小学"},
    }[role]
    client.force_login(getattr(world, role))
    html = client.get(reverse("inspections:list")).content.decode()
    names = {"城关一小", "城关二小", "东乡中心小学", "北镇小学"}
    assert {f"走访{n}" for n in names if f"走访{n}" in html} == {f"走访{n}" for n in visible}


def test_the_responsible_person_sees_and_moves_a_problem_outside_their_scope(client, world):
    cadre = make_user("cadre", "inspector", county=world.county)  # assigned no school
    problem = problem_at(world.school, description="交给县里的问题", responsible=cadre)
    client.force_login(cadre)
    assert "交给县里的问题" in client.get(reverse("rectification:list")).content.decode()
    client.post(reverse("rectification:act", args=[problem.pk]), {"action": "start"})
    problem.refresh_from_db()
    assert problem.status == "rectifying"
    # …but is not a verifier of it, and sees nothing else of the school
    assert not {"close", "return"} & set(rules.problem_moves(actor=cadre, problem=problem))
    assert client.get(reverse("registry:school_detail", args=[world.school.pk])).status_code == 404


def test_an_inspector_unassigned_from_a_school_loses_its_problems(client, world, everywhere):
    client.force_login(world.inspector)
    url = reverse("rectification:detail", args=[everywhere["A3"].pk])
    assert client.get(url).status_code == 200
    inspections.cadre_assign(
        actor=world.county_admin, cadre=world.inspector, schools=[world.sibling]
    )
    assert client.get(url).status_code == 404


def test_the_responsible_choices_name_only_people_within_the_scope(client, world):
    client.force_login(world.inspector)
    html = client.get(reverse("rectification:create")).content.decode()
    assert "城关二小" in html  # other_principal, principal of an assigned school
    assert "城关一小" not in html  # principal of a school the inspector does not see
    client.force_login(world.principal)
    html = client.get(reverse("rectification:create")).content.decode()
    assert "城关二小" not in html


def test_reminders_are_private(client, world, everywhere):
    everywhere["A2"].responsible = world.other_principal
    everywhere["A2"].save()
    services.reminders_send(today=TODAY)
    client.force_login(world.principal)
    html = client.get(reverse("rectification:notifications")).content.decode()
    assert "问题甲一" in html and "问题甲二" not in html


def test_bureau_pages_are_closed_to_other_roles(client, world):
    for role in ("township_officer", "principal", "inspector"):
        client.force_login(getattr(world, role))
        for name in (
            "rectification:suggestions",
            "rectification:rankings",
            "inspections:density",
            "inspections:cadres",
        ):
            assert client.get(reverse(name)).status_code == 403, (role, name)
        for name in (
            "bulletins:create",
            "bulletins:notice_create",
            "rectification:suggestions_generate",
        ):
            assert client.post(reverse(name)).status_code == 403, (role, name)


def test_rankings_and_density_count_only_the_own_county(client, world, everywhere):
    client.force_login(world.county_admin)
    for name in ("rectification:rankings", "inspections:density"):
        html = client.get(reverse(name)).content.decode()
        assert "北镇小学" not in html and "东乡中心小学" in html, name


def test_the_activity_log_lists_the_moves_and_visits(client, world):
    problem = problem_at(world.school, responsible=world.principal)
    services.problem_start(actor=world.principal, problem=problem, comment="已开始")
    inspections.visit_create(
        actor=world.township_officer, school=world.school, date=TODAY, checked="x", findings=["y"]
    )
    client.force_login(world.principal)
    response = client.get(reverse("collection:school_history", args=[world.school.pk]))
    assert response.status_code == 200 and "已开始" in response.content.decode()
    client.force_login(world.other_principal)
    assert "已开始" not in client.get(reverse("collection:history")).content.decode()


def test_a_problem_from_a_visit_links_back_to_it(client, world):
    visit = inspections.visit_create(
        actor=world.inspector, school=world.sibling, date=TODAY, checked="x", findings=["漏雨"]
    )
    problem = inspections.finding_to_problem(
        actor=world.inspector, finding=visit.findings.get(), deadline=None, responsible=None
    )
    client.force_login(world.other_principal)
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert reverse("inspections:detail", args=[visit.pk]) in page


def test_the_pages_render_in_english_too(client, world, everywhere):
    client.force_login(world.county_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for name in (
        "rectification:list",
        "rectification:plan",
        "rectification:notifications",
        "rectification:suggestions",
        "rectification:rankings",
        "inspections:list",
        "inspections:density",
        "inspections:cadres",
        "bulletins:list",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200 and '<html lang="en">' in response.content.decode()
