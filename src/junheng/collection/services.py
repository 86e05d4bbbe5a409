"""Every write of yearly school data: save, submit, return, review, approve (one record or
many at once), lock, unlock, and a new year started from the last.

Each function is one transaction with its audit entry inside; the web form, the import, the API
and the admin all come through here, so the rules hold everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from junheng.access import CHANGE
from junheng.audit.services import audit_record
from junheng.checklists.autoscoring import rescore_on_commit
from junheng.collection.choices import NO_DATA, DataStatus
from junheng.collection.labels import status_zh
from junheng.collection.models import CountyYear, SchoolYear
from junheng.collection.rules import (
    APPROVE_TRANSITION,
    BATCH_TRANSITIONS,
    REVIEW_TRANSITION,
    SUBMIT_TRANSITION,
    Blocker,
    CollectionError,
    Transition,
    ensure_editable,
    ensure_explained,
    ensure_in_scope,
    ensure_may_lock,
    ensure_unlocked,
    lock_blockers,
    return_transition,
    transition_for,
)
from junheng.collection.rules import YearLocked as YearLocked  # re-exported: services.YearLocked
from junheng.collection.template_rows import figures_from_row, registry_figures
from junheng.collection.validation import figure_warnings, previous_figures, validate_figures
from junheng.evaluation.errors import InputProblem
from junheng.refusals import NotAllowed, Refusal
from junheng.registry.models import County, School
from junheng.registry.services import ensure_compulsory

# How many schools a refusal names before it says "and N more" (the page lists them all).
NAMED_IN_REFUSAL = 10


class ConcurrentEdit(CollectionError):
    """Someone else saved the record after this user opened it (or created it first)."""


class BatchRefused(CollectionError):
    """A batch of transitions refused whole: `refused` names each record and its reason; no
    record of the batch was changed (all or nothing)."""

    def __init__(self, name: str, refused: list[tuple[SchoolYear, Refusal]]) -> None:
        self.refused = refused
        zh_verb, en_verb = BATCH_VERBS.get(name, (name, name))
        zh_lines = "；".join(f"{r.school.name}：{e.zh}" for r, e in refused[:NAMED_IN_REFUSAL])
        en_lines = "; ".join(f"{r.school.code}: {e.en}" for r, e in refused[:NAMED_IN_REFUSAL])
        more = len(refused) - NAMED_IN_REFUSAL
        super().__init__(
            f"所选数据中有 {len(refused)} 条不能{zh_verb}，全部未处理。"
            f"{zh_lines}{f'……等 {more} 条' if more > 0 else ''}",
            f"{len(refused)} of the selected records cannot be {en_verb}; none was changed. "
            f"{en_lines}{f' … and {more} more' if more > 0 else ''}",
        )


BATCH_VERBS = {
    "review": ("审核通过", "passed"),
    "approve": ("县审核通过", "approved"),
    "return": ("退回", "returned"),
}


class YearNotReady(NotAllowed):
    """The year cannot be locked: `blockers` are the schools without approved data."""

    def __init__(self, county: County, year: int, blockers: list[Blocker]) -> None:
        self.blockers = blockers
        missing = sum(1 for b in blockers if b.status == NO_DATA)
        pending = len(blockers) - missing
        named = "、".join(
            f"{b.school.name}（{'未填报' if b.status == NO_DATA else _status_zh(b.status)}）"
            for b in blockers[:NAMED_IN_REFUSAL]
        )
        more = len(blockers) - NAMED_IN_REFUSAL
        super().__init__(
            f"{county.name} {year} 年度还有 {len(blockers)} 所学校的数据未经县审核"
            f"（未填报 {missing} 所，未审核通过 {pending} 所），不能锁定：{named}"
            f"{f'……等 {more} 所' if more > 0 else ''}",
            f"{len(blockers)} schools of {county.name} have no approved {year} data "
            f"({missing} without data, {pending} not approved); the year cannot be locked",
        )


def _status_zh(status: str) -> str:
    return status_zh(SchoolYear(status=status))


class InvalidFigures(CollectionError):
    """The figures break the template's rules; `problems` names each field."""

    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__("数据有误，请按提示修改", "the figures are invalid")
        self.problems = problems


