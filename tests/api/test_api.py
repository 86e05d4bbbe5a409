"""The JSON API under /api/: token, schools, yearly data, evaluation, OpenAPI schema.

Personas come from the `world` fixture (conftest): county A with schools A1 (the principal's),
A2 (same township) and A3 (other township); county B with B1.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from django.core.cache import cache
from django.core.management import call_command
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from factories import PASSWORD, figures_for, make_school, make_school_year, make_user
from junheng.api.views.auth import TokenThrottle
from junheng.assessment.evaluation import county_evaluation
from junheng.audit.models import AuditEntry
from junheng.collection.choices import DataStatus
from junheng.collection.models import CountyYear, SchoolYear
from junheng.reports.contract import evaluation_to_dict

A1, A2, A3, B1 = "6101010001", "6101010002", "6101010003", "6101020001"

# who sees which schools
SCOPES = {
    "county_admin": {A1, A2, A3},
    "township_officer": {A1, A2},
    "principal": {A1},
    "inspector": {A2, A3},
    "foreign_admin": {B1},
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counts and cached evaluations live in the cache: none carried between tests."""
    cache.clear()
    yield
    cache.clear()


def client_for(user: Any) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def persona(world: Any, name: str) -> Any:
    return getattr(world, name)


def record_url(code: str, year: int = 2025) -> str:
    return f"/api/school-years/{code}/{year}/"


def openapi_schema() -> dict[str, Any]:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects → JSON Schema: `nullable` as a null alternative, and objects
    closed (no keys the schema does not name), so that undocumented keys are caught too."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def assert_matches_schema(instance: Any, component: str, schema: dict[str, Any]) -> None:
    components = _json_schema(copy.deepcopy(schema["components"]))
    root = {"components": components, "$ref": f"#/components/schemas/{component}"}
    jsonschema.Draft202012Validator(root).validate(instance)


def error_fields(response: Any) -> list[str | None]:
    return [item["field"] for item in response.json()["errors"]]


# --- token -------------------------------------------------------------------------------------


