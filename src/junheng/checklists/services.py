"""Every write of the checklists app: load and import checklists, the inspection date,
assignments, scores (by hand and automatic) and evidence uploads.

Each function is keyword-only, one transaction, with its audit entry inside; the pages, the
import, the management command and the admin all come through here. Who may do what is asked
of `junheng.access` (who runs the county, who may be named for a unit); the reads come from
the selectors, which never import this module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any, BinaryIO

from django.core.files import File
from django.db import transaction

from junheng.access import CHANGE, MANAGE, RESPONSIBLE, may, may_be_named
from junheng.audit.services import audit_record
from junheng.checklist_core import model as data
from junheng.checklist_core.scoring import ScoreRefused, judge
from junheng.checklist_core.uploads import UploadRejected, check_upload
from junheng.checklists.choices import Origin, UnitKind
from junheng.checklists.errors import ChecklistError, NotAllowed
from junheng.checklists.limits import evidence_limits
from junheng.checklists.models import (
    Assignment,
    Checklist,
    ChecklistItem,
    Evidence,
    EvidenceVersion,
    ItemScore,
)
from junheng.checklists.national import builtin_checklist
from junheng.checklists.selectors import item_score_refusal
from junheng.registry.models import County, School, Township


def refuse_unless_manages(actor: Any, county: County) -> None:
    """Only those who run the county (the policy's MANAGE) act on its checklists; a
    management command (no actor) acts for the system."""
    if actor is not None and not may(actor, MANAGE, county):
        raise NotAllowed("只有县教育局管理员可以执行此操作", "only the county's admins may do this")


# checklists ---------------------------------------------------------------------------------


@transaction.atomic
def checklist_create(
    *,
    actor: Any,
    county: County,
    checklist: data.ChecklistSpec,
    origin: str,
    source_name: str = "",
) -> Checklist:
    """Store a checked checklist for the county, all its items or none."""
    refuse_unless_manages(actor, county)
    if Checklist.objects.filter(county=county, key=checklist.key).exists():
        raise ChecklistError(
            f"本县已有标识为「{checklist.key}」的指标体系",
            f"the county already has a checklist {checklist.key!r}",
        )
    record = Checklist.objects.create(
        county=county,
        key=checklist.key,
        name=checklist.name,
        document=checklist.document,
        pass_score=checklist.pass_score,
        all_required=checklist.all_required,
        note=checklist.note,
        origin=origin,
        source_name=source_name,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    rows = ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                checklist=record,
                code=item.code,
                sort_key=data.sort_key_text(item.code),
                depth=item.depth,
                title=item.title,
                max_score=item.max_score,
                rule=item.rule,
                scoring=item.scoring,
                evidence=list(item.evidence),
                figure=item.figure,
                comparison=item.comparison,
                threshold=item.threshold,
                unit=item.unit,
                source=item.source,
                veto=item.veto,
                clause=item.clause,
                unconfirmed=item.unconfirmed,
                note=item.note,
            )
            for item in checklist.ordered()
        ]
    )
    if any(row.pk is None for row in rows):  # backends that return no keys from bulk_create
        rows = list(record.items.all())
    by_code = {row.code: row for row in rows}
    children = [row for row in rows if row.depth > 1]
    for row in children:
        row.parent = by_code[data.parent_code(row.code)]
    ChecklistItem.objects.bulk_update(children, ["parent"])
    audit_record(
        actor=actor,
        action="create",
        obj=record,
        before=None,
        after={"key": record.key, "name": record.name, "items": len(rows), "origin": origin},
        county=county,
        comment=source_name,
    )
    return record


def checklist_load_builtin(*, actor: Any, county: County, key: str) -> Checklist:
    """Load a national checklist for the county (once)."""
    return checklist_create(
        actor=actor, county=county, checklist=builtin_checklist(key), origin=Origin.BUILTIN
    )


@transaction.atomic
def checklist_delete(*, actor: Any, checklist: Checklist) -> None:
    """Remove a checklist nobody has worked on yet (no assignment, no score)."""
    refuse_unless_manages(actor, checklist.county)
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    if (
        Assignment.objects.filter(item__checklist=checklist).exists()
        or ItemScore.objects.filter(item__checklist=checklist).exists()
    ):
        raise ChecklistError(
            "该指标体系已有分解或评分，不能删除", "the checklist has assignments or scores"
        )
    audit_record(
        actor=actor,
        action="delete",
        obj=checklist,
        before={"key": checklist.key, "name": checklist.name},
        after=None,
        county=checklist.county,
    )
    checklist.delete()


@transaction.atomic
def county_inspection_date_set(*, actor: Any, county: County, date: dt.date | None) -> County:
    """Set (or clear) the county's inspection date: the countdown every page shows."""
    refuse_unless_manages(actor, county)
    county = County.objects.select_for_update().get(pk=county.pk)
    before = {
        "inspection_date": county.inspection_date.isoformat() if county.inspection_date else None
    }
    county.inspection_date = date
    county.save(update_fields=["inspection_date"])
    audit_record(
        actor=actor,
        action="change",
        obj=county,
        before=before,
        after={"inspection_date": date.isoformat() if date else None},
        county=county,
        comment="督导检查日期",
    )
    return county


# assignments --------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    item: ChecklistItem,
    unit_kind: str,
    person: Any,
    deadline: dt.date,
    office: str = "",
    township: Township | None = None,
    school: School | None = None,
    note: str = "",
) -> Assignment:
    """Give an item to a unit and a person, with a deadline (指标分解)."""
    county = item.checklist.county
    refuse_unless_manages(actor, county)
    office = office.strip()
    if unit_kind == UnitKind.SCHOOL:
        if school is None or school.county_id != county.pk:
            raise ChecklistError("请选择本县的学校", "choose a school of the county")
        township, office = school.township, ""
    elif unit_kind == UnitKind.TOWNSHIP:
        if township is None or township.county_id != county.pk:
            raise ChecklistError("请选择本县的乡镇", "choose a township of the county")
        school, office = None, ""
    elif unit_kind == UnitKind.OFFICE:
        if not office:
            raise ChecklistError("请填写责任科室", "name the office")
        school = township = None
    else:
        raise ChecklistError("责任单位类型不对", "unknown unit kind")
    if not may_be_named(person, RESPONSIBLE, county=county, township=township, school=school):
        raise ChecklistError(
            "责任人须能处理该单位的材料（学校选本校校长，乡镇选本乡镇教办人员，科室选县教育局人员）",
            "the person must work for that unit",
        )
    duplicate = Assignment.objects.filter(
        item=item, unit_kind=unit_kind, school=school, township=township, office=office
    )
    if duplicate.exists():
        raise ChecklistError("该指标已分解给这个单位", "the item is already assigned to that unit")
    assignment = Assignment.objects.create(
        item=item,
        unit_kind=unit_kind,
        office=office,
        township=township,
        school=school,
        person=person,
        deadline=deadline,
        note=note.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="assign",
        obj=assignment,
        before=None,
        after=assignment.snapshot(),
        school=school,
        township=township,
        county=county,
    )
    return assignment


