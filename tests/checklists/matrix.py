"""The checklist routes for the permission matrix (tests/site_wide/test_permission_matrix.py).

Each school of the matrix's world gets its own checklist with one item assigned to it and one
file under that assignment, so the matrix's per-school expectations (who sees which school)
are exactly who may see that item, its file and its checklist. A checklist import belongs to
the county admin who uploaded it (only those who run the county import): each county's admin
has one, opened through any school of that county by that admin alone. To integrate:

    from checklists.matrix import checklist_routes
    CATALOGUE.update(checklist_routes(Route, MANAGES, ROLES))
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.base import ContentFile

from checklists import samples
from junheng.checklists import services
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import Assignment, Checklist, ChecklistImport, EvidenceVersion

CODE = "2.3.1"


def _admin_of(school: Any):
    from junheng.accounts.models import User

    return User.objects.filter(role="county_admin", county=school.county).first()


def assignment_for(school: Any) -> Assignment:
    """The school's own checklist (key matrix-<code>) with 2.3.1 assigned to the school and a
    file uploaded under it; made once."""
    key = f"matrix-{school.code}"
    found = Assignment.objects.filter(item__checklist__key=key, school=school).first()
    if found is not None:
        return found
    admin = _admin_of(school)
    data = services.builtin_checklist("quality-2017")
    checklist = services.checklist_create(
        actor=admin,
        county=school.county,
        checklist=type(data)(**{**data.__dict__, "key": key}),
        origin="builtin",
    )
    assignment = services.assignment_create(
        actor=admin,
        item=checklist.items.get(code=CODE),
        unit_kind=UnitKind.SCHOOL,
        school=school,
        person=admin,
        deadline=dt.date(2025, 9, 1),
    )
    services.evidence_upload(
        actor=admin,
        assignment=assignment,
        name="矩阵材料.pdf",
        handle=io.BytesIO(samples.PDF),
        size=len(samples.PDF),
    )
    return assignment


def checklist_for(school: Any) -> Checklist:
    return assignment_for(school).item.checklist


def version_for(school: Any) -> EvidenceVersion:
    return EvidenceVersion.objects.get(evidence__assignment=assignment_for(school))


def import_for(school: Any) -> ChecklistImport:
    """A checklist import of the admin of the school's county (made once)."""
    admin = _admin_of(school)
    found = ChecklistImport.objects.filter(created_by=admin, county=school.county).first()
    if found is not None:
        return found
    made = ChecklistImport(
        county=school.county,
        created_by=admin,
        original_name=f"{school.county.code}.xlsx",
        preview={"problems": []},
    )
    made.file.save("matrix.upload", ContentFile(b"not a workbook"), save=True)
    return made


def checklist_routes(route: Any, manages: dict[str, set[str]], roles: tuple[str, ...]) -> dict:
    """The matrix's entries for every URL of the checklists app."""
    county_admins = frozenset(r for r in roles if r.endswith("admin"))
    item = lambda w, s: {"pk": assignment_for(s).item_id}  # noqa: E731
    assignment = lambda w, s: {"pk": assignment_for(s).pk}  # noqa: E731
    checklist = lambda w, s: {"pk": checklist_for(s).pk}  # noqa: E731
    batch = lambda w, s: {"pk": import_for(s).pk}  # noqa: E731
    return {
        "checklists:index": route("list"),
        "checklists:mine": route("list"),
        "checklists:template": route("list"),
        "checklists:load": route("list", methods=("POST",)),
        "checklists:inspection_date": route("list", methods=("POST",)),
        "checklists:import": route("list", opens=county_admins),
        "checklists:import_preview": route("school", batch, sees=manages),
        "checklists:import_commit": route("school", batch, methods=("POST",), sees=manages),
        "checklists:import_discard": route("school", batch, methods=("POST",), sees=manages),
        "checklists:checklist": route("school", checklist),
        "checklists:board": route("school", checklist),
        "checklists:archive": route("school", checklist),
        "checklists:export": route("school", checklist, sees=manages),
        "checklists:score_auto": route("school", checklist, methods=("POST",), sees=manages),
        "checklists:delete": route("school", checklist, methods=("POST",), sees=manages),
        "checklists:item": route("school", item),
        "checklists:item_score": route("school", item, methods=("POST",)),
        "checklists:item_assign": route("school", item, methods=("POST",), sees=manages),
        "checklists:item_assign_schools": route("school", item, methods=("POST",), sees=manages),
        "checklists:assignment_delete": route(
            "school", assignment, methods=("POST",), sees=manages
        ),
        "checklists:assignment_change": route(
            "school", assignment, methods=("POST",), sees=manages
        ),
        "checklists:assignment_upload": route("school", assignment, methods=("POST",)),
        "checklists:download": route("school", lambda w, s: {"pk": version_for(s).pk}),
    }
