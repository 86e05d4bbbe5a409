"""Rankings of a county's townships and schools (reads only): rectification rate, overdue
problems, data completeness and, where the checklists app has assignments, evidence
completeness.

- rectification rate = closed problems ÷ all problems of the unit (none: no rate);
- overdue = problems past their deadline on which the responsible side still owes work;
- data completeness = how far the unit's yearly record has come: none 0, draft or returned
  ¼, submitted ½, passed by the township ¾, approved by the county 1 — a township's is the
  mean of its schools'. A kindergarten or senior high school has no yearly compulsory record
  (docs/standards.md §4): it has no data completeness and is left out of the means, while its
  problems and evidence count like any school's (a 双高双普 preschool item is real work);
- evidence completeness = assignments whose required evidence is all uploaded ÷ assignments.

Rates, data and evidence completeness are orders of merit (the best first): units with the
same figure share a rank and are marked tied (1, 2, 2, 4), and a unit without the figure (no
problems, so no rate) is listed last without a rank. The overdue count is a list of the worst
first, never a ranking: its rows carry no rank.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from junheng.access import VIEW
from junheng.collection.choices import DataStatus
from junheng.collection.models import SchoolYear
from junheng.rectification.choices import ACTIVE, Status
from junheng.rectification.models import Problem
from junheng.registry.models import County, School, Township

DATA_PROGRESS: dict[str, float] = {
    "none": 0.0,
    DataStatus.DRAFT: 0.25,
    DataStatus.RETURNED: 0.25,
    DataStatus.SUBMITTED: 0.5,
    DataStatus.REVIEWED: 0.75,
    DataStatus.APPROVED: 1.0,
}
SORTS = ("rate", "overdue", "data", "evidence")
WORST_FIRST = "overdue"  # a list of the most overdue first: no order of merit


@dataclass
class Row:
    """One township's or school's figures."""

    name: str
    township: str = ""
    pk: int | None = None
    order: str = ""  # the tie-break: a school's code, a township's name
    problems: int = 0
    closed: int = 0
    overdue: int = 0
    data: float | None = None
    data_status: str = ""
    evidence_done: int = 0
    evidence_total: int = 0
    rank: int | None = None  # none: not ranked (no figure, or a worst-first list)
    tied: bool = False  # the rank is shared with another unit

    @property
    def rate(self) -> float | None:
        return self.closed / self.problems if self.problems else None

    @property
    def evidence(self) -> float | None:
        return self.evidence_done / self.evidence_total if self.evidence_total else None


@dataclass
class Rankings:
    county: County
    today: dt.date
    year: int | None
    sort: str
    townships: list[Row]
    schools: list[Row]
    total: Row
    evidence_available: bool
    notes: list[str] = field(default_factory=list)

    @property
    def ranked(self) -> bool:
        """Whether the order is one of merit (ranks shown) or the worst-first overdue list."""
        return self.sort != WORST_FIRST

    @property
    def ties(self) -> bool:
        return any(row.tied for row in (*self.townships, *self.schools))


def _sort_key(sort: str):
    def key(row: Row) -> tuple[Any, ...]:
        if sort == "overdue":
            return (-row.overdue, _desc(row.rate, reverse=True), row.order)
        if sort == "data":
            return (_desc(row.data), -(row.rate or 0), row.order)
        if sort == "evidence":
            return (_desc(row.evidence), -(row.rate or 0), row.order)
        return (_desc(row.rate), row.overdue, row.order)

    return key


def _desc(value: float | None, reverse: bool = False) -> tuple[int, float]:
    """Larger first, None last (or, with `reverse`, smaller first, None last)."""
    if value is None:
        return (1, 0.0)
    return (0, value if reverse else -value)


MAIN_FIGURE = {
    "rate": lambda row: row.rate,
    "overdue": lambda row: row.overdue,
    "data": lambda row: row.data,
    "evidence": lambda row: row.evidence,
}


def _ranked(rows: list[Row], sort: str) -> list[Row]:
    """Sorted; in an order of merit, competition ranks (1, 2, 2, 4) on the sort's main figure,
    shared ranks marked tied, and no rank for a unit without the figure. The worst-first
    overdue list is sorted only."""
    rows = sorted(rows, key=_sort_key(sort))
    if sort == WORST_FIRST:
        return rows
    main = MAIN_FIGURE[sort]
    rank, previous = 0, None
    for position, row in enumerate(rows, 1):
        figure = main(row)
        if figure is None:
            continue
        if rank == 0 or figure != previous:
            rank = position
        row.rank, previous = rank, figure
    shared = Counter(row.rank for row in rows if row.rank is not None)
    for row in rows:
        row.tied = row.rank is not None and shared[row.rank] > 1
    return rows


def latest_year(county: County) -> int | None:
    return (
        SchoolYear.objects.filter(school__county=county)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def evidence_counts(county: County) -> dict[str, dict[int, tuple[int, int]]] | None:
    """(complete, total) assignments per school, per township and for the county (key 0),
    from the checklists app; None when that app does not offer its assignment states."""
    try:
        from junheng.checklists.models import Assignment
        from junheng.checklists.selectors import assignment_states
    except ImportError:  # pragma: no cover - the checklists app is optional here
        return None
    states = assignment_states(
        Assignment.objects.filter(item__checklist__county=county).select_related("item")
    )
    counts: dict[str, dict[int, list[int]]] = {"school": {}, "township": {}, "county": {}}
    for state in states:
        a = state.assignment
        for kind, pk in (("school", a.school_id), ("township", a.township_id), ("county", 0)):
            if pk is not None:
                tally = counts[kind].setdefault(pk, [0, 0])
                tally[0] += state.complete
                tally[1] += 1
    return {kind: {pk: (t[0], t[1]) for pk, t in by.items()} for kind, by in counts.items()}


def county_rankings(
    *, user: Any, county: County, today: dt.date, sort: str = "", year: int | None = None
) -> Rankings:
    """The county's townships and schools ranked (by rectification rate unless `sort` says
    otherwise). Only the user's scope is counted (the bureau sees the whole county)."""
    sort = sort if sort in SORTS else "rate"
    year = year or latest_year(county)
    schools = list(
        School.objects.restrict(user, VIEW).filter(county=county).select_related("township")
    )
    townships = list(Township.objects.restrict(user, VIEW).filter(county=county))
    problems = list(
        Problem.objects.restrict(user, VIEW)
        .filter(county=county)
        .values_list("school_id", "township_id", "status", "deadline")
    )
    statuses = dict(
        SchoolYear.objects.filter(school__in=schools, year=year).values_list("school_id", "status")
    )
    evidence = evidence_counts(county)
    school_rows = {
        s.pk: Row(s.name, s.township.name, s.pk, s.code, data_status=statuses.get(s.pk, "none"))
        for s in schools
    }
    township_rows = {t.pk: Row(t.name, pk=t.pk, order=t.name) for t in townships}
    total = Row(county.name)
    for school_id, township_id, status, deadline in problems:
        overdue = status in ACTIVE and deadline is not None and deadline < today
        closed = status == Status.CLOSED
        for row in (school_rows.get(school_id), township_rows.get(township_id), total):
            if row is not None:
                row.problems += 1
                row.closed += closed
                row.overdue += overdue
    data_by_township: dict[int, list[float]] = defaultdict(list)
    all_data: list[float] = []
    for school in schools:
        row = school_rows[school.pk]
        if not school.is_compulsory:  # no yearly record to complete (docs/standards.md §4)
            row.data_status = ""
            continue
        row.data = DATA_PROGRESS.get(row.data_status, 0.0)
        data_by_township[school.township_id].append(row.data)
        all_data.append(row.data)
    for pk, row in township_rows.items():
        values = data_by_township.get(pk)
        row.data = sum(values) / len(values) if values else None
    total.data = sum(all_data) / len(all_data) if all_data else None
    if evidence is not None:
        for kind, rows in (("school", school_rows), ("township", township_rows)):
            for pk, (done, count) in evidence[kind].items():
                if pk in rows:
                    rows[pk].evidence_done, rows[pk].evidence_total = done, count
        total.evidence_done, total.evidence_total = evidence["county"].get(0, (0, 0))
    notes = []
    if evidence is None:
        notes.append("佐证材料完整度：指标体系模块未提供分解任务数据，本表不含该列。")
    return Rankings(
        county=county,
        today=today,
        year=year,
        sort=sort,
        townships=_ranked(list(township_rows.values()), sort),
        schools=_ranked(list(school_rows.values()), sort),
        total=total,
        evidence_available=evidence is not None and bool(total.evidence_total),
        notes=notes,
    )
