"""The what-if of costs: the bureau edits unit costs, the plan's years, transfers, training, the
staffing quota or a budget and sees the least-cost plan and the county's verdict after it,
computed by the planner on the database's data; the plan as a workbook or a Word document."""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

from junheng.assessment.evaluation import county_data, standard_named
from junheng.planning import CountyPlan, Plan
from junheng.planning.costs import STAFFED_LEVELS, Costs, example_text, parse_costs
from junheng.planning.planner import plan_county
from junheng.registry.models import County
from junheng.reports.plan_report import county_to_dict

# (field, label, unit) of the prices a bureau edits (the plan page, the self-report)
FIELDS = (
    ("teaching_room", "教学及辅助用房建设单价", "元/m²"),
    ("sports_ground", "体育运动场馆建设单价", "元/m²"),
    ("multimedia_classroom", "网络多媒体教室", "元/间"),
    ("qualified", "新增高于规定学历教师", "元/人/年"),
    ("backbone", "引进县级骨干教师", "元/人/年"),
    ("pe_art", "新增体育艺术教师", "元/人/年"),
    ("training_backbone", "培养认定县级骨干教师（本校教师）", "元/人"),
    ("training_degree", "教师学历提升（本校教师）", "元/人"),
)
# Hiring a backbone teacher from elsewhere is priced here when the example file leaves it out
# (its teachers are designated from a school's own, which costs far less).
BACKBONE_HIRE = 150_000.0
TIME_LIMIT = 30


def default_costs() -> Costs:
    return parse_costs(tomllib.loads(example_text()), source="costs.example.toml")


def cost_values(costs: Costs) -> dict[str, float]:
    return {
        "teaching_room": costs.teaching_room,
        "sports_ground": costs.sports_ground,
        "multimedia_classroom": costs.multimedia_classroom,
        "qualified": costs.teacher["qualified"],
        "backbone": costs.teacher.get("backbone", BACKBONE_HIRE),
        "pe_art": costs.teacher["pe_art"],
        "training_backbone": costs.training.backbone,
        "training_degree": costs.training.degree,
    }


def with_values(costs: Costs, values: dict[str, float], transfers: bool) -> Costs:
    """The costs with the prices of `values` (keys of FIELDS; a missing one keeps its own)."""
    own = cost_values(costs)
    price = {key: float(values.get(key) or own[key]) for key in own}
    return dataclasses.replace(
        costs,
        teaching_room=price["teaching_room"],
        sports_ground=price["sports_ground"],
        multimedia_classroom=price["multimedia_classroom"],
        teacher={k: price[k] for k in ("qualified", "backbone", "pe_art")},
        training=dataclasses.replace(
            costs.training,
            backbone=price["training_backbone"],
            degree=price["training_degree"],
        ),
        transfers=dataclasses.replace(costs.transfers, allowed=transfers),
    )


def with_assumptions(costs: Costs, values: dict[str, Any]) -> Costs:
    """The costs with the page's assumptions: the plan's years, the transfer allowance and
    limits, training on or off, the staffing quota per level (students per post; None for no
    quota) and the budget (万元; None for the least-cost plan)."""
    staffing = {
        level: float(values[f"staffing_{level}"])
        for level in STAFFED_LEVELS
        if values.get(f"staffing_{level}")
    }
    return dataclasses.replace(
        costs,
        years=int(values.get("years") or costs.years),
        budget=values.get("budget"),
        staffing=staffing,
        training=dataclasses.replace(
            costs.training, allowed=bool(values.get("training", costs.training.allowed))
        ),
        transfers=dataclasses.replace(
            costs.transfers,
            allowance=float(values.get("allowance", costs.transfers.allowance) or 0.0),
            max_in_per_school=int(values.get("max_in", costs.transfers.max_in_per_school)),
            max_out_per_school=int(values.get("max_out", costs.transfers.max_out_per_school)),
        ),
    )


