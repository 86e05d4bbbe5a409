"""Every write of the registry: the installation adds a county; a county admin adds a school
and corrects a school's registry facts.

One transaction with its audit entry inside; yearly records keep the facts the school had that
year, so a change here never rewrites a past year. Compulsory-education schools and townships
mostly enter the registry through the yearly data import (`collection.imports`), which audits
them too; a kindergarten or a senior high school, which has no compulsory data, is added here
(docs/standards.md §4). Who may write is `junheng.access`'s answer; the Django admin writes
through these functions or not at all.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation

from junheng.access import MANAGE, can, may
from junheng.access.policy import SET_UP
from junheng.audit.services import audit_record
from junheng.refusals import Refusal
from junheng.registry.choices import Affiliation, Location, Ownership, SchoolType
from junheng.registry.models import COMPULSORY_TYPES, PARENT_TYPES, County, School, Township

SCHOOL_CODE_DIGITS = 10  # the template's 学校标识码


class RegistryError(Refusal):
    """A refused registry change, with a message in Chinese and English."""


def _type_in_english(school: School) -> str:
    """The school's type as a refusal's English half names it (a kindergarten), whatever the
    language of the page (the Chinese half names it by the registry's value, 幼儿园)."""
    with translation.override("en"):
        return str(school.get_school_type_display()).lower()


def ensure_compulsory(school: School) -> None:
    """Refuse compulsory-education data for a kindergarten or a senior high school: they are in
    the registry but never in the yearly data or the evaluation (docs/standards.md §4)."""
    if not school.is_compulsory:
        raise RegistryError(
            f"{school.name}（{school.code}）是{school.school_type}，"
            "不填报义务教育学校基本情况数据，也不参加义务教育均衡评估",
            f"{school.code} is a {_type_in_english(school)}: it has no compulsory-education "
            "data and is not evaluated",
        )


def _check(
    school: School, township: Township, parent: School | None, school_type: str, name: str
) -> None:
    if not name.strip():
        raise RegistryError("学校名称不能为空", "the school name must not be empty")
    if school_type not in SchoolType.values:
        raise RegistryError("没有这个学校类型", "no such school type")
    if township.county_id != school.county_id:
        raise RegistryError("乡镇不属于该校所在县", "the township is not in the school's county")
    if (
        school.pk is not None
        and school_type not in PARENT_TYPES
        and school.teaching_points.exists()
    ):
        raise RegistryError(
            "该校下设教学点，只能是有小学学段的学校（不能是教学点、初级中学、幼儿园或高级中学）",
            "the school has teaching points: it must stay a school teaching primary",
        )
    if (
        school.pk is not None
        and school_type not in COMPULSORY_TYPES
        and school.years.exists()  # its compulsory records would leave the evaluation
    ):
        raise RegistryError(
            "该校已有义务教育学校基本情况数据，不能改为幼儿园或高级中学",
            "the school has compulsory-education data: it cannot become a kindergarten or a "
            "senior high school",
        )
    if school_type == SchoolType.TEACHING_POINT:
        if parent is None:
            raise RegistryError(
                "小学教学点必须设置所属学校", "a teaching point needs the school it belongs to"
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


@transaction.atomic
def school_create(
    *,
    actor: Any,
    county: County,
    code: str,
    name: str,
    school_type: SchoolType | str,
    location: Location | str,
    ownership: Ownership | str,
    affiliation: Affiliation | str,
    township: Township,
    parent: School | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> School:
    """Add a school to the county's registry (county admins), audited. Compulsory-education
    schools usually come with the yearly data import; this is how a kindergarten or a senior
    high school, which the template does not carry, enters the registry."""
    if not may(actor, MANAGE, county):
        raise RegistryError("只有县教育局管理员可以新增学校", "only a county admin may do this")
    code = code.strip()
    if not (len(code) == SCHOOL_CODE_DIGITS and code.isdigit()):
        raise RegistryError(
            f"学校标识码应为 {SCHOOL_CODE_DIGITS} 位数字",
            f"the school code must be {SCHOOL_CODE_DIGITS} digits",
        )
    if School.objects.filter(county=county, code=code).exists():
        raise RegistryError(f"学校标识码 {code} 已存在", f"school code {code} exists already")
    school = School(
        county=county,
        code=code,
        name=name.strip(),
        school_type=school_type,
        location=location,
        ownership=ownership,
        affiliation=affiliation,
        township=township,
        parent=parent,
        latitude=latitude,
        longitude=longitude,
    )
    _check(school, township, parent, school_type, name)
    school.save()
    audit_record(
        actor=actor,
        action="create",
        obj=school,
        before=None,
        after={"code": code, **school.facts()},
        school=school,
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
