"""One write: an item given to many schools in one step (all the county's schools, those of a
type, or those of a township), each school's assignment named to its own person.

Kept beside `checklists.services` (which it uses for the rule of who runs the county) so
that module stays one screen per subject; the pages import it directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from junheng.access import RESPONSIBLE, may_be_named
from junheng.audit.models import AuditEntry
from junheng.checklists.choices import UnitKind
from junheng.checklists.errors import ChecklistError
from junheng.checklists.models import Assignment, ChecklistItem
from junheng.checklists.selectors.schools import own_people_of_schools, target_schools
from junheng.checklists.services import refuse_unless_manages
from junheng.registry.models import School, Township


@dataclass
class SchoolsAssigned:
    """What a batch assignment did: the new assignments, and the schools it left alone because
    the item was already theirs."""

    created: list[Assignment] = field(default_factory=list)
    already: list[School] = field(default_factory=list)
    fallback: list[School] = field(default_factory=list)  # named to the fallback person


@transaction.atomic
def assignment_create_for_schools(
    *,
    actor: Any,
    item: ChecklistItem,
    reach: str,
    deadline: dt.date,
    school_type: str = "",
    township: Township | None = None,
    fallback: Any = None,
    note: str = "",
) -> SchoolsAssigned:
    """Give the item to every school of the reach (`selectors.schools`: all, a type, a
    township), each named to the school's own person (its principal, else its township's
    officer), or to `fallback` — someone who may be named for the whole county — where a
    school has nobody. Schools that already have the item keep their assignment. All or
    nothing, one audit entry per new assignment (each school's trail shows it)."""
    county = item.checklist.county
    refuse_unless_manages(actor, county)
    schools = list(
        target_schools(county=county, reach=reach, school_type=school_type, township=township)
    )
    if not schools:
        raise ChecklistError("没有符合条件的学校", "no school matches the choice")
    if fallback is not None and not may_be_named(fallback, RESPONSIBLE, county=county):
        raise ChecklistError(
            "无校长账号学校的责任人须为县教育局人员",
            "the person for schools without their own must work for the county bureau",
        )
    taken = set(
        Assignment.objects.select_for_update()
        .filter(item=item, unit_kind=UnitKind.SCHOOL, school__in=[s.pk for s in schools])
        .values_list("school_id", flat=True)
    )
    people = own_people_of_schools(county=county, schools=schools)
    report = SchoolsAssigned(already=[s for s in schools if s.pk in taken])
    unnamed = [s for s in schools if s.pk not in taken and s.pk not in people]
    if unnamed and fallback is None:
        names = "、".join(s.name for s in unnamed[:5]) + ("等" if len(unnamed) > 5 else "")
        raise ChecklistError(
            f"{len(unnamed)} 所学校没有可作责任人的账号（{names}），请指定县教育局的责任人",
            f"{len(unnamed)} schools have nobody to name: choose a person of the county bureau",
        )
    report.fallback = unnamed
    made = [
        Assignment(
            item=item,
            unit_kind=UnitKind.SCHOOL,
            township=school.township,
            school=school,
            person=people.get(school.pk) or fallback,
            deadline=deadline,
            note=note.strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        for school in schools
        if school.pk not in taken
    ]
    created = Assignment.objects.bulk_create(made)
    if any(a.pk is None for a in created):  # backends that return no keys from bulk_create
        by_school = {
            a.school_id: a
            for a in Assignment.objects.filter(item=item, unit_kind=UnitKind.SCHOOL).exclude(
                school__in=taken
            )
        }
        created = [by_school[a.school_id] for a in made]
    schools_by_pk = {s.pk: s for s in schools}
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor if getattr(actor, "pk", None) else None,
            action="assign",
            object_type=Assignment._meta.label,
            object_id=str(a.pk),
            county=county,
            township=schools_by_pk[a.school_id].township,
            school=schools_by_pk[a.school_id],
            before=None,
            after={**_snapshot(a, schools_by_pk[a.school_id]), "batch": reach},
        )
        for a in created
    )
    report.created = created
    return report


def _snapshot(assignment: Assignment, school: School) -> dict[str, Any]:
    """`Assignment.snapshot` without a query per row (the item and school are known)."""
    return {
        "item": assignment.item.code,
        "unit": school.name,
        "person": assignment.person.get_username(),
        "deadline": assignment.deadline.isoformat(),
        "note": assignment.note,
    }
