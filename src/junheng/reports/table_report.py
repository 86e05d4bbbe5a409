"""A readable terminal summary of an Evaluation (rich)."""

from __future__ import annotations

import io

import polars as pl
from rich.console import Console
from rich.table import Table

from junheng.evaluation import Evaluation
from junheng.evaluation.compliance import gap_column, meets_column
from junheng.evaluation.levels import LEVEL_NAMES
from junheng.reports import scope
from junheng.reports.contract import gap_key
from junheng.reports.labels import cv_verdict, gap_unit, resource_name, verdict

# Beyond this many counties the table lists counties only: a national file stays readable.
DETAIL_COUNTIES = 5
FAILING_SHOWN = 30


def render_table(evaluation: Evaluation, *, color: bool = False, width: int = 120) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False
    )
    standard = evaluation.standard
    console.print(f"[bold]{standard.name}[/bold]（{standard.document}）")
    console.print(scope.scope_note(standard))
    console.print(scope.scope_note(standard, en=True))
    counties = evaluation.counties
    if counties.height > DETAIL_COUNTIES:
        _county_overview(console, evaluation)
    else:
        for county in counties.iter_rows(named=True):
            _county_detail(console, evaluation, county)
    return buffer.getvalue()


def _county_overview(console: Console, evaluation: Evaluation) -> None:
    standard = evaluation.standard
    counties = evaluation.counties
    passed = counties.filter(pl.col("pass")).height
    judged, judged_en = scope.judged_name(standard), scope.judged_name(standard, en=True)
    console.print(
        f"{counties.height} 个县·年度，其中 {passed} 个{judged}达到要求 / "
        f"{counties.height} county-years, {judged_en} met in {passed}"
    )
    table = Table(
        "县代码", "县名称", "年度", "参评学校（学部）", "在校生", "差异系数", f"{judged}结论"
    )
    for row in counties.iter_rows(named=True):
        table.add_row(
            row["county_code"],
            row["county_name"],
            str(row["year"]),
            str(row["units"]),
            f"{row['students']:,}",
            cv_verdict(row["cv_pass"]),
            verdict(row["pass"]),
        )
    console.print(table)


def _county_detail(console: Console, evaluation: Evaluation, county: dict) -> None:
    standard = evaluation.standard
    code, year = county["county_code"], county["year"]
    console.rule(
        f"{county['county_name']}（{code}）{year} 年 — {scope.county_verdict(standard, county)}"
    )
    in_county = (pl.col("county_code") == code) & (pl.col("year") == year)
    for level in evaluation.levels.filter(in_county).iter_rows(named=True):
        name = LEVEL_NAMES[level["level"]]
        title = f"{name}：参评学校（学部）{level['schools']} 所，在校生 {level['students']:,} 人"
        if standard.cv_mode == "composite":
            title += (
                f"；综合差异系数 {level['composite_cv']:.3f}"
                f"（规定值 {level['composite_cv_max']:.2f}），"
                f"{cv_verdict(level['cv_pass'])}"
            )
        console.print(title)
        table = Table()
        table.add_column("指标")
        table.add_column("加权均值", justify="right")
        table.add_column("差异系数", justify="right")
        if standard.cv_mode == "per_indicator":
            table.add_column("规定值", justify="right")
            table.add_column("结论")
        table.add_column("基尼", justify="right")
        table.add_column("泰尔(乡镇间占比)", justify="right")
        indicators = evaluation.indicators.filter(in_county & (pl.col("level") == level["level"]))
        for row in indicators.iter_rows(named=True):
            indicator = standard.indicator(row["indicator"])
            mean = indicator.shown(row["mean"])
            cells = [
                indicator.shown_label,
                "—" if mean is None else f"{mean:,.{indicator.shown_decimals}f}",
                f"{row['cv']:.3f}",
            ]
            if standard.cv_mode == "per_indicator":
                cells += [f"{row['cv_max']:.2f}", cv_verdict(row["cv_pass"])]
            between = row["theil_between"] / row["theil"] if row["theil"] else 0.0
            cells += [f"{row['gini']:.3f}", f"{row['theil']:.3f} ({between:.0%})"]
            table.add_row(*cells)
        console.print(table)
    if standard.has_thresholds:
        _failing_units(console, evaluation, in_county)
    excluded = evaluation.excluded.filter(in_county).height
    if excluded:
        console.print(f"未纳入计算的学校 {excluded} 所 / schools not included: {excluded}")


def _failing_units(console: Console, evaluation: Evaluation, in_county: pl.Expr) -> None:
    standard = evaluation.standard
    failing = evaluation.units.filter(in_county & ~pl.col("pass"))
    if failing.height == 0:
        console.print(
            "参评学校（学部）均达到要求 / every school (section) meets the per-school rule"
        )
        return
    table = Table(
        title=f"{scope.failing_schools(standard, failing.height)} / "
        f"{failing.height} schools (sections) do not meet the per-school rule",
        title_justify="left",
    )
    for heading in ("学校标识码", "学校名称", "学段", "达标项", "还需补充"):
        table.add_column(heading)
    for unit in failing.head(FAILING_SHOWN).iter_rows(named=True):
        gaps = []
        for indicator in standard.indicators:
            if unit[meets_column(indicator)]:
                continue
            gap = unit[gap_column(indicator)]
            column = gap_key(indicator.resource, unit["level"])
            amount = f"{gap:,.0f}" if indicator.rounds_up else f"{gap:,.1f}"
            gaps.append(f"{resource_name(indicator.resource)} 缺 {amount} {gap_unit(column)}")
        table.add_row(
            unit["unit_code"],
            unit["school_name"],
            LEVEL_NAMES[unit["level"]],
            f"{unit['met_count']}/{len(standard.indicators)}",
            "；".join(gaps),
        )
    console.print(table)
    if failing.height > FAILING_SHOWN:
        console.print(f"……另有 {failing.height - FAILING_SHOWN} 所（完整名单见 xlsx 或 html 报告）")
