"""A plan (`junheng.planning.Plan`) as JSON (for programs), a terminal table in Chinese, or an
xlsx workbook. `county_to_dict` is also the plan pages' data.

Money is 万元 throughout (unit prices 元, as the costs file gives them). The indicators after
the plan are the evaluation core's, on the data with the plan applied.
"""

from __future__ import annotations

import io
from typing import Any

import orjson
import polars as pl
from rich.console import Console
from rich.table import Table

from junheng.evaluation import Evaluation
from junheng.planning.costs import Costs
from junheng.planning.levers import TEACHER_NAMES, YUAN_PER_WAN
from junheng.planning.result import INFEASIBLE, Action, CountyPlan, Plan
from junheng.reports.labels import cv_verdict, level_name, verdict

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
        for u in _unit_rows(county)
        if u.get("pass_after") is False
    ]


def level_text(level: str | None) -> str:
    """The level's name; 全校 for what a whole school gets (buildings, equipment)."""
    return "全校" if level is None else level_name(level)


_level = level_text


def _county_summary(evaluation: Evaluation | None) -> dict[str, Any] | None:
    if evaluation is None or evaluation.counties.height == 0:
        return None
    row = evaluation.counties.row(0, named=True)
    return {
        "pass": row["pass"],
        "cv_pass": row["cv_pass"],
        "units": row["units"],
        "failing_units": row["failing_units"],
    }


def _indicator_rows(county: CountyPlan) -> list[dict[str, Any]]:
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


def _unit_rows(county: CountyPlan) -> list[dict[str, Any]]:
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
        "before": _county_summary(county.before),
        "after": _county_summary(county.after),
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
        "indicators": _indicator_rows(county),
        "units": _unit_rows(county),
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


# --- terminal ------------------------------------------------------------------------------


def render_table(plan: Plan, *, color: bool = False, width: int = 120) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False
    )
    standard = plan.standard
    budget = f"，预算 {plan.costs.budget:,.2f} 万元" if plan.costs.budget is not None else ""
    console.print(
        f"[bold]改进规划[/bold]：{standard.name}（{standard.document}），"
        f"规划 {plan.costs.years} 年{budget}"
    )
    console.print(
        "测算假设："
        + "；".join(
            f"{r['label']} {r['value']} {r['unit']}".rstrip()
            + (f"（{r['note']}）" if r["note"] else "")
            for r in assumption_rows(plan.costs)
        )
    )
    if len(plan.counties) > DETAIL_COUNTIES:
        _overview(console, plan)
    else:
        for county in plan.counties:
            _county(console, county)
    return buffer.getvalue()


def _overview(console: Console, plan: Plan) -> None:
    part = plan.standard.resource_part
    table = Table(
        "县代码", "县名称", "年度", "方案", "花费(万元)", f"规划前{part}", f"规划后{part}"
    )
    for c in plan.counties:
        before, after = _county_summary(c.before), _county_summary(c.after)
        table.add_row(
            c.county_code,
            c.county_name,
            str(c.year),
            STATUS_ZH[c.status],
            "—" if c.status == INFEASIBLE else f"{c.cost:,.2f}",
            verdict(before and before["pass"]),
            verdict(after and after["pass"]) if after else "—",
        )
    console.print(table)


def _county(console: Console, county: CountyPlan) -> None:
    console.rule(
        f"{county.county_name}（{county.county_code}）{county.year} 年 — "
        f"{MODE_ZH[county.mode]}：{STATUS_ZH[county.status]}"
    )
    before = _county_summary(county.before)
    if county.status == INFEASIBLE:
        console.print("[bold]无法满足的要求 / what cannot be met:[/bold]")
        for reason in county.reasons:
            console.print(f"  • {reason.zh}")
        return
    after = _county_summary(county.after)
    if before is None or after is None:
        for note in county.notes:
            console.print(f"  注：{note.zh}")
        return
    console.print(
        f"总花费 {county.cost:,.2f} 万元；未达到要求的学校（学部）{before['failing_units']} → "
        f"{after['failing_units']} 所（共 {before['units']} 所）；"
        f"{county.before.standard.resource_part if county.before else ''} "
        f"{PART_STATES[before['pass']]} → {PART_STATES[after['pass']]}"
    )
    for note in county.notes:
        console.print(f"  注：{note.zh}")
    failing = still_failing(county)
    if failing:
        console.print(
            f"仍未达标的学校（学部）{len(failing)} 个："
            + "、".join(f"{u['school_name']}（{_level(u['level'])}）" for u in failing)
        )
    _actions(console, county)
    _transfers(console, county)
    _years(console, county)
    _cvs(console, county)


