"""Who may be named responsible for a problem: someone whose own scope covers the problem's
school or township (`junheng.access.may_be_named`) — the school's principal, its township's
officer, the county bureau. One rule for every path that names someone: recording a problem,
editing it, accepting a suggestion and turning a visit's finding into a problem.

The problem is at 城关二小 (A2, township 城关镇): its principal is `other_principal`, the
inspector is assigned to it. `principal` runs another school (A1); `east_officer` another
township (东乡)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from factories import make_school, make_user
from junheng.inspections import selectors as inspection_selectors
from junheng.inspections import services as inspections
from junheng.rectification import selectors, services
from junheng.rectification.choices import Source
from junheng.rectification.models import Problem, Suggestion
from junheng.refusals import Refusal
from rectification.builders import matrix_suggestion, problem_at

TODAY = timezone.localdate()
LATER = TODAY + dt.timedelta(days=20)

NAMEABLE = ("other_principal", "township_officer", "county_admin")
NOT_NAMEABLE = ("principal", "east_officer", "inspector")


@pytest.fixture
def people(world):
    east_officer = make_user(
        "east_officer", "township_officer", county=world.county, township=world.other_township
    )
    return {
        "other_principal": world.other_principal,
        "township_officer": world.township_officer,
        "county_admin": world.county_admin,
        "principal": world.principal,
        "east_officer": east_officer,
        "inspector": world.inspector,
    }


def create(world, person):
    return services.problem_create(
        actor=world.county_admin,
        county=world.county,
        school=world.sibling,
        source=Source.COUNTY,
        description="音乐教室被挪作仓库",
        responsible=person,
        deadline=LATER,
    )


def edit(world, person):
    problem = problem_at(world.sibling, created_by=world.county_admin)
    return services.problem_update(
        actor=world.county_admin, problem=problem, changes={"responsible": person}
    )


def accept(world, person):
    return services.suggestion_accept(
        actor=world.county_admin,
        suggestion=matrix_suggestion(world.sibling),
        deadline=LATER,
        responsible=person,
    )


def convert(world, person):
    visit = inspections.visit_create(
        actor=world.inspector, school=world.sibling, date=TODAY, checked="x", findings=["漏雨"]
    )
    return inspections.finding_to_problem(
        actor=world.inspector, finding=visit.findings.get(), deadline=LATER, responsible=person
    )


PATHS = {"create": create, "edit": edit, "accept": accept, "convert": convert}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", NAMEABLE)
def test_the_school_its_township_and_the_county_may_be_named(world, people, path, name):
    problem = PATHS[path](world, people[name])
    assert problem.responsible == people[name]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", NOT_NAMEABLE)
def test_another_school_another_township_and_a_verifier_are_refused(world, people, path, name):
    with pytest.raises(services.RectificationError) as refused:
        PATHS[path](world, people[name])
    assert "不能作为该问题的责任人" in refused.value.zh
    assert "cannot be made responsible" in refused.value.en
    assert not Problem.objects.filter(responsible=people[name]).exists()
    if path == "accept":
        assert Suggestion.objects.get().status == "proposed"


def test_a_problem_of_a_township_names_its_officer_not_a_principal(world, people):
    def record(person):
        return services.problem_create(
            actor=world.county_admin,
            county=world.county,
            township=world.township,
            source=Source.COUNTY,
            description="乡镇教师交流轮岗不足",
            responsible=person,
        )

    assert record(world.township_officer).responsible == world.township_officer
    for name in ("principal", "east_officer"):
        with pytest.raises(Refusal):
            record(people[name])


def test_a_principal_named_for_another_school_never_reaches_its_problem(client, world):
    """The defect this rule fixes: the bureau made one school's principal responsible for
    another school's problem, and that principal could then open and move it."""
    with pytest.raises(Refusal):
        create(world, world.principal)
    problem = create(world, world.other_principal)
    with pytest.raises(Refusal):
        services.problem_update(
            actor=world.county_admin, problem=problem, changes={"responsible": world.principal}
        )
    client.force_login(world.principal)
    assert client.get(reverse("rectification:detail", args=[problem.pk])).status_code == 404


def test_keeping_a_responsible_person_named_before_the_rule_is_not_refused(world):
    problem = problem_at(world.sibling, responsible=world.principal, created_by=world.county_admin)
    services.problem_update(
        actor=world.county_admin,
        problem=problem,
        changes={"responsible": world.principal, "measure": "腾空仓库"},
    )
    problem.refresh_from_db()
    assert (problem.responsible, problem.measure) == (world.principal, "腾空仓库")
    assert world.principal in selectors.responsible_choices_for(problem=problem)


