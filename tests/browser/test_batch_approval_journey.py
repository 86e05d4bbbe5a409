"""Issue 14 §1 and §3 in Chromium: many schools approved at once, from everyone's to-dos.

the township officer finds the submitted records on the home page → ticks them all on the
year's list → a record changed meanwhile refuses the whole batch with its reason → passes
them in one step → the county sees them waiting for approval, approves them all at once and
locks the year, which it could not lock while a school had no approved data.
"""

from __future__ import annotations

import pytest

from browser.conftest import log_in, snap
from factories import PASSWORD
from junheng.audit.models import AuditEntry
from junheng.collection.choices import DataStatus
from junheng.collection.models import CountyYear, SchoolYear
from personas import world  # noqa: F401  (the web tests' personas, used as a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2025


def switch_user(page, live_server, username: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()
    log_in(page, live_server, username, PASSWORD)


def messages(page) -> str:
    return page.locator("ul.messages").inner_text()


def statuses(personas) -> dict[str, str]:
    return dict(
        SchoolYear.objects.filter(school__county=personas.county, year=YEAR).values_list(
            "school__name", "status"
        )
    )


def tick_all(page, expected: int) -> None:
    page.locator("input[data-select-all]").check()
    assert page.locator("input[name=records]:checked").count() == expected
    assert f"已选 {expected} 条" in page.locator("[data-selected-count]").inner_text()


def press(page, button: str) -> None:
    with page.expect_navigation():
        page.locator("form#batch").get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("networkidle")


def no_console_errors(page) -> None:
    assert page.console_errors == [], page.console_errors


def test_a_township_passes_and_the_county_approves_many_schools_at_once(
    page,
    live_server,
    world,  # noqa: F811  (the fixture imported above)
):
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm prompts: say yes
    # arranged: both schools of 城关镇 have submitted; 东乡's school was passed by its township
    SchoolYear.objects.filter(school__in=[world.school, world.sibling]).update(
        status=DataStatus.SUBMITTED
    )
    SchoolYear.objects.filter(school=world.far_school).update(status=DataStatus.REVIEWED)

    # 1. the township officer's home page lists the records waiting for review
    log_in(page, live_server, "township_officer", PASSWORD)
    page.goto(f"{live_server.url}/")
    waiting = page.locator("#todo-review")
    assert "待审核的学校数据" in waiting.inner_text() and "2" in waiting.locator("h2").inner_text()
    assert "待办 2" in page.locator("header .todo-count").inner_text()
    snap(page, "batch-01-township-todos")
    with page.expect_navigation():
        waiting.get_by_role("link", name="待审核的学校数据").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/data/{YEAR}/?status=submitted")

    # 2. all ticked; a record returned to draft meanwhile refuses the whole batch
    tick_all(page, 2)
    SchoolYear.objects.filter(school=world.sibling).update(status=DataStatus.DRAFT)
    press(page, "批量审核通过")
    refusal = messages(page)
    assert "不能审核通过，全部未处理" in refusal and "城关二小" in refusal
    assert statuses(world)["城关一小"] == DataStatus.SUBMITTED  # all or nothing
    snap(page, "batch-02-refused")
    no_console_errors(page)

    # … submitted again, the two pass in one step, each with its audit entry
    SchoolYear.objects.filter(school=world.sibling).update(status=DataStatus.SUBMITTED)
    page.reload()
    tick_all(page, 2)
    press(page, "批量审核通过")
    assert "已审核通过 2 条数据" in messages(page)
    assert page.url.endswith("?status=submitted")  # back on the same list, now empty
    assert page.locator("table tbody tr td.empty").count() == 1
    assert statuses(world)["城关一小"] == statuses(world)["城关二小"] == DataStatus.REVIEWED
    assert AuditEntry.objects.filter(action="review", actor=world.township_officer).count() == 2
    snap(page, "batch-03-passed")
    no_console_errors(page)

    # 3. the county sees three records to approve; the year cannot be locked yet
    switch_user(page, live_server, "county_admin")
    page.goto(f"{live_server.url}/")
    assert "3" in page.locator("#todo-approve h2").inner_text()
    page.goto(f"{live_server.url}/data/{YEAR}/")
    lock_card = page.locator("#year-lock")
    assert "还有 3 所学校的数据未经县审核通过" in lock_card.inner_text()
    assert page.get_by_role("button", name="锁定年度").is_disabled()
    with page.expect_navigation():
        page.locator("ul.chips").first.get_by_text("乡镇已审核，待县审核").click()
    page.wait_for_load_state("networkidle")
    tick_all(page, 3)
    snap(page, "batch-04-county-selected")
    press(page, "批量县审核通过")
    assert "县审核已通过 3 条数据" in messages(page)
    assert set(statuses(world).values()) == {DataStatus.APPROVED}
    no_console_errors(page)

    # 4. every school approved: the year locks
    page.goto(f"{live_server.url}/data/{YEAR}/")
    lock = page.get_by_role("button", name="锁定年度")
    assert lock.is_enabled()
    with page.expect_navigation():
        lock.click()
    page.wait_for_load_state("networkidle")
    assert f"{YEAR} 年度数据已锁定" in messages(page)
    assert CountyYear.objects.get(county=world.county, year=YEAR).locked
    assert page.locator("form#batch").count() == 0  # nothing moves in a locked year
    assert page.locator("header .todo-count").count() == 0  # nothing left to do
    snap(page, "batch-05-locked")
    no_console_errors(page)