def _actions(console: Console, county: CountyPlan) -> None:
    if not county.actions:
        console.print("无需建设、购置或新增教师 / nothing to build, buy or hire")
        return
    table = Table(title=f"措施清单（{len(county.actions)} 项）", title_justify="left")
    for heading, justify in (
        ("年度", "right"),
        ("学校", "left"),
        ("学段", "left"),
        ("措施", "left"),
        ("数量", "right"),
        ("单价(元)", "right"),
        ("费用(万元)", "right"),
        ("缘由", "left"),
    ):
        table.add_column(heading, justify=justify)
    for a in county.actions[:ACTIONS_SHOWN]:
        price = f"{a.unit_cost:,.0f}" + ("/年" if a.lever.startswith("hire_") else "")
        table.add_row(
            f"第{a.year}年",
            a.school_name,
            _level(a.level),
            a.name_zh,
            quantity_text(a),
            price,
            f"{a.cost:,.2f}",
            URGENCY_ZH[a.urgency],
        )
    console.print(table)
    if len(county.actions) > ACTIONS_SHOWN:
        rest = len(county.actions) - ACTIONS_SHOWN
        console.print(f"……另有 {rest} 项（完整清单见 xlsx 或 json）")


def _transfers(console: Console, county: CountyPlan) -> None:
    if not county.transfers:
        return
    table = Table(title=f"交流轮岗（{len(county.transfers)} 项）", title_justify="left")
    for heading in ("学段", "教师类别", "调出学校", "调入学校", "人数", "交流补贴(万元)"):
        table.add_column(heading)
    for t in county.transfers:
        table.add_row(
            _level(t.level),
            TEACHER_NAMES[t.kind][0],
            t.from_name,
            t.to_name,
            str(t.teachers),
            f"{t.cost:,.2f}",
        )
    console.print(table)


def _years(console: Console, county: CountyPlan) -> None:
    table = Table(title="年度支出（万元）", title_justify="left")
    for heading in ("年度", "建设购置", "人员（新增教师、交流补贴）", "合计"):
        table.add_column(heading, justify="right")
    for y in county.yearly:
        table.add_row(f"第{y.year}年", f"{y.capital:,.2f}", f"{y.staff:,.2f}", f"{y.total:,.2f}")
    console.print(table)


def _cvs(console: Console, county: CountyPlan) -> None:
    table = Table(title="规划后的差异系数（按规划后的数据重新计算）", title_justify="left")
    for heading in ("学段", "指标", "规划前", "规划后", "规定值", "结论"):
        table.add_column(heading)
    for row in _indicator_rows(county):
        table.add_row(
            _level(row["level"]),
            row["name"],
            f"{row['cv_before']:.3f}",
            "—" if row["cv_after"] is None else f"{row['cv_after']:.3f}",
            f"{row['cv_max']:.2f}",
            cv_verdict(row["cv_pass_after"]),
        )
    console.print(table)


# --- workbook ------------------------------------------------------------------------------


