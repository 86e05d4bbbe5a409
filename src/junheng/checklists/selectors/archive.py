"""The evidence archive's contents: the latest file of every piece of evidence the user sees,
laid out 类别/指标/单位/文件, and the index rows (目录) of every item the user sees."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from junheng.access import VIEW, restrict
from junheng.checklist_core.archive import ArchiveFile, IndexRow, folder_name
from junheng.checklist_core.model import format_number
from junheng.checklists.models import Assignment, Checklist, ChecklistItem, EvidenceVersion
from junheng.checklists.selectors.states import (
    AssignmentState,
    assignment_states,
    checklist_summary,
    scoped_assignments,
)


def _opener(version: EvidenceVersion) -> Any:
    return lambda: version.file.open("rb")


def archive_contents(
    *, user: Any, checklist: Checklist
) -> tuple[list[ArchiveFile], list[IndexRow]]:
    """The latest version of every piece of evidence the user may see, laid out
    类别/指标/单位/文件, and the index rows of every item the user may see."""
    items = {item.pk: item for item in checklist.items.all()}
    by_code = {item.code: item for item in items.values()}
    visible = set(
        restrict(ChecklistItem, user, VIEW).filter(checklist=checklist).values_list("pk", flat=True)
    )
    assignments = list(scoped_assignments(user=user, checklist=checklist))
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