def test_it_issues_a_token_for_the_right_password(world):
    response = APIClient().post(
        "/api/token/", {"username": "principal", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "principal"
    assert body["role"] == "principal"
    assert body["token"] == Token.objects.get(user=world.principal).key

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/schools/").status_code == 200


def test_it_gives_the_same_token_on_each_request(world):
    first = APIClient().post("/api/token/", {"username": "principal", "password": PASSWORD})
    second = APIClient().post("/api/token/", {"username": "principal", "password": PASSWORD})
    assert first.json()["token"] == second.json()["token"]


def test_it_refuses_a_wrong_password(world):
    response = APIClient().post(
        "/api/token/", {"username": "principal", "password": "wrong"}, format="json"
    )
    assert (
        response.status_code == 401
    )  # a wrong password is refused credentials, not a malformed request
    body = response.json()
    assert body["errors"][0]["message_zh"] == "用户名或密码错误"
    assert body["errors"][0]["message_en"] == "wrong user name or password"
    assert "token" not in body


def test_it_names_a_missing_password(world):
    response = APIClient().post("/api/token/", {"username": "principal"}, format="json")
    assert response.status_code == 400
    assert error_fields(response) == ["password"]


def test_it_gives_no_token_to_an_inactive_user(world):
    world.principal.is_active = False
    world.principal.save()
    response = APIClient().post("/api/token/", {"username": "principal", "password": PASSWORD})
    assert response.status_code == 401


def test_it_locks_out_a_user_name_after_five_failures_even_with_the_right_password(world):
    client = APIClient()
    statuses = [
        client.post("/api/token/", {"username": "principal", "password": f"wrong-{i}"}).status_code
        for i in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 429]
    response = client.post("/api/token/", {"username": "principal", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.json()["errors"][0]["message_zh"]
    assert "token" not in response.json()
    # another user name from the same address is not locked
    other = client.post("/api/token/", {"username": "county_admin", "password": PASSWORD})
    assert other.status_code == 200


def test_a_token_obtained_resets_the_failure_count(world):
    client = APIClient()
    for i in range(4):
        client.post("/api/token/", {"username": "principal", "password": f"wrong-{i}"})
    ok = client.post("/api/token/", {"username": "principal", "password": PASSWORD})
    assert ok.status_code == 200
    for i in range(4):
        response = client.post("/api/token/", {"username": "principal", "password": f"again-{i}"})
        assert response.status_code == 401


def test_token_requests_are_throttled_per_address(world, monkeypatch):
    monkeypatch.setattr(TokenThrottle, "default_rate", "3/hour")
    client = APIClient()
    names = ["principal", "county_admin", "inspector", "township_officer"]
    statuses = [
        client.post("/api/token/", {"username": n, "password": PASSWORD}).status_code for n in names
    ]
    assert statuses == [200, 200, 200, 429]


def test_the_api_needs_authentication(world):
    response = APIClient().get("/api/schools/")
    assert response.status_code == 401
    assert response.json()["errors"][0]["message_en"]
    assert response.json()["errors"][0]["message_zh"]


def test_a_wrong_token_is_refused(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/schools/").status_code == 401


def test_a_session_works_for_reading(world):
    client = APIClient()
    client.force_login(world.principal)
    response = client.get("/api/schools/")
    assert response.status_code == 200
    assert [s["code"] for s in response.json()["results"]] == [A1]


def test_a_session_write_needs_the_csrf_token(world):
    record = SchoolYear.objects.get(school=world.school, year=2025)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.principal)
    body = {"primary_students": 410, "version": record.version}
    response = client.patch(record_url(A1), body, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    record.refresh_from_db()
    assert record.primary_students == 400


# --- schools -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(SCOPES))
def test_each_role_lists_exactly_the_schools_of_its_scope(world, role):
    response = client_for(persona(world, role)).get("/api/schools/")
    assert response.status_code == 200
    assert {s["code"] for s in response.json()["results"]} == SCOPES[role]
    assert response.json()["count"] == len(SCOPES[role])


def test_a_school_carries_the_registry_fields(world):
    response = client_for(world.county_admin).get(f"/api/schools/{A3}/")
    assert response.status_code == 200
    assert response.json() == {
        "code": A3,
        "name": "东乡中心小学",
        "county_code": "610101",
        "county_name": "示例县",
        "township": "东乡",
        "school_type": "小学",
        "location": "乡村",
        "ownership": "公办",
        "affiliation": "县属",
        "parent_school_code": None,
        "latitude": None,
        "longitude": None,
    }


def test_schools_filter_by_township_and_type(world):
    client = client_for(world.county_admin)
    by_township = client.get("/api/schools/", {"township": "东乡"}).json()["results"]
    assert [s["code"] for s in by_township] == [A3]
    assert client.get("/api/schools/", {"type": "初级中学"}).json()["count"] == 0
    assert client.get("/api/schools/", {"type": "小学"}).json()["count"] == 3


def test_a_filter_cannot_widen_the_scope(world):
    response = client_for(world.principal).get("/api/schools/", {"township": "东乡"})
    assert response.json()["count"] == 0
    response = client_for(world.principal).get("/api/schools/", {"county": "610102"})
    assert response.json()["count"] == 0


def test_an_unknown_school_type_is_a_bad_request(world):
    response = client_for(world.county_admin).get("/api/schools/", {"type": "大学"})
    assert response.status_code == 400
    assert error_fields(response) == ["type"]


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("principal", A2),
        ("township_officer", A3),
        ("inspector", A1),
        ("county_admin", B1),
        ("foreign_admin", A1),
    ],
)
def test_a_school_outside_the_scope_is_not_found(world, role, code):
    response = client_for(persona(world, role)).get(f"/api/schools/{code}/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["message_en"] == "not found, or outside your scope"


@pytest.mark.parametrize("role", sorted(SCOPES))
def test_each_role_reads_each_school_of_its_scope(world, role):
    client = client_for(persona(world, role))
    for code in SCOPES[role]:
        assert client.get(f"/api/schools/{code}/").json()["code"] == code


def test_a_code_found_in_two_counties_needs_the_county(world):
    admin = make_user("root", "county_admin", is_superuser=True)
    make_school(world.foreign_school.township, A1, "同码学校")
    client = client_for(admin)
    response = client.get(f"/api/schools/{A1}/")
    assert response.status_code == 400
    assert error_fields(response) == ["county"]
    response = client.get(f"/api/schools/{A1}/", {"county": "610102"})
    assert response.json()["name"] == "同码学校"


# --- yearly records: reading -------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(SCOPES))
def test_each_role_lists_the_yearly_data_of_its_scope(world, role):
    response = client_for(persona(world, role)).get("/api/school-years/", {"year": 2025})
    assert response.status_code == 200
    assert {r["school_code"] for r in response.json()["results"]} == SCOPES[role]


def test_yearly_data_filter_by_year_and_school(world):
    make_school_year(world.school, 2024)
    client = client_for(world.county_admin)
    assert client.get("/api/school-years/").json()["count"] == 4
    assert client.get("/api/school-years/", {"year": 2024}).json()["count"] == 1
    assert client.get("/api/school-years/", {"school": A1}).json()["count"] == 2
    assert client.get("/api/school-years/", {"school": B1}).json()["count"] == 0


def test_a_year_filter_that_is_not_a_year_is_a_bad_request(world):
    response = client_for(world.county_admin).get("/api/school-years/", {"year": "abc"})
    assert response.status_code == 400
    assert error_fields(response) == ["year"]
    assert response.json()["errors"][0]["column"] == "年度"


def test_a_record_uses_the_templates_english_keys(world):
    response = client_for(world.principal).get(record_url(A1))
    assert response.status_code == 200
    body = response.json()
    record = SchoolYear.objects.get(school=world.school, year=2025)
    assert body["school_code"] == A1
    assert body["county_code"] == "610101"
    assert body["year"] == 2025
    assert body["status"] == "draft"
    assert body["version"] == record.version
    assert body["primary_students"] == 400
    assert body["teaching_room_area"] == 2000.0
    assert body["parent_school_code"] is None
    assert "comment" not in body
    assert set(record.figures()) <= set(body)


@pytest.mark.parametrize(
    ("role", "code"),
    [("principal", A2), ("township_officer", A3), ("inspector", A1), ("county_admin", B1)],
)
def test_a_record_outside_the_scope_is_not_found(world, role, code):
    assert client_for(persona(world, role)).get(record_url(code)).status_code == 404


def test_a_missing_year_is_not_found(world):
    assert client_for(world.principal).get(record_url(A1, 2019)).status_code == 404


# --- yearly records: writing -------------------------------------------------------------------


def put_body(world: Any, school: Any, **changes: Any) -> dict[str, Any]:
    record = SchoolYear.objects.filter(school=school, year=2025).first()
    body = figures_for(school, **changes)
    if record is not None:
        body["version"] = record.version
    return body


def test_a_principal_changes_the_schools_figures_and_the_change_is_audited(world):
    record = SchoolYear.objects.get(school=world.school, year=2025)
    body = put_body(world, world.school, primary_students=420, comment="据学籍系统更正")
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["primary_students"] == 420
    assert response.json()["version"] == record.version + 1
    record.refresh_from_db()
    assert record.primary_students == 420
    entry = AuditEntry.objects.get(object_type="collection.SchoolYear", object_id=str(record.pk))
    assert entry.action == "change"
    assert entry.actor == world.principal
    assert entry.before["primary_students"] == 400
    assert entry.after["primary_students"] == 420
    assert entry.comment == "据学籍系统更正"
    assert entry.school == world.school
    assert entry.year == 2025


def test_a_put_creates_a_missing_year(world):
    body = figures_for(world.school, primary_students=390)
    response = client_for(world.principal).put(record_url(A1, 2024), body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["version"] == 1
    record = SchoolYear.objects.get(school=world.school, year=2024)
    assert record.primary_students == 390
    assert record.updated_by == world.principal
    assert AuditEntry.objects.get(object_id=str(record.pk)).action == "create"


def test_columns_the_template_marks_optional_may_be_left_out(world):
    body = figures_for(world.school)
    for key in ("ownership", "affiliation", "parent_school_code", "senior_students"):
        del body[key]
    for key in [k for k in body if k.startswith("junior_")]:
        del body[key]
    response = client_for(world.principal).put(record_url(A1, 2024), body, format="json")
    assert response.status_code == 201, response.json()
    record = SchoolYear.objects.get(school=world.school, year=2024)
    assert (record.ownership, record.affiliation, record.junior_students) == ("公办", "县属", 0)


def test_a_required_column_left_out_is_named(world):
    body = figures_for(world.school)
    del body["teaching_room_area"]
    del body["primary_students"]
    response = client_for(world.principal).put(record_url(A1, 2024), body, format="json")
    assert response.status_code == 400
    assert set(error_fields(response)) == {"teaching_room_area", "primary_students"}
    assert not SchoolYear.objects.filter(school=world.school, year=2024).exists()


def test_a_negative_count_is_refused_naming_the_field_as_the_form_does(world):
    record = SchoolYear.objects.get(school=world.school, year=2025)
    body = put_body(world, world.school, primary_students=-5)
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "primary_students",
            "column": "小学在校生数",
            "message_zh": "不能为负数：-5",
            "message_en": "is negative: -5",
        }
    ]
    record.refresh_from_db()
    assert (record.primary_students, record.version) == (400, 1)
    assert not AuditEntry.objects.exists()


def test_more_qualified_teachers_than_teachers_is_refused(world):
    body = put_body(world, world.school, primary_qualified_teachers=30)
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == ["primary_qualified_teachers"]
    assert "小学专任教师数" in response.json()["errors"][0]["message_zh"]


def test_a_count_sent_as_text_is_refused(world):
    body = put_body(world, world.school, books="很多")
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "books",
            "column": "图书册数",
            "message_zh": "应为数字",
            "message_en": "must be a number",
        }
    ]


def test_a_fractional_count_is_refused(world):
    body = put_body(world, world.school, computers=60.5)
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == ["computers"]


def test_an_unknown_school_type_is_refused_by_the_template(world):
    body = put_body(world, world.school, school_type="大学")
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == ["school_type"]
    assert "九年一贯制学校" in response.json()["errors"][0]["message_zh"]


def test_an_unknown_key_is_refused_not_ignored(world):
    body = put_body(world, world.school, primary_student=410)
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == ["primary_student"]


def test_a_body_for_another_school_or_year_is_refused(world):
    body = put_body(world, world.school, school_code=A2, year=2024)
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert set(error_fields(response)) == {"school_code", "year"}


def test_a_body_that_is_not_an_object_is_refused(world):
    response = client_for(world.principal).put(record_url(A1), [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message_en"] == "the body must be a JSON object"


def test_changing_an_existing_record_needs_its_version(world):
    body = put_body(world, world.school, primary_students=410)
    del body["version"]
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == ["version"]
    response = client_for(world.principal).patch(
        record_url(A1), {"primary_students": 410}, format="json"
    )
    assert response.status_code == 400
    assert error_fields(response) == ["version"]


def test_a_stale_version_is_a_conflict_and_nothing_is_overwritten(world):
    client = client_for(world.principal)
    record = SchoolYear.objects.get(school=world.school, year=2025)
    stale = record.version
    first = client.patch(record_url(A1), {"primary_students": 410, "version": stale}, format="json")
    assert first.status_code == 200
    second = client_for(world.township_officer).patch(
        record_url(A1), {"primary_students": 999, "version": stale}, format="json"
    )
    assert second.status_code == 409
    assert error_fields(second) == ["version"]
    assert second.json()["errors"][0]["message_en"].startswith("someone else changed")
    record.refresh_from_db()
    assert record.primary_students == 410


def test_creating_with_a_version_is_a_conflict(world):
    body = dict(figures_for(world.school), version=3)
    response = client_for(world.principal).put(record_url(A1, 2024), body, format="json")
    assert response.status_code == 409


def test_a_patch_changes_only_the_fields_sent(world):
    record = SchoolYear.objects.get(school=world.school, year=2025)
    response = client_for(world.township_officer).patch(
        record_url(A1), {"books": 15000, "version": record.version}, format="json"
    )
    assert response.status_code == 200, response.json()
    record.refresh_from_db()
    assert (record.books, record.primary_students, record.school_name) == (15000, 400, "城关一小")


def test_a_patch_of_a_missing_year_is_not_found(world):
    response = client_for(world.principal).patch(
        record_url(A1, 2024), {"books": 1, "version": 1}, format="json"
    )
    assert response.status_code == 404


def test_a_record_read_can_be_put_back_unchanged(world):
    client = client_for(world.principal)
    body = client.get(record_url(A1)).json()
    response = client.put(record_url(A1), body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == body["version"]
    assert not AuditEntry.objects.exists()


def test_the_status_cannot_be_set_through_the_api(world):
    body = put_body(world, world.school, primary_students=410, status="approved")
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert SchoolYear.objects.get(school=world.school, year=2025).status == DataStatus.DRAFT


def test_a_locked_year_cannot_be_changed(world):
    CountyYear.objects.create(county=world.county, year=2025, locked=True)
    body = put_body(world, world.school, primary_students=410)
    response = client_for(world.county_admin).put(record_url(A1), body, format="json")
    assert response.status_code == 403
    error = response.json()["errors"][0]
    assert "锁定" in error["message_zh"]
    assert "locked" in error["message_en"]
    assert SchoolYear.objects.get(school=world.school, year=2025).primary_students == 400


def test_submitted_data_cannot_be_changed_by_the_school(world):
    SchoolYear.objects.filter(school=world.school).update(status=DataStatus.SUBMITTED)
    body = put_body(world, world.school, primary_students=410)
    response = client_for(world.principal).put(record_url(A1), body, format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["message_en"].startswith("the record is submitted")


def test_an_inspector_reads_but_cannot_write(world):
    client = client_for(world.inspector)
    assert client.get(record_url(A2)).status_code == 200
    body = put_body(world, world.sibling, primary_students=410)
    response = client.put(record_url(A2), body, format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["message_en"] == "not allowed for this school"


@pytest.mark.parametrize(
    ("role", "school"),
    [
        ("principal", "sibling"),
        ("township_officer", "far_school"),
        ("county_admin", "foreign_school"),
        ("inspector", "school"),
    ],
)
def test_a_write_outside_the_scope_is_not_found(world, role, school):
    target = persona(world, school)
    body = put_body(world, target, primary_students=410)
    response = client_for(persona(world, role)).put(record_url(target.code), body, format="json")
    assert response.status_code == 404
    assert SchoolYear.objects.get(school=target, year=2025).primary_students == 400


@pytest.mark.parametrize(("role", "code"), [("township_officer", A2), ("county_admin", A3)])
def test_each_writing_role_writes_inside_its_scope(world, role, code):
    target = SchoolYear.objects.get(school__code=code, year=2025)
    response = client_for(persona(world, role)).patch(
        record_url(code), {"books": 13000, "version": target.version}, format="json"
    )
    assert response.status_code == 200, response.json()


# --- evaluation --------------------------------------------------------------------------------


def evaluation(client: APIClient, **params: Any) -> Any:
    return client.get("/api/evaluation/", {"county": "610101", "year": 2025, **params})


@pytest.mark.parametrize("role", ["county_admin", "township_officer", "inspector"])
def test_each_role_sees_the_county_levels_and_only_its_schools(world, role):
    response = evaluation(client_for(persona(world, role)), standard="quality-2017")
    assert response.status_code == 200
    document = response.json()
    assert document["standard"] == "quality-2017"
    [county] = document["counties"]
    assert county["county_code"] == "610101"
    assert county["levels"]["primary"]["schools"] == 3  # a CV is a county fact
    assert {s["school_code"] for s in county["schools"]} == SCOPES[role]


def test_a_principal_gets_the_schools_view_not_the_countys_evaluation(world):
    # as on the web: a principal's evaluation is the school's values and gaps (dashboards)
    assert evaluation(client_for(world.principal)).status_code == 404


def test_the_evaluation_is_the_clis_contract(world):
    response = evaluation(client_for(world.county_admin), standard="quality-2017")
    expected = evaluation_to_dict(
        county_evaluation(county=world.county, year=2025, standard="quality-2017")
    )
    assert response.json() == expected


def test_the_basic_standard_reports_a_composite_cv(world):
    response = evaluation(client_for(world.county_admin), standard="basic-2012")
    assert response.status_code == 200
    level = response.json()["counties"][0]["levels"]["primary"]
    assert "composite_cv" in level
    assert "meets" not in response.json()["counties"][0]["schools"][0]


def test_the_standard_defaults_to_quality_2017(world):
    assert evaluation(client_for(world.county_admin)).json()["standard"] == "quality-2017"


@pytest.mark.parametrize(("role", "county"), [("foreign_admin", "610101"), ("principal", "610102")])
def test_a_county_outside_the_scope_is_not_found(world, role, county):
    response = evaluation(client_for(persona(world, role)), county=county)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"standard": "gold-2030"}, "standard"),
        ({"year": "twenty"}, "year"),
        ({"year": 1800}, "year"),
        ({"county": "61"}, "county"),
    ],
)
def test_a_bad_evaluation_request_names_the_parameter(world, params, field):
    response = evaluation(client_for(world.county_admin), **params)
    assert response.status_code == 400
    assert error_fields(response) == [field]


def test_an_evaluation_request_needs_county_and_year(world):
    response = client_for(world.county_admin).get("/api/evaluation/")
    assert response.status_code == 400
    assert set(error_fields(response)) == {"county", "year"}


def test_a_year_without_data_is_not_found(world):
    response = evaluation(client_for(world.county_admin), year=2019)
    assert response.status_code == 404
    assert "2019" in response.json()["errors"][0]["message_zh"]


def test_stored_data_that_cannot_be_evaluated_is_a_conflict_naming_the_problem(world):
    point = make_school(world.township, "6101010009", "失联教学点", school_type="小学教学点")
    # written directly: a teaching point whose parent has no data that year
    make_school_year(point, 2025, parent_school_code="6101019999")
    response = evaluation(client_for(world.county_admin))
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {
            "field": "parent_school_code",
            "column": "所属学校标识码",
            "message_zh": "学校 6101010009：所属学校 6101019999 在同一县同一年度的数据中不存在",
            "message_en": "school 6101010009: the parent school 6101019999 does not exist in "
            "the same county and year",
        }
    ]
    # a user who may not see the school is told what is wrong, not which school
    response = evaluation(client_for(world.inspector))
    assert response.status_code == 409
    assert response.json()["errors"][0]["message_zh"].startswith("所属学校 6101019999")


def test_the_evaluation_follows_a_change_through_the_api(world):
    client = client_for(world.county_admin)
    before = evaluation(client).json()["counties"][0]["levels"]["primary"]["students"]
    record = SchoolYear.objects.get(school=world.school, year=2025)
    client.patch(record_url(A1), {"primary_students": 500, "version": record.version}, "json")
    after = evaluation(client).json()["counties"][0]["levels"]["primary"]["students"]
    assert after == before + 100


# --- OpenAPI schema ----------------------------------------------------------------------------

ENDPOINTS = {
    "/api/token/": {"post"},
    "/api/schools/": {"get"},
    "/api/schools/{code}/": {"get"},
    "/api/school-years/": {"get"},
    "/api/school-years/{school_code}/{year}/": {"get", "put", "patch"},
    "/api/school-years/transition/": {"post"},
    "/api/evaluation/": {"get"},
}


def test_the_schema_is_valid_openapi_3_and_lists_every_endpoint(db):
    schema = openapi_schema()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    paths = {path: set(methods) - {"parameters"} for path, methods in schema["paths"].items()}
    assert paths == ENDPOINTS
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_schema_generates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )


def test_the_schema_needs_no_login_and_serves_yaml_by_default(db):
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_responses_match_the_schema(world):
    schema = openapi_schema()
    client = client_for(world.county_admin)
    for params, component in (
        ({"standard": "quality-2017"}, "Evaluation"),
        ({"standard": "basic-2012"}, "Evaluation"),
    ):
        assert_matches_schema(evaluation(client, **params).json(), component, schema)
    assert_matches_schema(client.get("/api/schools/").json(), "PaginatedSchoolList", schema)
    assert_matches_schema(client.get(f"/api/schools/{A1}/").json(), "School", schema)
    assert_matches_schema(
        client.get("/api/school-years/").json(), "PaginatedSchoolYearList", schema
    )
    assert_matches_schema(client.get(record_url(A1)).json(), "SchoolYear", schema)
    body = put_body(world, world.school, primary_students=-1)
    assert_matches_schema(client.put(record_url(A1), body, format="json").json(), "Error", schema)
    assert_matches_schema(APIClient().get("/api/schools/").json(), "Error", schema)
    token = APIClient().post("/api/token/", {"username": "principal", "password": PASSWORD})
    assert_matches_schema(token.json(), "Token", schema)


# --- the published contract, case by case (test_api_contract.py runs Schemathesis) -------------


