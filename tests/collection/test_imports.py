"""Import of the template: the dry run changes nothing, problems name rows and columns, rows out
of the user's scope are refused, and the commit writes every row or none."""

from __future__ import annotations

from typing import Any

import pytest

from junheng.audit.models import AuditEntry
from junheng.collection import imports
from junheng.collection.choices import DataStatus, ImportStatus
from junheng.collection.exports import template_workbook
from junheng.collection.models import ImportBatch, SchoolYear
from junheng.collection.services import CollectionError, county_year_lock
from junheng.collection.template_rows import record_row
from junheng.evaluation.template import HEADERS, KEYS
from junheng.refusals import Refusal
from junheng.registry.models import School
from junheng.web import imports as flow

YEAR = 2025


def row_of(school, year=YEAR, **changes: Any) -> dict[str, Any]:
    row = record_row(SchoolYear.objects.get(school=school, year=year))
    row.update(changes)
    return row


def csv_file(rows: list[dict[str, Any]]) -> bytes:
    """A template CSV with Chinese headers: the header is row 1, the data start at row 2."""
    lines = [",".join(HEADERS[k] for k in KEYS)]
    lines += [",".join("" if r[k] is None else str(r[k]) for k in KEYS) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def preview(actor, rows, county=None, name="学校基本情况.csv") -> ImportBatch:
    """The stored batch, as the preview page reads it back."""
    batch = imports.import_preview(
        actor=actor, county=county or actor.county, name=name, data=csv_file(rows)
    )
    return ImportBatch.objects.get(pk=batch.pk)


def students(school) -> int:
    return SchoolYear.objects.get(school=school, year=YEAR).primary_students


def test_the_preview_lists_the_field_changes_and_writes_nothing(world):
    batch = preview(
        world.township_officer,
        [row_of(world.school, primary_students=450), row_of(world.sibling)],
    )

    assert batch.status == ImportStatus.PREVIEW
    assert batch.preview["problems"] == []
    [change] = batch.preview["changes"]
    assert change["school_code"] == world.school.code
    assert change["fields"] == [["primary_students", "小学在校生数", 400, 450]]
    assert batch.preview["unchanged"] == 1
    assert students(world.school) == 400
    assert not AuditEntry.objects.exists()


def test_problems_name_the_file_the_row_and_the_column_as_written(world):
    batch = preview(
        world.township_officer,
        [row_of(world.school), row_of(world.sibling, primary_students=-5, computers="很多")],
    )

    problems = {(p["file"], p["row"], p["column"]) for p in batch.preview["problems"]}
    assert ("学校基本情况.csv", 3, "小学在校生数") in problems
    assert ("学校基本情况.csv", 3, "教学用计算机台数") in problems
    assert all(p["zh"] for p in batch.preview["problems"])


def test_rows_of_schools_out_of_the_user_s_scope_are_refused(world):
    batch = preview(world.township_officer, [row_of(world.school), row_of(world.far_school)])

    [problem] = batch.preview["problems"]
    assert problem["row"] == 3 and problem["column"] == "学校标识码"
    assert "无权修改" in problem["zh"]


def test_rows_of_another_county_are_refused(world):
    batch = preview(world.county_admin, [row_of(world.foreign_school)])

    [problem] = batch.preview["problems"]
    assert problem["column"] == "县代码" and "不是本县" in problem["zh"]


def test_only_the_county_may_add_a_school_by_import(world):
    new = row_of(world.school, school_code="6101019999", school_name="新建小学")

    refused = preview(world.principal, [new])
    accepted = preview(world.county_admin, [new])

    assert "不在本县学校名录中" in refused.preview["problems"][0]["zh"]
    assert accepted.preview["problems"] == []
    assert accepted.preview["creates"][0]["new_school"] is True


def test_a_principal_cannot_import_over_submitted_data(world):
    SchoolYear.objects.filter(school=world.school).update(status=DataStatus.SUBMITTED)

    batch = preview(world.principal, [row_of(world.school, primary_students=401)])

    assert "不能通过导入修改" in batch.preview["problems"][0]["zh"]


def test_a_locked_year_cannot_be_imported(world):
    SchoolYear.objects.filter(school__county=world.county).update(status=DataStatus.APPROVED)
    county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)

    batch = preview(world.county_admin, [row_of(world.school, primary_students=401)])

    assert "锁定" in batch.preview["problems"][0]["zh"]


