"""What every problem must respect, and how it is refused: where an actor may record one,
under which sources, who may be named responsible for it, who may change which of its
fields, and the moves of its state machine.

Services check these rules before they write (`ensure_*`, raising a refusal); selectors ask
the same rules to show a user what they may do. Who may do what is `junheng.access`'s: these
rules only ask it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from junheng.access import (
    ADVANCE,
    MANAGE,
    RECORD_TOWNSHIP,
    RESPONSIBLE,
    VERIFY,
    VIEW,
    can,
    may,
    may_be_named,
    problem_sources,
)
from junheng.rectification.choices import NotificationKind, Source, Status
from junheng.rectification.models import Problem
from junheng.refusals import NotAllowed, Refusal
from junheng.registry.models import County, School, Township


class RectificationError(Refusal):
    """A refused action on a problem, with its message in Chinese and English."""


class InvalidPhoto(RectificationError):
    """An upload that is not a photo, or too large."""


# --- where, under which source, naming whom ---------------------------------------------------


def allowed_sources(user: Any) -> list[str]:
    """The sources the user may record a problem under, in the order of `Source`."""
    allowed = problem_sources(user)
    return [source for source in Source.values if source in allowed]


def ensure_source(actor: Any, source: str) -> None:
    if source not in allowed_sources(actor):
        raise NotAllowed("您的角色不能登记此来源的问题", "your role cannot record this source")


def ensure_place(
    actor: Any, county: County, school: School | None, township: Township | None
) -> tuple[School | None, Township | None]:
    """Check that the actor may record a problem there; the township of a school is its own."""
    if school is not None:
        if school.county_id != county.pk or not may(actor, VIEW, school):
            raise NotAllowed("无权为该学校登记问题", "not allowed for this school")
        return school, school.township
    if township is not None:
        if (
            township.county_id != county.pk
            or not can(actor, RECORD_TOWNSHIP)
            or not may(actor, VIEW, township)
        ):
            raise NotAllowed("无权为该乡镇登记问题", "not allowed for this township")
        return None, township
    if not may(actor, MANAGE, county):
        raise NotAllowed(
            "只有县教育局可以登记全县性的问题",
            "only the county bureau records problems of the whole county",
        )
    return None, None


def belongs_to_county(person: Any, county: County) -> bool:
    """Whether the person is a user of the county (of its bureau, a township or a school)."""
    return county.pk in {
        getattr(person, "county_id", None),
        getattr(getattr(person, "township", None), "county_id", None),
        getattr(getattr(person, "school", None), "county_id", None),
    }


PLACE_WORDS = {
    "school": ("学校", "school"),
    "township": ("乡镇", "township"),
    "county": ("县", "county"),
}


def ensure_responsible(
    person: Any, *, county: County, township: Township | None, school: School | None
) -> None:
    """The responsible person of a problem must be someone whose own scope covers its school or
    township (`junheng.access.may_be_named`): naming anyone else would hand them a problem
    outside their scope. Nobody (None) may always be named."""
    if person is None:
        return
    if not belongs_to_county(person, county):
        raise RectificationError(
            "责任人必须是本县的用户", "the responsible person must be a user of the county"
        )
    if not may_be_named(person, RESPONSIBLE, county=county, township=township, school=school):
        zh, en = PLACE_WORDS["school" if school else "township" if township else "county"]
        raise RectificationError(
            f"「{person.last_name or person.get_username()}」的工作范围不包括问题所在的{zh}，"
            "不能作为该问题的责任人",
            f"{person.get_username()} cannot be made responsible: their own scope does not "
            f"cover the problem's {en}",
        )


def ensure_deadline(deadline: dt.date | None) -> None:
    """A deadline set or moved on a recorded problem lies ahead: a later one is asked for by a
    延期申请, and one moved into the past would make a problem overdue from the start."""
    if deadline is not None and deadline < timezone.localdate():
        raise RectificationError(
            "整改期限不能早于今天", "the deadline cannot be earlier than today"
        )


def ensure_found_dates(found_on: dt.date | None, deadline: dt.date | None) -> None:
    """A problem is recorded with the day it was found and its real deadline, both possibly
    past (an earlier inspection's feedback, recorded now): found no later than today, the
    deadline no earlier than the day it was found. Without a found date the problem is found
    today, so its deadline lies ahead."""
    today = timezone.localdate()
    if found_on is None:
        ensure_deadline(deadline)
        return
    if found_on > today:
        raise RectificationError("发现日期不能晚于今天", "the date found cannot be in the future")
    if deadline is not None and deadline < found_on:
        raise RectificationError(
            "整改期限不能早于发现日期", "the deadline cannot be earlier than the date found"
        )


def ensure_item(item: Any, county: County) -> None:
    """The checklist item (评估指标条目) of a problem is one of the county's loaded checklists."""
    if item is not None and item.checklist.county_id != county.pk:
        raise RectificationError(
            "评估指标条目须选自本县的评估指标体系",
            "the checklist item must be one of the county's checklists",
        )


def item_label(item: Any) -> str:
    """How a problem keeps its item: code and title as they were when it was chosen."""
    return f"{item.code} {item.title}"[:200]


# --- who changes what -------------------------------------------------------------------------

# the fields each side may change: the bureau (or whoever recorded it) all, the responsible
# side its measure
MANAGED_FIELDS = ("description", "item", "measure", "responsible", "deadline")
RESPONSIBLE_FIELDS = ("measure",)


def manages(actor: Any, problem: Problem) -> bool:
    """A county admin of the problem's county, or whoever recorded it (still in scope)."""
    if may(actor, MANAGE, problem):
        return True
    return problem.created_by_id == getattr(actor, "pk", None) and may(actor, VIEW, problem)


def editable_fields(*, actor: Any, problem: Problem) -> tuple[str, ...]:
    """The fields `problem_update` lets the actor change now (none once closed)."""
    if problem.is_closed:
        return ()
    if manages(actor, problem):
        return MANAGED_FIELDS
    if may(actor, ADVANCE, problem):
        return RESPONSIBLE_FIELDS
    return ()


# --- 延期申请 -----------------------------------------------------------------------------------


def may_request_extension(actor: Any, problem: Problem) -> bool:
    """The responsible side asks for a later deadline (the side that moves it forward)."""
    return may(actor, ADVANCE, problem)


def may_decide_extension(actor: Any, problem: Problem) -> bool:
    """The county (who runs it) approves or refuses a request."""
    return may(actor, MANAGE, problem)


def ensure_extension_requester(actor: Any, problem: Problem) -> None:
    if not may_request_extension(actor, problem):
        raise NotAllowed(
            "只有责任学校、乡镇或责任人可以申请延期",
            "only the responsible school, township or person asks for an extension",
        )


def ensure_extension_decider(actor: Any, problem: Problem) -> None:
    if not may_decide_extension(actor, problem):
        raise NotAllowed(
            "只有县教育局可以审批延期申请", "only the county bureau decides extension requests"
        )


# --- the state machine ------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One step of the state machine: who (`action`), from where, to where."""

    name: str  # also the audit entry's action
    action: str  # ADVANCE (the responsible side) or VERIFY (the verifier)
    source: tuple[str, ...]
    target: str


START = Move("start", ADVANCE, (Status.OPEN, Status.RETURNED), Status.RECTIFYING)
SUBMIT = Move("submit", ADVANCE, (Status.RECTIFYING,), Status.SUBMITTED)
CLOSE = Move("close", VERIFY, (Status.SUBMITTED,), Status.CLOSED)
RETURN = Move("return", VERIFY, (Status.SUBMITTED,), Status.RETURNED)
MOVES = {move.name: move for move in (START, SUBMIT, CLOSE, RETURN)}


def may_move(actor: Any, problem: Problem, move: Move) -> bool:
    return may(actor, move.action, problem)


def problem_moves(*, actor: Any, problem: Problem) -> list[str]:
    """The moves the actor may make now: the rules `ensure_move` enforces, for showing buttons."""
    return [
        move.name
        for move in MOVES.values()
        if problem.status in move.source and may_move(actor, problem, move)
    ]


def ensure_move(actor: Any, problem: Problem, move: Move) -> None:
    if not may_move(actor, problem, move):
        if move.action == VERIFY:
            raise NotAllowed(
                "只有县教育局或该校的包校督学可以核验销号或退回",
                "only the county bureau or the school's assigned inspector verifies",
            )
        raise NotAllowed(
            "只有责任学校、乡镇或责任人可以推进整改",
            "only the responsible school, township or person moves the rectification forward",
        )
    if problem.status not in move.source:
        raise NotAllowed(
            f"问题状态为「{problem.get_status_display()}」，不能执行此操作",
            f"not possible while the problem is {problem.status}",
        )


def reminder_text(problem: Problem, kind: str, today: dt.date) -> str:
    """The reminder in the active language: stored and e-mailed in Chinese (`reminders_send`
    writes it under zh-hans), shown again in English on an English page (issue 14 §7)."""
    days = (problem.deadline - today).days
    values = {
        "unit": problem.unit_name,
        "summary": problem.summary,
        "deadline": problem.deadline.isoformat(),
        "days": abs(days),
    }
    if kind == NotificationKind.OVERDUE:
        return (
            gettext("【已逾期】%(unit)s：%(summary)s（整改期限 %(deadline)s，已逾期 %(days)s 天）")
            % values
        )
    if days == 0:
        return gettext("【今日到期】%(unit)s：%(summary)s（整改期限 %(deadline)s）") % values
    return (
        gettext("【即将到期】%(unit)s：%(summary)s（整改期限 %(deadline)s，还剩 %(days)s 天）")
        % values
    )


# the overdue-visit reminder as `inspections.services.visit_reminders_send` stores it (Chinese)
VISIT_REMINDER = re.compile(
    r"^【走访超期】(?P<school>.+?)：(?:已 (?P<days>\d+) 天未走访（最近一次 (?P<last>[\d-]+)，"
    r"|您包校以来尚未走访（)本县要求包校干部每 (?P<every>\d+) 天至少走访一次）$",
    re.S,
)


def visit_reminder_text(
    school: str, every_days: int, days_since: int | None = None, last_visit: str | None = None
) -> str:
    """The reminder of a school's overdue 包校 visit in the active language: stored in Chinese
    (`visit_reminders_send` writes it under zh-hans), shown again in English on an English
    page (`visit_reminder_shown`)."""
    rule = gettext("本县要求包校干部每 %(every)s 天至少走访一次") % {"every": every_days}
    if last_visit is None:
        return gettext("【走访超期】%(school)s：您包校以来尚未走访（%(rule)s）") % {
            "school": school,
            "rule": rule,
        }
    return gettext(
        "【走访超期】%(school)s：已 %(days)s 天未走访（最近一次 %(last)s，%(rule)s）"
    ) % {
        "school": school,
        "days": days_since,
        "last": last_visit,
        "rule": rule,
    }


def visit_reminder_shown(text: str) -> str:
    """A stored overdue-visit reminder written again in the active language (as stored when it
    is not in the stored form)."""
    found = VISIT_REMINDER.match(text)
    if found is None:
        return text
    return visit_reminder_text(
        found["school"],
        int(found["every"]),
        int(found["days"]) if found["days"] else None,
        found["last"],
    )
