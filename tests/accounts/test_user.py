"""A user acts for one part of the organisation: the field each role needs, and its name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from factories import make_county, make_school, make_township
from junheng.accounts.models import User


@pytest.fixture
def places(db):
    county = make_county("610101", "示例县")
    township = make_township(county, "城关镇")
    return county, township, make_school(township, "6101010001", "城关一小")


@pytest.mark.parametrize(
    ("role", "field"),
    [
        ("county_admin", "county"),
        ("township_officer", "township"),
        ("principal", "school"),
        ("inspector", "county"),
    ],
)
def test_each_role_needs_the_field_of_its_scope(places, role, field):
    with pytest.raises(ValidationError) as refused:
        User(username="u", role=role).clean()

    assert field in refused.value.message_dict


def test_a_user_with_the_scope_of_the_role_is_valid(places):
    county, township, school = places

    User(username="a", role="county_admin", county=county).clean()
    User(username="t", role="township_officer", county=county, township=township).clean()
    User(username="p", role="principal", county=county, school=school).clean()
    User(username="i", role="inspector", county=county).clean()
    User(username="root", is_superuser=True).clean()


@pytest.mark.parametrize(
    ("role", "scope", "label"),
    [
        ("county_admin", {}, "示例县"),
        ("township_officer", {"township": True}, "城关镇"),
        ("principal", {"school": True}, "城关一小"),
        ("principal", {}, "示例县"),  # no school yet: the county they belong to
        ("inspector", {}, "示例县"),
    ],
)
def test_the_scope_label_names_the_part_the_user_acts_for(places, role, scope, label):
    county, township, school = places
    given = {"township": township, "school": school}
    user = User(username="u", role=role, county=county, **{k: given[k] for k in scope})

    assert user.scope_label == label


def test_a_user_without_county_or_role_has_no_scope_label(db):
    assert User(username="nobody").scope_label == ""


@pytest.mark.parametrize("part", ["township", "school"])
def test_the_township_or_school_of_a_user_lies_in_the_user_s_county(places, part):
    _, township, school = places
    other = make_county("610102", "邻县")
    role = {"township": "township_officer", "school": "principal"}[part]
    unit = {"township": township, "school": school}[part]
    user = User(username="u", role=role, county=other, **{part: unit})

    with pytest.raises(ValidationError) as refused:
        user.clean()

    assert part in refused.value.message_dict


def test_the_admin_shows_a_cadre_s_schools_but_assigns_them_only_on_the_visits_pages(places):
    from django.test import Client
    from django.urls import reverse

    county, _, school = places
    root = User.objects.create_superuser("root", "root@example.org", "x-secret-x")
    inspector = User.objects.create(username="insp", role="inspector", county=county)
    client = Client()
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[inspector.pk])

    page = client.get(url).content.decode()
    saved = client.post(
        url,
        {
            "username": "insp",
            "role": "inspector",
            "county": county.pk,
            "assigned_schools": [school.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )

    assert saved.status_code == 302  # the user is saved, without the schools
    assert 'name="assigned_schools"' not in page
    assert not inspector.assigned_schools.exists()
