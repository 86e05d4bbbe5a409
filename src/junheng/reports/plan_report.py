"""A plan (`junheng.planning.Plan`) as data: JSON (for programs) and the rows the terminal table
(`plan_table`), the workbook (`plan_workbook`) and the plan pages (`county_to_dict`) show.

Money is 万元 throughout (unit prices 元, as the costs file gives them). The indicators after
the plan are the evaluation core's, on the data with the plan applied.
"""

from __future__ import annotations

from typing import Any

import orjson
import polars as pl

from junheng.evaluation import Evaluation
from junheng.planning.costs import Costs
from junheng.planning.levers import TEACHER_NAMES, YUAN_PER_WAN
from junheng.planning.result import Action, CountyPlan, Plan
from junheng.reports.labels import level_name

DETAIL_COUNTIES = 5
ACTIONS_SHOWN = 60
STATUS_ZH = {
    "optimal": "最优方案",
    "feasible": "可行方案（未证明最优）",
    "infeasible": "无可行方案",
}
MODE_ZH = {
    "least_cost": "全部达标的最低花费方案",
    "budget": "预算内达到要求的学校（学部）最多的方案",
}
URGENCY_ZH = {0: "低于标准的85%", 1: "未达到标准", 2: "降低差异系数"}
# The resource part before → after, in the plan's headline: 「资源配置 未达到要求 → 达到要求」
# (a part is 达到要求 or not, docs/standards.md §2; 达标 is said of a school).
PART_STATES = {True: "达到要求", False: "未达到要求"}


# Units counted in whole items: a quantity in them is shown and exported as an integer.
WHOLE_UNITS = frozenset({"人", "间", "台", "册"})


def quantity(action: Action) -> int | float:
    """The action's amount as it is written: whole teachers and rooms as integers."""
    return round(action.quantity) if action.unit in WHOLE_UNITS else action.quantity


def quantity_text(action: Action) -> str:
    """「4 人」, 「331 m²」, 「12.35 万元」."""
    amount = quantity(action)
    if isinstance(amount, int):
        number = f"{amount:,}"
    else:  # areas are bought in whole m², money to 0.01 万元
        number = f"{amount:,.0f}" if action.unit == "m²" else f"{amount:,.2f}"
    return f"{number} {action.unit}"


