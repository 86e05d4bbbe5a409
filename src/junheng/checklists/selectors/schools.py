"""Items given to schools: which schools an assignment to many schools reaches (all, a type,
a township), each school's own responsible person, and how far the schools have come on each
item assigned to schools (the board's per-school completion) — each in a fixed number of
queries, whatever the number of schools."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from junheng.access import RESPONSIBLE, nameable_people
from junheng.access.naming import nameable_people_in_county
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import ChecklistItem
from junheng.checklists.selectors.states import AssignmentState
from junheng.registry.models import County, School, Township

# what a batch assignment reaches
ALL_SCHOOLS, SCHOOLS_OF_TYPE, SCHOOLS_OF_TOWNSHIP = "all", "type", "township"


def target_schools(
    *, county: County, reach: str, school_type: str = "", township: Township | None = None
) -> QuerySet[School]:
    """The county's schools an item goes to: all of them, those of a type, or those of a
    township (an empty queryset for a reach without its choice).

    "All" and "a township's" mean the schools of the compulsory programme: a checklist item
    given to every school is the evaluation's work, and a kindergarten or senior high school is
    never part of it (docs/standards.md §4). A type chosen explicitly is taken as chosen, so a
    双高双普 preschool item may go to the kindergartens (§4: the 双普 half)."""
    everything = School.objects.filter(county=county).select_related("township")
    if reach == SCHOOLS_OF_TYPE:
        return everything.filter(school_type=school_type) if school_type else everything.none()
    schools = everything.compulsory()
    if reach == SCHOOLS_OF_TOWNSHIP:
        if township is None or township.county_id != county.pk:
            return schools.none()
        return schools.filter(township=township)
    if reach == ALL_SCHOOLS:
        return schools
    return schools.none()


def township_of_item(*, item: ChecklistItem, pk: Any) -> Township | None:
    """A township of the item's county named in a page's query (anything else: none)."""
    if not str(pk or "").isdigit():
        return None
    return Township.objects.filter(county=item.checklist.county_id, pk=int(pk)).first()


def own_people_of_schools(*, county: County, schools: list[School]) -> dict[int, Any]:
    """Each school's own responsible person where it has one: the first (oldest account) of the
    people who may be named responsible and whose own unit is the school (its principal), else
    the first whose own unit is its township (the township's officer). Two queries."""
    nameable = nameable_people_in_county(RESPONSIBLE, county=county)
    by_school: dict[int, Any] = {}
    for person in nameable.filter(school__in=[s.pk for s in schools]).order_by("pk"):
        by_school.setdefault(person.school_id, person)
    townships = {s.township_id for s in schools if s.pk not in by_school}
    by_township: dict[int, Any] = {}
    if townships:
        for person in nameable.filter(township__in=townships, school__isnull=True).order_by("pk"):
            by_township.setdefault(person.township_id, person)
    return {
        s.pk: by_school.get(s.pk) or by_township.get(s.township_id)
        for s in schools
        if s.pk in by_school or s.township_id in by_township
    }


def county_people(*, county: County) -> QuerySet[Any]:
    """Who may be named for work anywhere in the county (the bureau): the fallback of a batch
    assignment for schools that have nobody of their own."""
    return nameable_people(RESPONSIBLE, county=county)


@dataclass
class SchoolItem:
    """An item as the schools given it stand: how many have their evidence complete, which
    have not (by township), how many of those are overdue."""

    item: ChecklistItem
    assigned: int = 0
    complete: int = 0
    overdue: int = 0
    pending: dict[str, list[AssignmentState]] = field(default_factory=dict)
    # how many schools still lack each required piece of evidence
    missing: dict[str, int] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return round(100 * self.complete / self.assigned) if self.assigned else 0

    @property
    def not_done(self) -> int:
        return self.assigned - self.complete


def school_items(states: list[AssignmentState]) -> list[SchoolItem]:
    """The items given to schools, each with its schools' completion, from states already read
    (no further query): a school has done it when its evidence is complete."""
    found: dict[int, SchoolItem] = {}
    pending: dict[int, dict[str, list[AssignmentState]]] = defaultdict(lambda: defaultdict(list))
    for state in states:
        a = state.assignment
        if a.unit_kind != UnitKind.SCHOOL:
            continue
        row = found.setdefault(a.item_id, SchoolItem(a.item))
        row.assigned += 1
        row.complete += state.complete
        if not state.complete:
            row.overdue += state.overdue
            for requirement in state.missing or [""]:
                row.missing[requirement] = row.missing.get(requirement, 0) + 1
            township = a.township.name if a.township is not None else ""
            pending[a.item_id][township].append(state)
    for pk, row in found.items():
        row.pending = {
            township: sorted(rows, key=lambda s: s.assignment.school.code)
            for township, rows in sorted(pending[pk].items())
        }
    return sorted(found.values(), key=lambda r: r.item.sort_key)