@transaction.atomic
def assignment_change(
    *, actor: Any, assignment: Assignment, person: Any, deadline: dt.date, note: str = ""
) -> Assignment:
    """Hand an assignment to another person or move its deadline."""
    county = assignment.item.checklist.county
    refuse_unless_manages(actor, county)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not may_be_named(
        person,
        RESPONSIBLE,
        county=county,
        township=assignment.township,
        school=assignment.school,
    ):
        raise ChecklistError("责任人须能处理该单位的材料", "the person must work for that unit")
    before = assignment.snapshot()
    assignment.person, assignment.deadline, assignment.note = person, deadline, note.strip()
    assignment.save(update_fields=["person", "deadline", "note"])
    audit_record(
        actor=actor,
        action="change",
        obj=assignment,
        before=before,
        after=assignment.snapshot(),
        school=assignment.school,
        township=assignment.township,
        county=county,
    )
    return assignment


@transaction.atomic
def assignment_delete(*, actor: Any, assignment: Assignment) -> None:
    """Take an assignment back; refused once evidence was uploaded under it."""
    county = assignment.item.checklist.county
    refuse_unless_manages(actor, county)
    if assignment.evidence.exists():
        raise ChecklistError(
            "该分解下已有佐证材料，不能撤销", "evidence was uploaded under this assignment"
        )
    audit_record(
        actor=actor,
        action="unassign",
        obj=assignment,
        before=assignment.snapshot(),
        after=None,
        school=assignment.school,
        township=assignment.township,
        county=county,
    )
    assignment.delete()


