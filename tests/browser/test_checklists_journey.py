"""The checklist journey in a real browser: the county admin assigns an item to a school,
the principal uploads the evidence, the county scores the item and exports the archive, and
the test opens the zip and checks its layout (类别/指标/学校/文件 and 目录.xlsx)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from browser.conftest import log_in, snap
from checklists import samples
from factories import PASSWORD
from junheng.checklists import services
from junheng.checklists.models import Checklist, EvidenceVersion, ItemScore
from personas import world  # noqa: F401  (the personas, as a fixture)

CODE = "2.3.1"
ITEM_FOLDER = "2.3.1 每 12 个班音乐专用教室数（各校最小值）"


def log_out(page) -> None:
    page.click("form[action$='/accounts/logout/'] button")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_assign_upload_score_and_export_the_archive(page, live_server, world, tmp_path):  # noqa: F811
    world.county.inspection_date = dt.date.today() + dt.timedelta(days=45)
    world.county.save()
    checklist = services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    item = checklist.items.get(code=CODE)
    base = live_server.url

    # the county admin assigns the item to 城关一小 and its principal
    log_in(page, live_server, "county_admin", PASSWORD)
    page.goto(f"{base}/checklists/")
    assert checklist.name in page.inner_text("main")
    snap(page, "checklists-0-index")
    page.goto(f"{base}/checklists/items/{item.pk}/")
    assert "迎检倒计时 45 天" in page.inner_text("header.topbar")
    page.select_option("form[data-assign] select[name=unit_kind]", "school")
    assert page.is_visible("form[data-assign] select[name=school]")
    assert not page.is_visible("form[data-assign] input[name=office]")
    page.select_option("form[data-assign] select[name=school]", str(world.school.pk))
    page.select_option("form[data-assign] select[name=person]", str(world.principal.pk))
    deadline = dt.date.today() + dt.timedelta(days=30)
    page.fill("form[data-assign] input[name=deadline]", deadline.isoformat())
    page.click("form[data-assign] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已分解到责任单位" in page.inner_text("main")
    snap(page, "checklists-1-assigned")
    log_out(page)

    # the principal finds it under 我的任务 and uploads the evidence
    log_in(page, live_server, "principal", PASSWORD)
    page.goto(f"{base}/checklists/mine/")
    page.click(f"text={CODE}")
    page.wait_for_load_state("networkidle")
    pdf = tmp_path / "音乐教室统计表.pdf"
    pdf.write_bytes(samples.PDF)
    photo = tmp_path / "音乐教室照片.jpg"
    photo.write_bytes(samples.JPEG)
    for path, requirement in ((pdf, "各校功能教室统计表"), (photo, "音乐专用教室照片")):
        form = page.locator("form[data-upload]")
        form.locator("input[type=file]").set_input_files(str(path))
        form.locator("select[name=requirement]").select_option(requirement)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert f"已上传「{path.name}」" in page.inner_text("main")
    assert "材料齐全" in page.inner_text("#evidence")
    snap(page, "checklists-2-uploaded")
    log_out(page)
    assert EvidenceVersion.objects.count() == 2

    # the county scores the item with its figure and a justification
    log_in(page, live_server, "county_admin", PASSWORD)
    page.goto(f"{base}/checklists/items/{item.pk}/")
    page.fill("#score input[name=value]", "1.5")
    page.fill("#score textarea[name=justification]", "全县最少一所为每 12 班 1.5 间音乐教室")
    page.click("#score button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "评分已保存" in page.inner_text("main")
    assert ItemScore.objects.get(item=item).met is True
    snap(page, "checklists-3-scored")

    # … and exports the archive from the checklist page
    page.goto(f"{base}/checklists/{checklist.pk}/")
    with page.expect_download() as download_info:
        page.click("a[data-archive]")
    download = download_info.value
    assert download.suggested_filename == f"{world.county.name}{checklist.name}台账.zip"
    saved = tmp_path / "archive.zip"
    download.save_as(str(saved))
    snap(page, "checklists-4-checklist")
    page.goto(f"{base}/checklists/{checklist.pk}/board/")
    assert "按责任单位" in page.inner_text("main")
    snap(page, "checklists-5-board")

    archive = zipfile.ZipFile(saved)
    folder = f"2 政府保障程度/{ITEM_FOLDER}/城关一小"
    assert sorted(archive.namelist()) == sorted(
        [f"{folder}/音乐教室统计表.pdf", f"{folder}/音乐教室照片.jpg", "目录.xlsx"]
    )
    assert archive.read(f"{folder}/音乐教室统计表.pdf") == samples.PDF
    index = load_workbook(io.BytesIO(archive.read("目录.xlsx"))).active
    rows = {row[0]: row for row in index.iter_rows(min_row=3, values_only=True)}
    assert rows[CODE][7] == "达标" and rows[CODE][8] == "城关一小"
    assert rows[CODE][11] == "齐全"
    assert f"{folder}/音乐教室照片.jpg" in rows[CODE][4]
    assert page.console_errors == []
    assert Checklist.objects.count() == 1
