"""Issue 14 §7 for the work pages (problems, reminders, rankings, the plan, visits, bulletins
and notices, ledgers, jobs): in English no Chinese outside user data and the Chinese documents
(marked `lang="zh-Hans"`); in Chinese the same pages keep their Chinese wording.

The world holds what shows the text: a problem with an extension request (its reason and the
decision's comment joined by 「：」), problems tied in the rankings (「（并列）」), a visit with
companions, an overdue-visit reminder stored in Chinese, a published bulletin (第n期, the
刊名), a published notice (its 发文字号), and a finished ledger job whose file is named in
Chinese."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from junheng.bulletins.models import Bulletin, Notice
from junheng.inspections.models import Visit
from junheng.rectification.choices import NotificationKind, Status
from junheng.rectification.models import ExtensionRequest, Notification
from rectification.builders import matrix_visit, problem_at
from site_wide.test_english_pages import (
    BILINGUAL,
    CJK,
    chinese_left,
    chinese_on_pages,
    english,
    visible_text,
)

TODAY = dt.date(2025, 3, 5)


@pytest.fixture
def work_world(world):
    """Problems (one overdue, one with an extension request decided with a comment, one
    closed in each of two schools so that they tie), a visit with companions, the inspector's
    overdue-visit reminders (one school visited long ago, one never), a published bulletin and
    notice."""
    from junheng.bulletins.services import (
        bulletin_create,
        bulletin_publish,
        notice_create,
        notice_publish,
    )
    from junheng.inspections.services import visit_reminders_send

    admin = world.county_admin
    problem = problem_at(
        world.school,
        deadline=dt.date(2025, 3, 1),
        responsible=world.principal,
        description="音乐教室门窗损坏",
        status=Status.RECTIFYING,
    )
    ExtensionRequest.objects.create(
        problem=problem,
        old_deadline=dt.date(2025, 3, 1),
        new_deadline=dt.date(2025, 4, 1),
        reason="门窗定制需要三周",
        requested_by=world.principal,
        status="refused",
        decided_by=admin,
        decided_at=dt.datetime(2025, 3, 2, 9, tzinfo=dt.UTC),
        comment="请先临时修补",
    )
    for school in (world.sibling, world.far_school):
        problem_at(school, status=Status.CLOSED, description="食堂留样记录缺失")
    visit = matrix_visit(world.sibling)
    visit.companions = "县督导室"
    visit.save()
    Visit.objects.create(
        county=world.county,
        school=world.sibling,
        date=dt.date(2025, 1, 2),
        visitor=world.inspector,
        checked="查看功能教室",
    )
    visit_reminders_send(today=TODAY, county=world.county)
    bulletin = bulletin_create(actor=admin, county=world.county, today=TODAY)
    bulletin_publish(actor=admin, bulletin=bulletin, today=TODAY)
    notice = notice_create(actor=admin, county=world.county, today=TODAY)
    notice_publish(actor=admin, notice=notice, today=TODAY)
    return world


def work_pages(world) -> list[str]:
    problem = world.school.problems.get()
    visit = Visit.objects.filter(companions="县督导室").get()
    return [
        reverse("dashboards:home"),
        reverse("rectification:list"),
        reverse("rectification:detail", args=[problem.pk]),
        reverse("rectification:edit", args=[problem.pk]),
        reverse("rectification:create"),
        reverse("rectification:notifications"),
        reverse("rectification:rankings"),
        reverse("rectification:plan"),
        reverse("inspections:list"),
        reverse("inspections:detail", args=[visit.pk]),
        reverse("inspections:cadres"),
        reverse("inspections:density"),
        reverse("bulletins:list"),
        reverse("bulletins:detail", args=[Bulletin.objects.get().pk]),
        reverse("bulletins:notice_detail", args=[Notice.objects.get().pk]),
        reverse("bulletins:settings"),
        reverse("ledgers:index"),
        reverse("ledgers:school_file", args=[world.school.pk]),
        reverse("jobs:list"),
    ]


def test_the_work_pages_have_no_chinese_outside_user_data_and_documents_in_english(
    client, work_world
):
    english(client, work_world.county_admin)
    # the extension's reason and comment, the visit's companions: what people wrote
    written = ("门窗定制需要三周", "请先临时修补", "县督导室", "查看功能教室")
    found = chinese_on_pages(
        client,
        work_pages(work_world),
        left=lambda html: [f for f in chinese_left(html) if f not in written],
    )
    assert not found, found


def test_the_work_pages_have_no_bilingual_text_in_chinese(client, work_world):
    client.force_login(work_world.county_admin)
    found = {}
    for url in work_pages(work_world):
        hits = BILINGUAL.findall(visible_text(client.get(url).content.decode()))
        if hits:
            found[url] = hits
    assert not found, found


def test_an_overdue_visit_reminder_is_stored_in_chinese_and_shown_in_english(client, work_world):
    world = work_world
    notes = {
        note.school_id: note.text
        for note in Notification.objects.filter(
            recipient=world.inspector, kind=NotificationKind.VISIT_DUE
        )
    }
    assert notes[world.sibling.pk] == (
        "【走访超期】城关二小：已 62 天未走访"
        "（最近一次 2025-01-02，本县要求包校干部每 30 天至少走访一次）"
    )
    assert notes[world.far_school.pk].startswith("【走访超期】东乡中心小学：您包校以来尚未走访（")
    client.force_login(world.inspector)
    chinese = client.get(reverse("rectification:notifications")).content.decode()
    assert notes[world.sibling.pk] in chinese
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for url in (reverse("rectification:notifications"), reverse("dashboards:home")):
        html = client.get(url).content.decode()
        assert (
            "[Visit overdue] 城关二小: not visited for 62 days (last visit 2025-01-02; the county "
            "asks each assigned cadre to visit at least every 30 days)"
        ) in html, url
        assert "[Visit overdue] 东乡中心小学: you have not visited since you were assigned" in html
        assert not chinese_left(html), (url, chinese_left(html))


def test_a_problem_page_joins_its_extension_in_the_reader_s_language(client, work_world):
    world = work_world
    url = reverse("rectification:detail", args=[world.school.problems.get().pk])
    client.force_login(world.county_admin)
    chinese = visible_text(client.get(url).content.decode())
    assert "：门窗定制需要三周" in chinese and "：请先临时修补" in chinese
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    shown = visible_text(client.get(url).content.decode())
    assert ": 门窗定制需要三周" in shown and ": 请先临时修补" in shown


def test_tied_ranks_and_visit_joins_read_in_english(client, work_world):
    world = work_world
    client.force_login(world.county_admin)
    assert "（并列）" in client.get(reverse("rectification:rankings")).content.decode()
    visit = Visit.objects.get(companions="县督导室")
    detail = reverse("inspections:detail", args=[visit.pk])
    assert "同行：县督导室" in visible_text(client.get(detail).content.decode())
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "(tied)" in client.get(reverse("rectification:rankings")).content.decode()
    shown = visible_text(client.get(detail).content.decode())
    assert ": 县督导室" in shown and "：" not in shown


def test_the_problem_form_indents_items_without_ideographic_spaces_in_english(client, world):
    from junheng.checklists.services import checklist_load_builtin

    checklist_load_builtin(actor=world.county_admin, county=world.county, key="quality-2017")
    client.force_login(world.county_admin)
    assert "\u3000" in client.get(reverse("rectification:create")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("rectification:create")).content.decode()
    assert "\u3000" not in html and "\u00a0\u00a0" in html


def test_bulletins_mark_the_chinese_documents_and_number_issues_in_the_reader_s_language(
    client, work_world
):
    world = work_world
    bulletin, notice = Bulletin.objects.get(), Notice.objects.get()
    client.force_login(world.county_admin)
    listing = client.get(reverse("bulletins:list")).content.decode()
    assert "第1期" in listing and notice.document_number in listing
    detail = client.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert f"<title>{bulletin.masthead_name} 第1期" in detail
    assert "仿宋_GB2312" in detail  # the fonts note names the fonts as Chinese writes them
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    listing = client.get(reverse("bulletins:list")).content.decode()
    assert "No. 1" in listing and "第1期" not in visible_text(listing)
    assert f'<span lang="zh-Hans">{notice.document_number}</span>' in listing
    detail = client.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert 'id="document" lang="zh-Hans"' in detail
    assert "<title>Work bulletin No. 1" in detail
    assert "FangSong_GB2312" in detail and "仿宋" not in visible_text(detail)
    page = client.get(reverse("bulletins:notice_detail", args=[notice.pk])).content.decode()
    assert 'id="document" lang="zh-Hans"' in page
    assert not CJK.search(page.split("<title>")[1].split("</title>")[0])
    settings = client.get(reverse("bulletins:settings")).content.decode()
    assert "Quality balanced development of county compulsory education (教督〔2017〕6号)" in (
        settings
    )


def test_a_job_s_chinese_file_name_is_marked_as_chinese(client, work_world):
    from junheng.jobs.models import Job

    world = work_world
    job = Job.objects.create(
        kind="ledger_problems",
        county=world.county,
        started_by=world.county_admin,
        status="succeeded",
        result_name="示例县问题整改台账（2025-03-05）.xlsx",
    )
    job.result.save("ledger.xlsx", __import__("io").BytesIO(b"x"), save=True)
    english(client, world.county_admin)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert '<span lang="zh-Hans">示例县问题整改台账（2025-03-05）.xlsx</span>' in html
    assert not chinese_left(html), chinese_left(html)


def test_a_draft_notice_s_warnings_are_stored_in_chinese_and_shown_in_english(client, world):
    """A criticised school with fewer than five problems: the draft warns, in the reader's
    language; the edit page marks the document's text as Chinese."""
    from junheng.bulletins.services import notice_create

    problem_at(world.school, deadline=dt.date(2025, 3, 1), description="围墙破损")
    notice = notice_create(actor=world.county_admin, county=world.county, today=TODAY)
    stored = notice.figures["warnings"]
    assert "学校「城关一小」仅有 1 个问题（逾期 1 个），个案少于 5 个" in " ".join(stored)
    url = reverse("bulletins:notice_detail", args=[notice.pk])
    client.force_login(world.county_admin)
    assert "学校「城关一小」仅有 1 个问题" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(url).content.decode()
    assert "School 城关一小 has only 1 problems (1 overdue)" in html
    assert not chinese_left(html), chinese_left(html)
    edit = client.get(reverse("bulletins:notice_edit", args=[notice.pk])).content.decode()
    assert 'lang="zh-Hans"' in re.search(r'<textarea[^>]*name="body"[^>]*>', edit).group()
    assert not chinese_left(edit), chinese_left(edit)


