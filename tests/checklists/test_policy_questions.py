"""The checklists ask the access policy what a user may do: who runs the county (MANAGE), who
is at the county level (APPROVE: the totals and the export), who may score an item."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from checklists.generate import generated_workbook
from junheng.checklists import selectors, services
from junheng.checklists.choices import UnitKind
from junheng.refusals import NotAllowed, Refusal

PERSONAS = (
    "county_admin",
    "township_officer",
    "principal",
    "other_principal",
    "inspector",
    "foreign_admin",
)


@pytest.fixture
def quality(world):
    checklist = services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    services.assignment_create(
        actor=world.county_admin,
        item=checklist.items.get(code="2.3.1"),
        unit_kind=UnitKind.SCHOOL,
        school=world.school,
        person=world.principal,
        deadline=dt.date(2025, 9, 1),
    )
    return checklist


def test_the_refusals_are_the_project_s_one_refusal_type():
    assert issubclass(services.ChecklistError, Refusal)
    assert services.NotAllowed is NotAllowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_a_county_admin_runs_the_own_county(world, persona):
    user = getattr(world, persona)
    expected = {"county_admin": world.county, "foreign_admin": world.other_county}
    assert selectors.managed_county(user=user) == expected.get(persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_county_level_sees_the_totals_and_those_who_run_it_the_buttons(world, quality, persona):
    user = getattr(world, persona)
    visible = selectors.checklist_list(user=user).filter(pk=quality.pk).exists()
    if not visible:
        assert persona in ("other_principal", "inspector", "foreign_admin")
        return
    page = selectors.checklist_page(user=user, checklist=quality)
    assert page.manages == (persona == "county_admin")
    assert (page.summary is not None) == (persona == "county_admin")
    board = selectors.progress_board(user=user, checklist=quality)
    assert (board.summary is not None) == (persona == "county_admin")


def test_the_export_is_a_404_below_the_county_level(world, quality):
    for persona, expected in (("county_admin", 200), ("township_officer", 404), ("principal", 404)):
        client = Client()
        client.force_login(getattr(world, persona))
        response = client.get(reverse("checklists:export", args=[quality.pk]))
        assert response.status_code == expected, persona


@pytest.mark.parametrize(
    ("persona", "refused"),
    [
        ("county_admin", None),
        ("principal", None),  # the item's responsible person
        ("township_officer", NotAllowed),  # sees the item, is not responsible for it
        ("other_principal", NotAllowed),  # does not see it
        ("inspector", NotAllowed),
        ("foreign_admin", NotAllowed),
    ],
)
def test_who_may_score_an_item(world, quality, persona, refused):
    item = quality.items.get(code="2.3.1")
    refusal = selectors.item_score_refusal(actor=getattr(world, persona), item=item)
    assert type(refusal) is refused if refused else refusal is None


def test_a_parent_or_automatic_item_is_refused_to_everyone(world, quality):
    for code in ("2.3", "2.5.1"):
        refusal = selectors.item_score_refusal(
            actor=world.county_admin, item=quality.items.get(code=code)
        )
        assert isinstance(refusal, services.ChecklistError), code


@pytest.mark.parametrize("persona", ["township_officer", "principal", "inspector"])
def test_those_who_do_not_run_the_county_are_refused_its_pages_of_work(world, persona):
    client = Client()
    client.force_login(getattr(world, persona))
    assert client.get(reverse("checklists:import")).status_code == 403
    assert client.post(reverse("checklists:load"), {"key": "basic-2012"}).status_code == 403
    assert (
        client.post(reverse("checklists:inspection_date"), {"inspection_date": ""}).status_code
        == 403
    )


def test_a_county_admin_without_a_county_has_none_to_run(world):
    world.county_admin.county = None
    world.county_admin.save()
    client = Client()
    client.force_login(world.county_admin)
    assert selectors.managed_county(user=world.county_admin) is None
    assert client.post(reverse("checklists:load"), {"key": "basic-2012"}).status_code == 404


def test_a_checklist_import_is_opened_only_by_the_admin_who_uploaded_it(world):
    admin = Client()
    admin.force_login(world.county_admin)
    response = admin.post(
        reverse("checklists:import"),
        {"file": SimpleUploadedFile("陕西双高双普.xlsx", generated_workbook())},
    )
    url = response.url
    assert admin.get(url).status_code == 200
    for persona, expected in (("principal", 403), ("foreign_admin", 404)):
        client = Client()
        client.force_login(getattr(world, persona))
        assert client.get(url).status_code == expected, persona
