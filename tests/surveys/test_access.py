"""The surveys ask the access policy (`junheng.access`): who manages a survey, where a survey may
be created, what a user's results cover in words, and the 404 / 403 of a survey out of the
scope or seen but not managed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from factories import make_user
from junheng.access import MANAGE, may
from junheng.access.policy import scope_kind
from junheng.refusals import NotAllowed, Refusal
from junheng.surveys import selectors, services
from surveys.helpers import open_survey

ROLES = ("county_admin", "township_officer", "principal", "inspector", "foreign_admin")


# the policy's kind of scope, and the words of the results -----------------------------------


def test_each_role_has_its_kind_of_scope(world):
    kinds = {role: scope_kind(getattr(world, role)) for role in ROLES}
    assert kinds == {
        "county_admin": "county",
        "township_officer": "township",
        "principal": "school",
        "inspector": "assigned",
        "foreign_admin": "county",
    }
    assert scope_kind(make_user("root", "", is_superuser=True)) == "county"
    assert scope_kind(AnonymousUser()) == ""
    assert scope_kind(make_user("away", "principal", school=world.school, is_active=False)) == ""


def test_the_results_say_what_the_scope_covers(world):
    labels = {role: selectors.scope_label(user=getattr(world, role)) for role in ROLES}
    assert labels == {
        "county_admin": "全县",
        "township_officer": "城关镇",
        "principal": "城关一小",
        "inspector": "负责的学校",
        "foreign_admin": "全县",
    }
    assert selectors.scope_label(user=make_user("root", "", is_superuser=True)) == "全县"
    assert selectors.scope_label(user=make_user("nobody", "township_officer")) == ""
    assert selectors.scope_label(user=AnonymousUser()) == ""


# who manages a survey, where one may be created ---------------------------------------------


def test_only_the_county_s_admins_manage_its_survey(world):
    survey = open_survey(world)
    managers = {role for role in ROLES if may(getattr(world, role), MANAGE, survey)}
    assert managers == {"county_admin"}
    assert may(make_user("root", "", is_superuser=True), MANAGE, survey)


def test_surveys_are_created_only_in_the_counties_the_user_manages(world):
    counties = {
        role: set(selectors.manageable_counties(user=getattr(world, role))) for role in ROLES
    }
    assert counties == {
        "county_admin": {world.county},
        "township_officer": set(),
        "principal": set(),
        "inspector": set(),
        "foreign_admin": {world.other_county},
    }
    with pytest.raises(NotAllowed):
        services.survey_create(
            actor=world.foreign_admin, county=world.county, blueprint="basic-2012", year=2025
        )


def test_survey_get_hides_a_survey_outside_the_scope_and_forbids_managing_one_seen(world):
    survey = open_survey(world)
    with pytest.raises(Http404):
        selectors.survey_get(user=world.foreign_admin, pk=survey.pk)
    for role in ("township_officer", "principal", "inspector"):
        user = getattr(world, role)
        assert selectors.survey_get(user=user, pk=survey.pk) == survey
        with pytest.raises(PermissionDenied):
            selectors.survey_get(user=user, pk=survey.pk, action=MANAGE)
    assert selectors.survey_get(user=world.county_admin, pk=survey.pk, action=MANAGE) == survey


def test_a_school_outside_the_scope_is_not_found(world):
    assert selectors.school_in_scope(user=world.principal, pk=world.school.pk) == world.school
    for school in (world.sibling, world.foreign_school):
        with pytest.raises(Http404):
            selectors.school_in_scope(user=world.principal, pk=school.pk)


# one refusal type ---------------------------------------------------------------------------


def test_every_refusal_of_the_surveys_is_a_refusal_with_both_texts(world):
    assert services.NotAllowed is NotAllowed
    assert issubclass(services.SurveyError, Refusal)
    for kind in (services.StructureLocked, services.TokenUnusable, services.NotAccepting):
        assert issubclass(kind, services.SurveyError)
    survey = open_survey(world)
    with pytest.raises(NotAllowed) as error:
        services.survey_close(actor=world.principal, survey=survey)
    assert error.value.zh and error.value.en


def test_a_page_shows_a_not_allowed_refusal_and_another_county_s_admin_gets_404(
    client, world, answered
):
    client.force_login(world.county_admin)
    response = client.post(f"/surveys/{answered.pk}/delete/", {"confirm": "delete"}, follow=True)
    assert response.status_code == 200  # refused in the page (NotAllowed), not an error page
    assert "已有答卷的调查不能删除" in response.content.decode()
    assert answered.__class__.objects.filter(pk=answered.pk).exists()
    client.force_login(world.foreign_admin)
    assert client.get(f"/surveys/{answered.pk}/settings/").status_code == 404
