"""A plan as the terminal table `junheng plan --format table` prints, in Chinese."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from junheng.planning.levers import TEACHER_NAMES
from junheng.planning.result import INFEASIBLE, CountyPlan, Plan
from junheng.reports.labels import cv_verdict, verdict
from junheng.reports.plan_report import (
    ACTIONS_SHOWN,
    DETAIL_COUNTIES,
    MODE_ZH,
    PART_STATES,
    STATUS_ZH,
    URGENCY_ZH,
    assumption_rows,
    county_summary,
    indicator_rows,
    level_text,
    quantity_text,
    still_failing,
)


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
        before, after = county_summary(c.before), county_summary(c.after)
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
    before = county_summary(county.before)
    if county.status == INFEASIBLE:
        console.print("[bold]无法满足的要求 / what cannot be met:[/bold]")
        for reason in county.reasons:
            console.print(f"  • {reason.zh}")
        return
    after = county_summary(county.after)
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
            + "、".join(f"{u['school_name']}（{level_text(u['level'])}）" for u in failing)
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
            level_text(a.level),
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
            level_text(t.level),
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
    for row in indicator_rows(county):
        table.add_row(
            level_text(row["level"]),
            row["name"],
            f"{row['cv_before']:.3f}",
            "—" if row["cv_after"] is None else f"{row['cv_after']:.3f}",
            f"{row['cv_max']:.2f}",
            cv_verdict(row["cv_pass_after"]),
        )
    console.print(table)
