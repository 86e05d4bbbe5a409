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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, BinaryIO

from django.core.files import File
from django.db import transaction

from junheng.access import CHANGE, MANAGE, RESPONSIBLE, may, may_be_named
from junheng.audit.services import audit_record
from junheng.checklist_core import model as data
from junheng.checklist_core.figures import COUNTY_PREFIX, FigureValue
from junheng.checklist_core.scoring import ScoreRefused, explain, judge, score_measured
from junheng.checklist_core.uploads import UploadRejected, check_upload
from junheng.checklists.background import data_rescore_start
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
from junheng.checklists.selectors import county_figures, item_score_refusal
from junheng.checklists.selectors.figures import county_own_figures
from junheng.registry.models import County, School, Township

# the county's survey rate (docs/standards.md §2: 社会认可度 / 公众满意度 ≥ 85 %)
SATISFACTION = COUNTY_PREFIX + "satisfaction_rate"


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
    return _store_score(
        actor=actor,
        item=item,
        result=result,
        automatic=False,
        year=None,
        justification=justification.strip(),
        action="score",
    )


def _store_score(
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


@dataclass
class AutoScoreReport:
    year: int
    scored: list[str] = field(default_factory=list)  # codes whose score changed
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # codes without data


@transaction.atomic
def checklist_score_automatic(*, actor: Any, checklist: Checklist, year: int) -> AutoScoreReport:
    """Score every automatic item from the county's school data of the year (the button: an
    item scored by hand is scored again from the data too)."""
    refuse_unless_manages(actor, checklist.county)
    figures = county_figures(county=checklist.county, year=year, standard=checklist.key)
    if figures is None:
        raise ChecklistError(
            f"{checklist.county.name} {year} 年度没有学校数据，无法自动评分",
            f"the county has no school data for {year}",
        )
    leaves = checklist.items.filter(children__isnull=True).exclude(source="")
    return _score_from_figures(actor, leaves, figures, year, keep_hand_scores=False)


def _score_from_figures(
    actor: Any,
    leaves: Iterable[ChecklistItem],
    figures: dict[str, FigureValue],
    year: int,
    *,
    keep_hand_scores: bool,
) -> AutoScoreReport:
    """Score the automatic items among `leaves` from the figures of the year. With
    `keep_hand_scores` (a re-score the data started, not a person) an item scored by hand, or
    automatically from a later year, stays as it is."""
    report = AutoScoreReport(year)
    for item in leaves:
        rule = item.as_data()
        if not rule.automatic:
            continue
        measured = figures.get(rule.source)
        if measured is None:
            report.missing.append(item.code)
            continue
        before = ItemScore.objects.filter(item=item).first()
        if keep_hand_scores and before is not None and _kept(before, year):
            report.unchanged.append(item.code)
            continue
        result = score_measured(
            rule,
            measured.value,
            unverified=bool(measured.unverified),
            failure_proven=measured.failure_proven,
        )
        origin = "县级普及数据" if rule.source.startswith(COUNTY_PREFIX) else "学校数据"
        if rule.source == SATISFACTION:
            origin = "满意度调查"
        text = f"系统依据 {year} 年度{origin}自动评分：{explain(rule, result)}"
        if result.met is None and measured.unverified:
            text = f"{measured.unverified}：{year} 年度{origin}{explain(rule, result)}"
        if measured.detail:
            text += f"（{measured.detail}）"
        changed = _score_automatically(actor, item, before, result, year, text)
        (report.scored if changed else report.unchanged).append(item.code)
    return report


def _kept(stored: ItemScore, year: int) -> bool:
    """Whether a re-score the data started leaves the stored score alone: a person's score,
    or one from a later year's data."""
    return not stored.automatic or (stored.year or 0) > year


def _score_automatically(
    actor: Any, item: ChecklistItem, before: ItemScore | None, result: Any, year: int, text: str
) -> bool:
    """Store the score the data give an item; whether it changed the item's score."""
    old = before.snapshot() if before else None
    stored = _store_score(
        actor=actor,
        item=item,
        result=result,
        automatic=True,
        year=year,
        justification=text,
        action="score_auto",
    )
    return stored.snapshot() != old


@transaction.atomic
def county_figures_rescore(*, actor: Any, county: County, year: int) -> list[str]:
    """Score again, from the county's own figures of the year (its 双普 figures, entered on the
    road page: docs/standards.md §4; its survey's satisfaction rate, §2), every automatic
    item of the county's checklists that names one — called when those figures change, so
    the items follow the data without a button. An item scored by hand, or automatically
    from a later year, stays as it is; so does an item whose figure is no longer entered.
    The codes whose score changed."""
    changed = []
    leaves = ChecklistItem.objects.filter(
        checklist__county=county, children__isnull=True, source__startswith=COUNTY_PREFIX
    ).select_related("checklist")
    for checklist in Checklist.objects.filter(county=county).order_by("pk"):
        figures = county_own_figures(county=county, year=year, standard=checklist.key)
        mine = leaves.filter(checklist=checklist).order_by("pk")
        report = _score_from_figures(actor, mine, figures, year, keep_hand_scores=True)
        changed += [f"{checklist.key} {code}" for code in report.scored]
    return changed


@transaction.atomic
def county_data_rescore(*, actor: Any, county: County, year: int) -> list[str]:
    """Score again every automatic item of the county's checklists from its figures of the
    year (school data and its own figures) — run by the background job the school data's
    changes start (`rescore_on_commit`). Hand scores and later years' stay, as in
    `county_figures_rescore`. The codes whose score changed."""
    changed: list[str] = []
    for checklist in Checklist.objects.filter(county=county).order_by("pk"):
        figures = county_figures(county=county, year=year, standard=checklist.key)
        if figures is None:
            continue
        leaves = checklist.items.filter(children__isnull=True).exclude(source="").order_by("pk")
        report = _score_from_figures(actor, leaves, figures, year, keep_hand_scores=True)
        changed += [f"{checklist.key} {code}" for code in report.scored]
    return changed


def satisfaction_rescore_on_commit(*, actor: Any, county: County, year: int) -> None:
    """Once the transaction commits, score the satisfaction items again from the survey's
    rate (a response recorded — `actor` None, the system —, a survey opened, closed or its
    formula changed)."""
    if _has_source(county, exact=SATISFACTION):
        transaction.on_commit(
            partial(county_figures_rescore, actor=actor, county=county, year=year)
        )


def _has_source(county: County, *, exact: str = "") -> bool:
    leaves = ChecklistItem.objects.filter(checklist__county=county, children__isnull=True)
    if exact:
        return leaves.filter(source=exact).exists()
    return leaves.exclude(source="").exclude(source__startswith=COUNTY_PREFIX).exists()


class _DataRescore:
    """The on-commit call that queues a county's re-score; while it waits it equals another
    for the same county and year, so that an import's thousand saves in one transaction
    queue it once."""

    def __init__(self, actor: Any, county: County, year: int, school: School | None) -> None:
        self.actor, self.county, self.year, self.school = actor, county, year, school
        self.done = False

    def waits_as(self, other: object) -> bool:
        return (
            isinstance(other, _DataRescore)
            and not other.done
            and (self.county.pk, self.year) == (other.county.pk, other.year)
        )

    def __call__(self) -> None:
        self.done = True
        data_rescore_start(actor=self.actor, county=self.county, year=self.year, school=self.school)


def rescore_on_commit(*, actor: Any, county: County, year: int, school: School | None) -> None:
    """Once the transaction commits, re-score the county's data items of the year in the
    background, for `actor` (whose change it follows): called by every save of school data.
    Nothing when the county has no checklist item the school data answer, or when no person
    made the change (a management command: its own `checklist_score_automatic` follows)."""
    if getattr(actor, "pk", None) is None:
        return
    call = _DataRescore(actor, county, year, school)
    connection = transaction.get_connection()
    # Django keeps the callbacks of the open transaction here; a rolled-back savepoint drops
    # its own, so a save that failed never blocks a later one from queuing the re-score
    if any(call.waits_as(queued) for _, queued, *_ in connection.run_on_commit):
        return
    if _has_source(county):
        transaction.on_commit(call)


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
