"""Every read of the checklists app, scoped to the user through `restrict`: an item,
assignment or file out of the user's scope is a 404. Also the county's figures for the
automatic items, the progress board and the archive's contents."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from junheng.access import APPROVE, CHANGE, MANAGE, VIEW, can
from junheng.assessment.evaluation import county_evaluation, county_records, county_years
from junheng.checklist_core.archive import ArchiveFile, IndexRow, folder_name
from junheng.checklist_core.figures import FigureValue, compute_figures
from junheng.checklist_core.model import format_number
from junheng.checklist_core.scoring import Result, Summary, summarize
from junheng.checklists.models import (
    Assignment,
    Checklist,
    ChecklistImport,
    ChecklistItem,
    Evidence,
    EvidenceVersion,
    ItemScore,
)
from junheng.checklists.services import item_score_refusal
from junheng.collection.template_rows import records_rows
from junheng.evaluation.errors import DataError
from junheng.registry.models import County


def checklist_list(*, user: Any) -> QuerySet[Checklist]:
    return Checklist.objects.restrict(user, VIEW).select_related("county")


def checklist_for(*, user: Any, pk: int) -> Checklist:
    return get_object_or_404(checklist_list(user=user), pk=pk)


def item_for(*, user: Any, pk: int) -> ChecklistItem:
    return get_object_or_404(
        ChecklistItem.objects.restrict(user, VIEW).select_related("checklist", "checklist__county"),
        pk=pk,
    )


def assignment_for(*, user: Any, pk: int, action: str = VIEW) -> Assignment:
    return get_object_or_404(
        Assignment.objects.restrict(user, action).select_related(
            "item", "item__checklist", "item__checklist__county", "school", "township", "person"
        ),
        pk=pk,
    )


def evidence_version_for(*, user: Any, pk: int) -> EvidenceVersion:
    return get_object_or_404(
        EvidenceVersion.objects.restrict(user, VIEW).select_related(
            "evidence", "evidence__assignment"
        ),
        pk=pk,
    )


def user_county(*, user: Any) -> County | None:
    return getattr(user, "county", None)


def manages(*, user: Any, county: County) -> bool:
    """Whether the user runs this county's checklists (loads, assigns, scores all, exports)."""
    return can(user, MANAGE) and County.objects.restrict(user, MANAGE).filter(pk=county.pk).exists()


def is_county_level(*, user: Any, county: County) -> bool:
    return (
        can(user, APPROVE) and County.objects.restrict(user, APPROVE).filter(pk=county.pk).exists()
    )


# the county's figures -----------------------------------------------------------------------


def data_years(*, county: County) -> list[int]:
    return county_years(county=county)


def county_figures(*, county: County, year: int) -> dict[str, FigureValue] | None:
    """The figures of the automatic items, from the county's school data of the year; None
    when the county has no data that year."""
    records = list(county_records(county=county, year=year))
    if not records:
        return None
    evaluations: dict[str, Any] = {}
    for standard in ("quality-2017", "basic-2012"):
        try:
            evaluations[standard] = county_evaluation(county=county, year=year, standard=standard)
        except DataError:
            evaluations[standard] = None
    return compute_figures(
        records_rows(records),
        quality=evaluations["quality-2017"],
        basic=evaluations["basic-2012"],
    )


# states of assignments ----------------------------------------------------------------------


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
        return not self.missing if self.required else self.files > 0

    @property
    def done(self) -> bool:
        return self.complete and self.scored

    @property
    def overdue(self) -> bool:
        return self.assignment.deadline < self.today and not self.done

    @property
    def days_left(self) -> int:
        return (self.assignment.deadline - self.today).days


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


def _assignments(*, user: Any, checklist: Checklist) -> QuerySet[Assignment]:
    return (
        Assignment.objects.restrict(user, VIEW)
        .filter(item__checklist=checklist)
        .select_related("item", "school", "township", "person")
    )


def _results(checklist: Checklist) -> dict[str, Result]:
    return {
        s.item.code: Result(s.score, s.met, s.value)
        for s in ItemScore.objects.filter(item__checklist=checklist).select_related("item")
    }


def checklist_summary(checklist: Checklist) -> Summary:
    return summarize(checklist.as_data(), _results(checklist))


# the checklist page -------------------------------------------------------------------------


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
    summary: Summary | None  # the county's totals, for county-level users
    manages: bool
    years: list[int]


