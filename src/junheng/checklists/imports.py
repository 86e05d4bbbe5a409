"""Import of a province's checklist workbook: upload → dry-run preview → confirm → all or nothing.

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

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from junheng.audit.services import audit_record
from junheng.checklist_core import model as data
from junheng.checklist_core.figures import FIGURES
from junheng.checklist_core.uploads import UploadRejected, check_upload
from junheng.checklist_core.workbook import read_checklist_workbook
from junheng.checklists.choices import ImportStatus, Origin
from junheng.checklists.errors import ChecklistError
from junheng.checklists.limits import workbook_limits
from junheng.checklists.models import Checklist, ChecklistImport
from junheng.checklists.services import checklist_create, refuse_unless_manages
from junheng.evaluation.errors import DataError, InputProblem
from junheng.registry.models import County


class ImportFailed(ChecklistError):
    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__(
            "导入文件有误，未导入任何指标", "the file has problems; nothing was imported"
        )
        self.problems = problems


@dataclass
class ChecklistPlan:
    problems: list[InputProblem]
    checklist: data.ChecklistSpec | None

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
                    "max_score": data.format_number(item.max_score),
                    "requirement": item.requirement,
                    "automatic": item.automatic,
                    "evidence": len(item.evidence),
                    "veto": item.veto,
                    "unconfirmed": item.unconfirmed,
                }
                for item in checklist.ordered()
            ]
        return result


def _levels(checklist: data.ChecklistSpec) -> list[int]:
    counts: dict[int, int] = {}
    for item in checklist.items:
        counts[item.depth] = counts.get(item.depth, 0) + 1
    return [counts[d] for d in sorted(counts)]


def _default_key(name: str) -> str:
    stem = PurePath(name).stem
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem).strip("-")
    return (safe or "imported")[:40]


def plan_checklist_import(*, county: County, name: str, raw: bytes) -> ChecklistPlan:
    """What importing the workbook would create, and every reason it cannot."""
    try:
        check_upload(name, io.BytesIO(raw), len(raw), workbook_limits())
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
            raw,
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
    *, actor: Any, county: County, name: str, raw: bytes
) -> ChecklistImport:
    """Store the upload and its dry-run plan; no checklist is created."""
    refuse_unless_manages(actor, county)
    plan = plan_checklist_import(county=county, name=name, raw=raw)
    batch = ChecklistImport(
        created_by=actor, county=county, original_name=name[:255], preview=plan.summary()
    )
    batch.file.save(f"{timezone.now():%Y%m%d%H%M%S}.upload", ContentFile(raw), save=False)
    batch.save()
    return batch


@transaction.atomic
def checklist_import_commit(*, actor: Any, batch: ChecklistImport) -> Checklist:
    """Create the previewed checklist with all its items, or nothing: the file is read again."""
    refuse_unless_manages(actor, batch.county)
    batch = ChecklistImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW or batch.created_by_id != actor.pk:
        raise ChecklistError("该导入已处理或不属于您", "this import was already handled")
    with batch.file.open("rb") as handle:
        raw = handle.read()
    plan = plan_checklist_import(county=batch.county, name=batch.original_name, raw=raw)
    if not plan.ok:
        raise ImportFailed(plan.problems)
    assert plan.checklist is not None
    checklist = checklist_create(
        actor=actor,
        county=batch.county,
        checklist=plan.checklist,
        origin=Origin.IMPORTED,
        source_name=batch.original_name,
    )
    batch.status, batch.committed_at, batch.checklist = (
        ImportStatus.COMMITTED,
        timezone.now(),
        checklist,
    )
    batch.save(update_fields=["status", "committed_at", "checklist"])
    audit_record(
        actor=actor,
        action="import",
        obj=batch,
        before={"status": ImportStatus.PREVIEW},
        after={
            "status": batch.status,
            "file": batch.original_name,
            "items": len(plan.checklist.items),
        },
        county=batch.county,
    )
    return checklist


@transaction.atomic
def checklist_import_discard(*, actor: Any, batch: ChecklistImport) -> ChecklistImport:
    batch = ChecklistImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW or batch.created_by_id != actor.pk:
        raise ChecklistError("该导入已处理或不属于您", "this import was already handled")
    batch.status = ImportStatus.DISCARDED
    batch.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="discard",
        obj=batch,
        before={"status": ImportStatus.PREVIEW},
        after={"status": batch.status, "file": batch.original_name},
        county=batch.county,
    )
    return batch