def test_the_commit_writes_every_row_with_audit_entries(world):
    new = row_of(world.school, school_code="6101019999", school_name="新建小学")
    batch = preview(world.county_admin, [row_of(world.school, primary_students=450), new])

    imports.import_commit(actor=world.county_admin, batch=batch)

    assert students(world.school) == 450
    created = School.objects.get(code="6101019999")
    assert SchoolYear.objects.get(school=created, year=YEAR).primary_students == 400
    assert ImportBatch.objects.get().status == ImportStatus.COMMITTED
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["change", "create", "create", "import"]
    change = AuditEntry.objects.get(action="change")
    assert "第 2 行" in change.comment


def test_the_commit_writes_nothing_when_a_later_row_fails(world, monkeypatch):
    batch = preview(
        world.township_officer,
        [row_of(world.school, primary_students=450), row_of(world.sibling, primary_students=460)],
    )
    real_save = imports.school_year_save
    calls = []

    def second_row_fails(**kwargs):
        calls.append(kwargs["school"])
        if len(calls) == 2:
            raise CollectionError("模拟失败", "simulated failure")
        return real_save(**kwargs)

    monkeypatch.setattr(imports, "school_year_save", second_row_fails)

    with pytest.raises(CollectionError):
        imports.import_commit(actor=world.township_officer, batch=batch)

    assert calls == [world.school, world.sibling]
    assert students(world.school) == 400  # the first row was rolled back
    assert students(world.sibling) == 400
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEW
    assert not AuditEntry.objects.exists()


def test_the_commit_checks_the_file_again_and_refuses_what_changed_since(world):
    batch = preview(
        world.township_officer,
        [row_of(world.school, primary_students=450), row_of(world.sibling, primary_students=460)],
    )
    SchoolYear.objects.filter(school=world.sibling).update(status=DataStatus.SUBMITTED)

    with pytest.raises(imports.ImportFailed) as failed:
        imports.import_commit(actor=world.township_officer, batch=batch)

    assert failed.value.problems[0].row == 3
    assert students(world.school) == 400 and students(world.sibling) == 400
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEW


def test_a_batch_is_committed_once_and_only_by_its_uploader(world):
    batch = preview(world.township_officer, [row_of(world.school, primary_students=450)])

    with pytest.raises(CollectionError):
        imports.import_commit(actor=world.county_admin, batch=batch)
    imports.import_commit(actor=world.township_officer, batch=batch)
    with pytest.raises(CollectionError):
        imports.import_commit(actor=world.township_officer, batch=batch)


def test_a_discarded_batch_writes_nothing_and_cannot_be_committed(world):
    batch = preview(world.township_officer, [row_of(world.school, primary_students=450)])

    imports.import_discard(actor=world.township_officer, batch=batch)

    assert ImportBatch.objects.get().status == ImportStatus.DISCARDED
    with pytest.raises(CollectionError):
        imports.import_commit(actor=world.township_officer, batch=batch)
    assert students(world.school) == 400


def test_an_export_imported_again_previews_no_creates_and_no_changes(world):
    records = SchoolYear.objects.filter(school__county=world.county, year=YEAR).select_related(
        "school", "school__county"
    )

    batch = imports.import_preview(
        actor=world.county_admin,
        county=world.county,
        name="示例县2025.xlsx",
        data=template_workbook(records),
    )

    assert batch.preview["problems"] == []
    assert batch.preview["creates"] == [] and batch.preview["changes"] == []
    assert batch.preview["unchanged"] == 3


# the rules of an import ask the policy about the county and the records -----------------


def test_another_county_s_admin_may_not_add_a_school_to_this_county(world):
    new = row_of(world.school, school_code="6101019999", school_name="新建小学")

    batch = preview(world.foreign_admin, [new], county=world.county)

    assert "不在本县学校名录中" in batch.preview["problems"][0]["zh"]
    assert batch.preview["creates"] == []


