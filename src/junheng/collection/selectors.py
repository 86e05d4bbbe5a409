"""Every read of yearly data, scoped to the user through `restrict`; an object out of the
user's scope is a 404. What a user may do here is asked of `collection.rules` (and through it
of `junheng.access`), the rules the services enforce."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from junheng.access import APPROVE, CHANGE, VIEW, can, may
from junheng.audit.selectors import shown
from junheng.collection.choices import DataStatus
from junheng.collection.forms import NO_DATA
from junheng.collection.models import CountyYear, ImportBatch, SchoolYear
from junheng.collection.rules import (
    APPROVE_TRANSITION,
    REVIEW_TRANSITION,
    SUBMIT_TRANSITION,
    ensure_editable,
    ensure_in_scope,
    ensure_unlocked,
    is_locked,
    return_transition,
)
from junheng.evaluation.template_checks import YEAR_RANGE
from junheng.refusals import Refusal, refusal_text
from junheng.registry.models import County, School, Township
from junheng.web.imports import ImportPreview


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

    @property
    def status(self) -> str:
        return self.record.status if self.record else NO_DATA


@dataclass
class YearOverview:
    year: int
    years: list[int]
    rows: list[OverviewRow]
    counts: dict[str, int]
    total: int
    county: County | None
    county_year: CountyYear | None
    can_lock: bool
    can_change: bool

    @property
    def locked(self) -> bool:
        return bool(self.county_year and self.county_year.locked)

    @property
    def pending(self) -> int:
        """Records of the year not yet approved by the county (they block the lock)."""
        return sum(
            n for status, n in self.counts.items() if status not in (DataStatus.APPROVED, NO_DATA)
        )

    def status_counts(self) -> list[tuple[str, str, int]]:
        labels = [(NO_DATA, _("未填报")), *DataStatus.choices]
        return [(code, label, self.counts.get(code, 0)) for code, label in labels]


def year_overview(
    *, user: Any, year: int, township: Township | None = None, status: str = ""
) -> YearOverview:
    """Each school of the user's scope with its record of the year (or none yet)."""
    check_year(year)
    schools = School.objects.restrict(user, VIEW).select_related("township")
    if township is not None:
        schools = schools.filter(township=township)
    records = {
        r.school_id: r
        for r in SchoolYear.objects.restrict(user, VIEW)
        .filter(year=year, school__in=schools)
        .select_related("updated_by")
    }
    rows = [OverviewRow(s, records.get(s.pk)) for s in schools.order_by("township__name", "code")]
    counts = Counter(row.status for row in rows)
    if status:
        rows = [row for row in rows if row.status == status]
    county = acting_county(user=user)
    can_lock = county is not None and may(user, APPROVE, county)
    county_year = (
        CountyYear.objects.filter(county=county, year=year).select_related("locked_by").first()
        if county is not None
        else None
    )
    return YearOverview(
        year=year,
        years=year_choices(user=user),
        rows=rows,
        counts=dict(counts),
        total=sum(counts.values()),
        county=county,
        county_year=county_year,
        can_lock=can_lock,
        can_change=can(user, CHANGE),
    )


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
        School.objects.restrict(user, VIEW).select_related("county", "township", "parent"),
        pk=school_pk,
    )
    records = SchoolYear.objects.restrict(user, VIEW).filter(school=school)
    record = records.filter(year=year).select_related("updated_by").first()
    prefilled_from = None
    if record is not None:
        initial = {**record.figures(), "version": record.version}
    else:
        earlier = records.filter(year__lt=year).order_by("-year").first()
        initial = earlier.figures() if earlier else _registry_figures(school)
        prefilled_from = earlier.year if earlier else None
    return SchoolYearPage(
        school=school,
        year=year,
        record=record,
        refusal=school_year_edit_refusal(actor=user, school=school, year=year, record=record),
        transitions=school_year_transitions(actor=user, record=record) if record else [],
        initial=initial,
        prefilled_from=prefilled_from,
        other_years=sorted(records.exclude(year=year).values_list("year", flat=True)),
    )


def _registry_figures(school: School) -> dict[str, Any]:
    return {
        "township": school.township.name,
        "school_name": school.name,
        "school_type": school.school_type,
        "parent_school_code": school.parent.code if school.parent else "",
        "location": school.location,
        "ownership": school.ownership,
        "affiliation": school.affiliation,
    }


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
        .filter(year=year)
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
    )


def _shown_change(change: dict[str, Any]) -> dict[str, Any]:
    fields = [(key, header, shown(old), shown(new)) for key, header, old, new in change["fields"]]
    return {**change, "fields": fields}
