"""The what-if of costs: the bureau edits unit costs (or a budget) and sees the least-cost plan
and the county's verdict after it, computed at once by the planner on the database's data."""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

from junheng.assessment.evaluation import county_data, standard_named
from junheng.planning.costs import TEACHER_KINDS, Costs, example_text, parse_costs
from junheng.planning.planner import plan_county
from junheng.registry.models import County
from junheng.reports.plan_report import county_to_dict

# (field, label, unit) of the costs a bureau edits on the page
FIELDS = (
    ("teaching_room", "教学及辅助用房建设单价", "元/m²"),
    ("sports_ground", "体育运动场馆建设单价", "元/m²"),
    ("multimedia_classroom", "网络多媒体教室", "元/间"),
    ("qualified", "新增高于规定学历教师", "元/人/年"),
    ("backbone", "新增骨干教师", "元/人/年"),
    ("pe_art", "新增体育艺术教师", "元/人/年"),
)


def default_costs() -> Costs:
    return parse_costs(tomllib.loads(example_text()), source="costs.example.toml")


def cost_values(costs: Costs) -> dict[str, float]:
    values = {key: costs.teacher[key] for key in TEACHER_KINDS}
    values.update(
        teaching_room=costs.teaching_room,
        sports_ground=costs.sports_ground,
        multimedia_classroom=costs.multimedia_classroom,
    )
    return values


def with_values(costs: Costs, values: dict[str, float], transfers: bool) -> Costs:
    teacher = {**costs.teacher, **{k: values[k] for k in TEACHER_KINDS}}
    return dataclasses.replace(
        costs,
        teaching_room=values["teaching_room"],
        sports_ground=values["sports_ground"],
        multimedia_classroom=values["multimedia_classroom"],
        teacher=teacher,
        transfers=dataclasses.replace(costs.transfers, allowed=transfers),
    )


def county_plan(
    *, county: County, year: int, standard: str, costs: Costs, budget: float | None
) -> dict[str, Any]:
    """The plan as the JSON of `junheng plan`, for the county's year."""
    data = county_data(county=county, year=year)
    result = plan_county(data, standard_named(standard), costs, budget=budget, time_limit=30)
    return county_to_dict(result)
