"""The ledgers built in the background: the Word ledger with its photos and 一校一档 as a zip,
read back with python-docx, zipfile and openpyxl; who may start them."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from checklists.matrix import assignment_for
from junheng.jobs.models import Job
from ledgers.builders import PAYLOADS, ledger_data
from ledgers.readers import body_rows, job_result, rows, workbook

pytestmark = pytest.mark.django_db


def _start(client, user, name: str, data: dict | None = None):
    client.force_login(user)
    return client.post(reverse(f"ledgers:{name}_start"), data or {})


def test_the_word_ledger_holds_every_problem_with_its_photos(client, world):
    ledger_data(world)
    job, content = job_result(_start(client, world.county_admin, "problems_docx"))
    assert job.result_name.startswith("示例县问题整改台账（含照片）") and job.result_name.endswith(
        ".docx"
    )
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert document.paragraphs[0].text == "示例县问题整改台账"
    table = document.tables[0]
    heading = table.rows[0]
    assert heading.cells[2].text == "问题描述"
    assert heading._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert len(table.rows) == 4  # the heading and the county's three problems
    units = [row.cells[1].text for row in table.rows[1:]]
    assert "北镇小学" not in units and "城关一小" in units
    closed = next(row for row in table.rows[1:] if row.cells[1].text == "城关一小")
    assert closed.cells[2].text == PAYLOADS[0]
    pictures = closed._tr.findall(".//" + qn("w:drawing"))
    assert len(pictures) == 3  # one photo as found, two of the proof
    assert len(document.inline_shapes) == 3


def test_the_word_ledger_of_a_principal_holds_only_their_school(client, world):
    ledger_data(world)
    _, content = job_result(_start(client, world.principal, "problems_docx"))
    table = Document(io.BytesIO(content)).tables[0]
    assert [row.cells[1].text for row in table.rows[1:]] == ["城关一小"]


def test_a_workbook_started_in_the_background_keeps_the_lists_filters(client, world):
    ledger = ledger_data(world)
    data = {"school": str(world.sibling.pk), "csrfmiddlewaretoken": "x"}
    job, content = job_result(_start(client, world.county_admin, "problems", data))
    assert job.params == {"query": {"school": str(world.sibling.pk)}}
    assert [line[1] for line in body_rows(content)] == [f"#{ledger.problems['A2'].pk}"]


def test_the_bureaus_ledgers_are_not_started_by_others(client, world):
    for role in ("township_officer", "principal", "inspector"):
        assert _start(client, getattr(world, role), "rankings").status_code == 403
    assert not Job.objects.exists()


def test_the_school_file_is_a_zip_of_its_index_and_files(client, world):
    ledger = ledger_data(world)
    assignment_for(world.school)
    client.force_login(world.principal)
    page = client.get(reverse("ledgers:school_file", args=[world.school.pk]))
    assert page.status_code == 200 and "城关一小" in page.content.decode()
    job, content = job_result(client.post(reverse("ledgers:school_file", args=[world.school.pk])))
    assert job.school == world.school and job.result_name.startswith("城关一小一校一档")
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    assert names[-1] == "一校一档目录.xlsx"
    evidence = [n for n in names if n.startswith("佐证材料/")]
    photos = [n for n in names if n.startswith(f"问题照片/问题#{ledger.problems['A1'].pk}/")]
    visits = [n for n in names if n.startswith("走访照片/")]
    assert len(evidence) == 1 and len(photos) == 3 and len(visits) == 1
    assert archive.read(visits[0])[:2] == b"\xff\xd8"  # the stored JPEG itself
    index = archive.read("一校一档目录.xlsx")
    assert workbook(index).sheetnames == [
        "基本信息",
        "年度数据",
        "达标情况",
        "问题整改",
        "走访记录",
        "文件清单",
    ]
    facts = dict(body_rows(index, "基本信息"))
    assert facts["学校名称"] == "城关一小" and facts["学校标识码"] == "6101010001"
    assert [line[3] for line in body_rows(index, "问题整改")] == ["城关一小"]
    listed = [line[4] for line in body_rows(index, "文件清单")]
    assert sorted(listed) == sorted(names[:-1])
    assert rows(index, "达标情况")[0][0] == "城关一小一校一档：达标情况与差距"


def test_the_school_file_gives_the_verdict_and_gaps_of_the_schools_data(client, world):
    _, content = job_result(_start_school_file(client, world.county_admin, world.school.pk))
    index = zipfile.ZipFile(io.BytesIO(content)).read("一校一档目录.xlsx")
    verdict = body_rows(index, "达标情况")
    quality = [line for line in verdict if line[0].startswith("县域义务教育优质均衡")]
    assert quality, verdict[:3]
    assert {line[6] for line in quality} <= {"达标", "未达标", None}
    unmet = [line for line in quality if line[6] == "未达标"]
    assert all(line[7] and line[8] for line in unmet)  # every unmet indicator has its gap
    data = body_rows(index, "年度数据")
    assert data[0][0] == "数据状态" and rows(index, "年度数据")[2][1] == "2025年"


def _start_school_file(client, user, pk: int):
    client.force_login(user)
    return client.post(reverse("ledgers:school_file", args=[pk]))


def test_a_school_outside_the_scope_has_no_file(client, world):
    for role, school in (
        ("principal", world.sibling),
        ("township_officer", world.far_school),
        ("inspector", world.school),
        ("county_admin", world.foreign_school),
    ):
        client.force_login(getattr(world, role))
        url = reverse("ledgers:school_file", args=[school.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        index = client.get(reverse("ledgers:index") + f"?school={school.pk}")
        assert index.status_code == 404
    assert not Job.objects.exists()


def test_the_index_lists_the_ledgers_each_role_may_take(client, world):
    client.force_login(world.principal)
    page = client.get(reverse("ledgers:index")).content.decode()
    assert reverse("ledgers:problems") in page and reverse("ledgers:rankings") not in page
    client.force_login(world.county_admin)
    page = client.get(reverse("ledgers:index") + "?days=9").content.decode()
    assert reverse("ledgers:density") + "?days=9" in page
    assert client.get(reverse("ledgers:index") + f"?school={world.school.pk}").url == reverse(
        "ledgers:school_file", args=[world.school.pk]
    )


def test_a_missing_photo_or_file_is_said_not_fatal(client, world):
    ledger = ledger_data(world)
    for photo in ledger.problems["A1"].photos.all():
        photo.file.storage.delete(photo.file.name)
    _, content = job_result(_start(client, world.principal, "problems_docx"))
    row = Document(io.BytesIO(content)).tables[0].rows[1]
    assert row.cells[8].text == "（照片文件缺失）" and "（照片文件缺失）" in row.cells[9].text
    _, content = job_result(_start_school_file(client, world.principal, world.school.pk))
    archive = zipfile.ZipFile(io.BytesIO(content))
    listed = body_rows(archive.read("一校一档目录.xlsx"), "文件清单")
    assert [line[4] for line in listed if line[1] != "走访照片"] == ["（文件缺失）"] * 3
    assert not [name for name in archive.namelist() if name.startswith("问题照片/")]
