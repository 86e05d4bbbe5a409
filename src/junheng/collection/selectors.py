"""Every read of yearly data, scoped to the user through `restrict`; an object out of the
user's scope is a 404. What a user may do here is asked of `collection.rules` (and through it
of `junheng.access`), the rules the services enforce."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from junheng.access import APPROVE, CHANGE, REVIEW, SUBMIT, VIEW, can, may
from junheng.audit.models import AuditEntry
from junheng.audit.selectors import shown
from junheng.collection.choices import NO_DATA, DataStatus
from junheng.collection.fields import NUMBER_KEYS
from junheng.collection.models import CountyYear, ImportBatch, SchoolYear
from junheng.collection.rules import (
    APPROVE_TRANSITION,
    BATCH_TRANSITIONS,
    REVIEW_TRANSITION,
    SUBMIT_TRANSITION,
    ensure_editable,
    ensure_in_scope,
    ensure_unlocked,
    is_locked,
    open_to,
    return_transition,
    unlocked_records,
)
from junheng.collection.template_rows import registry_figures
from junheng.collection.validation import FigureWarning, figure_warnings, records_warnings
from junheng.evaluation.template import HEADERS
from junheng.evaluation.template_checks import YEAR_RANGE
from junheng.refusals import Refusal, refusal_text
from junheng.registry.models import COMPULSORY_TYPES, County, School, Township
from junheng.web.imports import ImportPreview
from junheng.web.paging import PAGE_SIZE


def check_year(year: int) -> int:
    low, high = YEAR_RANGE
    if not low <= year <= high:
        raise Http404("no such year")
    return year


def year_choices(*, user: Any) -> list[int]:
    """The years the user's scope has data of, newest first, and always the current year."""
    years = set(SchoolYear.objects.restrict(user, VIEW).values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def default_year(*, user: Any) -> int:
    """The latest year with data in the user's scope, or the current year."""
    latest = (
        SchoolYear.objects.restrict(user, VIEW).order_by("-year").values_list("year", flat=True)
    ).first()
    return latest or timezone.localdate().year


@dataclass(frozen=True)
class OverviewRow:
    school: School
    record: SchoolYear | None
    actions: frozenset[str] = frozenset()  # the batch transitions the user may apply to it
    warnings: int | None = None  # the record's open warnings (None: not counted, or no record)
    explained: int = 0  # those of them with a 说明

    @property
    def status(self) -> str:
        return self.record.status if self.record else NO_DATA


def with_warning_counts(rows: list[OverviewRow]) -> list[OverviewRow]:
    """The rows with the count of each record's open warnings and of those explained: one
    query for the records of the year before, whatever the rows (a page of the overview)."""
    records = [row.record for row in rows if row.record is not None]
    found = records_warnings(records)
    counted = []
    for row in rows:
        if row.record is None:
            counted.append(row)
            continue
        warnings = found[row.record.pk]
        notes = row.record.warning_notes or {}
        explained = sum(1 for w in warnings if notes.get(w.code))
        counted.append(replace(row, warnings=len(warnings), explained=explained))
    return counted


@dataclass
class YearOverview:
    """A year's schools of the user's scope: the counts, what blocks the lock and the batch
    actions are the whole year's (aggregates); `rows` is one page of the table, each record's
    warnings counted."""

    year: int
    years: list[int]
    rows: list[OverviewRow]
    counts: dict[str, int]
    total: int
    county: County | None
    county_year: CountyYear | None
    can_lock: bool
    can_change: bool
    batch_actions: list[str] = field(default_factory=list)
    blocking: dict[str, int] = field(default_factory=dict)  # schools blocking the lock, by status
    start_from: int | None = None  # the year this year may be started from (by the user)
    page: Page | None = None  # the page of the table (its object_list is `rows`)

    @property
    def locked(self) -> bool:
        return bool(self.county_year and self.county_year.locked)

    @property
    def pending(self) -> int:
        """Schools of the county without approved data of the year (they block the lock)."""
        return sum(self.blocking.values())

    @property
    def blockers_without_data(self) -> int:
        return self.blocking.get(NO_DATA, 0)

    def status_counts(self) -> list[tuple[str, str, int]]:
        labels = [(NO_DATA, _("未填报")), *DataStatus.choices]
        return [(code, label, self.counts.get(code, 0)) for code, label in labels]

    def blocker_counts(self) -> list[tuple[str, str, int]]:
        """The schools that keep the year from being locked, counted by status."""
        labels = [(NO_DATA, _("未填报")), *DataStatus.choices]
        return [
            (code, label, self.blocking[code]) for code, label in labels if self.blocking.get(code)
        ]


def _status_counts(schools: QuerySet[School], records: QuerySet[SchoolYear]) -> dict[str, int]:
    """The schools counted by the status of their record (NO_DATA without one): two aggregate
    queries, whatever the number of schools (a school has one record a year)."""
    counts = dict(records.order_by().values_list("status").annotate(n=Count("pk")))
    counts[NO_DATA] = schools.count() - sum(counts.values())
    return {status: n for status, n in counts.items() if n}


def year_overview(
    *,
    user: Any,
    year: int,
    township: Township | None = None,
    status: str = "",
    page_number: Any = None,
) -> YearOverview:
    """Each school of the user's scope with its record of the year (or none yet), the batch
    transitions the user may apply to each, and for whoever locks the county's year what
    keeps it from being locked (or the year it may be started from). Only the asked page of
    schools is read row by row: the rest are counted in the database (issue 15)."""
    check_year(year)
    schools = School.objects.restrict(user, VIEW).compulsory()
    if township is not None:
        schools = schools.filter(township=township)
    year_records = SchoolYear.objects.restrict(user, VIEW).filter(year=year, school__in=schools)
    counts = _status_counts(schools, year_records)
    listed, records_listed = schools, year_records
    if status == NO_DATA:
        listed = schools.exclude(pk__in=year_records.values("school_id"))
        records_listed = year_records.none()
    elif status:
        records_listed = year_records.filter(status=status)
        listed = schools.filter(pk__in=records_listed.values("school_id"))
    page = Paginator(
        listed.select_related("township").order_by("township__name", "code"), PAGE_SIZE
    ).get_page(page_number)
    county = acting_county(user=user)
    can_lock = county is not None and may(user, APPROVE, county)
    county_year = (
        CountyYear.objects.filter(county=county, year=year).select_related("locked_by").first()
        if county is not None
        else None
    )
    locked = bool(county_year and county_year.locked)
    page_records = year_records.filter(school__in=[s.pk for s in page.object_list])
    records = {r.school_id: r for r in page_records.select_related("updated_by")}
    actions = {} if locked else _batch_actions(user, page_records)
    rows = with_warning_counts(
        [
            OverviewRow(s, records.get(s.pk), frozenset(actions.get(records[s.pk].pk, ())))
            if s.pk in records
            else OverviewRow(s, None)
            for s in page.object_list
        ]
    )
    page.object_list = rows
    open_here = not locked
    return YearOverview(
        year=year,
        years=year_choices(user=user),
        rows=rows,
        counts=counts,
        total=sum(counts.values()),
        county=county,
        county_year=county_year,
        can_lock=can_lock,
        can_change=can(user, CHANGE),
        batch_actions=[
            name
            for name in BATCH_TRANSITIONS
            if open_here and open_to(user, records_listed, name).exists()
        ],
        blocking=_lock_blocking(county, year) if can_lock and not locked else {},
        start_from=_start_from(county, year) if can_lock and not locked else None,
        page=page,
    )


def _lock_blocking(county: County, year: int) -> dict[str, int]:
    """The county's schools without approved data of the year, counted by status: the counts
    of `lock_blockers`, which lists them when a lock is refused."""
    schools = School.objects.compulsory().filter(county=county)
    counts = _status_counts(schools, SchoolYear.objects.filter(school__in=schools, year=year))
    counts.pop(DataStatus.APPROVED, None)
    return counts


def _batch_actions(user: Any, records: QuerySet[SchoolYear]) -> dict[int, set[str]]:
    """For each record, the batch transitions (review, approve, return) open to the user."""
    actions: dict[int, set[str]] = defaultdict(set)
    for name in BATCH_TRANSITIONS:
        for pk in open_to(user, records, name).values_list("pk", flat=True):
            actions[pk].add(name)
    return actions


def _start_from(county: County | None, year: int) -> int | None:
    """The year before, when the county has no data of this year and some of that one."""
    if county is None:
        return None
    county_records = SchoolYear.objects.filter(school__county=county)
    if county_records.filter(year=year).exists():
        return None
    return year - 1 if county_records.filter(year=year - 1).exists() else None


def batch_records(*, user: Any, year: int, pks: list[int]) -> list[SchoolYear]:
    """The chosen records of a year, all of which the user sees (404 if any is not)."""
    check_year(year)
    found = list(SchoolYear.objects.restrict(user, VIEW).filter(year=year, pk__in=pks))
    if len(found) != len(set(pks)):
        raise Http404("a chosen record is not in the user's scope")
    return found


# the work waiting for the user (the home page's to-dos) --------------------------------------


def _open_records(user: Any) -> QuerySet[SchoolYear]:
    return unlocked_records(SchoolYear.objects.restrict(user, VIEW)).select_related(
        "school", "school__township"
    )


def records_to_review(*, user: Any) -> QuerySet[SchoolYear]:
    """Submitted records the user passes on (a township's work): those the user may review and
    does not approve (the county approves what the townships pass)."""
    records = _open_records(user)
    approves = records.restrict(user, APPROVE).values("pk")
    return (
        open_to(user, records, "review").exclude(pk__in=approves).order_by("-year", "school__code")
    )


def records_to_approve(*, user: Any) -> QuerySet[SchoolYear]:
    """Records passed by their township that the user approves (the county's work)."""
    return open_to(user, _open_records(user), "approve").order_by("-year", "school__code")


def records_returned(*, user: Any) -> QuerySet[SchoolYear]:
    """Records returned for correction that the user submits again and does not review (the
    school's work), with the comment they were returned with."""
    records = _open_records(user).filter(status=DataStatus.RETURNED)
    reviews = records.restrict(user, REVIEW).values("pk")
    return records.restrict(user, SUBMIT).exclude(pk__in=reviews).order_by("-year", "school__code")


@dataclass(frozen=True)
class ComparedFigure:
    """One number of the record beside the school's figure of the year before."""

    key: str
    header: str
    last: Any
    this: Any
    warned: bool

    @property
    def change(self) -> float | None:
        if not isinstance(self.last, int | float) or not isinstance(self.this, int | float):
            return None
        return self.this - self.last

    @property
    def share(self) -> float | None:
        change = self.change
        return None if change is None or not self.last else change / self.last


@dataclass(frozen=True)
class ReturnComment:
    """An earlier return of the record, from the audit trail."""

    at: Any
    actor: Any
    comment: str


@dataclass
class SchoolYearPage:
    school: School
    year: int
    record: SchoolYear | None
    refusal: Refusal | None
    transitions: list[str]
    initial: dict[str, Any]
    prefilled_from: int | None
    other_years: list[int] = field(default_factory=list)
    # 经验校验: the saved figures' warnings with their 说明, last year's figures beside this
    # year's, and the comments the record was returned with before
    warnings: list[FigureWarning] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    compared: list[ComparedFigure] = field(default_factory=list)
    returns: list[ReturnComment] = field(default_factory=list)

    @property
    def noted_warnings(self) -> list[tuple[FigureWarning, str]]:
        return [(w, self.notes.get(w.code, "")) for w in self.warnings]

    @property
    def unexplained(self) -> int:
        return sum(1 for w in self.warnings if not self.notes.get(w.code))

    @property
    def editable(self) -> bool:
        return self.refusal is None

    @property
    def refusal_message(self) -> str:
        return refusal_text(self.refusal) if self.refusal else ""

    @property
    def reviewing(self) -> bool:
        """Whether the user acts as a reviewer here (and may write a review comment)."""
        return bool({"review", "approve", "return"} & set(self.transitions))


def school_year_edit_refusal(
    *, actor: Any, school: School, year: int, record: SchoolYear | None
) -> Refusal | None:
    """Why `services.school_year_save` would refuse this actor's change of the record now,
    or None."""
    try:
        ensure_in_scope(actor, school, CHANGE)
        ensure_unlocked(school.county, year)
        ensure_editable(actor, record)
    except Refusal as refusal:
        return refusal
    return None


def school_year_transitions(*, actor: Any, record: SchoolYear) -> list[str]:
    """The audit names of the transitions (submit, review, approve, return) the actor may
    apply to the record now: the rules the services enforce, for showing the buttons."""
    if is_locked(record.school.county, record.year):
        return []
    candidates = (
        SUBMIT_TRANSITION,
        REVIEW_TRANSITION,
        APPROVE_TRANSITION,
        return_transition(actor, record),
    )
    return [
        t.audit
        for t in candidates
        if record.status in t.source and may(actor, t.action, record.school)
    ]


def school_year_page(*, user: Any, school_pk: int, year: int) -> SchoolYearPage:
    """A school's record of a year as the data-entry page shows it: what the user may do,
    and the values to start from (the record, else the school's latest earlier year, else
    the registry's facts)."""
    check_year(year)
    school = get_object_or_404(
        School.objects.restrict(user, VIEW)
        .compulsory()  # a kindergarten or senior high school has no such data
        .select_related("county", "township", "parent"),
        pk=school_pk,
    )
    records = SchoolYear.objects.restrict(user, VIEW).filter(school=school)
    record = records.filter(year=year).select_related("updated_by").first()
    prefilled_from = None
    if record is not None:
        initial = {**record.figures(), "version": record.version}
    else:
        earlier = records.filter(year__lt=year).order_by("-year").first()
        initial = earlier.figures() if earlier else registry_figures(school)
        prefilled_from = earlier.year if earlier else None
    page = SchoolYearPage(
        school=school,
        year=year,
        record=record,
        refusal=school_year_edit_refusal(actor=user, school=school, year=year, record=record),
        transitions=school_year_transitions(actor=user, record=record) if record else [],
        initial=initial,
        prefilled_from=prefilled_from,
        other_years=sorted(records.exclude(year=year).values_list("year", flat=True)),
    )
    if record is not None:
        _add_checks(page, record, records.filter(year=year - 1).first())
    return page


def _add_checks(page: SchoolYearPage, record: SchoolYear, last: SchoolYear | None) -> None:
    """The record's warnings and notes, its figures beside last year's (where the user sees
    last year's record), and the comments it was returned with."""
    previous = last.figures() if last else None
    page.warnings = figure_warnings(figures=record.figures(), previous=previous)
    page.notes = dict(record.warning_notes or {})
    if previous is not None:
        warned = {w.column for w in page.warnings}
        this = record.figures()
        page.compared = [
            ComparedFigure(key, HEADERS[key], previous[key], this[key], HEADERS[key] in warned)
            for key in NUMBER_KEYS
        ]
    entries = AuditEntry.objects.filter(
        object_type=SchoolYear._meta.label, object_id=str(record.pk), action="return"
    ).select_related("actor")
    page.returns = [ReturnComment(e.at, e.actor, e.comment) for e in entries.order_by("at")]


def school_year_record(*, user: Any, school_pk: int, year: int) -> SchoolYear:
    """A record the user sees, or 404."""
    check_year(year)
    return get_object_or_404(
        SchoolYear.objects.restrict(user, VIEW).select_related("school", "school__county"),
        school_id=school_pk,
        year=year,
    )


def acting_county(*, user: Any) -> County | None:
    """The county of the user's scope (a principal's or officer's too), None for none."""
    county = getattr(user, "county", None)
    for part in ("township", "school"):
        if county is None and getattr(user, part, None) is not None:
            county = getattr(user, part).county
    return county


def acting_county_or_404(*, user: Any) -> County:
    """The county of the user's scope; a 404 for a user without one."""
    county = acting_county(user=user)
    if county is None:
        raise Http404("the user has no county")
    return county


def export_records(*, user: Any, year: int) -> QuerySet[SchoolYear]:
    """The user's records of a year, in the order of the school codes."""
    check_year(year)
    return (
        SchoolYear.objects.restrict(user, VIEW)
        .filter(year=year, school__school_type__in=COMPULSORY_TYPES)
        .select_related("school", "school__county")
        .order_by("school__code")
    )


def import_batches(*, user: Any, limit: int = 10) -> list[ImportBatch]:
    """The user's own latest uploads."""
    return list(ImportBatch.objects.filter(created_by=user).order_by("-created_at")[:limit])


def import_batch(*, user: Any, pk: int) -> ImportBatch:
    """An upload of the user's own (nobody else sees it), or 404."""
    return get_object_or_404(
        ImportBatch.objects.restrict(user, CHANGE).filter(created_by=user), pk=pk
    )


@dataclass
class YearlyDataPreview(ImportPreview):
    """An import's preview page: its problems, and the schools and records the commit would
    create and change."""

    creates: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[dict[str, Any]] = field(default_factory=list)  # 经验校验: need a 说明

    @property
    def new_schools(self) -> list[dict[str, Any]]:
        return [c for c in self.creates if c["new_school"]]

    @property
    def planned(self) -> bool:
        """Whether the file could be read far enough to plan its rows (else only problems)."""
        return bool(self.creates or self.changes or self.unchanged or not self.problems)


def import_preview_page(*, batch: ImportBatch, sort: str = "row") -> YearlyDataPreview:
    """A batch's dry-run plan, its problems in the order asked for."""
    plan = batch.preview
    return YearlyDataPreview(
        **ImportPreview.problems_of(batch, sort),
        creates=[_shown_change(c) for c in plan.get("creates", [])],
        changes=[_shown_change(c) for c in plan.get("changes", [])],
        unchanged=plan.get("unchanged", 0),
        warnings=plan.get("warnings", []),
    )


def _shown_change(change: dict[str, Any]) -> dict[str, Any]:
    fields = [(key, header, shown(old), shown(new)) for key, header, old, new in change["fields"]]
    return {**change, "fields": fields}