# An approved record changed (by whoever may correct it) waits for the county's approval again.
REOPENED = DataStatus.REVIEWED


@transaction.atomic
def school_year_save(
    *,
    actor: Any,
    school: School,
    year: int,
    figures: dict[str, Any],
    expected_version: int | None,
    checked: bool = False,
    comment: str = "",
    notes: Mapping[str, str] | None = None,
) -> SchoolYear:
    """Create or change a school's figures for a year.

    `notes` are the 说明 of the figures' warnings, by warning code (None keeps those saved):
    only the notes of warnings still open are kept, and a change of them is audited.

    `expected_version` is the version the user loaded (None for a new record): when the record
    has moved on since, the save is refused rather than overwriting someone else's change; so
    is a first save that another request's first save of the same school and year beat. A
    change of approved data (the county's correction) waits for approval again (`REOPENED`)."""
    ensure_in_scope(actor, school, CHANGE)
    ensure_compulsory(school)
    ensure_unlocked(school.county, year)
    # `checked`: an import's commit has just checked the whole file in this transaction (the
    # template's rules and what the database stores); checking each row again cost 90 % of it
    problems = [] if checked else validate_figures(school=school, year=year, figures=figures)
    if problems:
        raise InvalidFigures(problems)
    record = _record_for_update(school, year)
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
    old_notes = dict(record.warning_notes or {})
    record.warning_notes = _open_notes(record, old_notes if notes is None else notes)
    new_notes = record.warning_notes
    if before is None:
        _insert_first(record)
        after = _with_notes(record.figures(), new_notes, changed=bool(new_notes))
    else:
        before = _with_notes(before, old_notes, changed=old_notes != new_notes)
        after = _with_notes(record.figures(), new_notes, changed=old_notes != new_notes)
        if before == after:
            return SchoolYear.objects.get(pk=record.pk)  # nothing changed: no version, no entry
        if record.status == DataStatus.APPROVED:
            # corrected after the county approved it: the county approves it again
            before, after = {**before, "status": record.status}, {**after, "status": REOPENED}
            record.status = REOPENED
        record.save()
    audit_record(
        actor=actor,
        action="create" if before is None else "change",
        obj=record,
        before=before,
        after=after,
        school=school,
        year=year,
        comment=comment,
    )
    rescore_on_commit(actor=actor, county=school.county, year=year, school=school)
    return record


def _open_notes(record: SchoolYear, notes: Mapping[str, str]) -> dict[str, str]:
    """The notes of the warnings the record's figures have now (a note of a warning that is
    gone is dropped); blank notes are no notes."""
    open_codes = {
        w.code
        for w in figure_warnings(
            figures=record.figures(), previous=previous_figures(record.school, record.year)
        )
    }
    return {
        code: str(text).strip()
        for code, text in notes.items()
        if code in open_codes and str(text).strip()
    }


def _with_notes(
    snapshot: dict[str, Any], notes: dict[str, str], *, changed: bool
) -> dict[str, Any]:
    """The audit snapshot with the warnings' notes, when they change."""
    return {**snapshot, "warning_notes": notes} if changed else snapshot


def _record_for_update(school: School, year: int) -> SchoolYear | None:
    """The school's record of the year, locked for this transaction; None if there is none."""
    return SchoolYear.objects.select_for_update().filter(school=school, year=year).first()