# scores -------------------------------------------------------------------------------------


@transaction.atomic
def item_score_set(
    *,
    actor: Any,
    item: ChecklistItem,
    justification: str,
    score: float | None = None,
    met: bool | None = None,
    value: float | None = None,
) -> ItemScore:
    """The responsible person's (or the bureau's) score of a leaf item, with the reason."""
    refusal = item_score_refusal(actor=actor, item=item)
    if refusal is not None:
        raise refusal
    if not justification.strip():
        raise ChecklistError("请填写评分理由", "a justification is required")
    try:
        result = judge(item.as_data(), value=value, score=score, met=met)
    except ScoreRefused as error:
        raise ChecklistError(error.zh, error.en) from None
    return store_score(
        actor=actor,
        item=item,
        result=result,
        automatic=False,
        year=None,
        justification=justification.strip(),
        action="score",
    )


def store_score(
    *,
    actor: Any,
    item: ChecklistItem,
    result: Any,
    automatic: bool,
    year: int | None,
    justification: str,
    action: str,
) -> ItemScore:
    record = ItemScore.objects.select_for_update().filter(item=item).first()
    before = record.snapshot() if record else None
    if record is None:
        record = ItemScore(item=item)
    record.score, record.met, record.value = result.score, result.met, result.value
    record.automatic, record.year = automatic, year
    record.justification = justification
    record.scored_by = actor if getattr(actor, "pk", None) else None
    if before is not None and before == record.snapshot():
        return record
    record.save()
    audit_record(
        actor=actor,
        action=action,
        obj=record,
        before=before,
        after=record.snapshot(),
        county=item.checklist.county,
        year=year,
        comment=f"{item.code} {item.title[:60]}",
    )
    return record


# evidence -----------------------------------------------------------------------------------


def _sha256(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    while chunk := handle.read(1024 * 1024):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


@transaction.atomic
def evidence_upload(
    *,
    actor: Any,
    assignment: Assignment,
    name: str,
    handle: BinaryIO,
    size: int,
    requirement: str = "",
    evidence: Evidence | None = None,
    comment: str = "",
) -> EvidenceVersion:
    """Store an evidence file under an assignment, checked by content; a file of the same
    name for the same requirement (or an explicit `evidence`) becomes its next version."""
    if not may(actor, CHANGE, assignment):
        raise NotAllowed("无权为该单位上传佐证材料", "not allowed to upload for this unit")
    requirement = requirement.strip()
    if requirement and requirement not in (assignment.item.evidence or []):
        raise ChecklistError("所选佐证要求不属于该指标", "not a requirement of the item")
    try:
        accepted = check_upload(name, handle, size, evidence_limits())
    except UploadRejected as error:
        raise ChecklistError(error.zh, error.en) from None
    if accepted.content is not None:  # a photo re-encoded without its metadata is stored
        handle, size = io.BytesIO(accepted.content), len(accepted.content)
    if evidence is not None:
        if evidence.assignment_id != assignment.pk:
            raise ChecklistError("该材料不属于这个分解", "the evidence belongs elsewhere")
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    else:
        evidence, _ = Evidence.objects.select_for_update().get_or_create(
            assignment=assignment, requirement=requirement, title=accepted.name
        )
    number = (
        evidence.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = EvidenceVersion(
        evidence=evidence,
        number=number,
        original_name=accepted.name,
        kind=accepted.kind.key,
        size=size,
        sha256=_sha256(handle),
        comment=comment.strip()[:500],
        uploaded_by=actor,
    )
    version.file.save(f"upload.{accepted.extension}", File(handle), save=False)
    try:
        version.save()
        audit_record(
            actor=actor,
            action="upload",
            obj=version,
            before=None,
            after={
                "item": assignment.item.code,
                "unit": assignment.unit_label,
                "file": accepted.name,
                "version": number,
                "kind": accepted.kind.key,
                "size": size,
                "sha256": version.sha256,
                "requirement": evidence.requirement,
            },
            school=assignment.school,
            township=assignment.township,
            county=assignment.item.checklist.county,
        )
    except Exception:
        version.file.delete(save=False)
        raise
    return version
