"""Every read of the inspections app, scoped through `restrict`: visits of the user's scope,
who may visit and convert findings (asked of `junheng.access`), for the bureau the density
of visits and each cadre's follow-up of their schools, and the 包校 visits overdue against the
county's visit frequency (also read by the daily reminders)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, QuerySet
from django.shortcuts import get_object_or_404

from junheng.access import CADRE, MANAGE, VIEW, VISIT, may, nameable_people
from junheng.access.web import get_scoped_or_404
from junheng.inspections.models import (
    DEFAULT_VISIT_EVERY_DAYS,
    Finding,
    Visit,
    VisitFrequency,
    VisitPhoto,
)
from junheng.rectification.choices import ACTIVE, Source, Status
from junheng.rectification.models import Problem
from junheng.rectification.rules import allowed_sources
from junheng.rectification.selectors import responsible_people, school_default_responsible
from junheng.registry.models import County, School, Township

# --- who visits, who converts ----------------------------------------------------------------


def visitable_schools(user: Any) -> QuerySet[School]:
    """The schools the user may record visits to: those of the scope, for the visiting roles."""
    return School.objects.restrict(user, VISIT)


def schools_to_visit(*, user: Any) -> QuerySet[School]:
    """The schools the user may record a visit to, for the form; 403 for a user with none."""
    schools = visitable_schools(user).select_related("township").order_by("township__name", "code")
    if not schools.exists():
        raise PermissionDenied
    return schools


def may_visit(user: Any, school: School) -> bool:
    return may(user, VISIT, school)


def writes_visit(user: Any, visit: Visit) -> bool:
    """The visitor, or the county bureau (who add findings to a visit)."""
    return visit.visitor_id == getattr(user, "pk", None) or may(user, MANAGE, visit.county)


def may_add_findings(user: Any, visit: Visit) -> bool:
    """Whether `finding_add` would let the user add a finding to the visit."""
    return writes_visit(user, visit) and may_visit(user, visit.school)


def finding_source(user: Any) -> str:
    """A visit's finding is a county inspection's (县督导), or a township's (乡镇检查)."""
    return Source.COUNTY if Source.COUNTY in allowed_sources(user) else Source.TOWNSHIP


def may_convert(*, actor: Any, finding: Finding) -> bool:
    """Whether `finding_to_problem` would let the actor turn the finding into a problem now."""
    return (
        finding.problem_id is None
        and may_visit(actor, finding.visit.school)
        and finding_source(actor) in allowed_sources(actor)
    )


def county_cadres(county: County) -> QuerySet[Any]:
    """The users of the county who may be assigned schools (包校)."""
    return nameable_people(CADRE, county=county)


def assignable_schools(*, user: Any, county: County) -> QuerySet[School]:
    """The schools of the county the user may give a cadre (the bureau: all of them).

    Kindergartens and senior high schools included: 包校 follows the bureau's choice, and a
    双高双普 county also visits them (docs/standards.md §4); only the density's gaps are of the
    compulsory schools."""
    return School.objects.restrict(user, MANAGE).filter(county=county).order_by("code")


def visit_list(
    *,
    user: Any,
    school: School | None = None,
    township: Township | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Visit]:
    visits = Visit.objects.restrict(user, VIEW).select_related(
        "school", "school__township", "visitor"
    )
    if school is not None:
        visits = visits.filter(school=school)
    if township is not None:
        visits = visits.filter(school__township=township)
    if start is not None:
        visits = visits.filter(date__gte=start)
    if end is not None:
        visits = visits.filter(date__lte=end)
    return visits.annotate(findings_count=Count("findings")).order_by("-date", "-pk")


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    convertible: bool


@dataclass
class VisitPage:
    visit: Visit
    findings: list[FindingRow]
    photos: list[VisitPhoto]
    can_add: bool
    people: list[Any]  # who may be named responsible for a problem of the school
    default_responsible: Any  # the school's own first responsible person (its principal)

    @property
    def converting(self) -> bool:
        return any(row.convertible for row in self.findings)


def visit_page(*, user: Any, pk: int) -> VisitPage:
    visit = get_object_or_404(
        Visit.objects.restrict(user, VIEW).select_related(
            "school", "school__township", "county", "visitor"
        ),
        pk=pk,
    )
    findings = [
        FindingRow(f, may_convert(actor=user, finding=f))
        for f in visit.findings.select_related("problem", "visit", "visit__school")
    ]
    converting = any(row.convertible for row in findings)
    return VisitPage(
        visit=visit,
        findings=findings,
        photos=list(visit.photos.all()),
        can_add=may_add_findings(user, visit),
        people=list(finding_people(visit=visit)) if converting else [],
        default_responsible=school_default_responsible(school=visit.school),
    )


