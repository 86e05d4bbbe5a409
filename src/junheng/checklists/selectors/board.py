"""The progress board of a checklist: what is assigned, complete, scored and overdue, by
category, unit and person, against the county's inspection date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from junheng.access import APPROVE, VIEW, may, restrict
from junheng.checklist_core.scoring import Summary
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import Checklist, ChecklistItem, ItemScore
from junheng.checklists.selectors.schools import SchoolItem, school_items
from junheng.checklists.selectors.states import (
    AssignmentState,
    assignment_states,
    checklist_summary,
    scoped_assignments,
)


@dataclass
class Tally:
    label: str
    assignments: int = 0
    complete: int = 0
    scored: int = 0
    overdue: int = 0
    leaves: int = 0
    assigned_leaves: int = 0
    scored_leaves: int = 0

    def add(self, state: AssignmentState) -> None:
        self.assignments += 1
        self.complete += state.complete
        self.scored += state.scored
        self.overdue += state.overdue

    @property
    def complete_percent(self) -> int:
        return round(100 * self.complete / self.assignments) if self.assignments else 0


@dataclass
class Board:
    checklist: Checklist
    categories: list[Tally]
    units: list[Tally]
    people: list[Tally]
    total: Tally
    unassigned: list[ChecklistItem]
    unscored: list[ChecklistItem]
    incomplete: list[AssignmentState]
    overdue: list[AssignmentState]
    inspection_date: dt.date | None
    days_left: int | None
    summary: Summary | None
    schools: list[SchoolItem]  # the items given to schools, each school's completion

    @property
    def incomplete_units(self) -> list[AssignmentState]:
        """The incomplete assignments of offices and townships (the schools' are counted per
        item in `schools`, so that a county of 1,000 schools is not a list of 1,000 lines)."""
        return [s for s in self.incomplete if s.assignment.unit_kind != UnitKind.SCHOOL]

    @property
    def overdue_units(self) -> list[AssignmentState]:
        return [s for s in self.overdue if s.assignment.unit_kind != UnitKind.SCHOOL]


def progress_board(*, user: Any, checklist: Checklist) -> Board:
    """The board of the part of the checklist the user sees (the totals for the county level)."""
    items = list(checklist.items.all())
    parents = {item.parent_id for item in items if item.parent_id}
    leaves = [item for item in items if item.pk not in parents]
    visible = set(
        restrict(ChecklistItem, user, VIEW).filter(checklist=checklist).values_list("pk", flat=True)
    )
    leaves = [leaf for leaf in leaves if leaf.pk in visible]
    states = assignment_states(scoped_assignments(user=user, checklist=checklist))
    scored_items = set(
        ItemScore.objects.filter(item__checklist=checklist).values_list("item_id", flat=True)
    )
    assigned_items = {s.assignment.item_id for s in states}
    categories = {
        item.code: Tally(f"{item.code} {item.shown_title}") for item in items if item.depth == 1
    }
    total = Tally(str(_("合计")))
    for leaf in leaves:
        for tally in (categories[leaf.code.split(".")[0]], total):
            tally.leaves += 1
            tally.assigned_leaves += leaf.pk in assigned_items
            tally.scored_leaves += leaf.pk in scored_items
    units: dict[str, Tally] = {}
    people: dict[int, Tally] = {}
    every_school = Tally(str(_("各学校（按指标见上）")))
    for state in states:
        a = state.assignment
        categories[a.item.code.split(".")[0]].add(state)
        total.add(state)
        if a.unit_kind == UnitKind.SCHOOL:
            every_school.add(state)
        else:
            units.setdefault(a.unit_label, Tally(a.unit_label)).add(state)
        name = a.person.last_name or a.person.get_username()
        people.setdefault(a.person_id, Tally(name)).add(state)
    county = checklist.county
    days_left = (
        (county.inspection_date - timezone.localdate()).days if county.inspection_date else None
    )
    return Board(
        checklist=checklist,
        categories=[t for t in categories.values() if t.leaves or t.assignments],
        units=sorted(units.values(), key=lambda t: (-t.overdue, t.label))
        + ([every_school] if every_school.assignments else []),
        people=sorted(people.values(), key=lambda t: (-t.overdue, t.label)),
        total=total,
        unassigned=[leaf for leaf in leaves if leaf.pk not in assigned_items],
        unscored=[leaf for leaf in leaves if leaf.pk not in scored_items],
        incomplete=[s for s in states if not s.complete],
        overdue=[s for s in states if s.overdue],
        inspection_date=county.inspection_date,
        days_left=days_left,
        summary=checklist_summary(checklist) if may(user, APPROVE, county) else None,
        schools=school_items(states),
    )
