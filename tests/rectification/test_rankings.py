"""Rankings of townships and schools, the arithmetic worked by hand, and the notice (通报)
drafted from them.

城关镇: 城关一小 (A1) 4 problems — 3 closed, 1 open past its deadline; data approved
        城关二小 (A2) 2 problems — both closed; data submitted
东乡:   东乡中心小学 (A3) 3 problems — 1 closed, 1 rectifying and 1 returned past deadline;
        data in draft; and 1 township problem of 东乡, open, not yet due
the county: 1 problem of its own, closed
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from junheng.bulletins.drafting import notice_draft
from junheng.bulletins.models import Notice
from junheng.collection.models import SchoolYear
from junheng.rectification.choices import Status
from junheng.rectification.rankings import county_rankings
from rectification.builders import problem_at

TODAY = dt.date(2025, 5, 10)
PAST, FUTURE = dt.date(2025, 5, 1), dt.date(2025, 6, 1)


@pytest.fixture
def ranked(world):
    for status, deadline in [(Status.CLOSED, PAST)] * 3 + [(Status.OPEN, PAST)]:
        problem_at(world.school, status=status, deadline=deadline)
    for _ in range(2):
        problem_at(world.sibling, status=Status.CLOSED, deadline=PAST)
    for status in (Status.CLOSED, Status.RECTIFYING, Status.RETURNED):
        problem_at(world.far_school, status=status, deadline=PAST)
    problem_at(None, county=world.county, township=world.other_township, deadline=FUTURE)
    problem_at(None, county=world.county, status=Status.CLOSED)
    problem_at(world.foreign_school, status=Status.OPEN, deadline=PAST)  # another county
    SchoolYear.objects.filter(school=world.school).update(status="approved")
    SchoolYear.objects.filter(school=world.sibling).update(status="submitted")
    return world


def figures(row):
    return (row.rank, row.name, row.problems, row.closed, row.rate, row.overdue, row.data)


def test_schools_and_townships_ranked_by_rectification_rate(ranked):
    result = county_rankings(user=ranked.county_admin, county=ranked.county, today=TODAY)
    assert [figures(r) for r in result.schools] == [
        (1, "城关二小", 2, 2, 1.0, 0, 0.5),
        (2, "城关一小", 4, 3, 0.75, 1, 1.0),
        (3, "东乡中心小学", 3, 1, 1 / 3, 2, 0.25),
    ]
    assert [figures(r) for r in result.townships] == [
        (1, "城关镇", 6, 5, 5 / 6, 1, 0.75),
        (2, "东乡", 4, 1, 0.25, 2, 0.25),
    ]
    total = result.total
    assert (total.problems, total.closed, total.overdue) == (11, 7, 3)
    assert total.rate == 7 / 11 and total.data == pytest.approx((1 + 0.5 + 0.25) / 3)
    assert result.year == 2025


def test_other_orders_and_shared_ranks(ranked):
    by_overdue = county_rankings(
        user=ranked.county_admin, county=ranked.county, today=TODAY, sort="overdue"
    )
    # the most overdue first: a list to chase, not a ranking (no ranks at all)
    assert not by_overdue.ranked
    assert [(r.rank, r.name, r.overdue) for r in by_overdue.schools] == [
        (None, "东乡中心小学", 2),
        (None, "城关一小", 1),
        (None, "城关二小", 0),
    ]
    by_data = county_rankings(
        user=ranked.county_admin, county=ranked.county, today=TODAY, sort="data"
    )
    assert [r.name for r in by_data.schools] == ["城关一小", "城关二小", "东乡中心小学"]
    SchoolYear.objects.filter(school=ranked.far_school).update(status="submitted")
    tied = county_rankings(user=ranked.county_admin, county=ranked.county, today=TODAY, sort="data")
    assert [(r.rank, r.tied, r.data) for r in tied.schools] == [
        (1, False, 1.0),
        (2, True, 0.5),
        (2, True, 0.5),
    ]
    assert tied.ranked and tied.ties


def test_a_unit_without_problems_has_no_rate_and_no_rank(world):
    problem_at(world.school, status=Status.OPEN)
    result = county_rankings(user=world.county_admin, county=world.county, today=TODAY)
    assert [(r.name, r.rate) for r in result.schools] == [
        ("城关一小", 0.0),
        ("城关二小", None),
        ("东乡中心小学", None),
    ]
    assert [(r.rank, r.tied) for r in result.schools] == [(1, False), (None, False), (None, False)]
    assert not result.ties


def test_evidence_completeness_comes_from_the_checklists_assignments(world):
    from junheng.checklists.models import (
        Assignment,
        Checklist,
        ChecklistItem,
        Evidence,
        EvidenceVersion,
    )

    checklist = Checklist.objects.create(
        county=world.county, key="t", name="测试", origin="builtin"
    )
    item = ChecklistItem.objects.create(
        checklist=checklist, code="1", sort_key="001", depth=1, title="功能室", evidence=["台账"]
    )
    done, _missing = (
        Assignment.objects.create(
            item=item,
            unit_kind="school",
            school=world.school,
            township=world.township,
            person=world.principal,
            deadline=TODAY,
        )
        for _ in range(2)
    )
    evidence = Evidence.objects.create(assignment=done, requirement="台账", title="台账.pdf")
    from django.core.files.base import ContentFile

    version = EvidenceVersion(
        evidence=evidence, number=1, original_name="台账.pdf", kind="pdf", size=3, sha256="0"
    )
    version.uploaded_by = world.principal
    version.file.save("evidence/t.pdf", ContentFile(b"pdf"), save=True)
    result = county_rankings(user=world.county_admin, county=world.county, today=TODAY)
    assert result.evidence_available
    schools = {r.name: r for r in result.schools}
    assert (schools["城关一小"].evidence_done, schools["城关一小"].evidence_total) == (1, 2)
    assert schools["城关一小"].evidence == 0.5 and schools["城关二小"].evidence is None
    assert {r.name: r.evidence for r in result.townships} == {"城关镇": 0.5, "东乡": None}
    assert result.total.evidence == 0.5


def test_without_assignments_the_evidence_column_is_left_out(client, ranked):
    result = county_rankings(user=ranked.county_admin, county=ranked.county, today=TODAY)
    assert not result.evidence_available
    client.force_login(ranked.county_admin)
    page = client.get(reverse("rectification:rankings")).content.decode()
    assert "佐证材料完整度</th>" not in page and "数据完成度</th>" in page
    assert "83.3%" in page and "东乡中心小学" in page


def test_the_notice_commends_and_criticises_with_figures(ranked):
    rankings = county_rankings(user=ranked.county_admin, county=ranked.county, today=TODAY)
    title, body, facts = notice_draft(rankings)
    assert title == "关于示例县义务教育优质均衡发展问题整改情况的通报"
    assert (
        "截至2025年5月10日，全县共登记问题 11 个，已整改销号 7 个，整改率 63.6%，逾期未完成 3 个"
        in body
    )
    assert (
        "以下学校整改工作扎实、成效明显，予以通报表扬："
        "城关二小（问题 2 个，已销号 2 个，整改率 100%）。"
    ) in body
    assert "以下乡镇整改工作扎实" not in body  # 城关镇 has an overdue problem
    assert (
        "以下乡镇整改进度滞后，存在逾期未完成问题，予以通报批评："
        "东乡（问题 4 个，逾期未完成 2 个，整改率 25%）；"
        "城关镇（问题 6 个，逾期未完成 1 个，整改率 83.3%）。"
    ) in body
    assert (
        "东乡中心小学（问题 3 个，逾期未完成 2 个，整改率 33.3%）；"
        "城关一小（问题 4 个，逾期未完成 1 个，整改率 75%）"
    ) in body
    assert [u["name"] for u in facts["commended"]] == ["城关二小"]
    assert [u["name"] for u in facts["criticised"]] == [
        "东乡",
        "城关镇",
        "东乡中心小学",
        "城关一小",
    ]


def test_the_bureau_drafts_edits_and_publishes_the_notice(client, ranked):
    client.force_login(ranked.county_admin)
    response = client.post(reverse("bulletins:notice_create"))
    notice = Notice.objects.get()
    assert response.url == reverse("bulletins:notice_edit", args=[notice.pk])
    assert notice.status == "draft" and "城关二小" in notice.body
    edited = notice.body.replace("予以通报表扬", "予以通报表扬（经局务会研究）")
    client.post(
        reverse("bulletins:notice_edit", args=[notice.pk]), {"title": notice.title, "body": edited}
    )
    notice.refresh_from_db()
    assert "经局务会研究" in notice.body
    client.force_login(ranked.principal)  # a draft is the bureau's
    assert client.get(reverse("bulletins:notice_detail", args=[notice.pk])).status_code == 404
    client.force_login(ranked.county_admin)
    client.post(reverse("bulletins:notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.status == "published"
    client.force_login(ranked.principal)  # a published notice reaches every school
    page = client.get(reverse("bulletins:notice_detail", args=[notice.pk])).content.decode()
    assert "经局务会研究" in page
    client.force_login(ranked.county_admin)
    assert (
        client.post(
            reverse("bulletins:notice_edit", args=[notice.pk]), {"title": "x", "body": "y"}
        ).status_code
        == 302
    )
    notice.refresh_from_db()
    assert notice.title != "x"


# --- ties, definitions, the worst-first list, the draft's warnings ------------------------------


def test_ties_share_a_rank_and_the_next_rank_skips(world):
    for school in (world.school, world.sibling):
        problem_at(school, status=Status.CLOSED, deadline=PAST)
        problem_at(school, status=Status.OPEN, deadline=FUTURE)
    problem_at(world.far_school, status=Status.OPEN, deadline=FUTURE)
    result = county_rankings(user=world.county_admin, county=world.county, today=TODAY)
    assert [(r.rank, r.tied, r.rate) for r in result.schools] == [
        (1, True, 0.5),
        (1, True, 0.5),
        (3, False, 0.0),
    ]


def test_the_page_says_which_ranks_are_shared_and_defines_each_measure(client, world):
    for school in (world.school, world.sibling):
        problem_at(school, status=Status.CLOSED, deadline=PAST)
    client.force_login(world.county_admin)
    page = client.get(reverse("rectification:rankings")).content.decode()
    assert page.count("（并列）") == 2 and 'id="ties"' in page
    definitions = page[page.index('id="definitions"') :]
    for measure in ("整改率", "逾期", "数据完成度", "名次"):
        assert f"<dt>{measure}</dt>" in definitions
    assert "已销号问题数 ÷ 问题总数" in definitions and "县审核通过 100%" in definitions


def test_the_overdue_list_is_never_shown_as_a_ranking(client, ranked):
    client.force_login(ranked.county_admin)
    page = client.get(reverse("rectification:rankings") + "?sort=overdue").content.decode()
    assert 'id="worst-first"' in page and "学校逾期问题（多者在前）" in page
    assert "名次</th>" not in page and "学校排名" not in page
    merit = client.get(reverse("rectification:rankings")).content.decode()
    assert "名次</th>" in merit and "学校排名" in merit and 'id="worst-first"' not in merit


def test_a_draft_warns_when_a_criticism_rests_on_a_handful_of_cases(ranked):
    rankings = county_rankings(user=ranked.county_admin, county=ranked.county, today=TODAY)
    _title, body, facts = notice_draft(rankings)
    warnings = facts["warnings"]
    # every criticised school has fewer than five problems; the townships have more or four
    assert any("学校「东乡中心小学」仅有 3 个问题" in w for w in warnings)
    assert any("学校「城关一小」仅有 4 个问题" in w for w in warnings)
    assert any("乡镇「东乡」仅有 4 个问题" in w for w in warnings)
    assert not any("城关镇" in w for w in warnings)  # six problems
    assert not any("并列" in w for w in warnings)
    assert "个案" not in body  # the warnings are for the bureau, not the notice's text


def test_a_draft_warns_when_the_criticised_list_is_cut_in_a_tie(world):
    from junheng.bulletins.drafting import DraftRules

    for school in (world.school, world.sibling, world.far_school):
        for status in (Status.OPEN, Status.CLOSED, Status.CLOSED, Status.CLOSED, Status.CLOSED):
            problem_at(school, status=status, deadline=PAST)
    rankings = county_rankings(user=world.county_admin, county=world.county, today=TODAY)
    _title, _body, facts = notice_draft(rankings, DraftRules(listed=2))
    [tie] = [w for w in facts["warnings"] if "并列" in w]
    # three schools each with one of five problems overdue: the third is left out by name only
    assert "批评名单取舍落在并列处：学校「城关一小」被点名，而「城关二小」逾期同为 1 个" in tie
    assert [u["name"] for u in facts["criticised"]] == [
        "城关镇",
        "东乡",
        "东乡中心小学",
        "城关一小",
    ]
    assert not any("个案" in w for w in facts["warnings"])  # five problems each
    _title, _body, wide = notice_draft(rankings, DraftRules(listed=3))
    assert not any("并列" in w for w in wide["warnings"])


def test_the_draft_page_shows_the_warnings_to_the_bureau(client, ranked):
    client.force_login(ranked.county_admin)
    client.post(reverse("bulletins:notice_create"))
    notice = Notice.objects.get()
    page = client.get(reverse("bulletins:notice_detail", args=[notice.pk])).content.decode()
    assert 'id="draft-warnings"' in page and "仅有 3 个问题" in page