def test_the_county_may_import_over_data_already_sent_up(world):
    SchoolYear.objects.filter(school=world.school).update(status=DataStatus.REVIEWED)

    by_county = preview(world.county_admin, [row_of(world.school, primary_students=401)])
    by_township = preview(world.township_officer, [row_of(world.school, primary_students=401)])

    assert by_county.preview["problems"] == [] and len(by_county.preview["changes"]) == 1
    assert "不能通过导入修改" in by_township.preview["problems"][0]["zh"]


# the generic flow (junheng.web.imports) --------------------------------------------------


def test_a_failed_commit_is_the_flow_s_import_failure_and_a_collection_refusal():
    failure = imports.ImportFailed([])

    assert isinstance(failure, flow.ImportFailed) and isinstance(failure, CollectionError)
    assert isinstance(failure, Refusal)
    assert failure.zh == "导入文件有误，未导入任何数据" and failure.problems == []


def test_a_batch_is_claimed_only_while_it_awaits_its_uploader(world):
    batch = preview(world.township_officer, [row_of(world.school)])

    with pytest.raises(Refusal) as not_theirs:
        flow.batch_claim(actor=world.principal, batch=batch)
    flow.batch_discard(actor=world.township_officer, batch=batch)
    with pytest.raises(CollectionError):
        flow.batch_claim(actor=world.township_officer, batch=batch, refusal=CollectionError)

    assert "不属于您" in not_theirs.value.zh
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.before, entry.after) == (
        "discard",
        {"status": "preview"},
        {"status": "discarded", "file": "学校基本情况.csv"},
    )


def test_the_stored_file_is_read_back_as_uploaded(world):
    data = csv_file([row_of(world.school)])

    batch = imports.import_preview(
        actor=world.county_admin, county=world.county, name="a.csv", data=data
    )

    assert flow.batch_data(ImportBatch.objects.get(pk=batch.pk)) == data


def test_problems_sort_by_row_column_or_text_with_file_level_problems_first():
    problems = [
        {"file": "a.csv", "row": 3, "column": "B", "zh": "b"},
        {"file": "a.csv", "row": None, "column": None, "zh": "c"},
        {"file": "a.csv", "row": 2, "column": "C", "zh": "a"},
    ]

    def rows(sort):
        return [p["row"] for p in flow.sort_problems(problems, sort)]

    assert rows("row") == [None, 2, 3]
    assert rows("-row") == [3, 2, None]
    assert rows("column") == [None, 3, 2]
    assert rows("problem") == [2, 3, None]
    assert rows("anything else") == [None, 2, 3]


def test_a_preview_may_be_committed_only_while_pending_and_without_problems(world):
    clean = preview(world.township_officer, [row_of(world.school, primary_students=450)])
    broken = preview(world.township_officer, [row_of(world.school, primary_students=-1)])

    assert flow.ImportPreview.of(batch=clean).can_commit
    assert not flow.ImportPreview.of(batch=broken).can_commit
    imports.import_discard(actor=world.township_officer, batch=clean)
    assert not flow.ImportPreview.of(batch=ImportBatch.objects.get(pk=clean.pk)).can_commit


def test_the_yearly_data_flow_names_its_four_pages():
    from django.urls import reverse

    from junheng.collection.views import IMPORT

    names = IMPORT.names
    assert (names.upload, names.preview, names.commit, names.discard) == (
        "collection:import",
        "collection:import_preview",
        "collection:import_commit",
        "collection:import_discard",
    )
    assert reverse(names.commit, args=[7]) == "/data/import/7/commit/"


# --- hardening (issue 13 §1): bounded by scope, checked against the database's limits -------


def problems_of(batch: ImportBatch) -> list[tuple[int | None, str | None, str]]:
    return [(p["row"], p["column"], p["zh"]) for p in batch.preview["problems"]]


def test_a_count_beyond_the_database_s_integer_is_refused_in_the_preview(world):
    batch = preview(world.county_admin, [row_of(world.school, books=3_000_000_000)])

    [(row, column, zh)] = problems_of(batch)
    assert (row, column) == (2, HEADERS["books"])
    assert "超出可保存的范围" in zh and "2,147,483,647" in zh
    assert batch.preview["changes"] == []