# Each sheet: (heading, value of a row, number format); rows are (county, item) pairs.
_ACTION_COLUMNS = (
    ("县代码", lambda c, a: c.county_code, None),
    ("年度", lambda c, a: a.year, None),
    ("学校标识码", lambda c, a: a.school_code, None),
    ("学校名称", lambda c, a: a.school_name, None),
    ("学段", lambda c, a: _level(a.level), None),
    ("措施", lambda c, a: a.name_zh, None),
    ("数量", lambda c, a: quantity(a), "amount"),
    ("单位", lambda c, a: a.unit, None),
    ("单价(元)", lambda c, a: a.unit_cost, None),
    ("费用(万元)", lambda c, a: a.cost, "money"),
    ("缘由", lambda c, a: URGENCY_ZH[a.urgency], None),
)
_TRANSFER_COLUMNS = (
    ("县代码", lambda c, t: c.county_code, None),
    ("学段", lambda c, t: _level(t.level), None),
    ("教师类别", lambda c, t: TEACHER_NAMES[t.kind][0], None),
    ("调出学校标识码", lambda c, t: t.from_code, None),
    ("调出学校", lambda c, t: t.from_name, None),
    ("调入学校标识码", lambda c, t: t.to_code, None),
    ("调入学校", lambda c, t: t.to_name, None),
    ("人数", lambda c, t: t.teachers, None),
    ("交流补贴(万元)", lambda c, t: t.cost, "money"),
)
_YEAR_COLUMNS = (
    ("县代码", lambda c, y: c.county_code, None),
    ("年度", lambda c, y: f"第{y.year}年", None),
    ("建设购置(万元)", lambda c, y: y.capital, "money"),
    ("人员(万元)", lambda c, y: y.staff, "money"),
    ("合计(万元)", lambda c, y: y.total, "money"),
)
_CV_COLUMNS = (
    ("县代码", lambda c, r: c.county_code, None),
    ("学段", lambda c, r: _level(r["level"]), None),
    ("指标", lambda c, r: r["name"], None),
    ("规划前均值", lambda c, r: r["mean_before"], "money"),
    ("规划后均值", lambda c, r: r["mean_after"], "money"),
    ("规划前差异系数", lambda c, r: r["cv_before"], "cv"),
    ("规划后差异系数", lambda c, r: r["cv_after"], "cv"),
    ("规定值", lambda c, r: r["cv_max"], "cv"),
    ("规划后结论", lambda c, r: cv_verdict(r["cv_pass_after"]), None),
)
_UNIT_COLUMNS = (
    ("县代码", lambda c, u: c.county_code, None),
    ("学校标识码", lambda c, u: u["unit_code"], None),
    ("学校名称", lambda c, u: u["school_name"], None),
    ("学段", lambda c, u: _level(u["level"]), None),
    ("在校生", lambda c, u: u["students"], None),
    ("规划前达标项", lambda c, u: u["met_before"], None),
    ("规划后达标项", lambda c, u: u.get("met_after"), None),
    ("规划前", lambda c, u: verdict(u["pass_before"]), None),
    ("规划后", lambda c, u: verdict(u.get("pass_after")), None),
)
_FAILING_COLUMNS = (
    ("县代码", lambda c, u: c.county_code, None),
    ("学校标识码", lambda c, u: u["school_code"], None),
    ("学校名称", lambda c, u: u["school_name"], None),
    ("学段", lambda c, u: _level(u["level"]), None),
    ("在校生(人)", lambda c, u: u["students"], None),
    ("规划后达标项(项)", lambda c, u: u["met"], None),
)
_ASSUMPTION_COLUMNS = (
    ("项目", lambda c, r: r["label"], None),
    ("数值", lambda c, r: r["value"], None),
    ("单位", lambda c, r: r["unit"], None),
    ("说明", lambda c, r: r["note"], None),
)
_SUMMARY_COLUMNS = (
    ("县代码", lambda c, s: c.county_code, None),
    ("县名称", lambda c, s: c.county_name, None),
    ("年度", lambda c, s: c.year, None),
    ("方案", lambda c, s: MODE_ZH[c.mode], None),
    ("状态", lambda c, s: STATUS_ZH[c.status], None),
    ("花费(万元)", lambda c, s: None if c.status == INFEASIBLE else c.cost, "money"),
    ("全部达标最低花费(万元)", lambda c, s: c.least_cost, "money"),
    ("规划前未达到要求的学校（学部）", lambda c, s: s[0]["failing_units"] if s[0] else None, None),
    ("规划后未达到要求的学校（学部）", lambda c, s: s[1]["failing_units"] if s[1] else None, None),
    ("规划前资源配置结论", lambda c, s: verdict(s[0]["pass"]) if s[0] else "—", None),
    ("规划后资源配置结论", lambda c, s: verdict(s[1]["pass"]) if s[1] else "—", None),
    ("说明", lambda c, s: "；".join(r.zh for r in (*c.reasons, *c.notes)), None),
)


