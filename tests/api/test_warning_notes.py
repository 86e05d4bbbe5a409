"""说明 through the API: a record's `warning_notes` (warning code → text, up to 500 characters,
no NUL) is written with the figures and passed to `school_year_save(notes=...)`; a read shows
the warnings the figures raise now, each with its note; both are in the schema."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.test_api import A1, assert_matches_schema, client_for, openapi_schema, record_url
from factories import make_school, make_school_year
from junheng.audit.models import AuditEntry
from junheng.collection.models import SchoolYear

CROWDED = {"primary_students": 700, "primary_classes": 10}  # 70 a class: above 66, warned
CODE = "class_size:primary"


def patch(world, **body):
    record = SchoolYear.objects.get(school=world.school, year=2025)
    return client_for(world.principal).patch(
        record_url(A1), {"version": record.version, **body}, format="json"
    )


def test_a_note_is_saved_audited_and_read_back_with_its_warning(world):
    response = patch(world, **CROWDED, warning_notes={CODE: " 两个班合班上课，已核实 "})

    assert response.status_code == 200, response.json()
    [warning] = response.json()["warnings"]
    assert (warning["code"], warning["note"]) == (CODE, "两个班合班上课，已核实")
    assert "超过 66 人" in warning["message"] and warning["message_en"]
    assert response.json()["warning_notes"] == {CODE: "两个班合班上课，已核实"}
    entry = AuditEntry.objects.filter(object_type="collection.SchoolYear").latest("pk")
    assert entry.after["warning_notes"] == {CODE: "两个班合班上课，已核实"}

    read = client_for(world.county_admin).get(record_url(A1)).json()
    assert read["warnings"] == response.json()["warnings"]
    assert_matches_schema(read, "SchoolYear", openapi_schema())


def test_without_notes_the_saved_ones_stay_and_a_note_without_its_warning_goes(world):
    patch(world, **CROWDED, warning_notes={CODE: "已核实", "change:books": "无此提醒"})
    assert SchoolYear.objects.get(school=world.school).warning_notes == {CODE: "已核实"}

    kept = patch(world, primary_students=690, primary_classes=10)  # still warned: note stays
    assert kept.json()["warnings"][0]["note"] == "已核实"
    assert patch(world, primary_students=691, warning_notes=None).json()["warning_notes"] == {
        CODE: "已核实"
    }

    fixed = patch(world, primary_students=400, primary_classes=10)  # no warning: no note
    assert fixed.json()["warnings"] == [] and fixed.json()["warning_notes"] == {}


def test_an_unexplained_warning_reads_with_a_null_note(world):
    response = patch(world, **CROWDED)
    assert [(w["code"], w["note"]) for w in response.json()["warnings"]] == [(CODE, None)]


def test_an_over_long_note_or_one_with_nul_is_refused_and_nothing_changes(world):
    too_long = patch(world, **CROWDED, warning_notes={CODE: "长" * 501})
    assert too_long.status_code == 400
    [error] = too_long.json()["errors"]
    assert error["field"] == "warning_notes" and "500" in error["message_zh"], error
    # NUL is refused before the body is read (the site's rule for every request)
    assert patch(world, **CROWDED, warning_notes={CODE: "核实\x00无误"}).status_code == 400
    assert SchoolYear.objects.get(school=world.school).primary_students != 700
    assert patch(world, **CROWDED, warning_notes={CODE: "长" * 500}).status_code == 200
    assert patch(world, warning_notes=["not", "an object"]).status_code == 400


def test_a_record_read_with_its_warnings_may_be_sent_back(world):
    patch(world, **CROWDED, warning_notes={CODE: "已核实"})
    client = client_for(world.principal)
    body = client.get(record_url(A1)).json()
    assert body["warnings"]
    response = client.put(record_url(A1), body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["warning_notes"] == {CODE: "已核实"}


def test_the_list_finds_the_warnings_of_a_page_in_a_fixed_number_of_queries(world):
    client = client_for(world.county_admin)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/school-years/").status_code == 200
    for n in range(12):
        school = make_school(world.township, f"61010100{50 + n}", f"新校{n}")
        make_school_year(school, 2024)
        make_school_year(school, 2025, **CROWDED)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/school-years/")
    assert len(many) == len(few)
    crowded = [r for r in response.json()["results"] if r["warnings"]]
    assert len(crowded) == 12


def test_the_schema_documents_the_notes_and_their_limits(db):
    schema = openapi_schema()["components"]["schemas"]
    notes = schema["PatchedSchoolYearRequest"]["properties"]["warning_notes"]
    assert notes["type"] == "object" and notes["nullable"] is True
    assert notes["additionalProperties"]["maxLength"] == 500
    assert "\\u0000" in notes["additionalProperties"]["pattern"]
    warning = schema["FigureWarning"]["properties"]
    assert set(warning) == {"code", "column", "message", "message_en", "note"}
    assert schema["SchoolYear"]["properties"]["warnings"]["readOnly"] is True