def test_an_over_long_text_is_refused_naming_its_limit(world):
    record = SchoolYear.objects.get(school=world.school, year=2025)
    client = client_for(world.principal)
    for key, limit in (("school_name", 100), ("township", 100)):
        body = {key: "长" * (limit + 1), "version": record.version}
        response = client.patch(record_url(A1), body, format="json")
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert (error["field"], error["message_zh"]) == (key, f"不能超过 {limit} 个字")
        assert error["message_en"] == f"must be at most {limit} characters"


def test_text_with_control_characters_is_refused(world):
    record = SchoolYear.objects.get(school=world.school, year=2025)
    body = {"school_name": "城关\n一小", "version": record.version}
    response = client_for(world.principal).patch(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message_en"] == "must not contain control characters"


def test_an_empty_choice_is_refused_and_null_is_the_blank(world):
    record = SchoolYear.objects.get(school=world.school, year=2025)
    client = client_for(world.principal)
    body = {"ownership": "", "version": record.version}
    response = client.patch(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == ["ownership"]
    body = {"ownership": None, "version": record.version}
    assert client.patch(record_url(A1), body, format="json").status_code == 200


def test_a_count_beyond_the_columns_range_is_refused(world):
    record = SchoolYear.objects.get(school=world.school, year=2025)
    body = {"books": 3_000_000_000, "version": record.version}
    response = client_for(world.principal).patch(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message_en"] == "must be at most 2147483647"


def test_a_version_must_be_a_json_integer(world):
    response = client_for(world.principal).patch(
        record_url(A1), {"books": 1, "version": "1"}, format="json"
    )
    assert response.status_code == 400
    assert error_fields(response) == ["version"]


def test_a_record_read_back_must_be_well_formed(world):
    client = client_for(world.principal)
    body = client.get(record_url(A1)).json()
    body["status"] = "published"
    response = client.put(record_url(A1), body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == ["status"]


def test_a_form_encoded_write_is_an_unsupported_media_type(world):
    response = client_for(world.principal).patch(record_url(A1), {"books": "1"})
    assert response.status_code == 415
    assert response.json()["errors"][0]["message_en"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"school": "６１０１０１０００１"}, "school"),  # full-width digits
        ({"school": "٦١٠١٠١٠٠٠١"}, "school"),  # Arabic-Indic digits
        ({"county": "610101\n"}, "county"),
        ({"county": ""}, "county"),
        ({"year": ""}, "year"),
        ({"year": "2025.0"}, "year"),
        ({"year": " 2025"}, "year"),
    ],
)
def test_filters_take_exactly_what_the_schema_states(world, params, field):
    response = client_for(world.county_admin).get("/api/school-years/", params)
    assert response.status_code == 400
    assert error_fields(response) == [field]


@pytest.mark.parametrize(
    ("params", "field"), [({"type": ""}, "type"), ({"township": "东\t乡"}, "township")]
)
def test_school_filters_refuse_empty_choices_and_control_characters(world, params, field):
    response = client_for(world.county_admin).get("/api/schools/", params)
    assert response.status_code == 400
    assert error_fields(response) == [field]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "last", "", "1.0"])
