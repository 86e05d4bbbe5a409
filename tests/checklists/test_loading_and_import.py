"""Checklists in the database: the national ones loaded for a county, a province's imported
from a workbook (dry run, every problem, all or nothing) and exported back the same."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from checklists.generate import generated_checklist, generated_workbook
from checklists.test_workbook import edited, row_of
from junheng.audit.models import AuditEntry
from junheng.checklist_core.workbook import checklist_workbook, read_checklist_workbook
from junheng.checklists import imports, services
from junheng.checklists.choices import ImportStatus, Origin
from junheng.checklists.models import Checklist, ChecklistImport, ChecklistItem


def test_the_command_loads_both_national_checklists_for_a_county_once(world):
    out = io.StringIO()
    call_command("load_checklists", "--county", world.county.code, stdout=out)
    call_command("load_checklists", "--county", world.county.code, stdout=out)
    loaded = Checklist.objects.filter(county=world.county)
    assert sorted(loaded.values_list("key", flat=True)) == ["basic-2012", "quality-2017"]
    assert "已存在" in out.getvalue()
    quality = loaded.get(key="quality-2017")
    assert quality.items.count() == len(services.builtin_checklist("quality-2017").items)
    item = quality.items.get(code="2.5.1")
    assert item.parent.code == "2.5" and item.parent.parent.code == "2" and item.depth == 3
    assert quality.as_data() == services.builtin_checklist("quality-2017")


def test_loading_is_for_the_county_admin_only_and_audited(world):
    with pytest.raises(services.NotAllowed):
        services.checklist_load_builtin(
            actor=world.principal, county=world.county, key="basic-2012"
        )
    with pytest.raises(services.NotAllowed):
        services.checklist_load_builtin(
            actor=world.foreign_admin, county=world.county, key="basic-2012"
        )
    checklist = services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="basic-2012"
    )
    entry = AuditEntry.objects.get(object_type="checklists.Checklist", object_id=str(checklist.pk))
    assert entry.actor == world.county_admin and entry.after["items"] == len(
        services.builtin_checklist("basic-2012").items
    )
    with pytest.raises(services.ChecklistError):
        services.checklist_load_builtin(
            actor=world.county_admin, county=world.county, key="basic-2012"
        )


def preview(world, data: bytes, name: str = "陕西双高双普.xlsx") -> ChecklistImport:
    return imports.checklist_import_preview(
        actor=world.county_admin, county=world.county, name=name, data=data
    )


def test_a_160_item_province_workbook_previews_then_commits_whole(world):
    batch = preview(world, generated_workbook())
    assert batch.preview["problems"] == []
    assert batch.preview["checklist"]["levels"] == [8, 32, 156]
    assert len(batch.preview["items"]) == 196
    assert not Checklist.objects.exists()  # a dry run
    checklist = imports.checklist_import_commit(actor=world.county_admin, batch=batch)
    assert checklist.items.count() == 196 and checklist.origin == Origin.IMPORTED
    assert checklist.as_data() == generated_checklist()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED and batch.checklist == checklist


def test_the_exported_workbook_equals_the_imported_one(world):
    batch = preview(world, generated_workbook())
    checklist = imports.checklist_import_commit(actor=world.county_admin, batch=batch)
    exported = checklist_workbook(checklist.as_data())
    assert read_checklist_workbook(exported, file="x.xlsx") == generated_checklist()
    sheets = [load_workbook(io.BytesIO(b))["指标体系"] for b in (generated_workbook(), exported)]
    assert [list(r) for r in sheets[0].iter_rows(values_only=True)] == [
        list(r) for r in sheets[1].iter_rows(values_only=True)
    ]


def test_a_workbook_with_problems_lists_them_all_and_cannot_be_committed(world):
    data = generated_workbook()
    bad = edited(
        data,
        {
            (row_of(data, "1.1.1"), "code"): "1.1.x",
            (row_of(data, "2.1.1"), "max_score"): "两分",
            (row_of(data, "3.1.2"), "code"): "3.1.1",
            (row_of(data, "4.1"), "max_score"): 1,
        },
        delete_rows=[row_of(data, "5.2")],
    )
    batch = preview(world, bad)
    found = {(p["row"], p["column"]) for p in batch.preview["problems"]}
    texts = " ".join(p["zh"] for p in batch.preview["problems"])
    for words in ("格式不对", "不是数字", "重复", "不一致", "上级指标「5.2」不存在"):
        assert words in texts
    assert (row_of(data, "2.1.1"), "分值") in found
    with pytest.raises(imports.ImportFailed):
        imports.checklist_import_commit(actor=world.county_admin, batch=batch)
    assert not ChecklistItem.objects.exists()


def test_a_commit_rechecks_and_imports_nothing_when_the_key_was_taken_meanwhile(world):
    batch = preview(world, generated_workbook())
    imports.checklist_import_commit(
        actor=world.county_admin, batch=preview(world, generated_workbook())
    )
    with pytest.raises(imports.ImportFailed) as caught:
        imports.checklist_import_commit(actor=world.county_admin, batch=batch)
    assert "已有标识" in caught.value.problems[0].zh
    assert Checklist.objects.count() == 1


def test_a_file_that_is_not_xlsx_is_refused_in_the_preview(world):
    batch = preview(world, b"%PDF-1.4 ...", "指标.xlsx")
    assert "不符" in batch.preview["problems"][0]["zh"]


def test_only_the_county_admin_imports(world):
    with pytest.raises(services.NotAllowed):
        imports.checklist_import_preview(
            actor=world.township_officer, county=world.county, name="x.xlsx", data=b""
        )


def test_a_discarded_import_cannot_be_committed(world):
    batch = preview(world, generated_workbook())
    imports.checklist_import_discard(actor=world.county_admin, batch=batch)
    with pytest.raises(services.ChecklistError):
        imports.checklist_import_commit(actor=world.county_admin, batch=batch)


def test_an_unused_checklist_can_be_deleted(world):
    checklist = services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="basic-2012"
    )
    services.checklist_delete(actor=world.county_admin, checklist=checklist)
    assert not Checklist.objects.exists() and not ChecklistItem.objects.exists()
