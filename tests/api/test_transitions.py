"""POST /api/school-years/transition/: many records passed, approved or returned at once, all or
nothing, each audited, by the rules of the web's batch review and within the user's scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from junheng.audit.models import AuditEntry
from junheng.collection.choices import DataStatus
from junheng.collection.models import CountyYear, SchoolYear

A1, A2, A3, B1 = "6101010001", "6101010002", "6101010003", "6101020001"
URL = "/api/school-years/transition/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def client_for(user: Any) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def set_status(status: str, *codes: str) -> None:
    SchoolYear.objects.filter(school__code__in=codes, year=2025).update(status=status)


def statuses() -> dict[str, str]:
    return dict(SchoolYear.objects.filter(year=2025).values_list("school__code", "status"))


def body(action: str, *codes: str, **extra: Any) -> dict[str, Any]:
    records = [{"school_code": code, "year": 2025} for code in codes]
    return {"action": action, "records": records, **extra}


def test_a_township_passes_its_schools_records_in_one_request(world):
    set_status(DataStatus.SUBMITTED, A1, A2)
    before = AuditEntry.objects.count()
    response = client_for(world.township_officer).post(URL, body("review", A1, A2), format="json")
    assert response.status_code == 200, response.json()
    assert [r["school_code"] for r in response.json()["records"]] == [A1, A2]
    assert {r["status"] for r in response.json()["records"]} == {DataStatus.REVIEWED}
    assert statuses()[A1] == statuses()[A2] == DataStatus.REVIEWED
    assert AuditEntry.objects.count() == before + 2  # one entry per record


def test_the_county_approves_many_and_returns_with_a_comment(world):
    set_status(DataStatus.REVIEWED, A1, A2, A3)
    admin = client_for(world.county_admin)
    assert admin.post(URL, body("approve", A1, A2), format="json").status_code == 200
    response = admin.post(URL, body("return", A3, comment="面积有误"), format="json")
    assert response.status_code == 200
    assert statuses() == {
        A1: DataStatus.APPROVED,
        A2: DataStatus.APPROVED,
        A3: DataStatus.RETURNED,
        B1: DataStatus.DRAFT,
    }
    assert SchoolYear.objects.get(school__code=A3).review_comment == "面积有误"


def test_one_refused_record_refuses_the_whole_batch_and_names_it(world):
    set_status(DataStatus.SUBMITTED, A1)  # A2 still a draft: it cannot be passed on
    before = (statuses(), AuditEntry.objects.count())
    response = client_for(world.township_officer).post(URL, body("review", A1, A2), format="json")
    assert response.status_code == 409
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["records[1]"]
    assert errors[0]["message_zh"] and errors[0]["message_en"]
    assert (statuses(), AuditEntry.objects.count()) == before


def test_returning_needs_a_comment(world):
    set_status(DataStatus.REVIEWED, A1)
    response = client_for(world.county_admin).post(URL, body("return", A1), format="json")
    assert response.status_code == 400
    assert "意见" in response.json()["errors"][0]["message_zh"]
    assert statuses()[A1] == DataStatus.REVIEWED


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("township_officer", A3),  # another township
        ("township_officer", B1),
        ("principal", A2),
        ("county_admin", B1),  # another county
        ("foreign_admin", A1),
    ],
)
def test_a_record_outside_the_scope_is_not_found_and_nothing_moves(world, role, code):
    set_status(DataStatus.SUBMITTED, A1, A2, A3, B1)
    own = {"township_officer": A1, "principal": A1, "county_admin": A1, "foreign_admin": B1}
    before = (statuses(), AuditEntry.objects.count())
    response = client_for(getattr(world, role)).post(
        URL, body("review", own[role], code), format="json"
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "records[1]"
    assert code in response.json()["errors"][0]["message_en"]
    assert (statuses(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("role", ["principal", "inspector"])
def test_roles_that_do_not_review_are_refused(world, role):
    set_status(DataStatus.SUBMITTED, A1, A2)
    code = A1 if role == "principal" else A2
    before = statuses()
    response = client_for(getattr(world, role)).post(URL, body("review", code), format="json")
    assert response.status_code in (403, 409)
    assert statuses() == before


def test_a_township_cannot_approve(world):
    set_status(DataStatus.REVIEWED, A1)
    response = client_for(world.township_officer).post(URL, body("approve", A1), format="json")
    assert response.status_code in (403, 409)
    assert statuses()[A1] == DataStatus.REVIEWED


def test_a_locked_year_refuses_the_batch(world):
    set_status(DataStatus.REVIEWED, A1)
    CountyYear.objects.create(county=world.county, year=2025, locked=True)
    response = client_for(world.county_admin).post(URL, body("approve", A1), format="json")
    assert response.status_code in (403, 409)
    assert statuses()[A1] == DataStatus.REVIEWED


@pytest.mark.parametrize(
    "payload",
    [
        {"action": "approve", "records": []},
        {"action": "", "records": [{"school_code": A1, "year": 2025}]},
        {"action": "submit", "records": [{"school_code": A1, "year": 2025}]},
        {"action": "approve", "records": [{"school_code": "61010100", "year": 2025}]},
        {"action": "approve", "records": [{"school_code": A1, "year": "2025"}]},
        {"action": "approve", "records": [{"school_code": A1, "year": 2025, "x": 1}]},
        {"action": "approve", "records": [{"school_code": A1, "year": 2025}], "extra": 1},
        {"action": "approve", "records": [{"school_code": A1, "year": 2025}] * 1001},
    ],
)
def test_a_malformed_body_is_a_bad_request_naming_the_problem(world, payload):
    set_status(DataStatus.REVIEWED, A1)
    response = client_for(world.county_admin).post(URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message_en"]
    assert statuses()[A1] == DataStatus.REVIEWED


def test_a_form_body_moves_nothing(world):
    # the NUL check reads a form's fields before DRF does: the form then arrives empty (400)
    set_status(DataStatus.REVIEWED, A1)
    response = client_for(world.county_admin).post(
        URL, {"action": "approve", "records": A1}, format="multipart"
    )
    assert response.status_code in (400, 415)
    assert response.json()["errors"][0]["message_zh"]
    assert statuses()[A1] == DataStatus.REVIEWED