def finding_people(*, visit: Visit) -> QuerySet[Any]:
    """Who may be named responsible for a problem found on the visit (at its school)."""
    return responsible_people(county=visit.county, school=visit.school)


def visit_for(*, user: Any, pk: int) -> Visit:
    return get_object_or_404(Visit.objects.restrict(user, VIEW).select_related("school"), pk=pk)


def finding_for(*, user: Any, pk: int) -> Finding:
    return get_object_or_404(
        Finding.objects.restrict(user, VIEW).select_related("visit", "visit__school"), pk=pk
    )


def convertible_finding(*, user: Any, pk: int) -> Finding:
    """A finding the user sees (else 404) of a school they visit (else 403)."""
    return get_scoped_or_404(
        Finding.objects.select_related("visit", "visit__school", "visit__county"),
        user,
        VISIT,
        pk=pk,
    )


def photo_for(*, user: Any, pk: int) -> VisitPhoto:
    return get_object_or_404(VisitPhoto.objects.restrict(user, VIEW), pk=pk)


# --- the 包校 visit frequency ------------------------------------------------------------------


def visit_every_days(county: County) -> int:
    """The county's 包校 visit frequency: each cadre visits each of their schools at least once
    in this many days (`DEFAULT_VISIT_EVERY_DAYS` until the bureau sets it)."""
    found = VisitFrequency.objects.filter(county=county).values_list("every_days", flat=True)
    return next(iter(found), DEFAULT_VISIT_EVERY_DAYS)


@dataclass(frozen=True)
class OverdueVisit:
    """A school a cadre is assigned (包校) and has not visited for more than the county's N days:
    `last_visit` is the cadre's own last visit there (None: never)."""

    cadre: Any
    school: School
    last_visit: dt.date | None
    days_since: int | None

    @property
    def cadre_name(self) -> str:
        return self.cadre.last_name or self.cadre.get_username()


def overdue_visits(
    *, county: County, today: dt.date, every_days: int | None = None
) -> list[OverdueVisit]:
    """Every assignment (cadre, school) of the county whose cadre has not visited the school
    within `every_days` days (the county's frequency by default), longest first, a school never
    visited by its cadre first of all. Only the cadre's own visits count: the duty is theirs.
    The day a school was assigned is not recorded, so a school its cadre never visited counts
    as overdue from the start. Not scoped to a user: the bureau's page and the daily reminders
    read it."""
    every_days = visit_every_days(county) if every_days is None else every_days
    cadres = list(county_cadres(county).filter(is_active=True).prefetch_related("assigned_schools"))
    last = {
        (row["visitor_id"], row["school_id"]): row["last"]
        for row in Visit.objects.filter(county=county, visitor__in=cadres, date__lte=today)
        .order_by()
        .values("visitor_id", "school_id")
        .annotate(last=Max("date"))
    }
    found = []
    for cadre in cadres:
        for school in cadre.assigned_schools.all():
            if school.county_id != county.pk:
                continue
            date = last.get((cadre.pk, school.pk))
            days_since = (today - date).days if date is not None else None
            if days_since is None or days_since > every_days:
                found.append(OverdueVisit(cadre, school, date, days_since))
    return sorted(
        found,
        key=lambda o: (o.days_since is not None, -(o.days_since or 0), o.school.code, o.cadre.pk),
    )


# --- density and follow-up (the bureau) ------------------------------------------------------


@dataclass
class SchoolDensity:
    school: School
    visits: int  # in the period
    last_visit: dt.date | None
    days_since: int | None
    cadres: list[str]
    overdue: list[OverdueVisit] = field(default_factory=list)  # its cadres behind the frequency

    @property
    def is_overdue(self) -> bool:
        return bool(self.overdue)


@dataclass
class CadreFollowUp:
    cadre: Any
    schools: int
    own_visits: int  # visits the cadre made in the period
    school_visits: int  # visits anyone made to the cadre's schools in the period
    unvisited: int  # of the cadre's schools, not visited for `days` days
    overdue_visits: int  # of the cadre's schools, not visited by the cadre within the frequency
    problems: int
    closed: int
    overdue: int
    waiting: int  # submitted, waiting for verification

    @property
    def rate(self) -> float | None:
        return self.closed / self.problems if self.problems else None