def _insert_first(record: SchoolYear) -> None:
    """Create the school's first record of the year; if another request created it first (two
    first saves racing: the second meets the unique constraint), refuse as an outdated page."""
    try:
        with transaction.atomic():  # a savepoint: the violation leaves the transaction usable
            record.save(force_insert=True)
    except IntegrityError:
        if not SchoolYear.objects.filter(school=record.school, year=record.year).exists():
            raise
        raise ConcurrentEdit(
            "其他用户刚刚已新建了这条数据，您的输入未保存。请刷新页面查看后再修改。",
            "someone else created this record just before you; your input was not saved. "
            "Reload the page to see it.",
        ) from None


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
    ensure_in_scope(actor, record.school, SUBMIT_TRANSITION.action)
    if record.status in SUBMIT_TRANSITION.source:  # else _transition says why not
        ensure_explained(record)
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
def school_years_transition(
    *, actor: Any, records: Iterable[SchoolYear], name: str, comment: str = ""
) -> list[SchoolYear]:
    """Pass (review), approve or return many records in one step, all or nothing: each record
    moves by the rules of the single action and gets its own audit entry; if any record is
    refused, none is changed and `BatchRefused` names every refused record with its reason."""
    if name not in BATCH_TRANSITIONS:
        raise CollectionError("未知的操作", f"unknown action {name!r}")
    if name == "return" and not comment.strip():
        raise CollectionError("退回时必须填写意见", "a comment is required to return data")
    pks = [record.pk for record in records]
    if not pks:
        raise CollectionError("请先勾选要处理的数据", "select the records first")
    locked = list(
        SchoolYear.objects.select_for_update()
        .filter(pk__in=pks)
        .select_related("school", "school__county", "school__township")
        .order_by("school__code", "year")
    )
    refused: list[tuple[SchoolYear, Refusal]] = []
    for record in locked:
        try:
            _transition(actor, record, transition_for(actor, record, name), comment)
        except Refusal as refusal:  # checked before anything of the record is written
            refused.append((record, refusal))
    if refused:
        raise BatchRefused(name, refused)  # the transaction is rolled back: nothing changed
    return locked


@transaction.atomic
def county_year_lock(*, actor: Any, county: County, year: int) -> CountyYear:
    """The county approves and locks the year: every school's data must be approved first."""
    ensure_may_lock(
        actor, county, "只有县教育局管理员可以锁定年度数据", "only a county admin can lock a year"
    )
    blockers = lock_blockers(county, year)
    if blockers:
        raise YearNotReady(county, year, blockers)
    if not School.objects.filter(county=county).exists():
        raise NotAllowed(
            f"{county.name} 还没有学校，不能锁定年度", f"{county.name} has no schools to lock"
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
    """Unlock an approved year so that data can be corrected; the reason is logged.

    The records stay approved: the county corrects them (a corrected record waits for the
    county's approval again, see `REOPENED`), or returns them to their schools, which may then
    change them; the year is locked again once every record is approved."""
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


@transaction.atomic
def county_year_start(*, actor: Any, county: County, year: int) -> list[SchoolYear]:
    """Start the county's year from the year before: each school with data last year gets a
    draft of this year holding last year's figures (its name, township and classification as
    the registry has them now), for the school to update and submit. Refused when the year
    already has data or the year before has none; each new record is audited."""
    ensure_may_lock(
        actor,
        county,
        "只有县教育局管理员可以开始新年度",
        "only a county admin can start a new year",
    )
    County.objects.select_for_update().get(pk=county.pk)  # one start at a time
    ensure_unlocked(county, year)
    existing = SchoolYear.objects.filter(school__county=county, year=year).count()
    if existing:
        raise CollectionError(
            f"{county.name} {year} 年度已有 {existing} 所学校的数据，不能再从上一年度生成",
            f"{county.name} already has {existing} records of {year}; nothing was generated",
        )
    previous = list(
        SchoolYear.objects.filter(school__county=county, year=year - 1)
        .select_related("school", "school__county", "school__township", "school__parent")
        .order_by("school__code")
    )
    if not previous:
        raise CollectionError(
            f"{county.name} {year - 1} 年度没有数据，无法生成 {year} 年度",
            f"{county.name} has no data of {year - 1} to start {year} from",
        )
    comment = f"由 {year - 1} 年度数据生成（新年度草稿）"
    created = []
    for last in previous:
        figures = {**last.figures(), **registry_figures(last.school)}
        record = SchoolYear(school=last.school, year=year, updated_by=actor, **figures)
        _insert_first(record)
        audit_record(
            actor=actor,
            action="create",
            obj=record,
            before=None,
            after=record.figures(),
            school=record.school,
            year=year,
            comment=comment,
        )
        created.append(record)
    return created
