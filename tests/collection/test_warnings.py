"""Two-level checks (issue 14 §2, 逻辑校验 / 经验校验): errors block as before; warnings — a change
from last year beyond its band, students per class above 66 or below 5, a per-student value far
outside what schools of the type report — are saved but need a 说明 each to be submitted; the
说明 is kept with the record (audited), the reviewer sees last year's values, the changes, the
说明 and earlier return comments, and the import preview lists the warnings."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from factories import PRIMARY_FIGURES, figures_for, make_school_year
from junheng.audit.models import AuditEntry
from junheng.collection import imports, services
from junheng.collection.choices import DataStatus
from junheng.collection.forms import note_field_name
from junheng.collection.models import ImportBatch, SchoolYear
from junheng.collection.rules import WarningsUnexplained
from junheng.collection.template_rows import record_row
from junheng.collection.validation import figure_warnings
from junheng.evaluation.template import HEADERS, KEYS

YEAR = 2025


def codes(figures: dict[str, Any], previous: dict[str, Any] | None = None) -> list[str]:
    return [w.code for w in figure_warnings(figures=figures, previous=previous)]


# the checks -------------------------------------------------------------------------------


def test_usual_figures_raise_no_warning():
    assert codes(dict(PRIMARY_FIGURES)) == []
    assert codes(dict(PRIMARY_FIGURES), previous=dict(PRIMARY_FIGURES)) == []


def test_99999_students_in_25_classes_warn_of_the_class_size():
    figures = {**PRIMARY_FIGURES, "primary_students": 99_999, "primary_classes": 25}

    [warning] = [w for w in figure_warnings(figures=figures) if w.code == "class_size:primary"]

    assert warning.column == "小学班数"
    assert warning.zh.startswith("小学平均每班 4000.0 人，超过 66 人")


@pytest.mark.parametrize(
    ("students", "warned"), [(660, False), (670, True), (50, False), (40, True)]
)
def test_students_per_class_warn_above_66_and_below_5(students, warned):
    figures = {**PRIMARY_FIGURES, "primary_students": students, "primary_classes": 10}

    assert ("class_size:primary" in codes(figures)) is warned


def test_a_change_from_last_year_beyond_its_band_warns_per_field():
    last = dict(PRIMARY_FIGURES)  # 400 students, 2,000 m²
    within = {**last, "primary_students": 510}  # +27.5 %
    beyond = {**last, "primary_students": 530, "teaching_room_area": 1000.0}

    assert "change:primary_students" not in codes(within, last)
    [students] = [
        w
        for w in figure_warnings(figures=beyond, previous=last)
        if w.code == "change:primary_students"
    ]
    assert students.zh == "较上年度增加 32%（400 → 530），超过 30%，请核实"
    assert "change:teaching_room_area" in codes(beyond, last)


def test_a_small_change_of_a_small_figure_does_not_warn():
    last = {**PRIMARY_FIGURES, "multimedia_classrooms": 2}

    assert codes({**last, "multimedia_classrooms": 4}, last) == []


def test_a_per_student_value_far_outside_the_type_s_band_warns():
    figures = {**PRIMARY_FIGURES, "teaching_room_area": 20.0}  # 0.05 m² per student

    [warning] = figure_warnings(figures=figures)

    assert warning.code == "ratio:teaching_room_area_per_student"
    assert warning.column == "教学及辅助用房面积"
    assert "生均教学及辅助用房面积 0.05 平方米" in warning.zh


def test_a_teaching_point_has_its_own_bands():
    point = {
        **PRIMARY_FIGURES,
        "school_type": "小学教学点",
        "primary_students": 20,
        "primary_classes": 3,
        "primary_teachers": 4,
        "teaching_room_area": 800.0,
        "sports_area": 1500.0,
        "equipment_value": 10.0,
        "computers": 8,
        "books": 2000,
    }

    assert codes(point) == []
    assert "ratio:teaching_room_area_per_student" in codes({**point, "school_type": "小学"})


# saving and submitting ----------------------------------------------------------------------


def save(actor, school, *, notes=None, **changes):
    record = SchoolYear.objects.get(school=school, year=YEAR)
    return services.school_year_save(
        actor=actor,
        school=school,
        year=YEAR,
        figures=figures_for(school, **changes),
        expected_version=record.version,
        notes=notes,
    )


def test_a_warning_does_not_block_the_save_but_the_submit_until_explained(world):
    record = save(world.principal, world.school, primary_students=700, primary_classes=10)
    assert record.primary_students == 700  # saved

    with pytest.raises(WarningsUnexplained) as refused:
        services.school_year_submit(actor=world.principal, record=record)
    assert "1 条数据提醒尚未填写说明，不能上报" in refused.value.zh
    assert "小学班数：小学平均每班 70.0 人，超过 66 人" in refused.value.zh
    assert "no explanation" in refused.value.en
    assert SchoolYear.objects.get(pk=record.pk).status == DataStatus.DRAFT

    record = save(
        world.principal,
        world.school,
        primary_students=700,
        primary_classes=10,
        notes={"class_size:primary": "  学籍系统导出错误，已核实  "},
    )
    assert record.warning_notes == {"class_size:primary": "学籍系统导出错误，已核实"}
    services.school_year_submit(actor=world.principal, record=record)
    assert SchoolYear.objects.get(pk=record.pk).status == DataStatus.SUBMITTED


def test_the_note_is_audited_and_dropped_with_its_warning(world):
    save(world.principal, world.school, primary_students=700, primary_classes=10)
    save(
        world.principal,
        world.school,
        primary_students=700,
        primary_classes=10,
        notes={"class_size:primary": "核实无误", "change:books": "no such warning"},
    )
    entry = AuditEntry.objects.filter(action="change", school=world.school).latest("pk")
    assert entry.before["warning_notes"] == {}
    assert entry.after["warning_notes"] == {"class_size:primary": "核实无误"}

    record = save(world.principal, world.school)  # corrected: the warning and its note go
    assert record.warning_notes == {}
    services.school_year_submit(actor=world.principal, record=record)


def test_saving_without_notes_keeps_those_given_before(world):
    save(
        world.principal,
        world.school,
        primary_students=700,
        primary_classes=10,
        notes={"class_size:primary": "核实无误"},
    )

    record = save(world.principal, world.school, primary_students=690, primary_classes=10)

    assert record.warning_notes == {"class_size:primary": "核实无误"}


# the pages ----------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entry_url(school) -> str:
    return reverse("collection:school_year", args=[YEAR, school.pk])


def form_data(school, version, **changes) -> dict:
    figures = figures_for(school, **changes)
    return {**{k: "" if v is None else v for k, v in figures.items()}, "version": version}


def test_the_data_form_shows_each_warning_with_a_field_for_its_note(world):
    SchoolYear.objects.filter(school=world.school, year=YEAR).update(
        primary_students=700, primary_classes=10
    )
    client = client_for(world.principal)

    page = client.get(entry_url(world.school)).content.decode()
    assert "数据提醒（经验校验）" in page and "小学平均每班 70.0 人" in page
    name = note_field_name("class_size:primary")
    assert f'name="{name}"' in page

    data = form_data(world.school, 1, primary_students=700, primary_classes=10)
    response = client.post(entry_url(world.school), {**data, name: "已核实"})
    assert response.status_code == 302
    record = SchoolYear.objects.get(school=world.school, year=YEAR)
    assert record.warning_notes == {"class_size:primary": "已核实"}

    submitted = client.post(
        reverse("collection:school_year_act", args=[YEAR, world.school.pk]), {"action": "submit"}
    )
    assert submitted.status_code == 302
    assert SchoolYear.objects.get(pk=record.pk).status == DataStatus.SUBMITTED


def test_a_refused_submit_says_why_on_the_page(world):
    SchoolYear.objects.filter(school=world.school, year=YEAR).update(
        primary_students=700, primary_classes=10
    )
    client = client_for(world.principal)

    page = client.post(
        reverse("collection:school_year_act", args=[YEAR, world.school.pk]),
        {"action": "submit"},
        follow=True,
    ).content.decode()

    assert "尚未填写说明，不能上报" in page
    assert SchoolYear.objects.get(school=world.school, year=YEAR).status == DataStatus.DRAFT


def test_the_reviewer_sees_last_year_the_changes_the_notes_and_earlier_returns(world):
    make_school_year(world.school, YEAR - 1, primary_students=300)
    record = save(world.principal, world.school, primary_students=400)  # +33 %: a warning
    record = save(
        world.principal,
        world.school,
        primary_students=400,
        notes={"change:primary_students": "新建小区入学"},
    )
    services.school_year_submit(actor=world.principal, record=record)
    services.school_year_return(actor=world.township_officer, record=record, comment="请附学籍名册")
    record = SchoolYear.objects.get(pk=record.pk)
    services.school_year_submit(actor=world.principal, record=record)

    page = client_for(world.township_officer).get(entry_url(world.school)).content.decode()

    assert "与上年度对比（2024 → 2025）" in page
    assert (
        '<th scope="row">小学在校生数</th><td class="num">300</td><td class="num">400</td>' in page
    )
    assert "+100（+33%）" in page
    assert "新建小区入学" in page
    assert "历次退回意见" in page and "请附学籍名册" in page


# the import preview -------------------------------------------------------------------------


def csv_file(rows: list[dict[str, Any]]) -> bytes:
    lines = [",".join(HEADERS[k] for k in KEYS)]
    lines += [",".join("" if r.get(k) is None else str(r[k]) for k in KEYS) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_the_import_preview_lists_the_warnings_and_still_imports(world):
    row = record_row(SchoolYear.objects.get(school=world.school, year=YEAR))
    row.update(primary_students=700, primary_classes=10)
    batch = imports.import_preview(
        actor=world.principal, county=world.county, name="数据.csv", data=csv_file([row])
    )
    batch = ImportBatch.objects.get(pk=batch.pk)

    assert batch.preview["problems"] == []
    [warning] = batch.preview["warnings"]
    assert warning["row"] == 2 and warning["school_code"] == world.school.code
    assert warning["column"] == "小学班数" and "70.0 人" in warning["zh"]

    page = (
        client_for(world.principal)
        .get(reverse("collection:import_preview", args=[batch.pk]))
        .content.decode()
    )
    assert "数据提醒（经验校验）" in page and "70.0 人" in page

    imports.import_commit(actor=world.principal, batch=batch)
    assert SchoolYear.objects.get(school=world.school, year=YEAR).primary_students == 700