def render_xlsx(plan: Plan) -> bytes:
    from junheng.workbooks import SafeWorkbook

    buffer = io.BytesIO()
    workbook = SafeWorkbook(buffer, {"in_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    formats = {
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "cv": workbook.add_format({"num_format": "0.000"}),
        # whole items show no decimals; m² and 万元 at most two, as the plan rounds them
        "amount": workbook.add_format({"num_format": "#,##0.##"}),
    }

    def sheet(name: str, columns, items) -> None:
        ws = workbook.add_worksheet(name)
        for c, (heading, _, _) in enumerate(columns):
            ws.write(0, c, heading, header)
            ws.set_column(c, c, max(10, len(heading) * 2 + 2))
        for r, (county, item) in enumerate(items, start=1):
            for c, (_, value, number_format) in enumerate(columns):
                ws.write(r, c, value(county, item), formats.get(number_format))
        ws.freeze_panes(1, 0)

    counties = plan.counties
    summaries = [(c, (_county_summary(c.before), _county_summary(c.after))) for c in counties]
    sheet("规划汇总", _SUMMARY_COLUMNS, summaries)
    sheet("措施清单", _ACTION_COLUMNS, [(c, a) for c in counties for a in c.actions])
    sheet("交流轮岗", _TRANSFER_COLUMNS, [(c, t) for c in counties for t in c.transfers])
    sheet("年度支出", _YEAR_COLUMNS, [(c, y) for c in counties for y in c.yearly])
    sheet("差异系数", _CV_COLUMNS, [(c, r) for c in counties for r in _indicator_rows(c)])
    sheet("学校达标", _UNIT_COLUMNS, [(c, u) for c in counties for u in _unit_rows(c)])
    sheet("仍未达标", _FAILING_COLUMNS, [(c, u) for c in counties for u in still_failing(c)])
    sheet("测算假设", _ASSUMPTION_COLUMNS, [(None, row) for row in assumption_rows(plan.costs)])
    notes = workbook.add_worksheet("说明")
    notes.set_column(0, 0, 110)
    for r, line in enumerate(METHOD_NOTES):
        notes.write(r, 0, line)
    workbook.close()
    return buffer.getvalue()


METHOD_NOTES = (
    "改进规划的方法",
    "1. 混合整数规划（HiGHS 求解）：教室、教师为整数，面积（m²）与设备值（万元）为连续量。",
    "2. 每所参评学校（学部）至少 6 项指标达到标准、其余不低于标准的 85%；"
    "每项指标的差异系数不超过规定值。",
    "3. 差异系数约束是凸的二阶锥约束，用切平面外逼近；每轮把方案应用到学校数据，按评估标准重新"
    "计算差异系数，仍超过规定值时加切平面再求解，直到全部达到要求。",
    "4. 跨学段学校的校舍、场地、设备、多媒体教室按折合学生数分摊到各学段；教师按任教学段计。",
    "5. 交流轮岗只在本县公办县属学校之间、同一学段内进行，每校调入调出人数不超过设定上限。",
    "6. 新增教师与交流补贴按规划年限逐年计费；建设购置一次计费，按紧迫程度和花费从小到大"
    "分摊到各年度，使每年支出大致相同。",
    "7. 给出预算时：在预算内使达到要求的学校（学部）最多，其次花费最少；"
    "现已达到要求的学校（学部）保持达到要求。",
)
