"""The access policy, rule by rule: every role in and out of its scope, the named person's
rows, one-object questions, who may be named for each duty, and the view helpers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from factories import make_county, make_school, make_township, make_user
from junheng import access
from junheng.access import web
from junheng.access.policy import PROBLEM_SOURCES, ROLE_ACTIONS
from junheng.rectification.models import Problem
from junheng.registry.models import County, School, Township

ROLES = (access.COUNTY_ADMIN, access.TOWNSHIP_OFFICER, access.PRINCIPAL, access.INSPECTOR)


@pytest.fixture
def place(db):
    county = make_county("610101", "示例县")
    other_county = make_county("610102", "邻县")
    town = make_township(county, "城关镇")
    east = make_township(county, "东乡")
    north = make_township(other_county, "北镇")
    a1 = make_school(town, "6101010001")
    a2 = make_school(town, "6101010002")
    a3 = make_school(east, "6101010003")
    b1 = make_school(north, "6101020001")
    people = SimpleNamespace(
        admin=make_user("admin", access.COUNTY_ADMIN, county=county),
        officer=make_user("officer", access.TOWNSHIP_OFFICER, county=county, township=town),
        east_officer=make_user("east", access.TOWNSHIP_OFFICER, county=county, township=east),
        principal=make_user("principal", access.PRINCIPAL, county=county, school=a1),
        sibling_principal=make_user("sibling", access.PRINCIPAL, county=county, school=a2),
        inspector=make_user(
            "inspector", access.INSPECTOR, county=county, assigned_schools=[a1, a3]
        ),
        foreign_admin=make_user("foreign", access.COUNTY_ADMIN, county=other_county),
    )
    return SimpleNamespace(
        county=county,
        other_county=other_county,
        town=town,
        east=east,
        a1=a1,
        a2=a2,
        a3=a3,
        b1=b1,
        people=people,
    )


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


# --- the role × action table -------------------------------------------------------------------


def test_the_table_names_every_role_and_only_known_actions():
    assert set(ROLE_ACTIONS) == set(ROLES)
    known = {
        access.VIEW,
        access.CHANGE,
        access.SUBMIT,
        access.REVIEW,
        access.APPROVE,
        access.MANAGE,
        access.EVALUATE,
        access.ADVANCE,
        access.VERIFY,
        access.VISIT,
        access.RECORD_TOWNSHIP,
    }
    for actions in ROLE_ACTIONS.values():
        assert actions <= known


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (access.COUNTY_ADMIN, {"approve", "manage", "evaluate", "verify", "visit", "change"}),
        (access.TOWNSHIP_OFFICER, {"review", "evaluate", "advance", "visit", "change"}),
        (access.PRINCIPAL, {"change", "submit", "advance"}),
        (access.INSPECTOR, {"evaluate", "verify", "visit"}),
    ],
)
def test_each_role_may_do_its_actions(role, allowed, db):
    user = make_user(f"u-{role}", role)
    for action in allowed:
        assert access.can(user, action), (role, action)


@pytest.mark.parametrize(
    ("role", "refused"),
    [
        (access.TOWNSHIP_OFFICER, {"approve", "manage", "verify"}),
        (access.PRINCIPAL, {"review", "approve", "manage", "evaluate", "verify", "visit"}),
        (access.INSPECTOR, {"change", "submit", "review", "approve", "manage", "advance"}),
    ],
)
def test_each_role_is_refused_the_others_actions(role, refused, db):
    user = make_user(f"u-{role}", role)
    for action in refused:
        assert not access.can(user, action), (role, action)


def test_anonymous_and_inactive_users_may_do_nothing(place):
    admin = place.people.admin
    admin.is_active = False
    assert not access.can(AnonymousUser(), access.VIEW)
    assert not access.can(admin, access.VIEW)
    assert not School.objects.restrict(admin).exists()
    assert not School.objects.restrict(AnonymousUser()).exists()


def test_a_superuser_may_do_everything_everywhere(place):
    root = make_user("root", "", is_superuser=True)
    assert access.can(root, access.MANAGE)
    assert codes(School.objects.restrict(root, access.MANAGE)) == codes(School.objects.all())


def test_problem_sources_follow_the_role(place):
    p = place.people
    assert access.problem_sources(p.principal) == {"self"}
    assert access.problem_sources(p.officer) == {"self", "township"}
    assert access.problem_sources(p.inspector) == {"county"}
    assert access.problem_sources(p.admin) == PROBLEM_SOURCES[access.COUNTY_ADMIN]
    assert access.problem_sources(AnonymousUser()) == frozenset()


# --- rows: each role in and out of its scope ------------------------------------------------


def test_a_county_admin_sees_the_county_and_nothing_of_another(place):
    seen = codes(School.objects.restrict(place.people.admin))
    assert seen == {"6101010001", "6101010002", "6101010003"}
    assert codes(School.objects.restrict(place.people.foreign_admin)) == {"6101020001"}


def test_a_township_officer_sees_the_township_only(place):
    assert codes(School.objects.restrict(place.people.officer)) == {"6101010001", "6101010002"}
    assert set(Township.objects.restrict(place.people.officer)) == {place.town}


def test_a_principal_sees_the_school_only(place):
    assert codes(School.objects.restrict(place.people.principal)) == {"6101010001"}
    assert codes(School.objects.restrict(place.people.principal, access.CHANGE)) == {"6101010001"}


def test_an_inspector_sees_the_assigned_schools_and_may_not_change_them(place):
    inspector = place.people.inspector
    assert codes(School.objects.restrict(inspector)) == {"6101010001", "6101010003"}
    assert not School.objects.restrict(inspector, access.CHANGE).exists()


def test_a_role_refused_an_action_gets_no_rows_even_in_scope(place):
    assert not County.objects.restrict(place.people.officer, access.MANAGE).exists()
    assert not School.objects.restrict(place.people.principal, access.APPROVE).exists()


def test_a_user_whose_scope_is_missing_sees_nothing(place):
    lost = make_user("lost", access.PRINCIPAL, county=place.county)  # no school
    assert not School.objects.restrict(lost).exists()


# --- the named person's rows -------------------------------------------------------------------


def _problem(place, school, responsible=None) -> Problem:
    return Problem.objects.create(
        county=place.county,
        township=school.township,
        school=school,
        source="county",
        description="缺少音乐教室",
        responsible=responsible,
    )


def test_the_responsible_person_sees_and_advances_their_problem_but_does_not_verify_it(place):
    problem = _problem(place, place.a2, responsible=place.people.inspector)
    inspector = place.people.inspector  # a2 is not assigned to them
    assert access.may(inspector, access.VIEW, problem)
    assert access.may(inspector, access.ADVANCE, problem)
    assert not access.may(inspector, access.VERIFY, problem)


def test_a_problem_outside_the_scope_is_neither_seen_nor_moved(place):
    problem = _problem(place, place.a2)
    principal = place.people.principal
    assert not access.may(principal, access.VIEW, problem)
    assert not access.may(principal, access.ADVANCE, problem)
    assert access.may(place.people.sibling_principal, access.ADVANCE, problem)
    assert access.may(place.people.admin, access.VERIFY, problem)
    assert not access.may(place.people.foreign_admin, access.VIEW, problem)


def test_may_refuses_unsaved_and_missing_objects(place):
    assert not access.may(place.people.admin, access.VIEW, None)
    assert not access.may(place.people.admin, access.VIEW, School(code="x"))


# --- who may be named -------------------------------------------------------------------------


def named(duty, **where) -> set[str]:
    return set(access.nameable_people(duty, **where).values_list("username", flat=True))


def test_for_a_schools_object_the_responsible_is_its_principal_officer_or_the_bureau(place):
    assert named(access.RESPONSIBLE, county=place.county, school=place.a1) == {
        "principal",
        "officer",
        "admin",
    }


def test_a_principal_of_another_school_or_an_officer_of_another_township_is_not_nameable(place):
    p = place.people
    where = {"county": place.county, "school": place.a1}
    assert not access.may_be_named(p.sibling_principal, access.RESPONSIBLE, **where)
    assert not access.may_be_named(p.east_officer, access.RESPONSIBLE, **where)
    assert not access.may_be_named(p.foreign_admin, access.RESPONSIBLE, **where)
    assert access.may_be_named(p.principal, access.RESPONSIBLE, **where)


def test_inspectors_verify_their_assigned_schools_and_are_never_responsible(place):
    p = place.people
    assert not access.may_be_named(
        p.inspector, access.RESPONSIBLE, county=place.county, school=place.a1
    )
    assert access.may_be_named(p.inspector, access.VERIFIER, county=place.county, school=place.a1)
    assert not access.may_be_named(
        p.inspector, access.VERIFIER, county=place.county, school=place.a2
    )


def test_for_a_township_object_only_its_officer_and_the_bureau_are_nameable(place):
    assert named(access.RESPONSIBLE, county=place.county, township=place.town) == {
        "officer",
        "admin",
    }


def test_for_a_county_object_only_the_bureau_is_nameable(place):
    assert named(access.RESPONSIBLE, county=place.county) == {"admin"}
    assert named(access.RESPONSIBLE, county=place.other_county) == {"foreign"}


def test_cadres_are_the_countys_inspectors_and_bureau_staff_whatever_their_schools(place):
    make_user("new-inspector", access.INSPECTOR, county=place.county)
    assert named(access.CADRE, county=place.county) == {"admin", "inspector", "new-inspector"}
    assert not access.may_be_named(place.people.principal, access.CADRE, county=place.county)
    assert not access.may_be_named(place.people.foreign_admin, access.CADRE, county=place.county)


def test_inactive_people_and_nobody_are_not_nameable(place):
    principal = place.people.principal
    principal.is_active = False
    principal.save()
    assert not access.may_be_named(
        principal, access.RESPONSIBLE, county=place.county, school=place.a1
    )
    assert not access.may_be_named(None, access.RESPONSIBLE, county=place.county)


# --- the view helpers ---------------------------------------------------------------------------


def test_get_scoped_or_404_hides_what_is_outside_the_scope(place):
    principal = place.people.principal
    assert web.get_scoped_or_404(School, principal, code="6101010001") == place.a1
    with pytest.raises(Http404):
        web.get_scoped_or_404(School, principal, code="6101010002")


def test_get_scoped_or_404_forbids_an_action_on_what_is_seen(place):
    inspector = place.people.inspector
    with pytest.raises(PermissionDenied):
        web.get_scoped_or_404(School, inspector, access.CHANGE, code="6101010001")


def test_require_refuses_a_role_without_the_action(place, rf):
    view = web.require(access.MANAGE)(lambda request: "ran")
    request = rf.get("/")
    request.user = place.people.officer
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = place.people.admin
    assert view(request) == "ran"


def test_require_sends_anonymous_users_to_the_login(rf):
    view = web.require(access.VIEW)(lambda request: "ran")
    request = rf.get("/x/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert "login" in response["Location"]
