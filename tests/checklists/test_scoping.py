"""Access scoping: a school sees and uploads only its own items and evidence (404 for
others'), a township its township's, the county all of its own, no one another county's."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from checklists import samples
from junheng.checklists import services
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import EvidenceVersion

DEADLINE = dt.date(2025, 9, 1)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setup(world):
    """2.3.1 → 城关一小, 2.3.2 → 城关二小 (same township), 2.3.3 → 东乡中心小学 (other
    township), 2.1 → the bureau's 规划股; one file under each."""
    checklist = services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    units = {
        "2.3.1": (UnitKind.SCHOOL, world.school, world.principal),
        "2.3.2": (UnitKind.SCHOOL, world.sibling, world.other_principal),
        "2.3.3": (UnitKind.SCHOOL, world.far_school, world.county_admin),
        "2.1": (UnitKind.OFFICE, None, world.county_admin),
    }
    made = {}
    for code, (kind, school, person) in units.items():
        assignment = services.assignment_create(
            actor=world.county_admin,
            item=checklist.items.get(code=code),
            unit_kind=kind,
            school=school,
            office="规划股" if school is None else "",
            person=person,
            deadline=DEADLINE,
        )
        version = services.evidence_upload(
            actor=world.county_admin,
            assignment=assignment,
            name=f"{code}材料.pdf",
            handle=io.BytesIO(samples.PDF),
            size=len(samples.PDF),
        )
        made[code] = (assignment, version)
    return checklist, made


SEEN = {
    "county_admin": {"2.3.1", "2.3.2", "2.3.3", "2.1"},
    "township_officer": {"2.3.1", "2.3.2"},
    "principal": {"2.3.1"},
    "other_principal": {"2.3.2"},
    "inspector": {"2.3.2", "2.3.3"},  # assigned to 城关二小 and 东乡中心小学
    "foreign_admin": set(),
}


@pytest.mark.parametrize("persona", list(SEEN))
def test_items_and_files_are_seen_within_the_scope_only(world, setup, persona):
    _, made = setup
    client = client_for(getattr(world, persona))
    for code, (assignment, version) in made.items():
        expected = 200 if code in SEEN[persona] else 404
        assert (
            client.get(reverse("checklists:item", args=[assignment.item.pk])).status_code
            == expected
        ), code
        assert (
            client.get(reverse("checklists:download", args=[version.pk])).status_code == expected
        ), code


@pytest.mark.parametrize("persona", list(SEEN))
def test_the_checklist_page_shows_only_the_user_s_items(world, setup, persona):
    checklist, made = setup
    response = client_for(getattr(world, persona)).get(
        reverse("checklists:checklist", args=[checklist.pk])
    )
    if not SEEN[persona]:
        assert response.status_code == 404
        return
    page = response.content.decode()
    for code, (assignment, _) in made.items():
        link = reverse("checklists:item", args=[assignment.item.pk])
        assert (link in page) == (code in SEEN[persona]), code


def test_a_principal_uploads_only_for_the_own_school(world, setup):
    _, made = setup
    client = client_for(world.principal)
    for code, expected in (("2.3.1", 302), ("2.3.2", 404), ("2.3.3", 404), ("2.1", 404)):
        assignment, _ = made[code]
        response = client.post(
            reverse("checklists:assignment_upload", args=[assignment.pk]),
            {"file": SimpleUploadedFile("新材料.pdf", samples.PDF), "requirement": ""},
        )
        assert response.status_code == expected, code
    assert EvidenceVersion.objects.filter(original_name="新材料.pdf").count() == 1


def test_an_inspector_sees_but_cannot_upload(world, setup):
    _, made = setup
    assignment, _ = made["2.3.2"]
    response = client_for(world.inspector).post(
        reverse("checklists:assignment_upload", args=[assignment.pk]),
        {"file": SimpleUploadedFile("x.pdf", samples.PDF), "requirement": ""},
    )
    assert response.status_code == 404


def test_a_principal_cannot_score_assign_or_withdraw_beyond_the_scope(world, setup):
    _, made = setup
    client = client_for(world.principal)
    other_item = made["2.3.2"][0].item
    assert (
        client.post(
            reverse("checklists:item_score", args=[other_item.pk]),
            {"value": 1, "justification": "x"},
        ).status_code
        == 404
    )
    own_item = made["2.3.1"][0].item
    response = client.post(
        reverse("checklists:item_assign", args=[own_item.pk]),
        {
            "unit_kind": "office",
            "office": "x",
            "person": world.principal.pk,
            "deadline": "2025-09-01",
        },
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("checklists:assignment_delete", args=[made["2.3.2"][0].pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("persona", "files"),
    [
        ("county_admin", {"2.3.1材料.pdf", "2.3.2材料.pdf", "2.3.3材料.pdf", "2.1材料.pdf"}),
        ("township_officer", {"2.3.1材料.pdf", "2.3.2材料.pdf"}),
        ("principal", {"2.3.1材料.pdf"}),
    ],
)
def test_the_archive_holds_only_the_user_s_evidence(world, setup, persona, files):
    checklist, _ = setup
    response = client_for(getattr(world, persona)).get(
        reverse("checklists:archive", args=[checklist.pk])
    )
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert {n.rsplit("/", 1)[-1] for n in names if n != "目录.xlsx"} == files


def test_another_county_s_admin_sees_nothing(world, setup):
    checklist, _ = setup
    client = client_for(world.foreign_admin)
    assert client.get(reverse("checklists:archive", args=[checklist.pk])).status_code == 404
    assert client.get(reverse("checklists:board", args=[checklist.pk])).status_code == 404
    assert client.get(reverse("checklists:export", args=[checklist.pk])).status_code == 404
    assert checklist.name not in client.get(reverse("checklists:index")).content.decode()


def test_the_item_export_is_for_the_county_level_only(world, setup):
    checklist, _ = setup
    assert (
        client_for(world.principal)
        .get(reverse("checklists:export", args=[checklist.pk]))
        .status_code
        == 404
    )


def test_anonymous_users_are_sent_to_log_in(world, setup):
    _, made = setup
    version = made["2.3.1"][1]
    response = Client().get(reverse("checklists:download", args=[version.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
