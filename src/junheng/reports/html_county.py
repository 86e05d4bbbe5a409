"""One county-year of the HTML report (see `html_report`): its section of the page.

The verdict banner with its reasons; per level a chart of each indicator's CV against its
limit (or the composite), the indicator table and the school × indicator matrix coloured by
met / within the floor (85 %) / below; the failing units with their gaps; the excluded
schools. The charts' data are collected for the page, which embeds them once as JSON.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from junheng.evaluation import Evaluation, Standard
from junheng.evaluation.compliance import RELATIVE_TOLERANCE, gap_column, meets_column
from junheng.evaluation.indicators import value_column
from junheng.evaluation.levels import LEVELS
from junheng.reports import labels, scope
from junheng.reports.html_markup import (
    anchor,
    badge,
    cv_badge,
    e,
    finite,
    gap_text,
    header_cells,
    integer,
    num,
    shown,
    verdict_class,
)

TOP_CONTRIBUTORS = 3
PASS_COLOUR, FAIL_COLOUR, NEUTRAL_COLOUR = "#2e7d32", "#c62828", "#5b8ff9"


class CountySection:
    """Renders county-year sections, appending each level's chart data to `charts`."""

    def __init__(self, evaluation: Evaluation, charts: list[dict[str, Any]]) -> None:
        self.evaluation = evaluation
        self.standard: Standard = evaluation.standard
        self.charts = charts

    def render(self, county: dict[str, Any]) -> str:
        """The section of one county-year: a row of `Evaluation.counties`."""
        ev = self.evaluation
        code, year = county["county_code"], county["year"]
        here = (pl.col("county_code") == code) & (pl.col("year") == year)
        levels = ev.levels.filter(here)
        indicators = ev.indicators.filter(here)
        units = ev.units.filter(here)
        contributors = ev.contributors.filter(here)
        excluded = ev.excluded.filter(here)
        parts = [
            f'<section class="county" id="{anchor(code, year)}">\n',
            f'<h2>{e(county["county_name"])}<span class="muted">（{e(code)}）</span>'
            f" {e(year)} 年度</h2>\n",
            self._banner(county, levels, indicators),
        ]
        for level in levels.iter_rows(named=True):
            name = level["level"]
            parts.append(
                self._level(
                    county,
                    level,
                    indicators.filter(pl.col("level") == name),
                    units.filter(pl.col("level") == name),
                    contributors.filter(pl.col("level") == name),
                )
            )
        if self.standard.has_thresholds:
            parts.append(self._failing(units))
        parts.append(self._excluded(excluded))
        parts.append("</section>\n")
        return "".join(parts)

    def _banner(
        self, county: dict[str, Any], levels: pl.DataFrame, indicators: pl.DataFrame
    ) -> str:
        standard = self.standard
        reasons: list[tuple[bool, str]] = []
        for level in levels.iter_rows(named=True):
            name = labels.level_name(level["level"])
            if standard.cv_mode == "composite":
                over = "未超过" if level["cv_pass"] else "超过"
                reasons.append(
                    (
                        level["cv_pass"],
                        f"{name}综合差异系数 {num(level['composite_cv'], 3)}，"
                        f"{over}规定值 {num(level['composite_cv_max'], 2)}",
                    )
                )
                continue
            rows = indicators.filter(pl.col("level") == level["level"])
            limit = standard.cv_max.get(level["level"])
            over = rows.filter(~pl.col("cv_pass"))
            if over.height == 0:
                text = f"{name} {rows.height} 项指标的差异系数均未超过规定值 {num(limit, 2)}"
            else:
                items = "、".join(
                    f"{standard.indicator(r['indicator']).display_name} {num(r['cv'], 3)}"
                    for r in over.iter_rows(named=True)
                )
                text = f"{name} {over.height} 项指标的差异系数超过规定值 {num(limit, 2)}：{items}"
            reasons.append((level["cv_pass"], text))
        if standard.has_thresholds:
            failing = county["failing_units"]
            rule = labels.school_rule(standard)
            if failing:
                reasons.append((False, f"{scope.failing_schools(standard, failing)}（{rule}）"))
            else:
                reasons.append((True, f"{county['units']} 所参评学校（学部）均达到要求"))
        items = "".join(
            f'<li class="{verdict_class(ok)}">'
            f'<span class="mark">{"✓" if ok else "✗"}</span>{e(text)}</li>'
            for ok, text in reasons
        )
        verdict = scope.county_verdict(standard, county)
        return (
            f'<div class="banner {verdict_class(county["pass"])}">'
            f'<div class="verdict">{e(verdict)}</div>'
            f'<div class="facts"><p>参评学校（学部）{county["units"]:,} 所，'
            f"在校生 {county['students']:,} 人</p><ul>{items}</ul></div></div>\n"
        )

    def _level(
        self,
        county: dict[str, Any],
        level: dict[str, Any],
        indicators: pl.DataFrame,
        units: pl.DataFrame,
        contributors: pl.DataFrame,
    ) -> str:
        standard = self.standard
        composite = standard.cv_mode == "composite"
        name = level["level"]
        heading = (
            f'{labels.level_name(name)} <span class="muted">参评学校（学部）{level["schools"]:,} 所'
            f" · 在校生 {level['students']:,} 人</span> {cv_badge(level['cv_pass'], '差异系数')}"
        )
        chart_id = f"chart-{len(self.charts) + 1}"
        self.charts.append(self._chart(chart_id, level, indicators))
        height = 60 + 34 * (indicators.height + (1 if composite else 0))
        return (
            '<section class="level">\n'
            f"<h3>{heading}</h3>\n"
            f'<div class="chart" id="{chart_id}" style="height:{height}px"></div>\n'
            f"{self._indicator_table(level, indicators, contributors)}"
            f"{self._matrix(name, units, level['schools'])}"
            "</section>\n"
        )

    def _chart(
        self, chart_id: str, level: dict[str, Any], indicators: pl.DataFrame
    ) -> dict[str, Any]:
        standard = self.standard
        names, values, colours = [], [], []
        for row in indicators.iter_rows(named=True):
            indicator = standard.indicator(row["indicator"])
            names.append(labels.short_label(indicator))
            values.append(row["cv"] if finite(row["cv"]) else 0.0)
            if standard.cv_mode == "composite":
                colours.append(NEUTRAL_COLOUR)
            else:
                colours.append(PASS_COLOUR if row["cv_pass"] else FAIL_COLOUR)
        if standard.cv_mode == "composite":
            names.append("综合差异系数")
            values.append(level["composite_cv"] if finite(level["composite_cv"]) else 0.0)
            colours.append(PASS_COLOUR if level["cv_pass"] else FAIL_COLOUR)
            limit = level["composite_cv_max"]
            limit_label = f"综合差异系数规定值 {limit:.2f}"
        else:
            limit = standard.cv_max.get(level["level"])
            limit_label = f"规定值 {limit:.2f}"
        return {
            "id": chart_id,
            "names": names,
            "values": values,
            "colours": colours,
            "limit": limit,
            "limitLabel": limit_label,
        }

    def _indicator_table(
        self, level: dict[str, Any], indicators: pl.DataFrame, contributors: pl.DataFrame
    ) -> str:
        standard = self.standard
        per_indicator = standard.cv_mode == "per_indicator"
        head = ["指标", "加权均值", "差异系数"]
        if per_indicator:
            head += ["规定值", "结论"]
        head += ["未加权差异系数", "基尼系数", "泰尔指数（乡镇间占比）", "差异贡献最大的学校"]
        top: dict[str, list[str]] = {}
        for row in contributors.iter_rows(named=True):
            names = top.setdefault(row["indicator"], [])
            if len(names) < TOP_CONTRIBUTORS:
                names.append(f"{e(row['school_name'])} {row['variance_share']:.0%}")
        rows = []
        for row in indicators.iter_rows(named=True):
            indicator = standard.indicator(row["indicator"])
            theil = row["theil"]
            share = row["theil_between"] / theil if finite(theil) and theil else None
            theil_text = num(theil, 4) + (f"（{share:.0%}）" if share is not None else "")
            cells = [
                f"<td>{e(labels.indicator_label(indicator))}</td>",
                f'<td class="n">{shown(indicator, row["mean"])}</td>',
            ]
            if per_indicator:
                cells += [
                    f'<td class="n {verdict_class(row["cv_pass"])}">{num(row["cv"], 3)}</td>',
                    f'<td class="n">{num(row["cv_max"], 2)}</td>',
                    f"<td>{cv_badge(row['cv_pass'])}</td>",
                ]
            else:
                cells.append(f'<td class="n">{num(row["cv"], 3)}</td>')
            cells += [
                f'<td class="n">{num(row["unweighted_cv"], 3)}</td>',
                f'<td class="n">{num(row["gini"], 3)}</td>',
                f'<td class="n">{theil_text}</td>',
                f'<td class="small">{"、".join(top.get(row["indicator"], [])) or "—"}</td>',
            ]
            rows.append(f"<tr>{''.join(cells)}</tr>\n")
        if not per_indicator:
            rows.append(
                '<tr class="total"><td>综合差异系数（各指标平均）</td><td></td>'
                f'<td class="n {verdict_class(level["cv_pass"])}">{num(level["composite_cv"], 3)}'
                f'</td><td colspan="4">规定值 {num(level["composite_cv_max"], 2)} '
                f"{cv_badge(level['cv_pass'])}</td></tr>\n"
            )
        return (
            f'<table class="grid indicators"><thead><tr>{header_cells(head)}</tr></thead>\n'
            f"<tbody>\n{''.join(rows)}</tbody></table>\n"
        )

    def _matrix(self, level: str, units: pl.DataFrame, total: int) -> str:
        standard = self.standard
        indicators = standard.indicators
        thresholds = standard.has_thresholds
        rule = standard.school_rule
        head = ["乡镇", "学校", "学生数", *(labels.short_label(i) for i in indicators)]
        titles = ["", "", "", *(labels.indicator_label(i) for i in indicators)]
        if thresholds:
            head += ["达标项", "结论"]
            titles += ["", ""]
        header = "".join(
            f'<th title="{e(t)}">{e(h)}</th>' if t else f"<th>{e(h)}</th>"
            for h, t in zip(head, titles, strict=True)
        )
        limit_row = ""
        if thresholds:
            limits = "".join(
                f'<td class="n">{shown(i, i.threshold.get(level))}</td>' for i in indicators
            )
            limit_row = (
                f'<tr class="limits"><td colspan="3">标准（≥）</td>{limits}'
                "<td></td><td></td></tr>\n"
            )
        ordered = units.sort("township", "unit_code", nulls_last=True)
        rows = []
        for unit in ordered.iter_rows(named=True):
            cells = [
                f"<td>{e(unit['township'])}</td>",
                f'<td title="{e(unit["unit_code"])}">{e(unit["school_name"])}</td>',
                f'<td class="n">{unit["students"]:,}</td>',
            ]
            for indicator in indicators:
                value = unit[value_column(indicator)]
                text = shown(indicator, value)
                if not thresholds or rule is None:
                    cells.append(f'<td class="n">{text}</td>')
                    continue
                limit = indicator.threshold.get(level)
                if unit[meets_column(indicator)]:
                    state = "ok"
                elif (
                    limit is not None
                    and finite(value)
                    and value >= limit * rule.floor_ratio * (1 - RELATIVE_TOLERANCE)
                ):
                    state = "near"
                else:
                    state = "bad"
                cells.append(f'<td class="n m-{state}">{text}</td>')
            if thresholds:
                cells += [
                    f'<td class="n">{unit["met_count"]}/{len(indicators)}</td>',
                    f"<td>{badge(unit['pass'])}</td>",
                ]
            rows.append(f"<tr>{''.join(cells)}</tr>\n")
        legend = ""
        if thresholds and rule is not None:
            legend = (
                '<p class="legend"><span class="m-ok">达到标准</span>'
                f'<span class="m-near">未达到标准，但不低于标准的 {rule.floor_ratio:.0%}</span>'
                f'<span class="m-bad">低于标准的 {rule.floor_ratio:.0%}</span></p>\n'
            )
        count = f"参评学校（学部）{units.height} 所"
        if units.height < total:
            count = f"显示 {units.height} 所，共 {total} 所参评学校（学部）"
        return (
            f"<h4>学校 × 指标（{count}）</h4>\n{legend}"
            '<div class="scroll"><table class="grid matrix">'
            f"<thead><tr>{header}</tr></thead>\n<tbody>\n{limit_row}{''.join(rows)}"
            "</tbody></table></div>\n"
        )

    def _failing(self, units: pl.DataFrame) -> str:
        standard = self.standard
        indicators = standard.indicators
        failing = units.filter(~pl.col("pass"))
        if failing.height == 0:
            return (
                f"<h4>{e(scope.failing_heading(standard))}</h4>\n"
                '<p class="ok-text">参评学校（学部）均达到要求。</p>\n'
            )
        rows = []
        order = pl.col("level").replace_strict(
            {level: rank for rank, level in enumerate(LEVELS)}, return_dtype=pl.Int8
        )
        for unit in failing.sort(order, "township", "unit_code", nulls_last=True).iter_rows(
            named=True
        ):
            shortfalls, gaps = [], []
            for indicator in indicators:
                if unit[meets_column(indicator)]:
                    continue
                limit = indicator.threshold.get(unit["level"])
                shortfalls.append(
                    f"{e(labels.short_label(indicator))} "
                    f"{shown(indicator, unit[value_column(indicator)])} / {shown(indicator, limit)}"
                )
                gap = unit[gap_column(indicator)]
                if finite(gap):
                    gaps.append(
                        f"{e(labels.resource_name(indicator.resource))} "
                        f"{e(gap_text(indicator, gap))}"
                    )
            rows.append(
                "<tr>"
                f"<td>{e(labels.level_name(unit['level']))}</td>"
                f"<td>{e(unit['township'])}</td>"
                f'<td title="{e(unit["unit_code"])}">{e(unit["school_name"])}</td>'
                f'<td class="n">{unit["students"]:,}</td>'
                f'<td class="n">{unit["met_count"]}/{len(indicators)}</td>'
                f'<td class="small">{"<br>".join(shortfalls)}</td>'
                f'<td class="small">{"<br>".join(gaps)}</td>'
                "</tr>\n"
            )
        totals = self._gap_totals(units)
        head = ["学段", "乡镇", "学校", "学生数", "达标项", "未达到标准的指标（实际 / 标准）"]
        head.append("需补充")
        return (
            f"<h4>{e(scope.failing_schools(standard, failing.height))}，及其差距</h4>\n"
            f"{totals}"
            f'<table class="grid failing"><thead><tr>{header_cells(head)}</tr></thead>\n'
            f"<tbody>\n{''.join(rows)}</tbody></table>\n"
        )

    def _gap_totals(self, units: pl.DataFrame) -> str:
        """Per level, the sum of every unit's gaps: what it takes for every indicator."""
        indicators = self.standard.indicators
        sums = units.group_by("level").agg(
            pl.col(gap_column(i)).sum().alias(i.key) for i in indicators
        )
        lines = []
        for level in self.standard.levels:
            row = sums.filter(pl.col("level") == level)
            if row.height == 0:
                continue
            values = row.row(0, named=True)
            parts = [
                f"{labels.resource_name(i.resource)} {gap_text(i, values[i.key])}"
                for i in indicators
                if finite(values[i.key]) and values[i.key] > 0
            ]
            if parts:
                lines.append(f"<li>{e(labels.level_name(level))}：{e('；'.join(parts))}</li>")
        if not lines:
            return ""
        return (
            '<p class="note">让每所参评学校（学部）的每项指标都达到标准，共需补充：</p>\n'
            f'<ul class="totals">{"".join(lines)}</ul>\n'
        )

    def _excluded(self, excluded: pl.DataFrame) -> str:
        if excluded.height == 0:
            return ""
        rows = "".join(
            "<tr>"
            f"<td>{e(row['township'])}</td>"
            f"<td>{e(row['school_code'])}</td>"
            f"<td>{e(row['school_name'])}</td>"
            f"<td>{e(row['school_type'])}</td>"
            f'<td class="n">{integer(row["primary_students"])}</td>'
            f'<td class="n">{integer(row["junior_students"])}</td>'
            f"<td>{e(labels.chinese(row['excluded_reason']))}</td>"
            "</tr>\n"
            for row in excluded.iter_rows(named=True)
        )
        head = ["乡镇", "学校标识码", "学校名称", "学校类型", "小学在校生", "初中在校生", "原因"]
        return (
            f"<h4>未纳入计算的学校（{excluded.height} 所）</h4>\n"
            f'<table class="grid excluded"><thead><tr>{header_cells(head)}</tr></thead>\n'
            f"<tbody>\n{rows}</tbody></table>\n"
        )
