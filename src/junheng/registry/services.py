"""Every write of the registry: a county admin corrects a school's registry facts.

One transaction with its audit entry inside; yearly records keep the facts the school had that
year, so a change here never rewrites a past year.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from junheng.access import MANAGE
from junheng.audit.services import audit_record
from junheng.evaluation.levels import SCHOOL_TYPE_LEVELS, TEACHING_POINT
from junheng.registry.choices import Affiliation, Location, Ownership, SchoolType
from junheng.registry.models import School, Township

# A teaching point belongs to a school that teaches primary and is not itself a teaching point.
PARENT_TYPES = tuple(
    t for t, levels in SCHOOL_TYPE_LEVELS.items() if "primary" in levels and t != TEACHING_POINT
)


class RegistryError(Exception):
    """A refused registry change, with a message in Chinese and English."""

    def __init__(self, zh: str, en: str = "") -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en or zh


def school_facts(school: School) -> dict[str, Any]:
    """The registry facts of a school as plain values (also the audit snapshot)."""
    return {
        "name": school.name,
        "school_type": school.school_type,
        "location": school.location,
        "ownership": school.ownership,
        "affiliation": school.affiliation,
        "township": school.township.name,
        "parent": school.parent.code if school.parent else "",
        "latitude": None if school.latitude is None else str(school.latitude),
        "longitude": None if school.longitude is None else str(school.longitude),
    }


def _check(
    school: School, township: Township, parent: School | None, school_type: str, name: str
) -> None:
    if not name.strip():
        raise RegistryError("学校名称不能为空", "the school name must not be empty")
    if township.county_id != school.county_id:
        raise RegistryError("乡镇不属于该校所在县", "the township is not in the school's county")
    if school_type == SchoolType.TEACHING_POINT:
        if parent is None:
            raise RegistryError(
                "小学教学点必须设置所属学校", "a teaching point needs the school it belongs to"
            )
        if school.teaching_points.exists():
            raise RegistryError(
                "该校下设教学点，不能改为教学点", "the school has teaching points of its own"
            )
    elif parent is not None:
        raise RegistryError(
            "只有小学教学点可以设置所属学校", "only a teaching point belongs to another school"
        )
    if parent is not None and (
        parent.pk == school.pk
        or parent.county_id != school.county_id
        or parent.school_type not in PARENT_TYPES
    ):
        raise RegistryError(
            "所属学校必须是本县有小学学段的学校（不能是教学点）",
            "the parent must be a primary-teaching school of the county, not a teaching point",
        )


@transaction.atomic
def school_update(
    *,
    actor: Any,
    school: School,
    name: str,
    school_type: SchoolType | str,
    location: Location | str,
    ownership: Ownership | str,
    affiliation: Affiliation | str,
    township: Township,
    parent: School | None,
    latitude: Decimal | None,
    longitude: Decimal | None,
) -> School:
    """Correct a school's registry facts (county admins); unchanged facts write nothing."""
    if not School.objects.restrict(actor, MANAGE).filter(pk=school.pk).exists():
        raise RegistryError("只有县教育局管理员可以修改学校名录", "only a county admin may do this")
    school = School.objects.select_for_update().get(pk=school.pk)
    _check(school, township, parent, school_type, name)
    before = school_facts(school)
    school.name = name.strip()
    school.school_type = school_type
    school.location = location
    school.ownership = ownership
    school.affiliation = affiliation
    school.township = township
    school.parent = parent
    school.latitude, school.longitude = latitude, longitude
    after = school_facts(school)
    if after == before:
        return school
    school.save()
    audit_record(
        actor=actor, action="change", obj=school, before=before, after=after, school=school
    )
    return school
