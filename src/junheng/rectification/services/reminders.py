"""The daily reminders of overdue and due-soon problems, in the app and by e-mail. (The
reminders of overdue 包校 visits are `inspections.services.visit_reminders_send`'s, in the app
only; `manage.py send_reminders` runs both.)"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from junheng.rectification.choices import (
    ACTIVE,
    DUE_SOON_DAYS,
    PROBLEM_REMINDERS,
    NotificationKind,
)
from junheng.rectification.models import Notification, Problem
from junheng.rectification.rules import reminder_text
from junheng.rectification.selectors import reminder_recipients
from junheng.registry.models import County

log = logging.getLogger(__name__)


# --- reminders ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderReport:
    notifications: int
    emails: int
    failed: int


def reminders_send(
    *, today: dt.date | None = None, due_days: int = DUE_SOON_DAYS, county: County | None = None
) -> ReminderReport:
    """The daily reminders of problems overdue or due within `due_days` days: one in-app
    notification per recipient, problem and day, and one e-mail per recipient with that day's
    new ones. Running it again the same day adds and sends nothing; a failed e-mail is tried
    again by the next run."""
    today = today or timezone.localdate()
    problems = (
        Problem.objects.filter(status__in=ACTIVE, deadline__isnull=False)
        .filter(deadline__lte=today + dt.timedelta(days=due_days))
        .select_related("county", "township", "school", "responsible")
        .order_by("deadline", "pk")
    )
    if county is not None:
        problems = problems.filter(county=county)
    created = 0
    with transaction.atomic():
        for problem in problems:
            kind = (
                NotificationKind.OVERDUE if problem.deadline < today else NotificationKind.DUE_SOON
            )
            with translation.override("zh-hans"):
                text = reminder_text(problem, kind, today)
            for person in reminder_recipients(problem, kind):
                _, made = Notification.objects.get_or_create(
                    recipient=person,
                    problem=problem,
                    kind=kind,
                    day=today,
                    defaults={"text": text},
                )
                created += made
    emails = failed = 0
    pending = (
        Notification.objects.filter(day=today, emailed_at__isnull=True, kind__in=PROBLEM_REMINDERS)
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("recipient", "kind", "pk")
    )
    by_recipient: dict[int, list[Notification]] = {}
    for notification in pending:
        by_recipient.setdefault(notification.recipient_id, []).append(notification)
    for notes in by_recipient.values():
        person = notes[0].recipient
        try:
            send_mail(
                subject=(
                    f"【均衡】整改提醒：{len(notes)} 项问题逾期或即将到期（{today.isoformat()}）"
                ),
                message=_email_body(person, notes),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[person.email],
            )
        except Exception:  # an unreachable mail server must not stop the other reminders
            log.exception("reminder e-mail to %s failed", person.email)
            failed += 1
            continue
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
        emails += 1
    return ReminderReport(created, emails, failed)


def _email_body(person: Any, notes: list[Notification]) -> str:
    name = person.last_name or person.get_username()
    lines = [f"{name}：", "", "以下问题的整改逾期或即将到期，请抓紧整改并及时提交核验：", ""]
    lines += [f"{i}. {n.text}" for i, n in enumerate(notes, 1)]
    lines += ["", "请登录均衡系统「问题清单」查看详情。", "（本邮件由系统每日自动发送）"]
    return "\n".join(lines)


@transaction.atomic
def notifications_read(*, user: Any) -> int:
    """Mark all of the user's unread notifications as read."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