def test_a_problem_from_a_visit_says_so_in_the_reader_s_language(client, world):
    from junheng.inspections import services as inspections
    from rectification.builders import matrix_finding

    finding = matrix_finding(world.school)
    problem = inspections.finding_to_problem(
        actor=world.county_admin,
        finding=finding,
        deadline=dt.date(2030, 9, 1),
        responsible=world.principal,
    )
    url = reverse("rectification:detail", args=[problem.pk])
    client.force_login(world.principal)
    assert "2025-05-06 走访发现" in client.get(url).content.decode()
    english(client, world.principal)
    html = client.get(url).content.decode()
    assert "Found on the visit of 2025-05-06" in html and "走访发现" not in html


def test_a_problem_page_s_buttons_say_what_they_do_in_english(client, world):
    from junheng.rectification.services.extensions import extension_request

    problem = problem_at(world.school, deadline=dt.date(2030, 3, 1), responsible=world.principal)
    extension_request(
        actor=world.principal, problem=problem, new_deadline=dt.date(2030, 6, 1), reason="施工"
    )
    url = reverse("rectification:detail", args=[problem.pk])
    client.force_login(world.county_admin)
    chinese = client.get(url).content.decode()
    assert ">修改</a>" in chinese and ">批准延期</button>" in chinese
    english(client, world.county_admin)
    html = client.get(url).content.decode()
    assert ">Edit</a>" in html and ">Approve extension</button>" in html
