"""The work waiting for each user (我的待办): the home page lists it with counts and links, the
header shows the total.

Each list is read through the selectors of the app it belongs to, scoped by `junheng.access`:
records to pass on (a township), to approve (the county), returned for correction with the
comment (a school), the user's checklist items not yet done, the problems the user is
responsible for that are overdue or due soon, and unread reminders. Whose work a record is
follows from what the policy lets the user do to it (`collection.selectors.records_to_*`), so
no role is named here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from junheng.checklists.selectors import assignment_states, my_assignments_query, my_open_count
from junheng.collection import selectors as collection
from junheng.collection.choices import DataStatus
from junheng.collection.models import SchoolYear
from junheng.rectification import selectors as rectification
from junheng.rectification.choices import ACTIVE, DUE_SOON_DAYS
from junheng.rectification.models import Notification, Problem

# How many entries of each list the home page shows (the link leads to the rest).
SHOWN = 8


@dataclass(frozen=True)
class TodoItem:
    text: str
    url: str
    detail: str = ""  # a return comment, a deadline
    late: bool = False  # overdue


@dataclass
class TodoGroup:
    key: str
    title: Any
    count: int
    items: list[TodoItem]
    url: str  # the page listing all of them

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass
class Todos:
    groups: list[TodoGroup] = field(default_factory=list)  # the lists with work in them

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def todos(*, user: Any, today: dt.date | None = None, shown: int = SHOWN) -> Todos:
    """Every list of the user's work that is not empty, each with its first `shown` entries."""
    today = today or timezone.localdate()
    groups = [
        _records_group(
            "review",
            _("待审核的学校数据"),
            collection.records_to_review(user=user),
            DataStatus.SUBMITTED,
            shown,
        ),
        _records_group(
            "approve",
            _("待县审核的学校数据"),
            collection.records_to_approve(user=user),
            DataStatus.REVIEWED,
            shown,
        ),
        _records_group(
            "returned",
            _("被退回修改的数据"),
            collection.records_returned(user=user),
            DataStatus.RETURNED,
            shown,
        ),
        _assignments_group(user, shown),
        _problems_group(user, today, shown),
        _reminders_group(user, shown),
    ]
    return Todos([group for group in groups if group.count])


def todo_count(*, user: Any, today: dt.date | None = None) -> int:
    """How many things wait for the user: the total of the home page's lists (the header)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    today = today or timezone.localdate()
    return (
        collection.records_to_review(user=user).count()
        + collection.records_to_approve(user=user).count()
        + collection.records_returned(user=user).count()
        + my_open_count(user=user)
        + _my_problems(user, today).count()
        + _unread(user).count()
    )


# yearly data ----------------------------------------------------------------------------------


def _records_group(
    key: str, title: Any, records: QuerySet[SchoolYear], status: str, shown: int
) -> TodoGroup:
    count = records.count()
    first = list(records[:shown])
    items = [
        TodoItem(
            text=f"{record.school.name} · {record.year}",
            url=reverse("collection:school_year", args=[record.year, record.school_id]),
            detail=record.review_comment if status == DataStatus.RETURNED else "",
        )
        for record in first
    ]
    year = first[0].year if first else timezone.localdate().year
    url = f"{reverse('collection:year', args=[year])}?{urlencode({'status': status})}"
    return TodoGroup(key, title, count, items, url)


# checklist items --------------------------------------------------------------------------------


def _first_open_assignments(user: Any, count: int, shown: int) -> list[Any]:
    """The first `shown` of the user's checklist assignments not yet done (evidence complete
    and the item scored), soonest deadline first: read a few at a time, not all of them (a
    bureau's person may hold one for each of a thousand schools)."""
    found: list[Any] = []
    assignments = my_assignments_query(user=user)
    start = 0
    while len(found) < min(shown, count):
        chunk = assignment_states(assignments[start : start + 4 * shown])
        if not chunk:
            break
        found += [state for state in chunk if not state.done]
        start += 4 * shown
    return found[:shown]


def _assignments_group(user: Any, shown: int) -> TodoGroup:
    count = my_open_count(user=user)
    states = _first_open_assignments(user, count, shown)
    items = [
        TodoItem(
            text=f"{state.assignment.item.code} {state.assignment.item.title}",
            url=(
                f"{reverse('checklists:item', args=[state.assignment.item_id])}"
                f"#assignment-{state.assignment.pk}"
            ),
            detail=_deadline_text(state.assignment.deadline, state.overdue),
            late=state.overdue,
        )
        for state in states[:shown]
    ]
    url = reverse("checklists:mine")
    return TodoGroup("assignments", _("我的指标任务"), count, items, url)


# problems -------------------------------------------------------------------------------------


def _my_problems(user: Any, today: dt.date) -> QuerySet[Problem]:
    """The problems the user is responsible for that are overdue or due within DUE_SOON_DAYS."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return rectification.by_deadline(
        rectification.problems(user=user).filter(
            responsible=user, status__in=ACTIVE, deadline__isnull=False, deadline__lte=soon
        )
    )


def _problems_group(user: Any, today: dt.date, shown: int) -> TodoGroup:
    found = _my_problems(user, today)
    items = [
        TodoItem(
            text=gettext("%(unit)s：%(summary)s")
            % {"unit": problem.unit_name, "summary": problem.summary},
            url=reverse("rectification:detail", args=[problem.pk]),
            detail=_deadline_text(problem.deadline, problem.deadline < today),
            late=problem.deadline < today,
        )
        for problem in found[:shown]
    ]
    url = f"{reverse('rectification:list')}?{urlencode({'mine': 'on'})}"
    return TodoGroup("problems", _("我负责的问题（逾期或即将到期）"), found.count(), items, url)


# reminders ------------------------------------------------------------------------------------


def _unread(user: Any) -> QuerySet[Notification]:
    """The user's own reminders not yet read (a reminder is its recipient's alone)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).order_by("-day", "-pk")


def _reminders_group(user: Any, shown: int) -> TodoGroup:
    unread = _unread(user)
    items = []
    shown_notes = unread.select_related("problem__county", "problem__township", "problem__school")
    for note in shown_notes[:shown]:
        if note.problem_id:
            url = reverse("rectification:detail", args=[note.problem_id])
        elif note.school_id:
            url = f"{reverse('inspections:create')}?{urlencode({'school': note.school_id})}"
        else:
            url = reverse("rectification:notifications")
        text = rectification.notification_text(note)
        items.append(TodoItem(text=text, url=url, detail=note.day.isoformat()))
    return TodoGroup(
        "reminders", _("未读提醒"), unread.count(), items, reverse("rectification:notifications")
    )


def _deadline_text(deadline: dt.date, late: bool) -> str:
    when = deadline.isoformat()
    return str(_("已逾期（期限 %(date)s）") if late else _("期限 %(date)s")) % {"date": when}
