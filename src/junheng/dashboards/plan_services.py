"""The plan's one write: its actions turned into problems to rectify (问题整改台账), each at its
school with the indicator it raises, the measure, a responsible person who may be named there
and the deadline of its plan year — through the rectification services (each audited), all
or nothing: a refusal of any one leaves no problem recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from junheng.access import MANAGE, may
from junheng.evaluation.levels import LEVEL_NAMES
from junheng.evaluation.standard import Standard
from junheng.evaluation.units import unit_resource
from junheng.planning import CountyPlan
from junheng.planning.levers import TEACHER_NAMES
from junheng.rectification.choices import Status
from junheng.rectification.models import Problem
from junheng.rectification.services.problems import problem_create
from junheng.refusals import NotAllowed, Refusal
from junheng.registry.models import County, School
from junheng.reports.plan_report import quantity_text

SOURCE = "self"  # 自查: the county's own plan
COMMENT = "由改进规划转为整改问题"


@dataclass(frozen=True)
class PlanProblems:
    created: int
    already: int  # the same measure is already an open problem of the school


@dataclass(frozen=True)
class Item:
    """One problem to record: where, which indicator, what to do, by which plan year."""

    school_code: str
    level: str
    resource: str  # the unit column the measure raises
    measure: str
    year: int


# the unit column each lever raises (a hire of a kind raises that kind's column)
_RAISES = {
    "teaching_room": "teaching_room_area",
    "sports_ground": "sports_area",
    "equipment": "equipment_value",
    "multimedia_classroom": "multimedia_classrooms",
    "computer": "computers",
    "book": "books",
    "train_backbone": "backbone_teachers",
    "upgrade_degree": "qualified_teachers",
}


def plan_items(plan: CountyPlan) -> list[Item]:
    """The plan's actions and transfers as problems' items (a transfer at the receiving
    school, which lacks the teachers)."""
    items = [
        Item(
            a.school_code,
            a.level or "",
            _RAISES.get(a.lever, f"{a.lever.removeprefix('hire_')}_teachers"),
            f"{a.name_zh} {quantity_text(a)}，预计 {a.cost:,.2f} 万元",
            a.year,
        )
        for a in plan.actions
    ]
    items += [
        Item(
            t.to_code,
            t.level,
            f"{t.kind}_teachers",
            f"从{t.from_name}交流轮岗{TEACHER_NAMES[t.kind][0]} {t.teachers} 人，"
            f"补贴预计 {t.cost:,.2f} 万元",
            t.year,
        )
        for t in plan.transfers
    ]
    return items


def _indicator(standard: Standard, resource: str) -> tuple[str, str]:
    for indicator in standard.indicators:
        if unit_resource(indicator.resource) == resource:
            return indicator.key, indicator.name
    return "", ""


@transaction.atomic
def plan_problems_create(
    *,
    actor: Any,
    county: County,
    standard: Standard,
    plan: CountyPlan,
    responsible: dict[str, Any],
    deadlines: dict[int, dt.date],
) -> PlanProblems:
    """Record a problem per action of the plan (school code → responsible person in
    `responsible`, plan year → deadline in `deadlines`); the county bureau's work."""
    if not may(actor, MANAGE, county):
        raise NotAllowed(
            "只有县教育局可以把规划转为整改问题",
            "only the county bureau turns the plan into problems",
        )
    items = plan_items(plan)
    if not items:
        raise Refusal("规划中没有需要落实的措施", "the plan has no measure to carry out")
    schools = {s.code: s for s in School.objects.filter(county=county)}
    created = already = 0
    for item in items:
        school = schools[item.school_code]
        key, name = _indicator(standard, item.resource)
        level = LEVEL_NAMES.get(item.level, "全校")
        description = f"{level}「{name}」需通过改进规划提高（规划第 {item.year} 年）"
        duplicate = (
            Problem.objects.filter(school=school, measure=item.measure, indicator_key=key)
            .exclude(status=Status.CLOSED)
            .exists()
        )
        if duplicate:
            already += 1
            continue
        problem_create(
            actor=actor,
            county=county,
            source=SOURCE,
            description=description,
            school=school,
            indicator_key=key,
            level=item.level,
            measure=item.measure,
            responsible=responsible.get(item.school_code),
            deadline=deadlines.get(item.year),
            comment=COMMENT,
        )
        created += 1
    return PlanProblems(created, already)
