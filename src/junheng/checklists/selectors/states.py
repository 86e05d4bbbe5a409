"""Where the work on a checklist stands: each assignment's evidence against what its item
requires (complete, overdue), and the checklist's scores added up."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from junheng.access import VIEW, restrict
from junheng.checklist_core.scoring import Result, Summary, summarize
from junheng.checklists.models import Assignment, Checklist, ChecklistItem, Evidence, ItemScore


@dataclass
class AssignmentState:
    """An assignment with what is uploaded under it: complete when every required piece of
    evidence has a file (or, when the item requires none by name, when there is any file);
    overdue when its deadline passed before it was complete and the item scored."""

    assignment: Assignment
    present: set[str]
    files: int
    scored: bool
    today: dt.date

    @property
    def required(self) -> list[str]:
        return list(self.assignment.item.evidence or [])

    @property
    def missing(self) -> list[str]:
        return [r for r in self.required if r not in self.present]

    @property
    def complete(self) -> bool:
        return evidence_complete(self.required, self.present, self.files)

    @property
    def done(self) -> bool:
        return self.complete and self.scored

    @property
    def overdue(self) -> bool:
        return self.assignment.deadline < self.today and not self.done

    @property
    def days_left(self) -> int:
        return (self.assignment.deadline - self.today).days


def evidence_complete(required: list[str], present: set[str], files: int) -> bool:
    """Every required piece of evidence has a file; without named requirements, any file."""
    return all(r in present for r in required) if required else files > 0


def open_count(assignments: QuerySet[Assignment]) -> int:
    """How many of the assignments are not done (`AssignmentState.done`), read as ids, not as
    an object each: the count every page's header shows, whatever the county's size."""
    rows = list(assignments.order_by().values_list("pk", "item_id"))
    if not rows:
        return 0
    items = {item_id for _pk, item_id in rows}
    required = dict(ChecklistItem.objects.filter(pk__in=items).values_list("pk", "evidence"))
    scored = set(ItemScore.objects.filter(item__in=items).values_list("item_id", flat=True))
    present: dict[int, set[str]] = defaultdict(set)
    for pk, requirement in (
        Evidence.objects.filter(assignment__in=assignments.values("pk"), versions__isnull=False)
        .order_by()
        .values_list("assignment_id", "requirement")
        .distinct()
    ):
        present[pk].add(requirement)
    return sum(
        not (
            item_id in scored
            and evidence_complete(list(required[item_id] or []), present[pk], len(present[pk]))
        )
        for pk, item_id in rows
    )


def assignment_states(assignments: Iterable[Assignment]) -> list[AssignmentState]:
    assignments = list(assignments)
    present: dict[int, set[str]] = defaultdict(set)
    files: dict[int, int] = defaultdict(int)
    for row in (
        Evidence.objects.filter(assignment__in=[a.pk for a in assignments])
        .values("assignment_id", "requirement")
        .annotate(n=Count("versions"))
    ):
        if row["n"]:
            present[row["assignment_id"]].add(row["requirement"])
            files[row["assignment_id"]] += 1
    scored = set(
        ItemScore.objects.filter(item__in={a.item_id for a in assignments}).values_list(
            "item_id", flat=True
        )
    )
    today = timezone.localdate()
    return [
        AssignmentState(a, present[a.pk], files[a.pk], a.item_id in scored, today)
        for a in assignments
    ]


def scoped_assignments(*, user: Any, checklist: Checklist) -> QuerySet[Assignment]:
    """The checklist's assignments the user sees."""
    return (
        restrict(Assignment, user, VIEW)
        .filter(item__checklist=checklist)
        .select_related("item", "school", "township", "person")
    )


def item_results(checklist: Checklist) -> dict[str, Result]:
    """The stored score of every scored item, by code."""
    return {
        s.item.code: Result(s.score, s.met, s.value)
        for s in ItemScore.objects.filter(item__checklist=checklist).select_related("item")
    }


def checklist_summary(checklist: Checklist) -> Summary:
    """The checklist's scores added up to its parents, its total and its verdict."""
    return summarize(checklist.as_data(), item_results(checklist))
