"""What every change of yearly data must respect, and how it is refused.

The school must be in the actor's scope for the action, the county's year must not be locked,
and a record already sent up may be changed only by whoever approves it (the county corrects
data at any stage before the lock). The status moves along the transitions below. Services
check these rules before they write (`ensure_*`, raising a refusal); selectors ask the same
rules to show a user what they may do. Who may do what is `junheng.access`'s: these rules only
ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import translation

from junheng.access import APPROVE, REVIEW, SUBMIT, may
from junheng.collection.choices import NO_DATA, DataStatus
from junheng.collection.fields import column_label
from junheng.collection.labels import status_zh
from junheng.collection.models import CountyYear, SchoolYear
from junheng.collection.validation import unexplained
from junheng.refusals import NotAllowed, Refusal
from junheng.registry.models import County, School


class CollectionError(Refusal):
    """A refused change of yearly data, with its message in Chinese and English."""


class YearLocked(CollectionError):
    """The county has approved and locked the year."""


@dataclass(frozen=True)
class Transition:
    """A move of a record's status: who may make it (`action` on the school), from where, to
    where, and the name of its audit entry."""

    action: str
    source: tuple[str, ...]
    target: str
    audit: str


SUBMIT_TRANSITION = Transition(
    SUBMIT, (DataStatus.DRAFT, DataStatus.RETURNED), DataStatus.SUBMITTED, "submit"
)
REVIEW_TRANSITION = Transition(REVIEW, (DataStatus.SUBMITTED,), DataStatus.REVIEWED, "review")
APPROVE_TRANSITION = Transition(APPROVE, (DataStatus.REVIEWED,), DataStatus.APPROVED, "approve")


# Returning data: a reviewer returns submitted data; whoever approves the record also what was
# passed or approved.
RETURNED_BY_REVIEWER: tuple[str, ...] = (DataStatus.SUBMITTED,)
RETURNED_BY_APPROVER: tuple[str, ...] = (
    DataStatus.SUBMITTED,
    DataStatus.REVIEWED,
    DataStatus.APPROVED,
)


def return_transition(actor: Any, record: SchoolYear) -> Transition:
    """Returning data: a reviewer returns submitted data; whoever approves the record also
    what was passed or approved."""
    sources = RETURNED_BY_APPROVER if may(actor, APPROVE, record) else RETURNED_BY_REVIEWER
    return Transition(REVIEW, sources, DataStatus.RETURNED, "return")


# The transitions that move many records at once (the year overview's batch actions), by the
# name of their audit entry; "return" is `return_transition`'s, which depends on the record.
BATCH_TRANSITIONS: dict[str, Transition | None] = {
    "review": REVIEW_TRANSITION,
    "approve": APPROVE_TRANSITION,
    "return": None,
}


def transition_for(actor: Any, record: SchoolYear, name: str) -> Transition:
    """The transition of that name as it applies to this actor and record."""
    return BATCH_TRANSITIONS.get(name) or return_transition(actor, record)


def unlocked_records(records: QuerySet[SchoolYear]) -> QuerySet[SchoolYear]:
    """The records whose county has not locked their year."""
    locked = CountyYear.objects.filter(
        county=OuterRef("school__county"), year=OuterRef("year"), locked=True
    )
    return records.filter(~Exists(locked))


def open_to(actor: Any, records: QuerySet[SchoolYear], name: str) -> QuerySet[SchoolYear]:
    """The records the transition `name` (review, approve, return) may move for this actor,
    by their status and the actor's scope: the rules of `transition_for`, for many records at
    once. (The lock is not asked: see `unlocked_records`.)"""
    if name == "return":
        reviewed = records.filter(status__in=RETURNED_BY_REVIEWER).restrict(actor, REVIEW)
        approved = records.filter(status__in=RETURNED_BY_APPROVER).restrict(actor, APPROVE)
        return records.filter(Q(pk__in=reviewed.values("pk")) | Q(pk__in=approved.values("pk")))
    transition = BATCH_TRANSITIONS[name]
    assert transition is not None
    return records.filter(status__in=transition.source).restrict(actor, transition.action)


def is_locked(county: County, year: int) -> bool:
    return CountyYear.objects.filter(county=county, year=year, locked=True).exists()


def correctable(actor: Any, records: QuerySet[SchoolYear]) -> QuerySet[SchoolYear]:
    """The records the actor may change whatever their status: those the actor approves."""
    return records.restrict(actor, APPROVE)


def ensure_in_scope(actor: Any, school: School, action: str) -> None:
    if not may(actor, action, school):
        raise NotAllowed("无权对该学校执行此操作", "not allowed for this school")


def ensure_unlocked(county: County, year: int) -> None:
    if is_locked(county, year):
        raise YearLocked(
            f"{county.name} {year} 年度数据已审核锁定，需县教育局解锁后才能修改",
            f"{county.name} {year} is approved and locked; a county admin must unlock it first",
        )


def ensure_editable(actor: Any, record: SchoolYear | None) -> None:
    if record is None or record.editable:
        return
    if not correctable(actor, SchoolYear.objects.filter(pk=record.pk)).exists():
        raise NotAllowed(
            f"数据状态为「{status_zh(record)}」，不能修改；如需修改请联系上级退回",
            f"the record is {record.status} and cannot be changed; ask for it to be returned",
        )


class WarningsUnexplained(CollectionError):
    """The record's figures have warnings (经验校验) without a 说明: it cannot be submitted."""


def ensure_explained(record: SchoolYear) -> None:
    """Submitting needs a 说明 for every warning of the figures (validation.figure_warnings)."""
    missing = unexplained(record)
    if missing:
        listed = "；".join(f"{w.column}：{w.zh}" if w.column else w.zh for w in missing)
        with translation.override("en"):  # the English half names the fields in English
            listed_en = "; ".join(
                f"{column_label(w.column)}: {w.en}" if w.column else w.en for w in missing
            )
        raise WarningsUnexplained(
            f"有 {len(missing)} 条数据提醒尚未填写说明，不能上报。"
            f"请在数据页逐条说明后再上报：{listed}",
            f"{len(missing)} warning(s) of the figures have no explanation; explain each on the "
            f"data page before submitting: {listed_en}",
        )


def ensure_may_lock(actor: Any, county: County, zh: str, en: str) -> None:
    """Locking and unlocking a county's year, and starting a new one, is for whoever approves
    the county's data."""
    if not may(actor, APPROVE, county):
        raise NotAllowed(zh, en)


@dataclass(frozen=True)
class Blocker:
    """A school that keeps the county's year from being locked: no record, or a record the
    county has not approved (`status` is NO_DATA or the record's status)."""

    school: School
    status: str


def lock_blockers(county: County, year: int) -> list[Blocker]:
    """Every school of the county without an approved record of the year, by township and
    code: a year is locked only when every school's data are approved."""
    statuses = dict(
        SchoolYear.objects.filter(school__county=county, year=year).values_list(
            "school_id", "status"
        )
    )
    schools = School.objects.compulsory().filter(county=county).select_related("township")
    return [
        Blocker(school, statuses.get(school.pk, NO_DATA))
        for school in schools.order_by("township__name", "code")
        if statuses.get(school.pk) != DataStatus.APPROVED
    ]
