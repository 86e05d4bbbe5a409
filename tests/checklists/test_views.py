"""The checklist pages: list, tree, item (score, assign, upload), my items, board, import,
exports and downloads — through the web, with CSRF-protected POSTs."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from checklists import samples
from checklists.generate import generated_workbook
from junheng.checklists import services
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import (
    Assignment,
    Checklist,
    ChecklistImport,
    EvidenceVersion,
    ItemScore,
)

YEAR = 2025


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def quality(world):
    return services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )


@pytest.fixture
def assigned(world, quality):
    item = quality.items.get(code="2.3.1")
    return services.assignment_create(
        actor=world.county_admin,
        item=item,
        unit_kind=UnitKind.SCHOOL,
        school=world.school,
        person=world.principal,
        deadline=dt.date(2025, 9, 1),
    )


def test_the_county_admin_loads_a_national_checklist_from_the_list_page(world):
    client = client_for(world.county_admin)
    page = client.get(reverse("checklists:index"))
    assert page.status_code == 200 and "载入国家指标体系" in page.content.decode()
    response = client.post(reverse("checklists:load"), {"key": "quality-2017"})
    checklist = Checklist.objects.get(key="quality-2017")
    assert response.url == reverse("checklists:checklist", args=[checklist.pk])
    tree = client.get(response.url).content.decode()
    assert "小学班额不超过 45 人" in tree and "一票否决" in tree and "待核实" in tree


def test_a_principal_may_not_load_or_import(world):
    client = client_for(world.principal)
    assert client.post(reverse("checklists:load"), {"key": "basic-2012"}).status_code == 403
    assert client.get(reverse("checklists:import")).status_code == 403
    assert "载入国家指标体系" not in client.get(reverse("checklists:index")).content.decode()


def test_the_inspection_date_is_set_on_the_list_page_and_counted_down(world):
    client = client_for(world.county_admin)
    day = dt.date.today() + dt.timedelta(days=30)
    client.post(reverse("checklists:inspection_date"), {"inspection_date": day.isoformat()})
    world.county.refresh_from_db()
    assert world.county.inspection_date == day
    assert "迎检倒计时 30 天" in client.get(reverse("checklists:index")).content.decode()


def test_the_blank_template_downloads_with_its_chinese_name(world):
    response = client_for(world.county_admin).get(reverse("checklists:template"))
    assert response.status_code == 200
    assert quote("评估指标体系导入模板.xlsx") in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "指标体系"


def test_import_upload_preview_commit_through_the_pages(world):
    client = client_for(world.county_admin)
    upload = SimpleUploadedFile("陕西双高双普.xlsx", generated_workbook())
    response = client.post(reverse("checklists:import"), {"file": upload})
    preview = client.get(response.url).content.decode()
    assert "检查通过" in preview and "8 / 32 / 156" in preview
    batch_pk = int(response.url.rstrip("/").split("/")[-1])
    done = client.post(reverse("checklists:import_commit", args=[batch_pk]))
    checklist = Checklist.objects.get(key="shaanxi-shuanggao")
    assert done.url == reverse("checklists:checklist", args=[checklist.pk])
    assert checklist.items.count() == 196


def test_an_import_with_problems_shows_them_by_row_and_column(world):
    from checklists.test_workbook import edited, row_of

    data = generated_workbook()
    bad = edited(data, {(row_of(data, "7.1.1"), "max_score"): "五分"})
    client = client_for(world.county_admin)
    response = client.post(
        reverse("checklists:import"), {"file": SimpleUploadedFile("坏.xlsx", bad)}
    )
    page = client.get(response.url).content.decode()
    assert "不能导入" in page and "分值「五分」不是数字" in page
    assert f'<td class="num">{row_of(data, "7.1.1")}</td>' in page


def test_the_checklist_exports_as_the_import_layout(world, quality):
    response = client_for(world.county_admin).get(reverse("checklists:export", args=[quality.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["指标体系"]
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert codes[:3] == ["1", "1.1", "1.2"] and len(codes) == quality.items.count()


def test_the_county_admin_assigns_an_item_on_its_page(world, quality):
    item = quality.items.get(code="2.3.2")
    client = client_for(world.county_admin)
    response = client.post(
        reverse("checklists:item_assign", args=[item.pk]),
        {
            "unit_kind": "school",
            "school": world.school.pk,
            "person": world.principal.pk,
            "deadline": "2025-09-01",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.get(item=item).person == world.principal
    bad = client.post(
        reverse("checklists:item_assign", args=[item.pk]),
        {
            "unit_kind": "school",
            "school": world.sibling.pk,
            "person": world.principal.pk,
            "deadline": "2025-09-01",
        },
    )
    assert bad.status_code == 400 and "责任人须能处理该单位的材料" in bad.content.decode()


def test_the_principal_uploads_evidence_and_downloads_it_under_its_chinese_name(world, assigned):
    client = client_for(world.principal)
    response = client.post(
        reverse("checklists:assignment_upload", args=[assigned.pk]),
        {
            "file": SimpleUploadedFile("音乐教室统计表.pdf", samples.PDF),
            "requirement": "各校功能教室统计表",
        },
    )
    assert response.status_code == 302
    version = EvidenceVersion.objects.get()
    download = client.get(reverse("checklists:download", args=[version.pk]))
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('音乐教室统计表.pdf')}" in disposition
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == samples.PDF


def test_a_refused_upload_is_shown_with_its_reason(world, assigned):
    client = client_for(world.principal)
    response = client.post(
        reverse("checklists:assignment_upload", args=[assigned.pk]),
        {"file": SimpleUploadedFile("报告.pdf.exe", samples.PE), "requirement": ""},
    )
    assert response.status_code == 400
    assert "双重扩展名" in response.content.decode()
    empty = client.post(
        reverse("checklists:assignment_upload", args=[assigned.pk]),
        {"file": SimpleUploadedFile("空.pdf", b""), "requirement": ""},
    )
    assert "空文件" in empty.content.decode()
    assert not EvidenceVersion.objects.exists()


def test_a_path_in_an_uploaded_name_never_reaches_the_disk(world, assigned):
    client = client_for(world.principal)
    client.post(
        reverse("checklists:assignment_upload", args=[assigned.pk]),
        {"file": SimpleUploadedFile("../../../etc/cron.d/x.txt", samples.TXT), "requirement": ""},
    )
    for version in EvidenceVersion.objects.all():
        assert "/" not in version.original_name and ".." not in version.file.name


def test_scoring_an_item_on_its_page(world, quality):
    item = quality.items.get(code="2.7")
    client = client_for(world.county_admin)
    response = client.post(
        reverse("checklists:item_score", args=[item.pk]),
        {"value": "6500", "justification": "特教学校生均公用经费 6500 元"},
    )
    assert response.status_code == 302
    assert ItemScore.objects.get(item=item).met is True
    missing = client.post(reverse("checklists:item_score", args=[item.pk]), {"value": "6500"})
    assert missing.status_code == 400


def test_the_automatic_scoring_button(world, quality):
    client = client_for(world.county_admin)
    response = client.post(reverse("checklists:score_auto", args=[quality.pk]), {"year": YEAR})
    assert response.status_code == 302
    assert ItemScore.objects.filter(item__checklist=quality, automatic=True).count() >= 9
    page = client.get(reverse("checklists:checklist", args=[quality.pk])).content.decode()
    assert "自评结论" in page


def test_my_items_lists_the_person_s_assignments(world, assigned):
    page = client_for(world.principal).get(reverse("checklists:mine")).content.decode()
    assert "每 12 个班音乐专用教室数" in page and "城关一小" in page
    other = client_for(world.other_principal).get(reverse("checklists:mine")).content.decode()
    assert "每 12 个班音乐专用教室数" not in other


def test_the_board_counts_by_category_unit_and_person_and_lists_what_is_missing(world, assigned):
    world.county.inspection_date = dt.date.today() + dt.timedelta(days=10)
    world.county.save()
    page = (
        client_for(world.county_admin)
        .get(reverse("checklists:board", args=[assigned.item.checklist.pk]))
        .content.decode()
    )
    assert "按类别" in page and "按责任单位" in page and "按责任人" in page
    assert "迎检（" in page and "距今 10 天" in page
    # a school's missing evidence is counted per item, with the schools still owing it
    assert "各校完成情况" in page and "音乐专用教室照片（1 所）" in page
    assert "未完成的 1 所学校" in page and "城关一小" in page
    assert "未分解指标" in page


def test_the_archive_zip_is_laid_out_by_category_item_and_unit(world, assigned):
    services.evidence_upload(
        actor=world.principal,
        assignment=assigned,
        name="功能教室统计表.pdf",
        handle=io.BytesIO(samples.PDF),
        size=len(samples.PDF),
        requirement="各校功能教室统计表",
    )
    response = client_for(world.county_admin).get(
        reverse("checklists:archive", args=[assigned.item.checklist.pk])
    )
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "目录.xlsx" in names
    path = "2 政府保障程度/2.3.1 每 12 个班音乐专用教室数（各校最小值）/城关一小/功能教室统计表.pdf"
    assert path in names and archive.read(path) == samples.PDF
    index = load_workbook(io.BytesIO(archive.read("目录.xlsx"))).active
    rows = {r[0]: r for r in index.iter_rows(min_row=3, values_only=True)}
    assert rows["2.3.1"][4] == path and rows["2.3.1"][8] == "城关一小"
    assert rows["2.3.1"][11] == "缺：音乐专用教室照片"


def test_the_bureau_hands_an_assignment_to_another_person_and_moves_its_deadline(world, assigned):
    client = client_for(world.county_admin)
    response = client.post(
        reverse("checklists:assignment_change", args=[assigned.pk]),
        {"person": world.township_officer.pk, "deadline": "2025-10-01", "note": "乡镇统一收集"},
    )
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.person == world.township_officer
    assert assigned.deadline == dt.date(2025, 10, 1)
    refused = client_for(world.principal).post(
        reverse("checklists:assignment_change", args=[assigned.pk]),
        {"person": world.principal.pk, "deadline": "2030-01-01"},
    )
    assert refused.status_code == 403


def test_an_import_is_discarded_on_its_preview_page(world):
    client = client_for(world.county_admin)
    upload = SimpleUploadedFile("陕西双高双普.xlsx", generated_workbook())
    preview = client.post(reverse("checklists:import"), {"file": upload}).url
    batch = ChecklistImport.objects.get()
    response = client.post(reverse("checklists:import_discard", args=[batch.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("checklists:import")
    assert "已放弃该导入" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "discarded" and not Checklist.objects.exists()
    assert client.post(reverse("checklists:import_commit", args=[batch.pk])).status_code == 302
    assert "已放弃" in client.get(preview).content.decode()
    assert not Checklist.objects.exists()
