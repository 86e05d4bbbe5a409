"""Every write of yearly school data: save, submit, return, review, approve, lock, unlock.

Each function is one transaction with its audit entry inside; the web form, the import, the API
and the admin all come through here, so the rules hold everywhere.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from junheng.access import CHANGE
from junheng.audit.services import audit_record
from junheng.collection.choices import DataStatus
from junheng.collection.labels import status_zh
from junheng.collection.models import CountyYear, SchoolYear
from junheng.collection.rules import (
    APPROVE_TRANSITION,
    REVIEW_TRANSITION,
    SUBMIT_TRANSITION,
    CollectionError,
    Transition,
    ensure_editable,
    ensure_in_scope,
    ensure_may_lock,
    ensure_unlocked,
    return_transition,
)
from junheng.collection.rules import YearLocked as YearLocked  # re-exported: services.YearLocked
from junheng.collection.template_rows import figures_from_row
from junheng.collection.validation import validate_figures
from junheng.evaluation.errors import InputProblem
from junheng.refusals import NotAllowed
from junheng.registry.models import County, School


class ConcurrentEdit(CollectionError):
    """Someone else saved the record after this user opened it."""


class InvalidFigures(CollectionError):
    """The figures break the template's rules; `problems` names each field."""

    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__("数据有误，请按提示修改", "the figures are invalid")
        self.problems = problems


@transaction.atomic
def school_year_save(
    *,
    actor: Any,
    school: School,
    year: int,
    figures: dict[str, Any],
    expected_version: int | None,
    comment: str = "",
) -> SchoolYear:
    """Create or change a school's figures for a year.

    `expected_version` is the version the user loaded (None for a new record): when the record
    has moved on since, the save is refused rather than overwriting someone else's change."""
    ensure_in_scope(actor, school, CHANGE)
    ensure_unlocked(school.county, year)
    problems = validate_figures(school=school, year=year, figures=figures)
    if problems:
        raise InvalidFigures(problems)
    record = SchoolYear.objects.select_for_update().filter(school=school, year=year).first()
    if record is None:
        if expected_version not in (None, 0):
            raise ConcurrentEdit(
                "该记录已被删除或不存在，请刷新页面", "the record no longer exists; reload the page"
            )
        record = SchoolYear(school=school, year=year, updated_by=actor)
        before = None
    else:
        if expected_version != record.version:
            raise ConcurrentEdit(
                "其他用户已在您打开之后修改了这条数据，您的修改未保存。请刷新页面查看最新数据后再修改。",
                "someone else changed this record after you opened it; your change was not saved. "
                "Reload the page to see their change.",
            )
        ensure_editable(actor, record)
        before = record.figures()
        record.version += 1
        record.updated_by = actor
    # stored as checked: an empty count of a level the school does not teach is 0, an empty
    # choice its default, and keys that are not template fields are never set
    for key, value in figures_from_row(figures).items():
        setattr(record, key, value)
    if before is not None and before == record.figures():
        return SchoolYear.objects.get(pk=record.pk)  # nothing changed: no new version, no entry
    record.save()
    audit_record(
        actor=actor,
        action="create" if before is None else "change",
        obj=record,
        before=before,
        after=record.figures(),
        school=school,
        year=year,
        comment=comment,
    )
    return record


def _transition(actor: Any, record: SchoolYear, transition: Transition, comment: str = "") -> None:
    ensure_in_scope(actor, record.school, transition.action)
    ensure_unlocked(record.school.county, record.year)
    if record.status not in transition.source:
        raise NotAllowed(
            f"数据状态为「{status_zh(record)}」，不能执行此操作",
            f"not possible while the record is {record.status}",
        )
    before = {"status": record.status}
    record.status = transition.target
    record.review_comment = comment
    record.version += 1
    record.updated_by = actor
    record.save(update_fields=["status", "review_comment", "version", "updated_at", "updated_by"])
    audit_record(
        actor=actor,
        action=transition.audit,
        obj=record,
        before=before,
        after={"status": record.status},
        school=record.school,
        year=record.year,
        comment=comment,
    )


@transaction.atomic
def school_year_submit(*, actor: Any, record: SchoolYear) -> SchoolYear:
    """The school (or its township) sends the year's data up for review."""
    record = SchoolYear.objects.select_for_update().get(pk=record.pk)
    _transition(actor, record, SUBMIT_TRANSITION)
    return record


@transaction.atomic
def school_year_review(*, actor: Any, record: SchoolYear, comment: str = "") -> SchoolYear:
    """The township passes submitted data on to the county."""
    record = SchoolYear.objects.select_for_update().get(pk=record.pk)
    _transition(actor, record, REVIEW_TRANSITION, comment)
    return record


@transaction.atomic
def school_year_approve(*, actor: Any, record: SchoolYear, comment: str = "") -> SchoolYear:
    """The county approves data the township has passed."""
    record = SchoolYear.objects.select_for_update().get(pk=record.pk)
    _transition(actor, record, APPROVE_TRANSITION, comment)
    return record


@transaction.atomic
def school_year_return(*, actor: Any, record: SchoolYear, comment: str) -> SchoolYear:
    """The township (submitted data) or the county (submitted or passed data) sends it back."""
    if not comment.strip():
        raise CollectionError("退回时必须填写意见", "a comment is required to return data")
    record = SchoolYear.objects.select_for_update().get(pk=record.pk)
    _transition(actor, record, return_transition(actor, record), comment)
    return record


@transaction.atomic
def county_year_lock(*, actor: Any, county: County, year: int) -> CountyYear:
    """The county approves and locks the year: every school's data must be approved first."""
    ensure_may_lock(
        actor, county, "只有县教育局管理员可以锁定年度数据", "only a county admin can lock a year"
    )
    pending = SchoolYear.objects.filter(school__county=county, year=year).exclude(
        status=DataStatus.APPROVED
    )
    if pending.exists():
        names = "、".join(r.school.name for r in pending.select_related("school")[:5])
        raise NotAllowed(
            f"还有 {pending.count()} 所学校的数据未经县审核（{names}……），不能锁定",
            f"{pending.count()} schools' data are not approved yet; the year cannot be locked",
        )
    county_year, _ = CountyYear.objects.select_for_update().get_or_create(county=county, year=year)
    if county_year.locked:
        return county_year
    county_year.locked, county_year.locked_at, county_year.locked_by = True, timezone.now(), actor
    county_year.save()
    audit_record(
        actor=actor,
        action="lock",
        obj=county_year,
        before={"locked": False},
        after={"locked": True},
        county=county,
        year=year,
    )
    return county_year


@transaction.atomic
def county_year_unlock(*, actor: Any, county: County, year: int, reason: str) -> CountyYear:
    """Unlock an approved year so that data can be corrected; the reason is logged."""
    ensure_may_lock(
        actor, county, "只有县教育局管理员可以解锁", "only a county admin can unlock a year"
    )
    if not reason.strip():
        raise CollectionError("解锁必须说明原因", "a reason is required to unlock")
    county_year = CountyYear.objects.select_for_update().filter(county=county, year=year).first()
    if county_year is None or not county_year.locked:
        raise CollectionError("该年度未锁定", "the year is not locked")
    county_year.locked = False
    county_year.save(update_fields=["locked"])
    audit_record(
        actor=actor,
        action="unlock",
        obj=county_year,
        before={"locked": True},
        after={"locked": False},
        county=county,
        year=year,
        comment=reason,
    )
    return county_year