def test_a_page_is_a_whole_number_from_one(world, page):
    response = client_for(world.county_admin).get("/api/schools/", {"page": page})
    assert response.status_code == 400
    assert error_fields(response) == ["page"]


def test_a_page_beyond_the_last_is_a_json_404(world):
    client = client_for(world.county_admin)
    assert client.get("/api/schools/", {"page": 1}).status_code == 200
    response = client.get("/api/schools/", {"page": 2})
    assert response.status_code == 404
    assert error_fields(response) == ["page"]


def test_a_wrong_password_is_refused_credentials_naming_the_scheme(world):
    response = APIClient().post(
        "/api/token/", {"username": "principal", "password": "wrong"}, format="json"
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_request_with_unknown_keys_is_refused(world):
    body = {"username": "principal", "password": PASSWORD, "remember": True}
    response = APIClient().post("/api/token/", body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == ["remember"]


def test_a_user_name_is_taken_as_typed(world):
    body = {"username": " principal", "password": PASSWORD}
    assert APIClient().post("/api/token/", body, format="json").status_code == 401


def test_the_schema_states_each_endpoints_statuses(db):
    paths = openapi_schema()["paths"]
    statuses = {
        (path, method): set(operation["responses"])
        for path, operations in paths.items()
        for method, operation in operations.items()
        if method != "parameters"
    }
    assert statuses[("/api/token/", "post")] == {"200", "400", "401", "415", "429"}
    assert statuses[("/api/schools/", "get")] == {"200", "400", "401", "404", "429"}
    assert statuses[("/api/schools/{code}/", "get")] == {"200", "400", "401", "404", "429"}
    record = "/api/school-years/{school_code}/{year}/"
    assert statuses[(record, "put")] == {
        "200",
        "201",
        "400",
        "401",
        "403",
        "404",
        "409",
        "415",
        "429",
    }
    assert statuses[("/api/evaluation/", "get")] == {"200", "400", "401", "404", "409", "429"}
    assert statuses[("/api/school-years/transition/", "post")] == {
        "200",
        "400",
        "401",
        "403",
        "404",
        "409",
        "415",
        "429",
    }
    for (path, method), documented in statuses.items():
        for status in documented - {"200", "201"}:
            response = paths[path][method]["responses"][status]
            assert response["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }, (path, method, status)


def test_the_schema_states_the_page_and_the_codes(db):
    paths = openapi_schema()["paths"]
    parameters = {p["name"]: p["schema"] for p in paths["/api/schools/"]["get"]["parameters"]}
    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["county"]["pattern"] == "^[0-9]{6}$"
    assert "" not in parameters["type"]["enum"]
    detail = {p["name"]: p["schema"] for p in paths["/api/schools/{code}/"]["get"]["parameters"]}
    assert detail["code"]["pattern"] == "^[0-9]{10}$"