# --- the choices the forms offer --------------------------------------------------------------


def names(people) -> set[str]:
    return {person.username for person in people}


def test_the_choices_for_a_place_are_who_may_be_named_there(world, people):
    at_school = selectors.responsible_people(county=world.county, school=world.sibling)
    assert names(at_school) == {"other_principal", "township_officer", "county_admin"}
    at_township = selectors.responsible_people(county=world.county, township=world.other_township)
    assert names(at_township) == {"east_officer", "county_admin"}
    assert names(selectors.responsible_people(county=world.county)) == {"county_admin"}


def test_a_new_problem_offers_who_may_be_named_somewhere_in_the_scope(world, people):
    def offered(user):
        return names(selectors.responsible_choices(user=user))

    assert offered(world.county_admin) == {
        "county_admin",
        "township_officer",
        "east_officer",
        "principal",
        "other_principal",
    }
    assert offered(world.township_officer) == {
        "county_admin",
        "township_officer",
        "principal",
        "other_principal",
    }
    assert offered(world.principal) == {"county_admin", "township_officer", "principal"}
    assert offered(world.inspector) == {
        "county_admin",
        "township_officer",
        "east_officer",
        "other_principal",
    }


def test_a_county_of_many_schools_offers_every_principal_in_a_few_queries(
    world, django_assert_max_num_queries
):
    for n in range(130):
        school = make_school(world.other_township, f"610101{n + 1000:04d}")
        make_user(f"principal{n}", "principal", county=world.county, school=school)
    with django_assert_max_num_queries(8):
        offered = names(selectors.responsible_choices(user=world.county_admin))
    assert {f"principal{n}" for n in range(130)} <= offered


def test_the_form_refuses_a_person_who_does_not_fit_the_place_chosen(client, world):
    client.force_login(world.county_admin)
    response = client.post(
        reverse("rectification:create"),
        {
            "source": Source.COUNTY,
            "school": world.sibling.pk,
            "description": "音乐教室被挪作仓库",
            "responsible": world.principal.pk,  # offered (A1 is in scope), but not for A2
        },
    )
    assert response.status_code == 200
    assert "不能作为该问题的责任人" in response.content.decode()
    assert not Problem.objects.exists()


def test_the_edit_page_offers_who_may_be_named_at_the_problem(client, world, people):
    problem = problem_at(world.sibling, created_by=world.county_admin)
    client.force_login(world.county_admin)
    page = client.get(reverse("rectification:edit", args=[problem.pk])).content.decode()
    assert f'value="{world.other_principal.pk}"' in page
    assert f'value="{world.principal.pk}"' not in page
    assert f'value="{people["east_officer"].pk}"' not in page


def test_a_suggestion_offers_who_may_be_named_at_its_school(client, world):
    matrix_suggestion(world.sibling)
    client.force_login(world.county_admin)
    page = client.get(reverse("rectification:suggestions")).content.decode()
    assert f'<option value="{world.other_principal.pk}"' in page
    assert f'<option value="{world.principal.pk}"' not in page
    assert f'<option value="{world.inspector.pk}"' not in page


def test_a_visit_offers_who_may_be_named_at_the_school_its_principal_first(client, world):
    visit = inspections.visit_create(
        actor=world.inspector, school=world.sibling, date=TODAY, checked="x", findings=["漏雨"]
    )
    page = inspection_selectors.visit_page(user=world.inspector, pk=visit.pk)
    assert names(page.people) == {"other_principal", "township_officer", "county_admin"}
    assert page.default_responsible == world.other_principal
    client.force_login(world.inspector)
    response = client.post(
        reverse("inspections:finding_problem", args=[visit.findings.get().pk]),
        {"deadline": LATER.isoformat(), "responsible": world.principal.pk},
    )
    assert response.status_code == 302 and not Problem.objects.exists()


def test_each_app_refuses_with_its_own_kind_of_the_one_refusal():
    from junheng import refusals
    from junheng.bulletins import services as bulletins

    assert issubclass(services.RectificationError, Refusal)
    for error in (inspections.InspectionError, bulletins.BulletinError):
        assert issubclass(error, Refusal) and not issubclass(error, services.RectificationError)
    for module in (services, inspections, bulletins):
        assert module.NotAllowed is refusals.NotAllowed