@dataclass
class Density:
    county: County
    start: dt.date
    end: dt.date
    days: int
    today: dt.date
    schools: list[SchoolDensity]
    cadres: list[CadreFollowUp]
    every_days: int = DEFAULT_VISIT_EVERY_DAYS  # the county's 包校 visit frequency
    only_overdue: bool = False  # list only the schools behind the frequency

    @property
    def listed(self) -> list[SchoolDensity]:
        """The schools the page lists: all, or those behind the frequency."""
        return [s for s in self.schools if s.is_overdue] if self.only_overdue else self.schools

    @property
    def overdue_schools(self) -> int:
        return sum(1 for s in self.schools if s.is_overdue)

    @property
    def stale(self) -> list[SchoolDensity]:
        """Schools not visited for `days` days (or never), longest first."""
        rows = [s for s in self.schools if s.days_since is None or s.days_since > self.days]
        return sorted(rows, key=lambda s: (s.days_since is not None, -(s.days_since or 0)))

    @property
    def total_visits(self) -> int:
        return sum(s.visits for s in self.schools)

    @property
    def visited_schools(self) -> int:
        return sum(1 for s in self.schools if s.visits)


def density(
    *,
    user: Any,
    county: County,
    start: dt.date,
    end: dt.date,
    days: int,
    today: dt.date,
    only_overdue: bool = False,
) -> Density:
    """Visits per school in [start, end], the schools not visited for `days` days, the schools
    whose cadres are behind the county's 包校 visit frequency, and each cadre's visits and the
    rectification of their schools' problems (for the bureau)."""
    schools = list(
        School.objects.restrict(user, VIEW)
        .filter(county=county)
        .select_related("township")
        .order_by("township__name", "code")
    )
    # (no default ordering: it would split the GROUP BYs below by date)
    visits = Visit.objects.restrict(user, VIEW).filter(county=county, date__lte=today).order_by()
    in_period = dict(
        visits.filter(date__gte=start, date__lte=end)
        .values_list("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    last = dict(
        visits.values_list("school_id").annotate(last=Max("date")).values_list("school_id", "last")
    )
    cadres = list(county_cadres(county).prefetch_related("assigned_schools"))
    names: dict[int, list[str]] = defaultdict(list)
    for cadre in cadres:
        for school in cadre.assigned_schools.all():
            names[school.pk].append(cadre.last_name or cadre.get_username())
    # A kindergarten or senior high school is listed only when a cadre has it (docs/standards.md
    # §4): the bureau may give one to a cadre for 双高双普, but one nobody was asked to visit is
    # no gap in the 包校 coverage of the compulsory schools.
    rows = [
        SchoolDensity(
            school=s,
            visits=in_period.get(s.pk, 0),
            last_visit=last.get(s.pk),
            days_since=(today - last[s.pk]).days if s.pk in last else None,
            cadres=names.get(s.pk, []),
        )
        for s in schools
        if s.is_compulsory or s.pk in names
    ]
    by_school = {row.school.pk: row for row in rows}
    every_days = visit_every_days(county)
    behind: dict[int, int] = defaultdict(int)  # cadre → schools behind the frequency
    for overdue in overdue_visits(county=county, today=today, every_days=every_days):
        if overdue.school.pk in by_school:
            by_school[overdue.school.pk].overdue.append(overdue)
            behind[overdue.cadre.pk] += 1
    problems = list(
        Problem.objects.restrict(user, VIEW)
        .filter(county=county, school__isnull=False)
        .values_list("school_id", "status", "deadline")
    )
    own_visits = dict(
        visits.filter(date__gte=start, date__lte=end)
        .values_list("visitor_id")
        .annotate(n=Count("pk"))
        .values_list("visitor_id", "n")
    )
    follow_ups = []
    for cadre in cadres:
        mine = {s.pk for s in cadre.assigned_schools.all()}
        if not mine:
            continue
        theirs = [p for p in problems if p[0] in mine]
        follow_ups.append(
            CadreFollowUp(
                cadre=cadre,
                schools=len(mine),
                own_visits=own_visits.get(cadre.pk, 0),
                school_visits=sum(by_school[pk].visits for pk in mine if pk in by_school),
                unvisited=sum(
                    1
                    for pk in mine
                    if pk in by_school
                    and (by_school[pk].days_since is None or by_school[pk].days_since > days)
                ),
                overdue_visits=behind.get(cadre.pk, 0),
                problems=len(theirs),
                closed=sum(1 for p in theirs if p[1] == Status.CLOSED),
                overdue=sum(1 for p in theirs if p[1] in ACTIVE and p[2] and p[2] < today),
                waiting=sum(1 for p in theirs if p[1] == Status.SUBMITTED),
            )
        )
    return Density(
        county, start, end, days, today, rows, follow_ups, every_days, only_overdue=only_overdue
    )


def cadre_board(*, user: Any, county: County) -> list[tuple[Any, list[School]]]:
    """The county's cadres with their schools (for the bureau's 包校 page)."""
    return [
        (cadre, list(cadre.assigned_schools.filter(county=county).order_by("code")))
        for cadre in county_cadres(county).prefetch_related("assigned_schools")
    ]
