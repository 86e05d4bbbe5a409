"""What the user's scope reaches in the checklists and what the user may do there, asked of
`junheng.access`: one checklist, item, assignment, file or import batch (a 404 outside the
scope), the county the user runs, who may be named for a unit, why a score would be refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from junheng.access import APPROVE, MANAGE, RESPONSIBLE, VIEW, may, nameable_people, restrict
from junheng.access.naming import nameable_people_in_county
from junheng.access.web import get_scoped_or_404
from junheng.checklists.errors import ChecklistError, NotAllowed
from junheng.checklists.models import (
    Assignment,
    Checklist,
    ChecklistImport,
    ChecklistItem,
    Evidence,
    EvidenceVersion,
)
from junheng.refusals import Refusal
from junheng.registry.models import County
from junheng.web.imports import ImportPreview


def checklist_list(*, user: Any) -> QuerySet[Checklist]:
    return restrict(Checklist, user, VIEW).select_related("county")


def checklist_for(*, user: Any, pk: int, action: str = VIEW) -> Checklist:
    """A checklist the user may act on (the export: APPROVE, the county level); 404 otherwise."""
    return get_object_or_404(restrict(Checklist, user, action).select_related("county"), pk=pk)


def item_for(*, user: Any, pk: int) -> ChecklistItem:
    return get_object_or_404(
        restrict(ChecklistItem, user, VIEW).select_related("checklist", "checklist__county"),
        pk=pk,
    )


def assignment_for(*, user: Any, pk: int, action: str = VIEW) -> Assignment:
    """An assignment the user may act on (uploads: CHANGE); 404 otherwise."""
    return get_object_or_404(
        restrict(Assignment, user, action).select_related(
            "item", "item__checklist", "item__checklist__county", "school", "township", "person"
        ),
        pk=pk,
    )


def assignment_evidence(*, assignment: Assignment, pk: int) -> Evidence:
    """A piece of evidence of the assignment (to add a version to); 404 otherwise."""
    return get_object_or_404(Evidence, pk=pk, assignment=assignment)


def evidence_version_for(*, user: Any, pk: int) -> EvidenceVersion:
    return get_object_or_404(
        restrict(EvidenceVersion, user, VIEW).select_related("evidence", "evidence__assignment"),
        pk=pk,
    )


def import_batches(*, user: Any) -> QuerySet[ChecklistImport]:
    return restrict(ChecklistImport, user, VIEW).filter(created_by=user)[:20]


def import_batch(*, user: Any, pk: int) -> ChecklistImport:
    """One of the user's own import batches; 404 otherwise."""
    return get_object_or_404(restrict(ChecklistImport, user, VIEW), pk=pk, created_by=user)


@dataclass
class ChecklistImportPreview(ImportPreview):
    """An import's preview page: its problems, and the checklist the commit would create (its
    facts and items as the dry run summarised them; None when the file could not be read)."""

    checklist: dict[str, Any] | None = None
    items: list[dict[str, Any]] = field(default_factory=list)


def import_preview_page(*, batch: ChecklistImport, sort: str = "row") -> ChecklistImportPreview:
    plan = batch.preview
    return ChecklistImportPreview(
        **ImportPreview.problems_of(batch, sort),
        checklist=plan.get("checklist"),
        items=plan.get("items", []),
    )


# the county the user runs -------------------------------------------------------------------


def managed_county(*, user: Any) -> County | None:
    """The county whose checklists the user runs (loads, imports, dates the inspection): the
    user's own county where the policy lets them manage it; None for everyone else."""
    county_id = getattr(user, "county_id", None)
    if county_id is None:
        return None
    return restrict(County, user, MANAGE).filter(pk=county_id).first()


def county_to_manage(*, user: Any) -> County:
    """The user's own county, to run its checklists: 404 without one, 403 where the user sees
    it but may not manage it."""
    return get_scoped_or_404(County, user, MANAGE, pk=getattr(user, "county_id", None))


# who may be named ---------------------------------------------------------------------------


def assignable_people(*, county: County) -> QuerySet[Any]:
    """Everyone who may be made responsible for some unit of the county: the choices of the
    assignment form, whose unit is chosen with the person (the service then checks the
    person against that unit)."""
    return nameable_people_in_county(RESPONSIBLE, county=county)


def people_for_assignment(assignment: Assignment) -> QuerySet[Any]:
    """Who may take over an assignment: those who may be named responsible for its unit."""
    return nameable_people(
        RESPONSIBLE,
        county=assignment.item.checklist.county,
        township=assignment.township,
        school=assignment.school,
    )


# scores -------------------------------------------------------------------------------------


def item_score_refusal(*, actor: Any, item: ChecklistItem) -> Refusal | None:
    """Why scoring the item by hand would be refused to this actor, or None: a parent adds up
    its children, an automatic item is scored from the data, and only the item's responsible
    person or the county level (APPROVE) scores it."""
    if not may(actor, VIEW, item):
        return NotAllowed("无权查看该指标", "not allowed")
    if item.children.exists():
        return ChecklistError(
            "请对下级指标评分，本项得分由下级汇总", "score the sub-items; this item adds them up"
        )
    if item.automatic:
        return ChecklistError(
            "该项由系统根据学校年度数据自动评分", "the system scores this item from the data"
        )
    responsible = Assignment.objects.filter(item=item, person=actor).exists()
    if not (responsible or may(actor, APPROVE, item.checklist.county)):
        return NotAllowed(
            "只有该指标的责任人或县教育局管理员可以评分",
            "only the item's responsible person or the county's admins may score it",
        )
    return None