def _yuan(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def assumption_rows(costs: Costs) -> list[dict[str, str]]:
    """The cost assumptions a plan rests on, each with its unit and, for what is paid every
    year, what it comes to over the plan: the page, the table, the workbook and the document
    show these."""
    years = costs.years
    rows = [
        {"key": "years", "label": "规划年限", "value": str(years), "unit": "年", "note": ""},
        {
            "key": "budget",
            "label": "预算",
            "value": "不限" if costs.budget is None else f"{costs.budget:,.2f}",
            "unit": "" if costs.budget is None else "万元",
            "note": "",
        },
        {
            "key": "teaching_room",
            "label": "教学及辅助用房建设单价",
            "value": _yuan(costs.teaching_room),
            "unit": "元/m²",
            "note": "一次性",
        },
        {
            "key": "sports_ground",
            "label": "体育运动场馆建设单价",
            "value": _yuan(costs.sports_ground),
            "unit": "元/m²",
            "note": "一次性",
        },
        {
            "key": "equipment_factor",
            "label": "每 1 元教学仪器设备值的花费",
            "value": f"{costs.equipment_factor:g}",
            "unit": "元",
            "note": "一次性",
        },
        {
            "key": "multimedia_classroom",
            "label": "网络多媒体教室",
            "value": _yuan(costs.multimedia_classroom),
            "unit": "元/间",
            "note": "一次性",
        },
    ]
    for kind, price in costs.teacher.items():
        rows.append(
            {
                "key": kind,
                "label": f"新增{TEACHER_NAMES[kind][0]}",
                "value": _yuan(price),
                "unit": "元/人/年",
                "note": f"× {years} 年 = {price * years / YUAN_PER_WAN:,.2f} 万元/人"
                if costs.hiring
                else "不新增教师",
            }
        )
    if costs.training.allowed:
        rows += [
            {
                "key": "training_backbone",
                "label": "培养认定县级骨干教师（本校教师）",
                "value": _yuan(costs.training.backbone),
                "unit": "元/人",
                "note": "一次性",
            },
            {
                "key": "training_degree",
                "label": "教师学历提升（本校教师）",
                "value": _yuan(costs.training.degree),
                "unit": "元/人",
                "note": "一次性",
            },
        ]
    transfers = costs.transfers
    rows.append(
        {
            "key": "allowance",
            "label": "交流轮岗补贴",
            "value": _yuan(transfers.allowance) if transfers.allowed else "不交流",
            "unit": "元/人/年" if transfers.allowed else "",
            "note": f"× {years} 年 = {transfers.allowance * years / YUAN_PER_WAN:,.2f} 万元/人；"
            f"每校调入不超过 {transfers.max_in_per_school} 人、调出不超过 "
            f"{transfers.max_out_per_school} 人"
            if transfers.allowed
            else "",
        }
    )
    for level, ratio in costs.staffing.items():
        rows.append(
            {
                "key": f"staffing_{level}",
                "label": f"{level_name(level)}编制标准（生师比）",
                "value": f"1 : {ratio:g}",
                "unit": "",
                "note": "新增教师不超过编制空额",
            }
        )
    return rows


def still_failing(county: CountyPlan) -> list[dict[str, Any]]:
    """The units the plan leaves failing (within a budget): school, level, students."""
    return [
        {
            "school_code": u["unit_code"],
            "school_name": u["school_name"],
            "level": u["level"],
            "students": u["students"],
            "met": u.get("met_after"),
        }
        for u in unit_rows(county)
        if u.get("pass_after") is False
    ]


def level_text(level: str | None) -> str:
    """The level's name; 全校 for what a whole school gets (buildings, equipment)."""
    return "全校" if level is None else level_name(level)


def county_summary(evaluation: Evaluation | None) -> dict[str, Any] | None:
    if evaluation is None or evaluation.counties.height == 0:
        return None
    row = evaluation.counties.row(0, named=True)
    return {
        "pass": row["pass"],
        "cv_pass": row["cv_pass"],
        "units": row["units"],
        "failing_units": row["failing_units"],
    }


def indicator_rows(county: CountyPlan) -> list[dict[str, Any]]:
    if county.before is None:
        return []
    standard = county.before.standard
    keys = ["level", "indicator"]
    before = county.before.indicators.select(
        *keys, pl.col("mean").alias("mean_before"), pl.col("cv").alias("cv_before"), "cv_max"
    )
    if county.after is not None:
        after = county.after.indicators.select(
            *keys,
            pl.col("mean").alias("mean_after"),
            pl.col("cv").alias("cv_after"),
            pl.col("cv_pass").alias("cv_pass_after"),
        )
        before = before.join(after, on=keys, how="left", maintain_order="left")
    rows = []
    for row in before.iter_rows(named=True):
        rows.append(
            {
                "level": row["level"],
                "indicator": row["indicator"],
                "name": standard.indicator(row["indicator"]).name,
                "unit": standard.indicator(row["indicator"]).unit,
                "mean_before": row["mean_before"],
                "mean_after": row.get("mean_after"),
                "cv_before": row["cv_before"],
                "cv_after": row.get("cv_after"),
                "cv_max": row["cv_max"],
                "cv_pass_after": row.get("cv_pass_after"),
            }
        )
    return rows


def unit_rows(county: CountyPlan) -> list[dict[str, Any]]:
    if county.before is None:
        return []
    keys = ["unit_code", "level"]
    units = county.before.units.select(
        *keys,
        "school_name",
        "students",
        pl.col("met_count").alias("met_before"),
        pl.col("pass").alias("pass_before"),
    )
    if county.after is not None:
        units = units.join(
            county.after.units.select(
                *keys, pl.col("met_count").alias("met_after"), pl.col("pass").alias("pass_after")
            ),
            on=keys,
            how="left",
            maintain_order="left",
        )
    return units.to_dicts()


def county_to_dict(county: CountyPlan) -> dict[str, Any]:
    return {
        "county_code": county.county_code,
        "county_name": county.county_name,
        "year": county.year,
        "status": county.status,
        "mode": county.mode,
        "budget_wan": county.budget,
        "still_failing": still_failing(county),
        "cost_wan": round(county.cost, 4),
        "least_cost_wan": None if county.least_cost is None else round(county.least_cost, 4),
        "before": county_summary(county.before),
        "after": county_summary(county.after),
        "reasons": [{"zh": r.zh, "en": r.en} for r in county.reasons],
        "notes": [{"zh": r.zh, "en": r.en} for r in county.notes],
        "actions": [
            {
                "year": a.year,
                "school_code": a.school_code,
                "school_name": a.school_name,
                "level": a.level,
                "action": a.lever,
                "name": a.name_zh,
                "quantity": quantity(a),
                "quantity_text": quantity_text(a),
                "whole": a.unit in WHOLE_UNITS,
                "unit": a.unit,
                "unit_cost_yuan": a.unit_cost,
                "cost_wan": round(a.cost, 4),
                "urgency": a.urgency,
            }
            for a in county.actions
        ],
        "transfers": [
            {
                "year": t.year,
                "level": t.level,
                "kind": t.kind,
                "name": TEACHER_NAMES[t.kind][0],
                "from_school_code": t.from_code,
                "from_school_name": t.from_name,
                "to_school_code": t.to_code,
                "to_school_name": t.to_name,
                "teachers": t.teachers,
                "cost_wan": round(t.cost, 4),
            }
            for t in county.transfers
        ],
        "yearly": [
            {
                "year": y.year,
                "capital_wan": round(y.capital, 4),
                "staff_wan": round(y.staff, 4),
                "total_wan": round(y.total, 4),
            }
            for y in county.yearly
        ],
        "indicators": indicator_rows(county),
        "units": unit_rows(county),
        "solver": {
            "rounds": county.solver.rounds,
            "cuts": county.solver.cuts,
            "columns": county.solver.columns,
            "rows": county.solver.rows,
            "seconds": round(county.solver.seconds, 3),
            "gap": county.solver.gap,
        },
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    costs = plan.costs
    return {
        "standard": {
            "id": plan.standard.id,
            "name": plan.standard.name,
            "document": plan.standard.document,
        },
        "years": costs.years,
        "budget_wan": costs.budget,
        "costs": {
            "teaching_room_yuan_per_m2": costs.teaching_room,
            "sports_ground_yuan_per_m2": costs.sports_ground,
            "equipment_cost_factor": costs.equipment_factor,
            "multimedia_classroom_yuan": costs.multimedia_classroom,
            "teacher_yuan_per_year": costs.teacher,
            "hiring": costs.hiring,
            "backbone_is_qualified": costs.backbone_is_qualified,
            "pe_art_is_qualified": costs.pe_art_is_qualified,
            "transfers": {
                "allowed": costs.transfers.allowed,
                "max_out_per_school": costs.transfers.max_out_per_school,
                "max_in_per_school": costs.transfers.max_in_per_school,
                "allowance_yuan_per_year": costs.transfers.allowance,
            },
        },
        "training": {
            "allowed": costs.training.allowed,
            "backbone_yuan": costs.training.backbone,
            "degree_yuan": costs.training.degree,
        },
        "staffing_students_per_post": costs.staffing,
        "assumptions": assumption_rows(costs),
        "feasible": plan.feasible,
        "counties": [county_to_dict(c) for c in plan.counties],
    }


def render_json(plan: Plan) -> bytes:
    return orjson.dumps(plan_to_dict(plan), option=orjson.OPT_INDENT_2) + b"\n"
