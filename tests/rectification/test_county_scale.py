"""Problems at county scale (issue 14 §4): recorded with the day found and a real (even past)
deadline; 延期申请 asked by the responsible side and decided by the county, in the problem's
history; the 评估指标条目 chosen from the county's loaded checklist, and an item's page showing
its open problems; the first proof kept through a return."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from junheng.audit.models import AuditEntry
from junheng.checklists import services as checklists
from junheng.rectification import services
from junheng.rectification.choices import ExtensionStatus, Source, Status
from junheng.rectification.models import ExtensionRequest, Problem
from junheng.rectification.rules import RectificationError
from junheng.refusals import NotAllowed
from rectification.builders import photo_upload, problem_at

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def record(world, **extra):
    extra.setdefault("source", Source.PROVINCE)
    extra.setdefault("description", "省级反馈：音乐教室器材不全")
    return services.problem_create(
        actor=world.county_admin,
        county=world.county,
        school=world.school,
        responsible=world.principal,
        **extra,
    )


# --- found date and a real deadline -------------------------------------------------------------


def test_earlier_feedback_is_recorded_with_its_date_and_past_deadline_and_is_overdue(world):
    problem = record(world, found_on=days(-90), deadline=days(-30))
    assert problem.found_on == days(-90) and problem.deadline == days(-30)
    assert problem.is_overdue(TODAY)
    entry = AuditEntry.objects.get(action="create", object_id=str(problem.pk))
    assert entry.after["found_on"] == days(-90).isoformat()


def test_without_a_found_date_the_problem_is_found_today_and_its_deadline_lies_ahead(world):
    assert record(world, deadline=days(10)).found_on == TODAY
    with pytest.raises(RectificationError, match="不能早于今天"):
        record(world, deadline=days(-1))


@pytest.mark.parametrize(
    ("found", "deadline", "words"),
    [(1, 20, "发现日期不能晚于今天"), (-10, -11, "不能早于发现日期")],
)
def test_impossible_dates_are_refused(world, found, deadline, words):
    with pytest.raises(RectificationError, match=words):
        record(world, found_on=days(found), deadline=days(deadline))
    assert not Problem.objects.exists()


def test_the_form_records_a_past_finding_and_shows_its_date(client, world):
    client.force_login(world.county_admin)
    response = client.post(
        reverse("rectification:create"),
        {
            "source": Source.PROVINCE,
            "school": world.school.pk,
            "description": "上次省级督导反馈：运动场地不足",
            "found_on": days(-60).isoformat(),
            "deadline": days(-5).isoformat(),
        },
    )
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert (problem.found_on, problem.deadline) == (days(-60), days(-5))
    page = client.get(response.url).content.decode()
    assert "发现日期" in page and days(-60).isoformat() in page and "逾期 5 天" in page


# --- 延期申请 ------------------------------------------------------------------------------------


def test_the_responsible_side_asks_and_the_county_approves_a_later_deadline(world):
    problem = record(world, deadline=days(5))
    asked = services.extension_request(
        actor=world.principal, problem=problem, new_deadline=days(40), reason="设备暑期到货"
    )
    assert (asked.status, asked.old_deadline, asked.new_deadline) == (
        ExtensionStatus.PENDING,
        days(5),
        days(40),
    )
    problem.refresh_from_db()
    assert problem.deadline == days(5)  # nothing moves before the county decides
    services.extension_decide(
        actor=world.county_admin, extension=asked, approve=True, comment="同意"
    )
    problem.refresh_from_db()
    asked.refresh_from_db()
    assert problem.deadline == days(40) and asked.status == ExtensionStatus.APPROVED
    assert asked.decided_by == world.county_admin
    trail = AuditEntry.objects.filter(
        object_type="rectification.Problem", object_id=str(problem.pk)
    )
    request_entry = trail.get(action="extension_request")
    assert request_entry.actor == world.principal and request_entry.comment == "设备暑期到货"
    approval = trail.get(action="extension_approve")
    assert approval.before == {"deadline": days(5).isoformat()}
    assert approval.after["deadline"] == days(40).isoformat() and approval.comment == "同意"


def test_a_refusal_keeps_the_deadline_and_needs_a_reason(world):
    problem = record(world, deadline=days(5))
    asked = services.extension_request(
        actor=world.township_officer, problem=problem, new_deadline=days(30), reason="施工期长"
    )
    with pytest.raises(RectificationError, match="说明理由"):
        services.extension_decide(actor=world.county_admin, extension=asked, approve=False)
    services.extension_decide(
        actor=world.county_admin, extension=asked, approve=False, comment="期限不能晚于迎检"
    )
    problem.refresh_from_db()
    asked.refresh_from_db()
    assert problem.deadline == days(5) and asked.status == ExtensionStatus.REFUSED
    with pytest.raises(RectificationError, match="已审批"):
        services.extension_decide(actor=world.county_admin, extension=asked, approve=True)


def test_an_overdue_problem_may_ask_for_an_extension(world):
    problem = record(world, found_on=days(-60), deadline=days(-10))
    asked = services.extension_request(
        actor=world.principal, problem=problem, new_deadline=days(20), reason="资金下月到位"
    )
    services.extension_decide(actor=world.county_admin, extension=asked, approve=True)
    problem.refresh_from_db()
    assert not problem.is_overdue(TODAY)


@pytest.mark.parametrize(
    ("new", "reason", "words"),
    [(3, "理由", "须晚于原整改期限"), (20, "  ", "延期理由")],
)
def test_a_request_must_move_the_deadline_later_and_say_why(world, new, reason, words):
    problem = record(world, deadline=days(5))
    with pytest.raises(RectificationError, match=words):
        services.extension_request(
            actor=world.principal, problem=problem, new_deadline=days(new), reason=reason
        )
    assert not ExtensionRequest.objects.exists()


def test_one_request_at_a_time_and_none_once_submitted_or_without_deadline(world):
    problem = record(world, deadline=days(5))
    services.extension_request(
        actor=world.principal, problem=problem, new_deadline=days(9), reason="一"
    )
    with pytest.raises(RectificationError, match="待审批"):
        services.extension_request(
            actor=world.principal, problem=problem, new_deadline=days(19), reason="二"
        )
    waiting = problem_at(world.school, status=Status.SUBMITTED, deadline=days(5))
    with pytest.raises(RectificationError, match="不能申请延期"):
        services.extension_request(
            actor=world.principal, problem=waiting, new_deadline=days(19), reason="三"
        )
    undated = problem_at(world.school)
    with pytest.raises(RectificationError, match="未定整改期限"):
        services.extension_request(
            actor=world.principal, problem=undated, new_deadline=days(19), reason="四"
        )


@pytest.mark.parametrize("role", ["county_admin", "inspector", "other_principal"])
def test_only_the_responsible_side_asks(world, role):
    problem = record(world, deadline=days(5))
    with pytest.raises(NotAllowed):
        services.extension_request(
            actor=getattr(world, role), problem=problem, new_deadline=days(9), reason="理由"
        )


@pytest.mark.parametrize("role", ["principal", "township_officer", "inspector", "foreign_admin"])
def test_only_the_county_decides(world, role):
    problem = record(world, deadline=days(5))
    asked = services.extension_request(
        actor=world.principal, problem=problem, new_deadline=days(9), reason="理由"
    )
    with pytest.raises(NotAllowed):
        services.extension_decide(actor=getattr(world, role), extension=asked, approve=True)
    asked.refresh_from_db()
    assert asked.status == ExtensionStatus.PENDING


def test_the_request_and_decision_on_the_problem_page_and_in_its_history(client, world):
    problem = record(world, deadline=days(5))
    client.force_login(world.principal)
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert 'name="new_deadline"' in page
    response = client.post(
        reverse("rectification:extension", args=[problem.pk]),
        {"new_deadline": days(30).isoformat(), "reason": "器材暑期到货"},
    )
    assert response.status_code == 302
    asked = ExtensionRequest.objects.get()
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert "待县教育局审批" in page and 'name="new_deadline"' not in page
    assert 'value="approve"' not in page  # the school does not decide
    client.force_login(world.county_admin)
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert 'value="approve"' in page and "器材暑期到货" in page
    response = client.post(
        reverse("rectification:extension_decide", args=[asked.pk]),
        {"decision": "approve", "comment": "同意延期"},
    )
    assert response.status_code == 302
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert "申请延期" in page and "批准延期" in page
    assert f"整改期限 {days(5).isoformat()} → {days(30).isoformat()}" in page
    assert "已批准" in page


# --- the checklist item -------------------------------------------------------------------------


@pytest.fixture
def quality(world):
    return checklists.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )


def test_the_item_is_chosen_from_the_county_checklist_and_kept_with_its_code(world, quality):
    item = quality.items.get(code="2.3.1")
    problem = record(world, item=item, deadline=days(5))
    assert problem.item == item and problem.checklist_item.startswith("2.3.1 ")
    foreign = checklists.checklist_load_builtin(
        actor=world.foreign_admin, county=world.other_county, key="quality-2017"
    )
    with pytest.raises(RectificationError, match="本县的评估指标体系"):
        record(world, item=foreign.items.get(code="2.3.1"), deadline=days(5))


def test_the_forms_offer_a_select_of_the_county_items_not_free_text(client, world, quality):
    item = quality.items.get(code="2.3.1")
    client.force_login(world.county_admin)
    page = client.get(reverse("rectification:create")).content.decode()
    assert '<select name="item"' in page and f'value="{item.pk}"' in page
    assert 'name="checklist_item"' not in page
    response = client.post(
        reverse("rectification:create"),
        {
            "source": Source.COUNTY,
            "school": world.school.pk,
            "description": "音乐教室器材不全",
            "item": item.pk,
        },
    )
    problem = Problem.objects.get()
    assert response.status_code == 302 and problem.item == item
    other = quality.items.get(code="2.3.2")
    client.post(
        reverse("rectification:edit", args=[problem.pk]),
        {"description": problem.description, "item": other.pk},
    )
    problem.refresh_from_db()
    assert problem.item == other and problem.checklist_item.startswith("2.3.2 ")
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert reverse("checklists:item", args=[other.pk]) in page


def test_an_item_page_shows_its_open_problems_and_its_sub_items(client, world, quality):
    leaf = quality.items.get(code="2.3.1")
    open_one = record(world, item=leaf, deadline=days(5), description="器材不全")
    closed = record(world, item=leaf, deadline=days(5), description="已整改的问题")
    Problem.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    elsewhere = record(world, item=quality.items.get(code="2.4"), description="别的指标")
    client.force_login(world.county_admin)
    page = client.get(reverse("checklists:item", args=[leaf.pk])).content.decode()
    assert "未销号的问题" in page and f"#{open_one.pk} 器材不全" in page
    assert "已整改的问题" not in page and "别的指标" not in page
    parent = client.get(reverse("checklists:item", args=[leaf.parent_id])).content.decode()
    assert f"#{open_one.pk} 器材不全" in parent  # the category shows its sub-items' problems
    assert f"#{elsewhere.pk}" not in parent


def test_an_item_page_shows_only_the_problems_the_user_sees(client, world, quality):
    leaf = quality.items.get(code="2.3.1")
    checklists.assignment_create(
        actor=world.county_admin,
        item=leaf,
        unit_kind="school",
        school=world.sibling,
        person=world.other_principal,
        deadline=days(30),
    )
    record(world, item=leaf, deadline=days(5), description="城关一小的问题")
    client.force_login(world.other_principal)
    page = client.get(reverse("checklists:item", args=[leaf.pk])).content.decode()
    assert "未销号的问题" in page and "城关一小的问题" not in page


# --- the first proof survives a return ----------------------------------------------------------


def test_a_return_keeps_the_proof_and_photos_and_the_resubmission_keeps_both(client, world):
    problem = record(world, deadline=days(20))
    services.problem_start(actor=world.principal, problem=problem)
    services.problem_submit(
        actor=world.principal,
        problem=problem,
        proof="已采购打击乐器一套",
        photos=[photo_upload("器材.png")],
    )
    services.problem_return(actor=world.county_admin, problem=problem, comment="缺音响设备")
    problem.refresh_from_db()
    assert problem.status == Status.RETURNED and problem.proof == "已采购打击乐器一套"
    assert problem.photos.filter(stage="proof").count() == 1
    client.force_login(world.principal)
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert "已采购打击乐器一套" in page and "缺音响设备" in page
    services.problem_start(actor=world.principal, problem=problem)
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    # the resubmission starts from the proof already given
    assert ">已采购打击乐器一套</textarea>" in page
    services.problem_submit(
        actor=world.principal,
        problem=problem,
        proof="已采购打击乐器一套；音响设备已安装",
        photos=[photo_upload("音响.png")],
    )
    assert problem.photos.filter(stage="proof").count() == 2
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert "历次提交的整改情况" in page
    history = page[page.index('id="proof-history"') :]
    assert history.index("已采购打击乐器一套<") < history.index("音响设备已安装")
