"""Issue 14 §7 on the school-data pages: in English the data form (its comparison with last
year and its warnings), the import preview, the audit history and the what-if page name the
template's columns, school types and urban/rural values and the indicators in English, while
the files keep the template's Chinese headers; in Chinese the pages say what they said.

User data stays as written: school, township and person names, an uploaded file's name."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from factories import make_school_year
from junheng.collection import imports
from junheng.collection.models import ImportBatch, SchoolYear
from junheng.collection.services import school_year_save
from junheng.collection.template_rows import record_row
from junheng.collection.validation import figure_warnings, problem_text, validate_figures
from junheng.evaluation.template import HEADERS, KEYS
from junheng.registry.services import school_update
from site_wide.test_english_pages import (
    BILINGUAL,
    CJK,
    chinese_left,
    english,
    visible_text,
)

YEAR = 2025
FILE = "示例县学校基本情况.csv"  # the uploaded file's name: the user's


def left(html: str) -> list[str]:
    """The Chinese left outside user data (an uploaded file's name is the user's)."""
    return chinese_left(html.replace(FILE, " "))


def csv_file(rows: list[dict[str, Any]]) -> bytes:
    lines = [",".join(HEADERS[k] for k in KEYS)]
    lines += [",".join("" if r[k] is None else str(r[k]) for k in KEYS) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def row_of(school, year=YEAR, **changes: Any) -> dict[str, Any]:
    row = record_row(SchoolYear.objects.get(school=school, year=year))
    row.update(changes)
    return row


@pytest.fixture
def preview(world) -> ImportBatch:
    """A county admin's preview: one record changed (its urban/rural category and, far beyond
    last year's band, its students: a warning), one created (every column)."""
    make_school_year(world.sibling, YEAR - 1)
    SchoolYear.objects.filter(school=world.far_school, year=YEAR).delete()
    rows = [
        row_of(world.sibling, location="乡村", primary_students=800, primary_classes=16),
        {
            **row_of(world.school),
            "school_code": world.far_school.code,
            "school_name": world.far_school.name,
            "township": world.far_school.township.name,
        },
    ]
    return imports.import_preview(
        actor=world.county_admin, county=world.county, name=FILE, data=csv_file(rows)
    )


def test_the_import_preview_names_columns_values_and_warnings_in_english(client, world, preview):
    assert preview.preview["changes"] and preview.preview["creates"]
    assert preview.preview["warnings"]
    url = reverse("collection:import_preview", args=[preview.pk])
    client.force_login(world.county_admin)
    chinese = client.get(url).content.decode()
    assert "城乡分类" in chinese and "乡村" in chinese and "小学在校生数" in chinese
    assert not BILINGUAL.findall(visible_text(chinese))
    english(client, world.county_admin)
    html = client.get(url).content.decode()
    assert "Urban/rural category" in html and "Rural" in html and "Primary students" in html
    assert left(html) == []


def test_a_preview_problem_names_the_column_in_english_and_keeps_its_chinese(world):
    row = row_of(world.school, primary_qualified_teachers=40)  # more than its 26 teachers
    batch = imports.import_preview(
        actor=world.county_admin, county=world.county, name=FILE, data=csv_file([row])
    )
    [problem] = batch.preview["problems"]
    assert "小学专任教师数" in problem["zh"]  # the CLI's and the Chinese page's words
    assert '"Primary full-time teachers"' in problem["en"] and not CJK.search(problem["en"])


def test_the_preview_page_lists_a_problem_under_its_column_in_the_readers_language(client, world):
    row = row_of(world.school, primary_qualified_teachers=40)
    batch = imports.import_preview(
        actor=world.county_admin, county=world.county, name=FILE, data=csv_file([row])
    )
    [problem] = batch.preview["problems"]
    assert problem["column"]  # the problem names its column
    url = reverse("collection:import_preview", args=[batch.pk])
    client.force_login(world.county_admin)
    chinese = client.get(url).content.decode()
    assert f'<td class="nowrap">{problem["column"]}</td>' in chinese
    english(client, world.county_admin)
    html = client.get(url).content.decode()
    assert left(html) == []


