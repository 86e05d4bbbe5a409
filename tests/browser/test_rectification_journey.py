"""Issue 5: a finding on a visit becomes a problem, is rectified with proof, verified and
closed, and the next work bulletin counts it — clicked through in Chromium.

the inspector (包校 for 城关二小) records a visit with a finding and a photo → turns the finding
into a problem for the school's principal → the principal starts the rectification and submits
proof with a photo → the inspector verifies and closes it → the county admin drafts the bulletin,
writes its news and publishes 第1期, which reports the closed problem.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from browser.conftest import log_in, snap
from factories import PASSWORD
from junheng.audit.models import AuditEntry
from junheng.bulletins.models import Bulletin
from junheng.rectification.choices import Status
from junheng.rectification.models import Problem
from personas import world  # noqa: F401  (the web tests' personas, used as a fixture)
from rectification.builders import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FINDING = "音乐教室被挪作仓库，音乐课无法正常开设"
PROOF = "已清空仓库物品，音乐教室恢复使用，并配齐钢琴和合唱台"


def photo(name: str) -> dict:
    return {"name": name, "mimeType": "image/png", "buffer": png_bytes(8, 8)}


def switch_user(page, live_server, username: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()
    log_in(page, live_server, username, PASSWORD)
    assert page.locator("header .who").get_by_text(username).count() == 1, page.url


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state("networkidle")


def test_a_visit_finding_is_rectified_verified_and_reported(
    page,
    live_server,
    world,  # noqa: F811  (the fixture imported above)
):
    world.county.inspection_date = timezone.localdate() + dt.timedelta(days=45)
    world.county.save()
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. the inspector records a visit to their school, with a finding and a photo
    log_in(page, live_server, "inspector", PASSWORD)
    page.goto(f"{live_server.url}/visits/new/")
    page.select_option("select[name=school]", str(world.sibling.pk))
    page.fill("textarea[name=checked]", "功能室使用情况、音乐课开设情况")
    page.fill("textarea[name=findings]", FINDING)
    page.set_input_files("input[name=photos]", files=[photo("仓库.png")])
    click_and_wait(page, page.get_by_role("button", name="保存走访记录"))
    assert "走访已记录" in page.content()
    assert page.locator("ul.photos img").count() == 1
    snap(page, "rectification-1-visit")

    # 2. …and turns the finding into a problem in one step (the school's principal responsible)
    finding = page.locator("ol.findings li", has_text=FINDING)
    assert finding.locator("select[name=responsible]").input_value() == str(
        world.other_principal.pk
    )
    finding.locator("input[name=measure]").fill("清空仓库，恢复音乐教室")
    click_and_wait(page, finding.get_by_role("button", name="转为问题"))
    problem = Problem.objects.get()
    assert page.url.endswith(f"/problems/{problem.pk}/")
    assert FINDING in page.locator("#problem-description").inner_text()
    assert problem.source == "county" and problem.responsible == world.other_principal
    facts = page.locator("dl.facts").first.inner_text()  # found on the county's own road stage
    assert "县级自评" in facts and "县教育局" in facts
    snap(page, "rectification-2-problem")

    # 3. the principal starts the rectification and submits proof with a photo
    switch_user(page, live_server, "other_principal")
    page.goto(f"{live_server.url}/problems/")
    click_and_wait(page, page.get_by_role("link", name=FINDING[:20], exact=False).first)
    click_and_wait(page, page.get_by_role("button", name="开始整改"))
    assert "已开始整改" in page.content()
    page.fill("textarea[name=proof]", PROOF)
    page.set_input_files("input[name=photos]", files=[photo("整改后.png")])
    click_and_wait(page, page.get_by_role("button", name="提交核验"))
    assert PROOF in page.locator("#problem-proof").inner_text()
    assert page.get_by_role("button", name="核验通过，销号").count() == 0
    snap(page, "rectification-3-submitted")

    # 4. the inspector verifies and closes it
    switch_user(page, live_server, "inspector")
    page.goto(f"{live_server.url}/problems/{problem.pk}/")
    page.fill("textarea[name=comment]", "现场核验属实")
    click_and_wait(page, page.get_by_role("button", name="核验通过，销号"))
    assert "已核验销号" in page.content()
    problem.refresh_from_db()
    assert problem.status == Status.CLOSED and problem.closed_by == world.inspector
    assert list(
        AuditEntry.objects.filter(object_type="rectification.Problem")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["create", "start", "submit", "close"]
    snap(page, "rectification-4-closed")

    # 5. the county admin drafts, writes and publishes the bulletin: it counts the closed problem
    switch_user(page, live_server, "county_admin")
    page.goto(f"{live_server.url}/bulletins/")
    click_and_wait(page, page.get_by_role("button", name="编发新一期简报"))
    page.fill("input[name=items-0-headline]", "县督导组走访城关二小")
    page.fill("textarea[name=items-0-body]", "县督导组走访城关二小，督促音乐教室整改到位。")
    click_and_wait(page, page.get_by_role("button", name="保存"))
    document = page.locator("#document")
    assert "已整改销号 1 个，整改率 100%" in document.inner_text()
    assert document.locator("svg").count() == 1
    click_and_wait(page, page.get_by_role("button", name="发布", exact=True))
    assert "已发布：第1期" in page.content()
    assert "第1期" in document.inner_text() and "已整改销号 1 个" in document.inner_text()
    assert Bulletin.objects.get().number == 1
    snap(page, "rectification-5-bulletin")

    # the Word file is made by a background job: its page offers the file when it is done
    click_and_wait(page, page.get_by_role("button", name="生成 Word"))
    with page.expect_download() as download:
        page.get_by_role("link", name="下载").first.click()
    assert download.value.suggested_filename.endswith("第1期.docx")
    assert not page.console_errors, page.console_errors
