"""The class-size band columns through the web app: stored empty when not reported, exported and
imported back unchanged, written and read by the API, checked on the form."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from factories import figures_for
from junheng.collection import exports, imports
from junheng.collection.models import ImportBatch, SchoolYear
from junheng.collection.services import InvalidFigures, school_year_save

YEAR = 2025
BANDS = {
    "primary_classes_over_limit": 2,
    "primary_large_classes": 1,
    "primary_very_large_classes": 0,
}


def record(world) -> SchoolYear:
    return SchoolYear.objects.get(school=world.school, year=YEAR)


def test_a_record_without_bands_holds_them_as_not_reported(world):
    assert record(world).primary_large_classes is None
    assert record(world).figures()["junior_very_large_classes"] is None


def test_the_export_carries_the_bands_and_imports_back_unchanged(world):
    SchoolYear.objects.filter(school=world.school, year=YEAR).update(**BANDS)
    records = SchoolYear.objects.filter(school__county=world.county, year=YEAR)
    data = exports.template_workbook(records.order_by("school__code"))

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    headers = [c.value for c in sheet[3]]
    assert headers[-6:] == [
        "小学超过45人班数",
        "初中超过50人班数",
        "小学大班额班数",
        "初中大班额班数",
        "小学超大班额班数",
        "初中超大班额班数",
    ]
    first = [c.value for c in sheet[4]]
    assert first[-6:] == [2, None, 1, None, 0, None]

    batch = imports.import_preview(
        actor=world.county_admin, county=world.county, name="导出.xlsx", data=data
    )
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.preview["problems"] == []
    assert batch.preview["changes"] == [] and batch.preview["creates"] == []
    assert batch.preview["unchanged"] == records.count()


def test_an_imported_band_is_stored_and_an_empty_one_stays_unknown(world):
    SchoolYear.objects.filter(school=world.school, year=YEAR).update(**BANDS)
    data = exports.template_workbook(SchoolYear.objects.filter(school=world.school, year=YEAR))
    SchoolYear.objects.filter(school=world.school, year=YEAR).update(
        primary_classes_over_limit=None, primary_large_classes=None, primary_very_large_classes=None
    )

    batch = imports.import_preview(
        actor=world.principal, county=world.county, name="导出.xlsx", data=data
    )
    [change] = ImportBatch.objects.get(pk=batch.pk).preview["changes"]
    assert ["primary_classes_over_limit", "小学超过45人班数", None, 2] in change["fields"]
    imports.import_commit(actor=world.principal, batch=batch)

    stored = record(world)
    assert (stored.primary_classes_over_limit, stored.primary_large_classes) == (2, 1)
    assert stored.junior_classes_over_limit is None


def test_the_form_s_rules_refuse_a_band_beyond_the_classes(world):
    try:
        school_year_save(
            actor=world.principal,
            school=world.school,
            year=YEAR,
            figures=figures_for(world.school, primary_large_classes=11),  # 10 classes
            expected_version=record(world).version,
        )
    except InvalidFigures as error:
        assert ("小学大班额班数", "（11）多于「小学班数」") in [
            (p.column, p.zh) for p in error.problems
        ]
    else:
        raise AssertionError("a band beyond the classes was saved")


def api(user: Any) -> APIClient:
    cache.clear()
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_api_reads_and_writes_the_bands(world):
    client = api(world.principal)
    url = f"/api/school-years/{world.school.code}/{YEAR}/"

    read = client.get(url).json()
    assert read["primary_large_classes"] is None

    written = client.patch(
        url, {"version": read["version"], "primary_large_classes": 1}, format="json"
    )
    assert written.status_code == 200, written.content
    assert written.json()["primary_large_classes"] == 1
    assert record(world).primary_large_classes == 1
