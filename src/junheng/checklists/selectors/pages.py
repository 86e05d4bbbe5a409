"""The pages' reads: the list of checklists, a checklist's tree, an item's page and the user's
own items, each with what the user may do there (asked of `junheng.access`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet

from junheng.access import APPROVE, CHANGE, MANAGE, VIEW, may, restrict
from junheng.checklist_core.scoring import Summary, summarize
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import (
    Assignment,
    Checklist,
    ChecklistItem,
    Evidence,
    EvidenceVersion,
    ItemScore,
)
from junheng.checklists.selectors.board import Board, progress_board
from junheng.checklists.selectors.figures import data_years
from junheng.checklists.selectors.scope import checklist_list, item_score_refusal, managed_county
from junheng.checklists.selectors.states import (
    AssignmentState,
    assignment_states,
    checklist_summary,
    item_results,
    open_count,
    scoped_assignments,
)
from junheng.rectification.choices import Status
from junheng.rectification.models import Problem
from junheng.registry.models import County, Township

# the list -----------------------------------------------------------------------------------


@dataclass
class IndexPage:
    boards: list[Board]  # one per checklist the user sees
    county: County | None  # the county the user runs; None for those who do not run one
    mine: int  # the user's own assignments not done (the home page's to-do count)

    @property
    def manages(self) -> bool:
        return self.county is not None


def index_page(*, user: Any) -> IndexPage:
    return IndexPage(
        boards=[progress_board(user=user, checklist=c) for c in checklist_list(user=user)],
        county=managed_county(user=user),
        mine=my_open_count(user=user),
    )


# a checklist's tree -------------------------------------------------------------------------


@dataclass
class ItemRow:
    item: ChecklistItem
    context: bool  # shown only to place the user's items in the tree
    node: Any = None
    score: ItemScore | None = None
    states: list[AssignmentState] = field(default_factory=list)
    has_children: bool = False

    @property
    def leaf(self) -> bool:
        return not self.has_children


@dataclass
class ChecklistPage:
    checklist: Checklist
    rows: list[ItemRow]
    summary: Summary | None  # the county's totals, for the county level (APPROVE)
    manages: bool
    years: list[int]


def checklist_page(*, user: Any, checklist: Checklist) -> ChecklistPage:
    items = list(checklist.items.all())
    visible = set(
        restrict(ChecklistItem, user, VIEW).filter(checklist=checklist).values_list("pk", flat=True)
    )
    by_code = {item.code: item for item in items}
    shown: set[str] = set()
    for item in items:
        if item.pk in visible:
            parts = item.code.split(".")
            shown.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    summary = summarize(checklist.as_data(items), item_results(checklist))
    scores = {s.item_id: s for s in ItemScore.objects.filter(item__checklist=checklist)}
    states: dict[int, list[AssignmentState]] = defaultdict(list)
    for state in assignment_states(scoped_assignments(user=user, checklist=checklist)):
        states[state.assignment.item_id].append(state)
    parents = {item.parent_id for item in items if item.parent_id}
    rows = []
    for code in sorted(shown, key=lambda c: tuple(int(p) for p in c.split("."))):
        item = by_code[code]
        context = item.pk not in visible
        rows.append(
            ItemRow(
                item=item,
                context=context,
                node=None if context else summary.nodes[code],
                score=None if context else scores.get(item.pk),
                states=[] if context else states[item.pk],
                has_children=item.pk in parents,
            )
        )
    county = checklist.county
    return ChecklistPage(
        checklist=checklist,
        rows=rows,
        summary=summary if may(user, APPROVE, county) else None,
        manages=may(user, MANAGE, county),
        years=data_years(county=county),
    )


# an item's page -----------------------------------------------------------------------------


@dataclass
class EvidenceRow:
    evidence: Evidence
    versions: list[EvidenceVersion]

    @property
    def latest(self) -> EvidenceVersion:
        return self.versions[0]


@dataclass
class AssignmentBlock:
    state: AssignmentState
    evidence: list[EvidenceRow]
    can_upload: bool


@dataclass
class ItemPage:
    item: ChecklistItem
    ancestors: list[ChecklistItem]
    children: list[ChecklistItem]
    score: ItemScore | None
    node: Any
    blocks: list[AssignmentBlock]
    score_refusal: Any
    manages: bool
    problems: list[Problem] = field(default_factory=list)  # open, of the item and its sub-items
    # an item of many schools: its schools by township, and the township shown in full
    by_township: list[Any] = field(default_factory=list)
    township: Township | None = None


def open_problems(*, user: Any, item: ChecklistItem) -> list[Problem]:
    """The problems not yet closed that the user sees, recorded against the item or one of its
    sub-items, soonest deadline first."""
    return list(
        Problem.objects.restrict(user, VIEW)
        .filter(item__checklist=item.checklist_id)
        .filter(Q(item=item) | Q(item__code__startswith=f"{item.code}."))
        .exclude(status=Status.CLOSED)
        .select_related("school", "township", "county", "responsible", "item")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


# Beyond this many schools an item's page lists its schools by township (the board counts
# them), each township's schools opening on their own: a block per school of 1,000 schools
# would be a page of thousands of forms.
SCHOOL_BLOCKS = 20


@dataclass
class TownshipTally:
    township: Township | None
    assigned: int = 0
    complete: int = 0
    overdue: int = 0


def _township_tallies(states: list[AssignmentState]) -> list[TownshipTally]:
    tallies: dict[int | None, TownshipTally] = {}
    for state in states:
        a = state.assignment
        tally = tallies.setdefault(a.township_id, TownshipTally(a.township))
        tally.assigned += 1
        tally.complete += state.complete
        tally.overdue += state.overdue and not state.complete
    return sorted(tallies.values(), key=lambda t: t.township.name if t.township else "")


def item_page(*, user: Any, item: ChecklistItem, township: Township | None = None) -> ItemPage:
    """An item with its assignments and their evidence; an item given to more than
    `SCHOOL_BLOCKS` schools shows its schools by township, one township's (`township`) in
    full."""
    checklist = item.checklist
    parts = item.code.split(".")
    ancestors = list(
        checklist.items.filter(code__in=[".".join(parts[:n]) for n in range(1, len(parts))])
    )
    children = list(restrict(ChecklistItem, user, VIEW).filter(parent=item).order_by("sort_key"))
    assignments = (
        restrict(Assignment, user, VIEW)
        .filter(item=item)
        .select_related("item", "school", "township", "person")
    )
    states = assignment_states(assignments)
    of_schools = [s for s in states if s.assignment.unit_kind == UnitKind.SCHOOL]
    by_township: list[TownshipTally] = []
    if len(of_schools) > SCHOOL_BLOCKS:
        by_township = _township_tallies(of_schools)
        states = [
            s
            for s in states
            if s.assignment.unit_kind != UnitKind.SCHOOL
            or (township is not None and s.assignment.township_id == township.pk)
        ]
    shown = [s.assignment.pk for s in states]
    uploadable = set(
        restrict(Assignment, user, CHANGE).filter(pk__in=shown).values_list("pk", flat=True)
    )
    versions: dict[int, list[EvidenceVersion]] = defaultdict(list)
    for version in (
        EvidenceVersion.objects.filter(evidence__assignment__in=shown)
        .select_related("evidence", "uploaded_by")
        .order_by("evidence_id", "-number")
    ):
        versions[version.evidence_id].append(version)
    evidence: dict[int, list[EvidenceRow]] = defaultdict(list)
    for row in Evidence.objects.filter(assignment__in=shown).order_by("requirement", "title"):
        if versions[row.pk]:
            evidence[row.assignment_id].append(EvidenceRow(row, versions[row.pk]))
    blocks = [
        AssignmentBlock(state, evidence[state.assignment.pk], state.assignment.pk in uploadable)
        for state in states
    ]
    summary = checklist_summary(checklist)
    return ItemPage(
        item=item,
        ancestors=ancestors,
        children=children,
        score=ItemScore.objects.filter(item=item).select_related("scored_by", "item").first(),
        node=summary.nodes.get(item.code),
        blocks=blocks,
        score_refusal=item_score_refusal(actor=user, item=item),
        manages=may(user, MANAGE, checklist.county),
        problems=open_problems(user=user, item=item),
        by_township=by_township,
        township=township,
    )


# my items -----------------------------------------------------------------------------------


def my_assignments_query(*, user: Any) -> QuerySet[Assignment]:
    """The user's own assignments (as the responsible person), soonest deadline first."""
    return (
        restrict(Assignment, user, VIEW)
        .filter(person=user)
        .select_related("item", "item__checklist", "school", "township", "person")
        .order_by("deadline", "item__checklist", "item__sort_key", "pk")
    )


def my_assignments(*, user: Any) -> list[AssignmentState]:
    """The states of the user's own assignments, soonest deadline first."""
    return assignment_states(my_assignments_query(user=user))


def my_open_count(*, user: Any) -> int:
    """How many of the user's own assignments are not done (the to-dos' count)."""
    return open_count(my_assignments_query(user=user))
