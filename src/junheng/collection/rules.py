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

from django.db.models import QuerySet

from junheng.access import APPROVE, REVIEW, SUBMIT, may
from junheng.collection.choices import DataStatus
from junheng.collection.labels import status_zh
from junheng.collection.models import CountyYear, SchoolYear
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


def return_transition(actor: Any, record: SchoolYear) -> Transition:
    """Returning data: a reviewer returns submitted data; whoever approves the record also
    what was passed or approved."""
    sources: tuple[str, ...] = (DataStatus.SUBMITTED,)
    if may(actor, APPROVE, record):
        sources = (DataStatus.SUBMITTED, DataStatus.REVIEWED, DataStatus.APPROVED)
    return Transition(REVIEW, sources, DataStatus.RETURNED, "return")


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


def ensure_may_lock(actor: Any, county: County, zh: str, en: str) -> None:
    """Locking and unlocking a county's year is for whoever approves the county's data."""
    if not may(actor, APPROVE, county):
        raise NotAllowed(zh, en)
