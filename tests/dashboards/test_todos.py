"""Everyone's to-dos (dashboards.todos): each role's work on its home page with counts and
links, scoped by the access policy, and the total in the header of every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from junheng.checklists import services as checklists
from junheng.checklists.choices import UnitKind
from junheng.collection import services as collection
from junheng.collection.choices import DataStatus
from junheng.collection.models import SchoolYear
from junheng.dashboards.todos import todo_count, todos
from junheng.rectification.choices import DUE_SOON_DAYS, NotificationKind, Status
from junheng.rectification.models import Notification
from rectification.builders import problem_at

YEAR = 2025
TODAY = dt.date(2025, 6, 1)


def set_status(status, *schools):
    SchoolYear.objects.filter(school__in=schools, year=YEAR).update(status=status)


def group(user, key, today=TODAY):
    found = {g.key: g for g in todos(user=user, today=today).groups}
    return found.get(key)


def texts(user, key, today=TODAY):
    found = group(user, key, today)
    return [item.text for item in found.items] if found else []


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# yearly data -------------------------------------------------------------------------------


def test_the_township_is_asked_to_review_the_submitted_records_of_its_township(world):
    set_status(DataStatus.SUBMITTED, world.school, world.far_school)

    assert texts(world.township_officer, "review") == ["城关一小 · 2025"]
    item = group(world.township_officer, "review").items[0]
    assert item.url == reverse("collection:school_year", args=[YEAR, world.school.pk])
    assert group(world.township_officer, "review").url.endswith("/data/2025/?status=submitted")


def test_the_county_is_asked_to_approve_what_the_townships_passed_not_to_review(world):
    set_status(DataStatus.SUBMITTED, world.school)
    set_status(DataStatus.REVIEWED, world.sibling, world.far_school)

    assert group(world.county_admin, "review") is None
    assert texts(world.county_admin, "approve") == ["城关二小 · 2025", "东乡中心小学 · 2025"]
    assert group(world.township_officer, "approve") is None


def test_the_principal_is_told_of_returned_data_with_the_comment(world):
    set_status(DataStatus.SUBMITTED, world.school, world.sibling)
    for school in (world.school, world.sibling):
        collection.school_year_return(
            actor=world.township_officer,
            record=SchoolYear.objects.get(school=school, year=YEAR),
            comment="请核对教师数",
        )

    returned = group(world.principal, "returned")
    assert [i.text for i in returned.items] == ["城关一小 · 2025"]  # not the sibling's
    assert returned.items[0].detail == "请核对教师数"
    assert group(world.township_officer, "returned") is None  # the school's work


def test_records_of_a_locked_year_wait_for_nobody(world):
    SchoolYear.objects.filter(school__county=world.county).update(status=DataStatus.APPROVED)
    collection.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)
    SchoolYear.objects.filter(school=world.school).update(status=DataStatus.REVIEWED)

    assert group(world.county_admin, "approve") is None


@pytest.mark.parametrize("persona", ["principal", "inspector", "foreign_admin"])
def test_roles_that_neither_review_nor_approve_have_no_records_to_pass(world, persona):
    SchoolYear.objects.update(status=DataStatus.SUBMITTED)
    SchoolYear.objects.filter(school=world.sibling).update(status=DataStatus.REVIEWED)

    user = getattr(world, persona)
    assert group(user, "review") is None
    assert group(user, "approve") is None


# checklist items -----------------------------------------------------------------------------


def test_my_checklist_items_not_yet_done_are_listed_with_their_deadline(world):
    checklist = checklists.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    item = checklist.items.get(code="2.3.1")
    checklists.assignment_create(
        actor=world.county_admin,
        item=item,
        unit_kind=UnitKind.SCHOOL,
        school=world.school,
        person=world.principal,
        deadline=TODAY - dt.timedelta(days=1),
    )

    mine = group(world.principal, "assignments")
    assert mine.count == 1 and mine.items[0].text.startswith("2.3.1")
    assert mine.items[0].late and "已逾期" in mine.items[0].detail
    assert mine.url == reverse("checklists:mine")
    assert group(world.other_principal, "assignments") is None


# problems ----------------------------------------------------------------------------------


def test_my_problems_overdue_or_due_soon_are_listed_soonest_first(world):
    soon = TODAY + dt.timedelta(days=DUE_SOON_DAYS)
    late = problem_at(
        world.school, deadline=TODAY - dt.timedelta(days=3), responsible=world.principal
    )
    due = problem_at(world.school, deadline=soon, responsible=world.principal)
    problem_at(world.school, deadline=soon + dt.timedelta(days=1), responsible=world.principal)
    problem_at(world.school, deadline=TODAY, responsible=world.principal, status=Status.CLOSED)
    problem_at(world.sibling, deadline=TODAY, responsible=world.other_principal)

    mine = group(world.principal, "problems")

    assert mine.count == 2
    assert [i.url for i in mine.items] == [
        reverse("rectification:detail", args=[late.pk]),
        reverse("rectification:detail", args=[due.pk]),
    ]
    assert [i.late for i in mine.items] == [True, False]


# reminders ---------------------------------------------------------------------------------


def test_unread_reminders_are_the_user_s_own(world):
    problem = problem_at(world.school, deadline=TODAY, responsible=world.principal)
    for recipient, read in ((world.principal, None), (world.principal, timezone.now())):
        Notification.objects.create(
            recipient=recipient,
            problem=problem,
            kind=NotificationKind.OVERDUE if read else NotificationKind.DUE_SOON,
            day=TODAY,
            text="【今日到期】城关一小：功能室不足",
            read_at=read,
        )
    Notification.objects.create(
        recipient=world.other_principal, problem=problem, kind="due_soon", day=TODAY, text="x"
    )

    mine = group(world.principal, "reminders")

    assert mine.count == 1
    assert mine.items[0].url == reverse("rectification:detail", args=[problem.pk])
    assert mine.url == reverse("rectification:notifications")


# the home page and the header ------------------------------------------------------------------


def test_the_total_is_the_sum_of_the_lists(world):
    set_status(DataStatus.SUBMITTED, world.school, world.sibling)
    problem_at(world.school, deadline=TODAY, responsible=world.township_officer)

    found = todos(user=world.township_officer, today=TODAY)

    assert [g.key for g in found.groups] == ["review", "problems"]
    assert found.total == 3 == todo_count(user=world.township_officer, today=TODAY)


def test_the_home_page_lists_the_to_dos_with_links_and_the_header_their_count(world):
    set_status(DataStatus.SUBMITTED, world.school, world.sibling)

    page = client_for(world.township_officer).get(reverse("dashboards:home"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "我的待办" in html and "待审核的学校数据" in html
    assert reverse("collection:school_year", args=[YEAR, world.school.pk]) in html
    assert "东乡中心小学" not in html  # another township's school
    assert 'class="countdown todo-count"' in html and "待办 2" in html


def test_the_header_count_is_on_every_page_and_absent_when_nothing_waits(world):
    set_status(DataStatus.REVIEWED, world.school)

    busy = client_for(world.county_admin).get(reverse("collection:year", args=[YEAR]))
    idle = client_for(world.inspector).get(reverse("collection:year", args=[YEAR]))

    assert "待办 1" in busy.content.decode()
    assert "todo-count" not in idle.content.decode()


def test_a_user_with_nothing_to_do_is_told_so(world):
    page = client_for(world.inspector).get(reverse("dashboards:home"))

    assert page.status_code == 200 and "暂无待办事项" in page.content.decode()


def test_the_returned_record_and_its_comment_reach_the_principal_s_home_page(world):
    set_status(DataStatus.SUBMITTED, world.school)
    collection.school_year_return(
        actor=world.township_officer,
        record=SchoolYear.objects.get(school=world.school, year=YEAR),
        comment="小学在校生数与学籍系统不一致",
    )

    html = client_for(world.principal).get(reverse("dashboards:home")).content.decode()

    assert "被退回修改的数据" in html and "退回意见：小学在校生数与学籍系统不一致" in html


def test_the_to_dos_in_english(world):
    set_status(DataStatus.SUBMITTED, world.school)
    client = client_for(world.township_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get(reverse("dashboards:home")).content.decode()

    assert "My to-dos" in html and "School data to review" in html and "1 to do" in html
    assert "我的待办" not in html
