"""Import of a province's checklist workbook on the project's one import flow
(`junheng.web.imports`): upload → dry-run preview → confirm → all or nothing.

The workbook is read by the pure core (`junheng.checklist_core.workbook`, layout documented in
`junheng.checklist_core.layout` and in the blank template's 「填写说明」 sheet), checked as a
file first — an .xlsx by content, no zip bomb — then against the county (a checklist with the
same key must not exist). The preview lists every problem by row and column in Chinese; the
commit reads the stored file again and creates the checklist with all its items, or nothing.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from pathlib import PurePath
from typing import Any

from django.db import transaction

from junheng.checklist_core.figures import FIGURES
from junheng.checklist_core.model import ChecklistSpec, format_number
from junheng.checklist_core.uploads import UploadRejected, check_upload
from junheng.checklist_core.workbook import read_checklist_workbook
from junheng.checklists.choices import Origin
from junheng.checklists.errors import ChecklistError
from junheng.checklists.limits import workbook_limits
from junheng.checklists.models import Checklist, ChecklistImport
from junheng.checklists.services import checklist_create, refuse_unless_manages
from junheng.evaluation.errors import DataError, InputProblem
from junheng.registry.models import County
from junheng.web import imports as flow


class ImportFailed(flow.ImportFailed):
    """At the commit the stored workbook no longer passes (a checklist took its key since the
    preview): no item was imported."""

    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__(
            problems, "导入文件有误，未导入任何指标", "the file has problems; nothing was imported"
        )


@dataclass
class ChecklistPlan:
    problems: list[InputProblem]
    checklist: ChecklistSpec | None

    @property
    def ok(self) -> bool:
        return not self.problems and self.checklist is not None

    def summary(self) -> dict[str, Any]:
        checklist = self.checklist
        result: dict[str, Any] = {"problems": [asdict(p) for p in self.problems]}
        if checklist is not None:
            result["checklist"] = {
                "key": checklist.key,
                "name": checklist.name,
                "document": checklist.document,
                "pass_score": checklist.pass_score,
                "all_required": checklist.all_required,
                "max_total": checklist.max_total,
                "levels": _levels(checklist),
            }
            result["items"] = [
                {
                    "code": item.code,
                    "depth": item.depth,
                    "title": item.title,
                    "max_score": format_number(item.max_score),
                    "requirement": item.requirement,
                    "automatic": item.automatic,
                    "evidence": len(item.evidence),
                    "veto": item.veto,
                    "unconfirmed": item.unconfirmed,
                }
                for item in checklist.ordered()
            ]
        return result


def _levels(checklist: ChecklistSpec) -> list[int]:
    counts: dict[int, int] = {}
    for item in checklist.items:
        counts[item.depth] = counts.get(item.depth, 0) + 1
    return [counts[d] for d in sorted(counts)]


def _default_key(name: str) -> str:
    stem = PurePath(name).stem
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem).strip("-")
    return (safe or "imported")[:40]


def plan_checklist_import(*, county: County, name: str, data: bytes) -> ChecklistPlan:
    """What importing the workbook would create, and every reason it cannot."""
    try:
        check_upload(name, io.BytesIO(data), len(data), workbook_limits())
    except UploadRejected as error:
        return ChecklistPlan([InputProblem(name, None, None, error.zh, error.en)], None)
    if not name.lower().endswith(".xlsx"):
        return ChecklistPlan(
            [
                InputProblem(
                    name, None, None, "请上传 .xlsx 格式的工作簿", "upload an .xlsx workbook"
                )
            ],
            None,
        )
    try:
        checklist = read_checklist_workbook(
            data,
            file=name,
            known_sources=FIGURES.keys(),
            default_key=_default_key(name),
            default_name=PurePath(name).stem,
        )
    except DataError as error:
        return ChecklistPlan(error.problems, None)
    problems = []
    if Checklist.objects.filter(county=county, key=checklist.key).exists():
        problems.append(
            InputProblem(
                name,
                None,
                "标识",
                f"本县已有标识为「{checklist.key}」的指标体系；请在「信息」表中改用新的标识",
                f"the county already has a checklist {checklist.key!r}",
            )
        )
    return ChecklistPlan(problems, checklist)


@transaction.atomic
def checklist_import_preview(
    *, actor: Any, county: County, name: str, data: bytes
) -> ChecklistImport:
    """Store the upload and its dry-run plan; no checklist is created."""
    refuse_unless_manages(actor, county)
    plan = plan_checklist_import(county=county, name=name, data=data)
    batch = ChecklistImport(
        created_by=actor, county=county, original_name=name[:255], preview=plan.summary()
    )
    return flow.batch_store(batch, data)


@transaction.atomic
def checklist_import_commit(*, actor: Any, batch: ChecklistImport) -> Checklist:
    """Create the previewed checklist with all its items, or nothing: the file is read again."""
    refuse_unless_manages(actor, batch.county)
    batch = flow.batch_claim(actor=actor, batch=batch, refusal=ChecklistError)
    plan = plan_checklist_import(
        county=batch.county, name=batch.original_name, data=flow.batch_data(batch)
    )
    if not plan.ok or plan.checklist is None:
        raise ImportFailed(plan.problems)
    checklist = checklist_create(
        actor=actor,
        county=batch.county,
        checklist=plan.checklist,
        origin=Origin.IMPORTED,
        source_name=batch.original_name,
    )
    flow.batch_mark_committed(
        actor=actor, batch=batch, summary={"items": len(plan.checklist.items)}, checklist=checklist
    )
    return checklist


def checklist_import_discard(*, actor: Any, batch: ChecklistImport) -> ChecklistImport:
    """Give up a previewed import: no checklist is created, and it cannot be committed later."""
    return flow.batch_discard(actor=actor, batch=batch, refusal=ChecklistError)