def plan_result(*, county: County, year: int, standard: str, costs: Costs) -> Plan:
    """The plan of the county's year at these costs (budget: `costs.budget`), as the CLI's
    `Plan` of one county, for the renderers."""
    data = county_data(county=county, year=year)
    chosen = standard_named(standard)
    result: CountyPlan = plan_county(
        data, chosen, costs, budget=costs.budget, time_limit=TIME_LIMIT
    )
    return Plan(standard=chosen, costs=costs, counties=(result,))


def county_plan(
    *, county: County, year: int, standard: str, costs: Costs, budget: float | None
) -> dict[str, Any]:
    """The plan as the JSON of `junheng plan`, for the county's year."""
    chosen = dataclasses.replace(costs, budget=budget)
    result = plan_result(county=county, year=year, standard=standard, costs=chosen)
    return county_to_dict(result.counties[0])


def plan_docx(plan: Plan, *, county: County) -> bytes:
    """The plan as a Word document in the bureau's form (Chinese: an official document)."""
    from junheng.bulletins.layout import REPORT, Document, Section
    from junheng.bulletins.word import to_docx
    from junheng.reports.plan_report import (
        MODE_ZH,
        STATUS_ZH,
        assumption_rows,
        level_text,
        quantity_text,
        still_failing,
    )

    result = plan.counties[0]
    assumptions = [
        [row["label"], f"{row['value']} {row['unit']}".strip(), row["note"]]
        for row in assumption_rows(plan.costs)
    ]
    sections = [Section("一、测算假设", table=[["项目", "数值（单位）", "说明"], *assumptions])]
    if result.status == "infeasible":
        sections.append(Section("二、无法满足的要求", [r.zh for r in result.reasons]))
    else:
        summary = county_to_dict(result)
        before, after = summary["before"] or {}, summary["after"] or {}
        headline = (
            f"{MODE_ZH[result.mode]}（{STATUS_ZH[result.status]}）：总花费 "
            f"{result.cost:,.2f} 万元；未达到要求的学校（学部）由 "
            f"{before.get('failing_units', 0)} 个减为 {after.get('failing_units', 0)} 个"
            f"（共 {before.get('units', 0)} 个）。"
        )
        failing = still_failing(result)
        lines = [headline, *(note.zh for note in result.notes)]
        if failing:
            lines.append(
                f"预算内仍未达标的学校（学部）{len(failing)} 个："
                + "、".join(f"{u['school_name']}（{level_text(u['level'])}）" for u in failing)
                + "。"
            )
        sections.append(Section("二、规划结果", lines))
        rows = [
            [
                f"第{a.year}年",
                a.school_name,
                level_text(a.level),
                a.name_zh,
                quantity_text(a),
                f"{a.cost:,.2f}",
            ]
            for a in result.actions
        ]
        rows += [
            [
                f"第{t.year}年",
                f"{t.from_name}→{t.to_name}",
                level_text(t.level),
                "交流轮岗",
                f"{t.teachers} 人",
                f"{t.cost:,.2f}",
            ]
            for t in result.transfers
        ]
        sections.append(
            Section(
                "三、措施清单",
                [] if rows else ["无需建设、购置、培训或新增教师。"],
                table=[["年度", "学校", "学段", "措施", "数量", "费用（万元）"], *rows]
                if rows
                else None,
            )
        )
        years = [
            [f"第{y.year}年", f"{y.capital:,.2f}", f"{y.staff:,.2f}", f"{y.total:,.2f}"]
            for y in result.yearly
        ]
        if years:
            sections.append(
                Section(
                    "四、年度支出（万元）",
                    table=[["年度", "建设购置培训", "人员（新增教师、交流补贴）", "合计"], *years],
                )
            )
    document = Document(
        kind=REPORT,
        title=f"{county.name}{result.year}年义务教育学校办学条件改进规划（测算）",
        sections=sections,
    )
    return to_docx(document)
