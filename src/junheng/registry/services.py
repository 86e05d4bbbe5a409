"""Every write of the registry: the installation adds a county; a county admin corrects a
school's registry facts.

One transaction with its audit entry inside; yearly records keep the facts the school had that
year, so a change here never rewrites a past year. Schools and townships enter the registry
through the yearly data import (`collection.imports`), which audits them too. Who may write is
`junheng.access`'s answer; the Django admin writes through these functions or not at all.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from junheng.access import MANAGE, can, may
from junheng.access.policy import SET_UP
from junheng.audit.services import audit_record
from junheng.refusals import Refusal
from junheng.registry.choices import Affiliation, Location, Ownership, SchoolType
from junheng.registry.models import PARENT_TYPES, County, School, Township


class RegistryError(Refusal):
    """A refused registry change, with a message in Chinese and English."""


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
    if not may(actor, MANAGE, school):
        raise RegistryError("只有县教育局管理员可以修改学校名录", "only a county admin may do this")
    school = School.objects.select_for_update().get(pk=school.pk)
    _check(school, township, parent, school_type, name)
    before = school.facts()
    school.name = name.strip()
    school.school_type = school_type
    school.location = location
    school.ownership = ownership
    school.affiliation = affiliation
    school.township = township
    school.parent = parent
    school.latitude, school.longitude = latitude, longitude
    after = school.facts()
    if after == before:
        return school
    school.save()
    audit_record(
        actor=actor, action="change", obj=school, before=before, after=after, school=school
    )
    return school


def county_check(*, code: str, name: str) -> None:
    """The rules of a new county (also checked by the admin's form before it saves)."""
    if not (len(code) == 6 and code.isdigit()):
        raise RegistryError("县代码应为 6 位数字", "the county code must be 6 digits")
    if not name:
        raise RegistryError("县名称不能为空", "the county name must not be empty")
    if County.objects.filter(code=code).exists():
        raise RegistryError(f"县代码 {code} 已存在", f"county code {code} exists already")


@transaction.atomic
def county_create(
    *, actor: Any, code: str, name: str, inspection_date: dt.date | None = None
) -> County:
    """Add a county to the installation (its administrator, in the Django admin), audited;
    its townships and schools come with its first yearly data import."""
    if not can(actor, SET_UP):
        raise RegistryError(
            "只有系统管理员可以新建县", "only the installation's administrator may add a county"
        )
    code, name = code.strip(), name.strip()
    county_check(code=code, name=name)
    county = County.objects.create(code=code, name=name, inspection_date=inspection_date)
    audit_record(
        actor=actor,
        action="create",
        obj=county,
        before=None,
        after={
            "code": code,
            "name": name,
            "inspection_date": inspection_date.isoformat() if inspection_date else None,
        },
        county=county,
    )
    return county