def checklist_page(*, user: Any, checklist: Checklist) -> ChecklistPage:
    items = list(checklist.items.all())
    visible = set(
        ChecklistItem.objects.restrict(user, VIEW)
        .filter(checklist=checklist)
        .values_list("pk", flat=True)
    )
    by_code = {item.code: item for item in items}
    shown: set[str] = set()
    for item in items:
        if item.pk in visible:
            parts = item.code.split(".")
            shown.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    summary = summarize(checklist.as_data(items), _results(checklist))
    scores = {s.item_id: s for s in ItemScore.objects.filter(item__checklist=checklist)}
    states: dict[int, list[AssignmentState]] = defaultdict(list)
    for state in assignment_states(_assignments(user=user, checklist=checklist)):
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
        summary=summary if is_county_level(user=user, county=county) else None,
        manages=manages(user=user, county=county),
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


def item_page(*, user: Any, item: ChecklistItem) -> ItemPage:
    checklist = item.checklist
    parts = item.code.split(".")
    ancestors = list(
        checklist.items.filter(code__in=[".".join(parts[:n]) for n in range(1, len(parts))])
    )
    children = list(
        ChecklistItem.objects.restrict(user, VIEW).filter(parent=item).order_by("sort_key")
    )
    assignments = (
        Assignment.objects.restrict(user, VIEW)
        .filter(item=item)
        .select_related("item", "school", "township", "person")
    )
    uploadable = set(
        Assignment.objects.restrict(user, CHANGE).filter(item=item).values_list("pk", flat=True)
    )
    versions: dict[int, list[EvidenceVersion]] = defaultdict(list)
    for version in (
        EvidenceVersion.objects.filter(evidence__assignment__item=item)
        .select_related("evidence", "uploaded_by")
        .order_by("evidence_id", "-number")
    ):
        versions[version.evidence_id].append(version)
    evidence: dict[int, list[EvidenceRow]] = defaultdict(list)
    for row in Evidence.objects.filter(assignment__item=item).order_by("requirement", "title"):
        if versions[row.pk]:
            evidence[row.assignment_id].append(EvidenceRow(row, versions[row.pk]))
    blocks = [
        AssignmentBlock(state, evidence[state.assignment.pk], state.assignment.pk in uploadable)
        for state in assignment_states(assignments)
    ]
    summary = checklist_summary(checklist)
    return ItemPage(
        item=item,
        ancestors=ancestors,
        children=children,
        score=ItemScore.objects.filter(item=item).select_related("scored_by").first(),
        node=summary.nodes.get(item.code),
        blocks=blocks,
        score_refusal=item_score_refusal(actor=user, item=item),
        manages=manages(user=user, county=checklist.county),
    )


# my items -----------------------------------------------------------------------------------


def my_assignments(*, user: Any) -> list[AssignmentState]:
    """The user's own assignments (as the responsible person), soonest deadline first."""
    assignments = (
        Assignment.objects.restrict(user, VIEW)
        .filter(person=user)
        .select_related("item", "item__checklist", "school", "township", "person")
        .order_by("deadline", "item__checklist", "item__sort_key")
    )
    return assignment_states(assignments)


# the progress board -------------------------------------------------------------------------


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


def progress_board(*, user: Any, checklist: Checklist) -> Board:
    items = list(checklist.items.all())
    parents = {item.parent_id for item in items if item.parent_id}
    leaves = [item for item in items if item.pk not in parents]
    visible = set(
        ChecklistItem.objects.restrict(user, VIEW)
        .filter(checklist=checklist)
        .values_list("pk", flat=True)
    )
    leaves = [leaf for leaf in leaves if leaf.pk in visible]
    states = assignment_states(_assignments(user=user, checklist=checklist))
    scored_items = set(
        ItemScore.objects.filter(item__checklist=checklist).values_list("item_id", flat=True)
    )
    assigned_items = {s.assignment.item_id for s in states}
    categories = {
        item.code: Tally(f"{item.code} {item.title}") for item in items if item.depth == 1
    }
    total = Tally("合计")
    for leaf in leaves:
        for tally in (categories[leaf.code.split(".")[0]], total):
            tally.leaves += 1
            tally.assigned_leaves += leaf.pk in assigned_items
            tally.scored_leaves += leaf.pk in scored_items
    units: dict[str, Tally] = {}
    people: dict[int, Tally] = {}
    for state in states:
        a = state.assignment
        categories[a.item.code.split(".")[0]].add(state)
        total.add(state)
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
        units=sorted(units.values(), key=lambda t: (-t.overdue, t.label)),
        people=sorted(people.values(), key=lambda t: (-t.overdue, t.label)),
        total=total,
        unassigned=[leaf for leaf in leaves if leaf.pk not in assigned_items],
        unscored=[leaf for leaf in leaves if leaf.pk not in scored_items],
        incomplete=[s for s in states if not s.complete],
        overdue=[s for s in states if s.overdue],
        inspection_date=county.inspection_date,
        days_left=days_left,
        summary=checklist_summary(checklist) if is_county_level(user=user, county=county) else None,
    )


