"""Who may be made responsible for an assignment (指标分解): one rule, the policy's "who may be
named" (`junheng.access.may_be_named` with RESPONSIBLE). A person is named only where their
own scope covers the unit: a principal their school, a township officer their township and
its schools, a county admin any unit of the county. The forms offer only such people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from junheng.checklists import selectors, services
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import Assignment

DEADLINE = dt.date(2025, 9, 1)


@pytest.fixture
def item(world):
    checklist = services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    return checklist.items.get(code="2.3.1")


def assign(world, item, unit, person):
    """Assign the item to a unit: ("school", School), ("township", Township) or ("office", "")."""
    kind, place = unit
    return services.assignment_create(
        actor=world.county_admin,
        item=item,
        unit_kind=kind,
        school=place if kind == UnitKind.SCHOOL else None,
        township=place if kind == UnitKind.TOWNSHIP else None,
        office="督导室" if kind == UnitKind.OFFICE else "",
        person=person,
        deadline=DEADLINE,
    )


def units(world):
    return {
        "school A1": (UnitKind.SCHOOL, world.school),
        "school A2": (UnitKind.SCHOOL, world.sibling),
        "school A3": (UnitKind.SCHOOL, world.far_school),
        "township 城关镇": (UnitKind.TOWNSHIP, world.township),
        "township 东乡": (UnitKind.TOWNSHIP, world.other_township),
        "office": (UnitKind.OFFICE, ""),
    }


# which units each persona may be made responsible for (the world of tests/personas.py)
NAMEABLE = {
    "principal": {"school A1"},
    "other_principal": {"school A2"},
    "township_officer": {"school A1", "school A2", "township 城关镇"},
    "county_admin": {
        "school A1",
        "school A2",
        "school A3",
        "township 城关镇",
        "township 东乡",
        "office",
    },
    "inspector": set(),  # an inspector checks the work; others do it
    "foreign_admin": set(),  # another county's admin
}


@pytest.mark.parametrize("persona", list(NAMEABLE))
def test_a_person_is_assigned_only_units_of_their_own_scope(world, item, persona):
    person = getattr(world, persona)
    for label, unit in units(world).items():
        if label in NAMEABLE[persona]:
            assignment = assign(world, item, unit, person)
            assert assignment.person == person, label
            assignment.delete()
        else:
            with pytest.raises(services.ChecklistError) as caught:
                assign(world, item, unit, person)
            assert "责任人" in caught.value.zh, label
    assert not Assignment.objects.exists()


def test_a_principal_of_school_a_cannot_be_given_school_b_s_unit(world, item):
    with pytest.raises(services.ChecklistError):
        assign(world, item, (UnitKind.SCHOOL, world.sibling), world.principal)
    assert not Assignment.objects.exists()


def test_an_assignment_is_handed_over_only_to_someone_who_may_be_named_for_its_unit(world, item):
    assignment = assign(world, item, (UnitKind.SCHOOL, world.school), world.principal)
    for stranger in (world.other_principal, world.inspector, world.foreign_admin):
        with pytest.raises(services.ChecklistError):
            services.assignment_change(
                actor=world.county_admin, assignment=assignment, person=stranger, deadline=DEADLINE
            )
    changed = services.assignment_change(
        actor=world.county_admin,
        assignment=assignment,
        person=world.township_officer,
        deadline=DEADLINE,
    )
    assert changed.person == world.township_officer


def test_an_inactive_person_is_not_named(world, item):
    world.principal.is_active = False
    world.principal.save()
    with pytest.raises(services.ChecklistError):
        assign(world, item, (UnitKind.SCHOOL, world.school), world.principal)
    assert world.principal not in selectors.assignable_people(county=world.county)


def test_the_assignment_form_offers_everyone_who_may_be_named_for_some_unit_of_the_county(world):
    offered = set(selectors.assignable_people(county=world.county))
    assert offered == {
        world.county_admin,
        world.township_officer,
        world.principal,
        world.other_principal,
    }
    assert set(selectors.assignable_people(county=world.other_county)) == {world.foreign_admin}


@pytest.mark.parametrize(
    ("label", "people"),
    [
        ("school A1", {"county_admin", "township_officer", "principal"}),
        ("school A3", {"county_admin"}),  # 东乡 has no officer and A3 no principal in the world
        ("township 城关镇", {"county_admin", "township_officer"}),
        ("office", {"county_admin"}),
    ],
)
def test_the_hand_over_form_offers_those_who_may_be_named_for_the_unit(world, item, label, people):
    assignment = assign(world, item, units(world)[label], world.county_admin)
    offered = set(selectors.people_for_assignment(assignment))
    assert offered == {getattr(world, persona) for persona in people}


def test_the_item_page_offers_only_nameable_people(world, item):
    assign(world, item, (UnitKind.SCHOOL, world.school), world.principal)
    client = Client()
    client.force_login(world.county_admin)
    page = client.get(reverse("checklists:item", args=[item.pk])).content.decode()
    assert f'value="{world.principal.pk}"' in page
    assert f'value="{world.inspector.pk}"' not in page
    assert f'value="{world.foreign_admin.pk}"' not in page


def test_handing_over_on_the_page_to_someone_not_offered_changes_nothing(world, item):
    assignment = assign(world, item, (UnitKind.SCHOOL, world.school), world.principal)
    client = Client()
    client.force_login(world.county_admin)
    response = client.post(
        reverse("checklists:assignment_change", args=[assignment.pk]),
        {"person": world.other_principal.pk, "deadline": "2025-10-01"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.person == world.principal and assignment.deadline == DEADLINE
