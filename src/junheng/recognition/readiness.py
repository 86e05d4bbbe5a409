"""How ready the drawn schools are (selectors of the draw pages and the export).

For each drawn school the user may see (a township officer: their township's; an inspector:
the assigned schools), four facts:

- **data**: the resource allocation of the school's units in the draw's year under its standard
  (`junheng.assessment.evaluation.county_evaluation`): met, or unmet with each gap (indicator,
  level, amount); a school left out of the inter-school computation says why;
- **open problems**: its problems still owed work (`rectification.choices.ACTIVE`);
- **evidence**: its checklist assignments (指标分解, in any of the county's checklists) with and
  without an uploaded file;
- **last visit**: the date of its latest visit (督导走访).

A school is *ready* when its data meet the standard, no problem is open, every assignment has
evidence and it has been visited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import get_language

from junheng.access import VIEW, restrict
from junheng.assessment.evaluation import county_evaluation, standard_named
from junheng.assessment.summaries import unit_details
from junheng.checklists.models import Assignment
from junheng.collection.models import SchoolYear
from junheng.evaluation import Evaluation, Standard
from junheng.inspections.models import Visit
from junheng.recognition.choices import ReadinessState, TypeGroup
from junheng.recognition.models import DrawnSchool, MockDraw
from junheng.rectification.choices import ACTIVE
from junheng.rectification.models import Problem
from junheng.registry.choices import Location
from junheng.registry.models import School
from junheng.web.languages import in_language


@dataclass(frozen=True)
class Gap:
    """What a unit lacks of one indicator (in the indicator's gap unit: m², 万元, 人…)."""

    level: str
    indicator: str
    amount: float | None
    unit: str


@dataclass(frozen=True)
class SchoolReadiness:
    school: School
    position: int
    location: str
    group: str
    data_state: str
    data_note: str
    gaps: tuple[Gap, ...]
    open_problems: int
    assignments: int
    assignments_with_evidence: int
    last_visit: dt.date | None

    @property
    def location_label(self) -> str:
        return str(Location(self.location).label) if self.location in Location.values else ""

    @property
    def group_label(self) -> str:
        return str(TypeGroup(self.group).label) if self.group in TypeGroup.values else self.group

    @property
    def data_label(self) -> str:
        return str(ReadinessState(self.data_state).label)

    @property
    def data_met(self) -> bool:
        return self.data_state == ReadinessState.MET

    @property
    def evidence_missing(self) -> int:
        return self.assignments - self.assignments_with_evidence

    @property
    def ready(self) -> bool:
        return (
            self.data_met
            and self.open_problems == 0
            and self.evidence_missing == 0
            and self.last_visit is not None
        )


@dataclass(frozen=True)
class ReadinessCounts:
    """How many of the schools shown are ready, and what holds the others back."""

    schools: int
    data_met: int
    data_unmet: int
    with_open_problems: int
    with_evidence_gaps: int
    never_visited: int
    ready: int

    @classmethod
    def of(cls, rows: list[SchoolReadiness]) -> ReadinessCounts:
        return cls(
            schools=len(rows),
            data_met=sum(r.data_met for r in rows),
            data_unmet=sum(r.data_state == ReadinessState.UNMET for r in rows),
            with_open_problems=sum(r.open_problems > 0 for r in rows),
            with_evidence_gaps=sum(r.evidence_missing > 0 for r in rows),
            never_visited=sum(r.last_visit is None for r in rows),
            ready=sum(r.ready for r in rows),
        )


@dataclass(frozen=True)
class DrawReadiness:
    """A draw with the readiness of the drawn schools the user sees."""

    draw: MockDraw
    standard: Standard
    rows: list[SchoolReadiness]
    counts: ReadinessCounts
    drawn_total: int  # schools in the draw, seen or not

    @property
    def standard_name(self) -> str:
        """The standard's name in the page's language."""
        english = (get_language() or "").startswith("en")
        return self.standard.name_en if english else self.standard.name

    @property
    def partial(self) -> bool:
        """Whether the user sees only part of the draw (a township, assigned schools)."""
        return len(self.rows) < self.drawn_total


def draw_readiness(*, user: Any, draw: MockDraw) -> DrawReadiness:
    """The readiness of the draw's schools that the user may see, in the draw's order."""
    drawn = list(
        DrawnSchool.objects.filter(draw=draw)
        .select_related("school", "school__township")
        .order_by("position")
    )
    visible = set(
        restrict(School, user, VIEW)
        .filter(pk__in=[d.school_id for d in drawn])
        .values_list("pk", flat=True)
    )
    shown = [d for d in drawn if d.school_id in visible]
    ids = [d.school_id for d in shown]
    evaluation = county_evaluation(county=draw.county, year=draw.year, standard=draw.standard)
    with_records = set(
        SchoolYear.objects.filter(school_id__in=ids, year=draw.year).values_list(
            "school_id", flat=True
        )
    )
    problems = _counts(Problem.objects.filter(school_id__in=ids, status__in=ACTIVE))
    evidence = {
        row["school_id"]: (row["total"], row["with_evidence"])
        for row in Assignment.objects.filter(school_id__in=ids)
        .values("school_id")
        .annotate(
            total=Count("pk", distinct=True),
            with_evidence=Count("pk", filter=Q(evidence__versions__isnull=False), distinct=True),
        )
    }
    visits = {
        row["school_id"]: row["last"]
        for row in Visit.objects.filter(school_id__in=ids)
        .values("school_id")
        .annotate(last=Max("date"))
    }
    rows = []
    for item in shown:
        school = item.school
        state, note, gaps = _data(evaluation, school, school.pk in with_records)
        total, with_file = evidence.get(school.pk, (0, 0))
        rows.append(
            SchoolReadiness(
                school=school,
                position=item.position,
                location=item.location,
                group=item.group,
                data_state=state,
                data_note=note,
                gaps=gaps,
                open_problems=problems.get(school.pk, 0),
                assignments=total,
                assignments_with_evidence=with_file,
                last_visit=visits.get(school.pk),
            )
        )
    return DrawReadiness(
        draw=draw,
        standard=standard_named(draw.standard),
        rows=rows,
        counts=ReadinessCounts.of(rows),
        drawn_total=len(drawn),
    )


def _counts(queryset: Any) -> dict[int, int]:
    return {
        row["school_id"]: row["n"]
        for row in queryset.values("school_id").annotate(n=Count("pk", distinct=True))
    }


def _data(
    evaluation: Evaluation | None, school: School, has_record: bool
) -> tuple[str, str, tuple[Gap, ...]]:
    """(state, note, gaps) of the school's resource allocation in the evaluation."""
    if evaluation is None or not has_record:
        return ReadinessState.NO_DATA, "", ()
    code = school.code
    excluded = evaluation.excluded.filter(evaluation.excluded["school_code"] == code)
    if excluded.height:
        return ReadinessState.EXCLUDED, in_language(excluded["excluded_reason"][0]), ()
    details = unit_details(evaluation, code)
    if not details:  # a small teaching point merged into its parent school's unit
        return ReadinessState.MERGED, "", ()
    if not evaluation.standard.has_thresholds:
        return ReadinessState.NOT_JUDGED, "", ()
    gaps = tuple(
        Gap(
            level=level["name"],
            indicator=indicator["name"],
            amount=indicator["gap"],
            unit=str(indicator["gap_unit"]),
        )
        for level in details
        for indicator in level["indicators"]
        if indicator["meets"] is False
    )
    if all(level["pass"] for level in details):
        return ReadinessState.MET, "", gaps
    return ReadinessState.UNMET, "", gaps


# --- comparing two draws ----------------------------------------------------------------------


@dataclass(frozen=True)
class ComparedSchool:
    school: School
    first: SchoolReadiness | None
    second: SchoolReadiness | None

    @property
    def in_both(self) -> bool:
        return self.first is not None and self.second is not None

    @property
    def readiness(self) -> SchoolReadiness:
        found = self.first or self.second
        assert found is not None
        return found


@dataclass(frozen=True)
class Comparison:
    first: DrawReadiness
    second: DrawReadiness
    schools: list[ComparedSchool]  # in both first, then only in the first, then the second

    @property
    def in_both(self) -> int:
        return sum(s.in_both for s in self.schools)

    @property
    def only_first(self) -> int:
        return sum(s.second is None for s in self.schools)

    @property
    def only_second(self) -> int:
        return sum(s.first is None for s in self.schools)


def draw_comparison(*, user: Any, first: MockDraw, second: MockDraw) -> Comparison:
    """Two draws side by side: which of the schools the user sees are in both, and each
    draw's readiness counts."""
    one = draw_readiness(user=user, draw=first)
    two = draw_readiness(user=user, draw=second)
    in_one = {r.school.pk: r for r in one.rows}
    in_two = {r.school.pk: r for r in two.rows}
    schools = [
        ComparedSchool(row.school, in_one.get(pk), in_two.get(pk))
        for pk, row in {**in_two, **in_one}.items()
    ]
    schools.sort(key=lambda s: (not s.in_both, s.first is None, s.school.code))
    return Comparison(first=one, second=two, schools=schools)


__all__ = [
    "Comparison",
    "DrawReadiness",
    "Gap",
    "ReadinessCounts",
    "SchoolReadiness",
    "draw_comparison",
    "draw_readiness",
]