def test_the_data_forms_problems_and_warnings_read_in_english(world):
    figures = dict(world.school.years.get(year=YEAR).figures(), primary_qualified_teachers=40)
    [problem] = validate_figures(school=world.school, year=YEAR, figures=figures)
    previous = dict(figures, primary_students=100, teaching_room_area=20.0)
    warnings = figure_warnings(figures=figures, previous=previous)
    assert warnings
    with translation.override("en"):
        assert not CJK.search(problem_text(problem)), problem_text(problem)
        for warning in warnings:
            assert not CJK.search(warning.en), warning.en
    with translation.override("zh-hans"):
        assert problem_text(problem) == problem.zh and "小学专任教师数" in problem.zh


def test_the_data_form_compares_with_last_year_in_english(client, world):
    make_school_year(world.school, YEAR - 1, primary_students=300)
    url = reverse("collection:school_year", args=[YEAR, world.school.pk])
    client.force_login(world.principal)
    chinese = client.get(url).content.decode()
    assert "与上年度对比" in chinese and "小学在校生数" in chinese and "（+33%）" in chinese
    english(client, world.principal)
    html = client.get(url).content.decode()
    assert "Primary students" in html and " (+33%)" in html
    assert left(html) == []


@pytest.fixture
def history(world):
    """The audit trail of a registry change (urban/rural 城区 → 乡村), of a record changed on
    the form, and of an import (its comment 「导入 … 第 N 行」)."""
    school = world.far_school
    school_update(
        actor=world.county_admin,
        school=school,
        name=school.name,
        school_type=school.school_type,
        location="城区",
        ownership=school.ownership,
        affiliation=school.affiliation,
        township=school.township,
        parent=None,
        latitude=None,
        longitude=None,
    )
    record = world.school.years.get(year=YEAR)
    school_year_save(
        actor=world.principal,
        school=world.school,
        year=YEAR,
        figures=dict(record.figures(), primary_students=420),
        expected_version=record.version,
    )
    batch = imports.import_preview(
        actor=world.county_admin,
        county=world.county,
        name=FILE,
        data=csv_file(
            [
                row_of(
                    world.sibling,
                    school_type="九年一贯制学校",
                    junior_students=100,
                    junior_classes=3,
                    junior_teachers=8,
                    junior_qualified_teachers=8,
                    junior_senior_title_teachers=4,
                    junior_backbone_teachers=1,
                    junior_pe_art_teachers=1,
                )
            ]
        ),
    )
    assert not batch.preview["problems"], batch.preview["problems"]
    imports.import_commit(actor=world.county_admin, batch=batch)
    return world


def test_the_audit_history_reads_in_english(client, history):
    world = history
    url = reverse("collection:history")
    client.force_login(world.county_admin)
    chinese = client.get(url).content.decode()
    for text in ("城乡分类", "乡村", "城区", "小学在校生数", "九年一贯制学校", "导入 "):
        assert text in chinese, text
    assert not BILINGUAL.findall(visible_text(chinese))
    english(client, world.county_admin)
    html = client.get(url).content.decode()
    for text in (
        "Urban/rural category",
        "Rural",
        "Urban",
        "Primary students",
        "Nine-year integrated school",
        f"Imported from {FILE}, row 2",
    ):
        assert text in html, text
    assert left(html) == []
    school_page = reverse("collection:school_history", args=[world.school.pk])
    assert left(client.get(school_page).content.decode()) == []


def test_the_what_if_page_reads_in_english(client, world):
    url = reverse("dashboards:what_if", args=[world.county.code, YEAR, world.school.code])
    client.force_login(world.county_admin)
    chinese = client.post(url, {"primary_students": "500"}).content.decode()
    assert "小学在校生数" in chinese and "生均教学及辅助用房面积" in chinese
    english(client, world.county_admin)
    html = client.post(url, {"primary_students": "500"}).content.decode()
    assert "Primary students" in html and "生均教学及辅助用房面积" not in html
    assert left(html) == []


def test_the_data_forms_refusal_names_the_fields_in_english(client, world):
    record = world.school.years.get(year=YEAR)
    figures = dict(record.figures(), primary_qualified_teachers=40)  # more than its 26 teachers
    data = {k: "" if v is None else v for k, v in figures.items()}
    data.update(version=record.version, comment="")
    url = reverse("collection:school_year", args=[YEAR, world.school.pk])
    client.force_login(world.principal)
    chinese = client.post(url, data).content.decode()
    assert "多于「小学专任教师数」" in chinese
    english(client, world.principal)
    html = client.post(url, data).content.decode()
    assert 'exceeds "Primary full-time teachers"' in html.replace("&quot;", '"')
    assert left(html) == []