def test_texts_beyond_the_database_s_columns_are_refused_in_the_preview(world):
    new = row_of(world.school, school_code="6101019999", school_name="校" * 101, township="镇" * 51)

    batch = preview(world.county_admin, [new])

    found = {(column, zh) for _row, column, zh in problems_of(batch)}
    assert (HEADERS["school_name"], "长度为 101 个字符，最多 100 个") in found
    assert (HEADERS["township"], "长度为 51 个字符，最多 50 个") in found


def test_texts_as_long_as_the_columns_pass_and_commit(world):
    new = row_of(world.school, school_code="6101019999", school_name="校" * 100, township="镇" * 50)
    batch = preview(world.county_admin, [new])
    assert batch.preview["problems"] == []

    imports.import_commit(actor=world.county_admin, batch=batch)

    assert School.objects.get(code="6101019999").name == "校" * 100


def test_a_parent_school_s_row_of_another_county_is_named_on_that_row(world):
    parent = row_of(
        world.school, school_code="6101019998", school_name="新中心小学", county_code="610102"
    )
    point = row_of(
        world.school,
        school_code="6101019999",
        school_name="新教学点",
        school_type="小学教学点",
        parent_school_code="6101019998",
        primary_students=30,
        primary_classes=3,
    )

    batch = preview(world.county_admin, [parent, point])

    found = problems_of(batch)
    assert any(row == 2 and "不是本县" in zh for row, _column, zh in found)
    [point_problem] = [zh for row, _column, zh in found if row == 3]
    assert "见于第 2 行" in point_problem and "610102" in point_problem


def test_a_parent_school_s_row_of_a_locked_year_is_named_on_that_row(world):
    from factories import make_school_year

    for school in (world.school, world.sibling, world.far_school):
        make_school_year(school, 2024)
    SchoolYear.objects.filter(school__county=world.county).update(status=DataStatus.APPROVED)
    county_year_lock(actor=world.county_admin, county=world.county, year=2024)
    parent = row_of(world.school, year=2024)
    point = row_of(
        world.school,
        school_code="6101019999",
        school_name="新教学点",
        school_type="小学教学点",
        parent_school_code=world.school.code,
        primary_students=30,
        primary_classes=3,
    )

    batch = preview(world.county_admin, [parent, point])

    found = problems_of(batch)
    assert any(row == 2 and "锁定" in zh for row, _column, zh in found)
    assert any(row == 3 and "见于第 2 行" in zh for row, _column, zh in found)


def test_a_file_beyond_what_the_user_s_scope_can_hold_is_refused_before_it_is_read(world):
    rows = [{**row_of(world.school), "year": 2000 + n} for n in range(11)]

    batch = preview(world.principal, rows)

    [(_row, _column, zh)] = problems_of(batch)
    assert "超过 10 行（您可修改的 1 所学校 × 10 个年度）" in zh


def test_a_county_s_limit_counts_its_schools_and_new_ones(world):
    limits = imports.import_limits(actor=world.county_admin, county=world.county)
    officer = imports.import_limits(actor=world.township_officer, county=world.county)

    assert limits.max_rows == (3 + imports.NEW_SCHOOLS_PER_FILE) * imports.YEARS_PER_FILE
    assert officer.max_rows == 2 * imports.YEARS_PER_FILE


def test_a_small_workbook_of_a_million_rows_is_refused_at_once(world):
    import io
    import time
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["x"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = b"<row><c><v>1</v></c></row>" * 1_000_000
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = sheet
            target.writestr(info.filename, content)
    assert len(out.getvalue()) < 150_000

    started = time.perf_counter()
    batch = imports.import_preview(
        actor=world.county_admin, county=world.county, name="炸弹.xlsx", data=out.getvalue()
    )

    assert time.perf_counter() - started < 1.0
    [problem] = ImportBatch.objects.get(pk=batch.pk).preview["problems"]
    assert problem["file"] == "炸弹.xlsx" and "未读取" in problem["zh"]


def test_the_form_s_checks_know_the_database_s_limits_too(world):
    from junheng.collection.validation import validate_figures

    record = SchoolYear.objects.get(school=world.school, year=YEAR)
    figures = {**record.figures(), "books": 3_000_000_000, "school_name": "校" * 101}

    found = validate_figures(school=world.school, year=YEAR, figures=figures)

    columns = {p.column for p in found}
    assert {HEADERS["books"], HEADERS["school_name"]} <= columns