# the archive --------------------------------------------------------------------------------


def _opener(version: EvidenceVersion):
    return lambda: version.file.open("rb")


def archive_contents(
    *, user: Any, checklist: Checklist
) -> tuple[list[ArchiveFile], list[IndexRow]]:
    """The latest version of every piece of evidence the user may see, laid out
    类别/指标/单位/文件, and the index rows of every item the user may see."""
    items = {item.pk: item for item in checklist.items.all()}
    by_code = {item.code: item for item in items.values()}
    visible = set(
        ChecklistItem.objects.restrict(user, VIEW)
        .filter(checklist=checklist)
        .values_list("pk", flat=True)
    )
    assignments = list(_assignments(user=user, checklist=checklist))
    states = {s.assignment.pk: s for s in assignment_states(assignments)}
    latest: dict[int, EvidenceVersion] = {}
    for version in (
        EvidenceVersion.objects.filter(evidence__assignment__in=[a.pk for a in assignments])
        .select_related("evidence")
        .order_by("evidence_id", "number")
    ):
        latest[version.evidence_id] = version
    assignment_of = {a.pk: a for a in assignments}
    files: list[ArchiveFile] = []
    for version in sorted(
        latest.values(),
        key=lambda v: (
            assignment_of[v.evidence.assignment_id].item.sort_key,
            assignment_of[v.evidence.assignment_id].unit_label,
            v.original_name,
        ),
    ):
        assignment = assignment_of[version.evidence.assignment_id]
        item = items[assignment.item_id]
        category = by_code[item.code.split(".")[0]]
        files.append(
            ArchiveFile(
                code=item.code,
                category=folder_name(category.code, category.title),
                item=folder_name(item.code, item.title),
                unit=assignment.unit_label,
                name=version.original_name,
                open=_opener(version),
            )
        )
    summary = checklist_summary(checklist)
    per_item: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        per_item[assignment.item_id].append(assignment)
    index = []
    for item in sorted(items.values(), key=lambda i: i.sort_key):
        if item.pk not in visible:
            continue
        node = summary.nodes[item.code]
        mine = per_item[item.pk]
        item_states = [states[a.pk] for a in mine]
        index.append(
            IndexRow(
                code=item.code,
                title=item.title,
                requirement="\n".join(t for t in (item.requirement, item.rule) if t),
                evidence="\n".join(item.evidence or []),
                score=format_number(node.score),
                max_score=format_number(item.max_score),
                met="" if node.met is None else ("达标" if node.met else "未达标"),
                units="\n".join(a.unit_label for a in mine),
                people="\n".join(a.person.last_name or a.person.get_username() for a in mine),
                deadlines="\n".join(a.deadline.isoformat() for a in mine),
                complete=_completeness(item_states),
                depth=item.depth,
            )
        )
    return files, index


def _completeness(states: list[AssignmentState]) -> str:
    if not states:
        return ""
    if all(s.complete for s in states):
        return "齐全"
    missing = sorted({m for s in states for m in s.missing}) or ["材料"]
    return "缺：" + "；".join(missing)


# imports ------------------------------------------------------------------------------------


def import_batches(*, user: Any) -> QuerySet[ChecklistImport]:
    return ChecklistImport.objects.restrict(user, VIEW).filter(created_by=user)[:20]


def import_batch(*, user: Any, pk: int) -> ChecklistImport:
    return get_object_or_404(ChecklistImport.objects.restrict(user, VIEW), pk=pk, created_by=user)
