"""Issue 3: one school year's data from a principal's workbook to the county's locked,
evaluated year, clicked through in Chromium.

principal imports a workbook with mistakes → sees them by row and column → fixes and imports →
上报 → township 退回 with a comment → principal sees it and 上报 again → township 审核通过 →
county 县审核通过 and locks the year → county dashboard shows the evaluation of those numbers.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl
import pytest

from browser.conftest import log_in, snap
from factories import PASSWORD
from junheng.assessment.evaluation import county_evaluation
from junheng.audit.models import AuditEntry
from junheng.collection.choices import DataStatus
from junheng.collection.models import CountyYear, SchoolYear
from junheng.collection.template_rows import records_rows, rows_frame
from junheng.evaluation.template import HEADERS
from junheng.template_writer import template_xlsx_bytes
from personas import world  # noqa: F401  (the web tests' personas, used as a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2025
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# template_xlsx_bytes writes a title row and a unit row above the header: data start at row 4
FIRST_DATA_ROW = 4
RETURN_COMMENT = "小学在校生数与学籍系统不一致，请核对后重新上报"


def workbook(school, **changes: Any) -> bytes:
    """The school's 2025 record as a template workbook (one row), with `changes` written into
    the cells; a text value in a number column makes that column text, as a careless hand does."""
    row = records_rows([SchoolYear.objects.get(school=school, year=YEAR)])[0]
    frame = rows_frame([row])
    replacements = []
    for key, value in changes.items():
        if isinstance(value, str) and frame.schema[key] != pl.Utf8:
            replacements.append(pl.lit(value, dtype=pl.Utf8).alias(key))
        else:
            replacements.append(pl.lit(value, dtype=frame.schema[key]).alias(key))
    return template_xlsx_bytes(frame.with_columns(replacements))


def upload(page, live_server, name: str, data: bytes) -> None:
    page.goto(f"{live_server.url}/data/import/")
    page.set_input_files(
        "input[type=file]", files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/data/import/\d+/$", page.url), page.url


def switch_user(page, live_server, username: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()
    log_in(page, live_server, username, PASSWORD)
    assert page.locator("header .who").get_by_text(username).count() == 1, page.url


def open_record(page, live_server, school) -> None:
    page.goto(f"{live_server.url}/data/{YEAR}/schools/{school.pk}/")
    page.wait_for_load_state("networkidle")


def act(page, button: str, comment: str = "") -> None:
    """Press one of the 上报与审核 buttons (with a comment when given) and wait for the page."""
    section = page.locator("section.card", has=page.get_by_role("heading", name="上报与审核"))
    if comment:
        section.locator("textarea[name=comment]").fill(comment)
    with page.expect_navigation():
        section.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("networkidle")


def messages(page) -> str:
    return page.locator("ul.messages").inner_text()


def status_of(school) -> str:
    return SchoolYear.objects.get(school=school, year=YEAR).status


def no_console_errors(page) -> None:
    assert page.console_errors == [], page.console_errors


def test_a_school_year_goes_from_a_workbook_to_the_locked_county_dashboard(
    page,
    live_server,
    world,  # noqa: F811  (the fixture imported above)
):
    school = world.school
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm prompts: say yes

    # 1. the principal uploads a workbook with two mistakes and sees them by row and column
    log_in(page, live_server, "principal", PASSWORD)
    upload(
        page,
        live_server,
        "城关一小2025.xlsx",
        workbook(school, primary_students=-480, computers="七十二"),
    )
    problems = page.locator(
        "section.card", has=page.get_by_role("heading", name="问题", exact=True)
    )
    assert "文件有 2 处问题，不能导入" in page.locator(".notice.bad").inner_text()
    for header in (HEADERS["primary_students"], HEADERS["computers"]):
        row = problems.locator("tbody tr", has=page.locator("td", has_text=header))
        assert row.count() == 1, header
        assert row.locator("td.num").inner_text() == str(FIRST_DATA_ROW)
        assert row.locator("td").last.inner_text().strip()  # the problem said in words
    assert "不能为负数" in problems.inner_text()
    assert page.get_by_role("button", name="确认导入").is_disabled()
    assert SchoolYear.objects.get(school=school, year=YEAR).primary_students == 400
    snap(page, "journey-01-import-problems")
    no_console_errors(page)

    # 2. the fixed workbook: the preview shows old → new; the import writes it
    upload(
        page,
        live_server,
        "城关一小2025-改.xlsx",
        workbook(school, primary_students=480, computers=72, equipment_value=120.0),
    )
    assert "检查通过，尚未写入任何数据" in page.locator(".notice.ok").inner_text()
    changes = page.locator("table.changes")
    assert f"第 {FIRST_DATA_ROW} 行" in changes.locator("tr.group").inner_text()
    expected = [
        (HEADERS["primary_students"], "400", "480"),
        (HEADERS["equipment_value"], "90", "120"),
        (HEADERS["computers"], "60", "72"),
    ]
    shown = [
        tuple(line.locator("td").all_inner_texts()[i] for i in (0, 1, 3))
        for line in changes.locator("tbody tr:not(.group)").all()
    ]
    assert sorted(shown) == sorted(expected)
    snap(page, "journey-02-import-changes")
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/data/{YEAR}/")
    assert "导入完成：新建 0 条，修改 1 条" in messages(page)
    snap(page, "journey-03-import-done")
    record = SchoolYear.objects.get(school=school, year=YEAR)
    assert (record.primary_students, record.computers, record.equipment_value) == (480, 72, 120)
    entry = AuditEntry.objects.get(school=school, year=YEAR, action="change")
    assert entry.before["primary_students"] == 400 and entry.after["primary_students"] == 480
    assert entry.actor == world.principal
    assert AuditEntry.objects.filter(action="import", actor=world.principal).count() == 1
    no_console_errors(page)

    # 3. the principal submits (上报)
    open_record(page, live_server, school)
    act(page, "上报")
    assert "已上报，等待乡镇审核" in messages(page)
    assert status_of(school) == DataStatus.SUBMITTED
    no_console_errors(page)

    # 4. the township finds the submitted record and returns it with a comment
    switch_user(page, live_server, "township_officer")
    page.goto(f"{live_server.url}/data/{YEAR}/")
    with page.expect_navigation():
        page.locator("ul.chips").get_by_text("已上报，待乡镇审核").click()
    listed = page.locator("table tbody tr")
    assert listed.count() == 1 and school.name in listed.inner_text()
    with page.expect_navigation():
        listed.get_by_role("link", name="查看").click()
    page.wait_for_load_state("networkidle")
    act(page, "退回", RETURN_COMMENT)
    assert "已退回学校修改" in messages(page)
    assert status_of(school) == DataStatus.RETURNED
    snap(page, "journey-04-returned")
    no_console_errors(page)

    # … the principal reads the comment and submits again
    switch_user(page, live_server, "principal")
    open_record(page, live_server, school)
    assert RETURN_COMMENT in page.locator(".notice.bad").inner_text()
    assert "已退回修改" in page.locator("h1 .status").inner_text()
    act(page, "上报")
    assert status_of(school) == DataStatus.SUBMITTED
    no_console_errors(page)

    # … and the township passes it
    switch_user(page, live_server, "township_officer")
    open_record(page, live_server, school)
    act(page, "审核通过")
    assert "已审核通过，报县教育局审核" in messages(page)
    assert status_of(school) == DataStatus.REVIEWED
    no_console_errors(page)

    # 5. the county approves it and locks the year (the other schools' records are arranged
    # as already approved: setup, not the journey)
    SchoolYear.objects.filter(school__county=world.county, year=YEAR).exclude(school=school).update(
        status=DataStatus.APPROVED
    )
    switch_user(page, live_server, "county_admin")
    open_record(page, live_server, school)
    act(page, "县审核通过")
    assert "县审核已通过" in messages(page)
    assert status_of(school) == DataStatus.APPROVED
    page.goto(f"{live_server.url}/data/{YEAR}/")
    lock = page.get_by_role("button", name="锁定年度")
    assert lock.is_enabled()
    with page.expect_navigation():
        lock.click()
    page.wait_for_load_state("networkidle")
    assert f"{YEAR} 年度数据已锁定" in messages(page)
    assert "不能再修改" in page.locator(".notice.ok").inner_text()
    assert CountyYear.objects.get(county=world.county, year=YEAR).locked
    snap(page, "journey-05-locked")
    no_console_errors(page)

    # 6. the county dashboard evaluates the imported numbers
    evaluation = county_evaluation(county=world.county, year=YEAR, standard="quality-2017")
    verdict = evaluation.counties.row(0, named=True)
    page.goto(f"{live_server.url}/county/{world.county.code}/{YEAR}/")
    page.wait_for_load_state("networkidle")
    # the data judge one part, named as such; the county's verdict is that of every part
    judged = "资源配置达到要求" if verdict["pass"] else "资源配置未达到要求"
    assert page.locator(".verdict .big-part").inner_text() == judged
    summary = f"{verdict['units']} 所参评学校（学部），{verdict['students']} 名学生"
    assert summary in page.locator(".verdict").inner_text()
    assert "认定要求" in page.locator(".parts-verdict h2").inner_text()
    primary = page.locator("section.card", has=page.locator("#cv-primary"))
    printed_cv = {}
    for line in primary.locator("tbody tr").all():
        cells = line.locator("td").all_inner_texts()
        printed_cv[cells[0]] = cells[2]  # 指标（单位）, 加权均值, 差异系数, …
    computed = evaluation.indicators.filter(pl.col("level") == "primary")
    assert computed.height == len(printed_cv) > 0
    standard = evaluation.standard
    for row in computed.iter_rows(named=True):
        indicator = standard.indicator(row["indicator"])
        printed = printed_cv[f"{indicator.name}（{indicator.unit}）"]
        assert printed == f"{row['cv']:,.3f}", indicator.key
    assert any(row["cv"] > 0 for row in computed.iter_rows(named=True))  # the import counted
    canvas = page.locator("#cv-primary canvas")
    canvas.first.wait_for(state="visible")
    box = canvas.first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    snap(page, "journey-06-dashboard")
    no_console_errors(page)
