"""The countdown plan (倒排时间) against the inspection date, and the daily reminders of overdue
and due-soon problems (in the app and by e-mail), idempotent per day; time is frozen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from factories import make_user
from junheng.inspections.models import Visit
from junheng.rectification import selectors, services
from junheng.rectification.choices import Status
from junheng.rectification.models import Notification
from junheng.rectification.services import reminders
from rectification.builders import problem_at

TODAY = dt.date(2025, 5, 10)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def frozen(monkeypatch):
    """timezone.now() (and so localdate()) at 09:00 Beijing time on TODAY."""
    moment = dt.datetime(2025, 5, 10, 1, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def emails(world):
    for user, address in (
        (world.principal, "principal@example.cn"),
        (world.other_principal, "other@example.cn"),
        (world.inspector, "inspector@example.cn"),
        (world.township_officer, "officer@example.cn"),
    ):
        user.email = address
        user.save()
    return world


def test_the_plan_counts_back_from_the_inspection_date(world):
    world.county.inspection_date = days(40)
    world.county.save()
    world.county_admin.refresh_from_db()
    late = problem_at(world.school, deadline=days(-2))
    soon = problem_at(world.school, deadline=days(5))
    before = problem_at(world.sibling, deadline=days(30))
    after = problem_at(world.far_school, deadline=days(50))
    waiting = problem_at(world.far_school, status=Status.SUBMITTED, deadline=days(-1))
    undated = problem_at(world.sibling)
    problem_at(world.school, status=Status.CLOSED, deadline=days(1))
    plan = selectors.countdown_plan(user=world.county_admin, today=TODAY)
    assert plan.days_left == 40
    groups = {g.key: [r.problem.pk for r in g.rows] for g in plan.groups}
    assert groups == {
        "overdue": [late.pk],
        "soon": [soon.pk],
        "before": [before.pk],
        "after": [after.pk],
        "waiting": [waiting.pk],
        "undated": [undated.pk],
    }
    rows = {r.problem.pk: r for g in plan.groups for r in g.rows}
    assert (rows[late.pk].days_left, rows[late.pk].slack, rows[late.pk].overdue) == (-2, 42, True)
    assert (rows[after.pk].days_left, rows[after.pk].slack) == (50, -10)
    assert plan.total == 6


def test_the_plan_page_shows_the_countdown_in_the_users_scope(client, world, frozen):
    world.county.inspection_date = days(40)
    world.county.save()
    problem_at(world.school, deadline=days(-2), description="城关一小的问题")
    problem_at(world.far_school, deadline=days(3), description="东乡的问题")
    client.force_login(world.principal)
    page = client.get(reverse("rectification:plan")).content.decode()
    assert "督导检查日期 2025-06-19，距今 40 天" in page
    assert "城关一小的问题" in page and "东乡的问题" not in page


def test_reminders_go_to_the_responsible_person_and_for_overdue_also_to_the_cadre(emails):
    world = emails
    overdue = problem_at(world.sibling, deadline=days(-3), responsible=world.other_principal)
    due = problem_at(world.school, deadline=days(7), responsible=world.principal)
    problem_at(world.school, deadline=days(8), responsible=world.principal)  # not yet
    problem_at(world.school, deadline=days(-9), status=Status.SUBMITTED)  # waiting: no
    problem_at(world.school, deadline=days(-9), status=Status.CLOSED)  # closed: no
    report = services.reminders_send(today=TODAY)
    notes = {(n.recipient.username, n.problem_id, n.kind) for n in Notification.objects.all()}
    assert notes == {
        ("other_principal", overdue.pk, "overdue"),
        ("inspector", overdue.pk, "overdue"),  # 包校: A2 is the inspector's school
        ("principal", due.pk, "due_soon"),
    }
    assert report.notifications == 3 and report.emails == 3
    texts = {n.recipient.username: n.text for n in Notification.objects.all()}
    assert texts["principal"].startswith("【即将到期】城关一小：")
    assert texts["principal"].endswith("（整改期限 2025-05-17，还剩 7 天）")
    assert texts["inspector"].endswith("（整改期限 2025-05-07，已逾期 3 天）")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "inspector@example.cn",
        "other@example.cn",
        "principal@example.cn",
    ]
    message = next(m for m in mail.outbox if m.to == ["principal@example.cn"])
    assert "1 项问题" in message.subject and "2025-05-10" in message.subject
    assert "功能室不足" in message.body


def test_running_twice_the_same_day_adds_and_sends_nothing(emails):
    problem_at(emails.school, deadline=days(2), responsible=emails.principal)
    services.reminders_send(today=TODAY)
    report = services.reminders_send(today=TODAY)
    assert (report.notifications, report.emails) == (0, 0)
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1
    # the next day it reminds again
    report = services.reminders_send(today=days(1))
    assert (report.notifications, report.emails) == (1, 1)


def test_without_a_responsible_person_the_school_principal_is_reminded(emails):
    problem_at(emails.school, deadline=days(1))
    problem_at(None, county=emails.county, township=emails.township, deadline=days(1))
    services.reminders_send(today=TODAY)
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "principal",
        "township_officer",
    ]


def test_without_anyone_of_the_place_the_reminder_goes_up_to_the_township_then_the_county(
    world,
):
    at_far_school = problem_at(world.far_school, deadline=days(1))  # A3 has no principal
    county_wide = problem_at(None, county=world.county, deadline=days(1))
    services.reminders_send(today=TODAY)
    recipients = {
        (n.problem_id, n.recipient.username) for n in Notification.objects.select_related()
    }
    assert recipients == {(at_far_school.pk, "county_admin"), (county_wide.pk, "county_admin")}
    east = make_user(
        "east_officer", "township_officer", county=world.county, township=world.other_township
    )
    assert selectors.reminder_recipients(at_far_school, "due_soon") == [east]


def test_a_failed_email_is_tried_again_by_the_next_run(emails, monkeypatch):
    problem_at(emails.school, deadline=days(1), responsible=emails.principal)

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    report = services.reminders_send(today=TODAY)
    assert (report.notifications, report.emails, report.failed) == (1, 0, 1)
    monkeypatch.undo()
    report = services.reminders_send(today=TODAY)
    assert (report.notifications, report.emails) == (0, 1)
    assert Notification.objects.get().emailed_at is not None


def test_users_without_an_email_address_get_the_in_app_reminder_only(world):
    problem_at(world.school, deadline=days(1), responsible=world.principal)
    assert services.reminders_send(today=TODAY).emails == 0
    assert Notification.objects.count() == 1 and not mail.outbox


def visited_by_their_cadres(world, on=TODAY):
    """Every 包校 school visited by its cadre that day: no reminder of an overdue visit."""
    for school in world.inspector.assigned_schools.all():
        Visit.objects.create(
            county=world.county, school=school, date=on, visitor=world.inspector, checked="走访"
        )


def test_the_command_for_cron_uses_today_and_is_idempotent(emails, frozen, capsys):
    visited_by_their_cadres(emails)
    problem_at(emails.school, deadline=days(-1), responsible=emails.principal)
    call_command("send_reminders")
    assert "1 new notifications, 1 e-mails sent" in capsys.readouterr().out
    call_command("send_reminders")
    assert "0 new notifications, 0 e-mails sent" in capsys.readouterr().out
    assert Notification.objects.get().day == TODAY
    call_command("send_reminders", "--date", "2025-05-11", "--days", "0")
    assert Notification.objects.filter(day=days(1)).count() == 1


def test_the_notifications_page_shows_the_users_own_and_marks_them_read(client, emails):
    problem_at(emails.school, deadline=days(1), responsible=emails.principal)
    problem_at(emails.sibling, deadline=days(1), responsible=emails.other_principal)
    services.reminders_send(today=TODAY)
    client.force_login(emails.principal)
    page = client.get(reverse("rectification:notifications")).content.decode()
    assert "城关一小" in page and "城关二小" not in page and "未读 1 条" in page
    client.post(reverse("rectification:notifications_read"))
    assert not Notification.objects.filter(recipient=emails.principal, read_at=None).exists()
    assert Notification.objects.filter(recipient=emails.other_principal, read_at=None).exists()


def test_a_cadre_without_schools_is_not_reminded(world):
    make_user("idle", "inspector", county=world.county)
    problem_at(world.school, deadline=days(-1), responsible=world.principal)
    services.reminders_send(today=TODAY)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["principal"]
