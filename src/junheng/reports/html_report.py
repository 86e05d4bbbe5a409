"""The evaluation as one self-contained HTML page: inline CSS, inline ECharts, no network.

A bureau can mail the file to a township: it opens offline in any browser, a
Content-Security-Policy forbids every network request, fonts come from the system's CJK
fonts, and every number is in a table as well as in a chart (the page reads and prints
without JavaScript). All data are HTML-escaped; the chart data travel as JSON inside a
`<script type="application/json">` with `<`, `>` and `&` escaped.

Per county and year: a verdict banner with its reasons, per level a chart of each indicator's
CV against its limit (or the composite), the indicator table, the school × indicator matrix
coloured by met / within the floor (85 %) / below, the failing units with their gaps, and the
excluded schools. A file with more than DETAIL_ALL counties shows a summary table of all of
them and the detail of the first DETAIL_SHOWN only, so the page stays small.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from junheng import __version__
from junheng.evaluation import Evaluation, Indicator, Standard
from junheng.evaluation.compliance import RELATIVE_TOLERANCE, gap_column, meets_column
from junheng.evaluation.indicators import value_column
from junheng.evaluation.levels import LEVELS
from junheng.reports import labels

# Up to this many county-years every one is shown in detail; beyond, a summary table and
# the first DETAIL_SHOWN in detail.
DETAIL_ALL = 20
DETAIL_SHOWN = 5
TOP_CONTRIBUTORS = 3
ECHARTS = "static/vendor/echarts/echarts.min.js"

CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
)
FONTS = (
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", "Heiti SC", SimHei, sans-serif'
)
PASS_COLOUR, FAIL_COLOUR, NEUTRAL_COLOUR = "#2e7d32", "#c62828", "#5b8ff9"


@cache
def echarts_source() -> str:
    """The vendored ECharts build (package data, see static/vendor/echarts/)."""
    return resources.files("junheng").joinpath(ECHARTS).read_text(encoding="utf-8")


def e(value: Any) -> str:
    """HTML-escape anything for text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _num(value: float | None, decimals: int = 2) -> str:
    return f"{value:,.{decimals}f}" if _finite(value) else "—"


def _decimals(indicator: Indicator) -> int:
    return 0 if indicator.unit == "元" else 2


def _gap_text(indicator: Indicator, gap: float) -> str:
    unit = labels.resource_unit(indicator)
    decimals = 0 if indicator.rounds_up else 2 if unit == "万元" else 1
    return f"{_num(gap, decimals)} {unit}"


def _json_for_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(evaluation: Evaluation) -> bytes:
    """The report page as UTF-8 bytes."""
    page = _Page(evaluation)
    return page.render().encode("utf-8")


class _Page:
    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.standard: Standard = evaluation.standard
        self.charts: list[dict[str, Any]] = []

    # --- the page ---------------------------------------------------------------------------

    def render(self) -> str:
        counties = self.evaluation.counties
        detailed = counties if counties.height <= DETAIL_ALL else counties.head(DETAIL_SHOWN)
        body: list[str] = [self._head_section()]
        if counties.height > 1:
            body.append(self._overview(set(detailed.select("county_code", "year").iter_rows())))
        for county in detailed.iter_rows(named=True):
            body.append(self._county(county))
        body.append(self._notes())
        return "".join(
            [
                '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
                f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
                f'<meta name="generator" content="Junheng {e(__version__)}">\n',
                f"<title>{e(self._title())}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
                "<main>\n",
                *body,
                "</main>\n",
                "<script>",
                echarts_source().replace("</script", "<\\/script"),
                "</script>\n",
                '<script type="application/json" id="junheng-charts">',
                _json_for_script(self.charts),
                "</script>\n<script>",
                _CHART_JS.replace("__FONTS__", json.dumps(FONTS)),
                "</script>\n</body>\n</html>\n",
            ]
        )

    def _title(self) -> str:
        counties = self.evaluation.counties
        if counties.height == 1:
            row = counties.row(0, named=True)
            where = f"{row['county_name']} {row['year']} 年度"
        else:
            where = f"{counties.get_column('county_code').n_unique()} 个县"
        return f"{where} 县域义务教育均衡发展评估报告"

    def _head_section(self) -> str:
        ev, standard = self.evaluation, self.standard
        counties = ev.counties
        passed = counties.filter(pl.col("pass")).height
        summary = (
            f"{counties.height} 个县·年度，{passed} 个达标；{ev.units.height:,} 个评估单位；"
            f"{ev.excluded.height:,} 所学校未纳入计算"
        )
        return (
            '<header class="page-head">\n'
            f"<h1>{e(self._title())}</h1>\n"
            f'<p class="standard">评估标准：{e(standard.name)}（{e(standard.document)}）'
            f' <span class="muted">{e(standard.id)}</span></p>\n'
            f'<p class="muted">{e(summary)}</p>\n'
            f'<p class="scope">{e(labels.SCOPE_NOTE)}</p>\n'
            "</header>\n"
        )

    # --- many counties ----------------------------------------------------------------------

    def _overview(self, detailed: set[tuple[str, int]]) -> str:
        ev, standard = self.evaluation, self.standard
        shown = len(detailed)
        composite = standard.cv_mode == "composite"
        levels = {
            (row["county_code"], row["year"], row["level"]): row
            for row in ev.levels.iter_rows(named=True)
        }
        over: dict[tuple[str, int, str], int] = {}
        if not composite:
            counts = ev.indicators.group_by("county_code", "year", "level").agg(
                (~pl.col("cv_pass")).sum().alias("over")
            )
            over = {
                (r["county_code"], r["year"], r["level"]): r["over"]
                for r in counts.iter_rows(named=True)
            }
        head = ["县代码", "县名称", "年度", "评估单位", "在校生"]
        head += [f"{labels.level_name(level)}差异系数" for level in standard.levels]
        if standard.has_thresholds:
            head.append("未达标学校")
        head.append("结论")
        rows = []
        for county in ev.counties.iter_rows(named=True):
            code, year = county["county_code"], county["year"]
            name = e(county["county_name"])
            if (code, year) in detailed:
                name = f'<a href="#{_anchor(code, year)}">{name}</a>'
            cells = [
                f"<td>{e(code)}</td>",
                f"<td>{name}</td>",
                f"<td>{e(year)}</td>",
                f'<td class="n">{county["units"]:,}</td>',
                f'<td class="n">{county["students"]:,}</td>',
            ]
            for level in standard.levels:
                row = levels.get((code, year, level))
                if row is None:
                    cells.append('<td class="muted">—</td>')
                elif composite:
                    cells.append(
                        f'<td class="n {_cls(row["cv_pass"])}">{_num(row["composite_cv"], 3)}'
                        f" / {_num(row['composite_cv_max'], 2)}</td>"
                    )
                else:
                    count = over.get((code, year, level), 0)
                    text = "均未超限" if count == 0 else f"{count} 项超限"
                    cells.append(f'<td class="{_cls(row["cv_pass"])}">{text}</td>')
            if standard.has_thresholds:
                cells.append(f'<td class="n">{county["failing_units"]:,}</td>')
            cells.append(f"<td>{_badge(county['pass'])}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>\n")
        note = ""
        if shown < ev.counties.height:
            note = (
                f'<p class="note">共 {ev.counties.height:,} 个县·年度；'
                f"为控制页面大小，下面只列出前 {shown} 个的详细结果。"
                "各县完整结果请用 xlsx 格式输出，或按县分别生成本报告。</p>\n"
            )
        return (
            '<section class="overview">\n<h2>各县结论</h2>\n'
            f"{note}"
            f'<table class="grid"><thead><tr>{_ths(head)}</tr></thead>\n<tbody>\n'
            f"{''.join(rows)}</tbody></table>\n</section>\n"
        )

    # --- one county -------------------------------------------------------------------------

    def _county(self, county: dict[str, Any]) -> str:
        ev = self.evaluation
        code, year = county["county_code"], county["year"]
        here = (pl.col("county_code") == code) & (pl.col("year") == year)
        levels = ev.levels.filter(here)
        indicators = ev.indicators.filter(here)
        units = ev.units.filter(here)
        contributors = ev.contributors.filter(here)
        excluded = ev.excluded.filter(here)
        parts = [
            f'<section class="county" id="{_anchor(code, year)}">\n',
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
                reasons.append(
                    (
                        level["cv_pass"],
                        f"{name}综合差异系数 {_num(level['composite_cv'], 3)}，"
                        f"上限 {_num(level['composite_cv_max'], 2)}",
                    )
                )
                continue
            rows = indicators.filter(pl.col("level") == level["level"])
            limit = standard.cv_max.get(level["level"])
            over = rows.filter(~pl.col("cv_pass"))
            if over.height == 0:
                text = f"{name} {rows.height} 项指标的差异系数均不超过 {_num(limit, 2)}"
            else:
                items = "、".join(
                    f"{standard.indicator(r['indicator']).name} {_num(r['cv'], 3)}"
                    for r in over.iter_rows(named=True)
                )
                text = f"{name} {over.height} 项指标的差异系数超过 {_num(limit, 2)}：{items}"
            reasons.append((level["cv_pass"], text))
        if standard.has_thresholds:
            failing = county["failing_units"]
            rule = labels.school_rule(standard)
            if failing:
                reasons.append((False, f"{failing} 个评估单位未达到学校标准（{rule}）"))
            else:
                reasons.append((True, f"全部 {county['units']} 个评估单位均达到学校标准"))
        items = "".join(
            f'<li class="{_cls(ok)}"><span class="mark">{"✓" if ok else "✗"}</span>{e(text)}</li>'
            for ok, text in reasons
        )
        verdict = "达标" if county["pass"] else "未达标"
        return (
            f'<div class="banner {_cls(county["pass"])}">'
            f'<div class="verdict">{verdict}</div>'
            f'<div class="facts"><p>{county["units"]:,} 个评估单位，'
            f"{county['students']:,} 名学生</p><ul>{items}</ul></div></div>\n"
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
            f'{labels.level_name(name)} <span class="muted">{level["schools"]:,} 个评估单位 · '
            f"{level['students']:,} 名学生</span> {_badge(level['cv_pass'], '差异系数')}"
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
            values.append(row["cv"] if _finite(row["cv"]) else 0.0)
            if standard.cv_mode == "composite":
                colours.append(NEUTRAL_COLOUR)
            else:
                colours.append(PASS_COLOUR if row["cv_pass"] else FAIL_COLOUR)
        if standard.cv_mode == "composite":
            names.append("综合差异系数")
            values.append(level["composite_cv"] if _finite(level["composite_cv"]) else 0.0)
            colours.append(PASS_COLOUR if level["cv_pass"] else FAIL_COLOUR)
            limit = level["composite_cv_max"]
            limit_label = f"综合差异系数上限 {limit:.2f}"
        else:
            limit = standard.cv_max.get(level["level"])
            limit_label = f"上限 {limit:.2f}"
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
            head += ["上限", "结论"]
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
            share = row["theil_between"] / theil if _finite(theil) and theil else None
            theil_text = _num(theil, 4) + (f"（{share:.0%}）" if share is not None else "")
            cells = [
                f"<td>{e(labels.indicator_label(indicator))}</td>",
                f'<td class="n">{_num(row["mean"], _decimals(indicator))}</td>',
            ]
            if per_indicator:
                cells += [
                    f'<td class="n {_cls(row["cv_pass"])}">{_num(row["cv"], 3)}</td>',
                    f'<td class="n">{_num(row["cv_max"], 2)}</td>',
                    f"<td>{_badge(row['cv_pass'])}</td>",
                ]
            else:
                cells.append(f'<td class="n">{_num(row["cv"], 3)}</td>')
            cells += [
                f'<td class="n">{_num(row["unweighted_cv"], 3)}</td>',
                f'<td class="n">{_num(row["gini"], 3)}</td>',
                f'<td class="n">{theil_text}</td>',
                f'<td class="small">{"、".join(top.get(row["indicator"], [])) or "—"}</td>',
            ]
            rows.append(f"<tr>{''.join(cells)}</tr>\n")
        if not per_indicator:
            rows.append(
                '<tr class="total"><td>综合差异系数（各指标平均）</td><td></td>'
                f'<td class="n {_cls(level["cv_pass"])}">{_num(level["composite_cv"], 3)}'
                f'</td><td colspan="4">上限 {_num(level["composite_cv_max"], 2)} '
                f"{_badge(level['cv_pass'])}</td></tr>\n"
            )
        return (
            f'<table class="grid indicators"><thead><tr>{_ths(head)}</tr></thead>\n'
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
                f'<td class="n">{_num(i.threshold.get(level), _decimals(i))}</td>'
                for i in indicators
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
                text = _num(value, _decimals(indicator))
                if not thresholds or rule is None:
                    cells.append(f'<td class="n">{text}</td>')
                    continue
                limit = indicator.threshold.get(level)
                if unit[meets_column(indicator)]:
                    state = "ok"
                elif (
                    limit is not None
                    and _finite(value)
                    and value >= limit * rule.floor_ratio * (1 - RELATIVE_TOLERANCE)
                ):
                    state = "near"
                else:
                    state = "bad"
                cells.append(f'<td class="n m-{state}">{text}</td>')
            if thresholds:
                cells += [
                    f'<td class="n">{unit["met_count"]}/{len(indicators)}</td>',
                    f"<td>{_badge(unit['pass'])}</td>",
                ]
            rows.append(f"<tr>{''.join(cells)}</tr>\n")
        legend = ""
        if thresholds and rule is not None:
            legend = (
                '<p class="legend"><span class="m-ok">达到标准</span>'
                f'<span class="m-near">未达标准，但不低于标准的 {rule.floor_ratio:.0%}</span>'
                f'<span class="m-bad">低于标准的 {rule.floor_ratio:.0%}</span></p>\n'
            )
        count = f"{units.height} 个评估单位"
        if units.height < total:
            count = f"显示 {units.height} 个，共 {total} 个评估单位"
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
            return '<h4>未达标学校</h4>\n<p class="ok-text">所有评估单位均达到学校标准。</p>\n'
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
                decimals = _decimals(indicator)
                shortfalls.append(
                    f"{e(labels.short_label(indicator))} "
                    f"{_num(unit[value_column(indicator)], decimals)} / {_num(limit, decimals)}"
                )
                gap = unit[gap_column(indicator)]
                if _finite(gap):
                    gaps.append(
                        f"{e(labels.resource_name(indicator.resource))} "
                        f"{e(_gap_text(indicator, gap))}"
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
        head = ["学段", "乡镇", "学校", "学生数", "达标项", "未达标指标（实际 / 标准）", "需补充"]
        return (
            f"<h4>未达标学校及差距（{failing.height} 个评估单位）</h4>\n"
            f"{totals}"
            f'<table class="grid failing"><thead><tr>{_ths(head)}</tr></thead>\n'
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
                f"{labels.resource_name(i.resource)} {_gap_text(i, values[i.key])}"
                for i in indicators
                if _finite(values[i.key]) and values[i.key] > 0
            ]
            if parts:
                lines.append(f"<li>{e(labels.level_name(level))}：{e('；'.join(parts))}</li>")
        if not lines:
            return ""
        return (
            '<p class="note">让每个评估单位的每项指标都达到标准，共需补充：</p>\n'
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
            f'<td class="n">{_int(row["primary_students"])}</td>'
            f'<td class="n">{_int(row["junior_students"])}</td>'
            f"<td>{e(labels.chinese(row['excluded_reason']))}</td>"
            "</tr>\n"
            for row in excluded.iter_rows(named=True)
        )
        head = ["乡镇", "学校标识码", "学校名称", "学校类型", "小学在校生", "初中在校生", "原因"]
        return (
            f"<h4>未纳入计算的学校（{excluded.height} 所）</h4>\n"
            f'<table class="grid excluded"><thead><tr>{_ths(head)}</tr></thead>\n'
            f"<tbody>\n{rows}</tbody></table>\n"
        )

    # --- notes ------------------------------------------------------------------------------

    def _notes(self) -> str:
        standard = self.standard
        rules = [labels.cv_rule(standard) + "；等于上限视为达标。"]
        rule = labels.school_rule(standard)
        if rule:
            rules.append(
                f"学校标准：{rule}。县域达标需各学段差异系数达标且所有评估单位达到学校标准。"
            )
        rules += list(labels.unit_rules(standard))
        formula = "<br>".join(e(line) for line in labels.CV_FORMULA)
        analysis = "".join(
            f"<li><b>{e(name)}</b>：{e(text)}</li>" for name, text in labels.ANALYSIS_NOTES
        )
        return (
            '<footer class="notes">\n<h2>说明</h2>\n'
            f'<h4>差异系数（按在校生数加权）</h4>\n<p class="formula">{formula}</p>\n'
            f"<h4>判定规则</h4>\n<ul>{''.join(f'<li>{e(r)}</li>' for r in rules)}</ul>\n"
            f"<h4>分析指标（供参考，不影响结论）</h4>\n<ul>{analysis}</ul>\n"
            f'<p class="muted">由 Junheng（均衡）{e(__version__)} 生成。图表使用 Apache ECharts'
            "（Apache License 2.0），已内嵌于本文件，离线可用。</p>\n"
            "</footer>\n"
        )


def _anchor(code: str, year: int) -> str:
    return e(f"county-{code}-{year}")


def _int(value: int | None) -> str:
    return f"{value:,}" if value is not None else "—"


def _cls(passed: bool | None) -> str:
    return "" if passed is None else "pass" if passed else "fail"


def _badge(passed: bool | None, prefix: str = "") -> str:
    return f'<span class="badge {_cls(passed)}">{e(prefix)}{labels.verdict(passed)}</span>'


def _ths(headers: Iterable[str]) -> str:
    return "".join(f"<th>{e(h)}</th>" for h in headers)


_CSS = (
    """
:root { --pass: #2e7d32; --pass-bg: #e8f5e9; --ok-bg: #f1f8f1; --fail: #c62828; --fail-bg: #ffebee;
  --near-bg: #fff3cd; --line: #d9dee7; --muted: #667085; }
* { box-sizing: border-box; }
body { margin: 0; background: #f5f7fa; color: #1f2933; font-family: __FONTS__;
  font-size: 14px; line-height: 1.55; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid #1f4e79; }
h3 { font-size: 17px; margin: 28px 0 8px; }
h4 { font-size: 15px; margin: 20px 0 8px; }
p { margin: 4px 0; }
.muted { color: var(--muted); font-weight: normal; }
.page-head { border-bottom: 1px solid var(--line); padding-bottom: 12px; }
.scope, .note { color: #7a4f01; background: #fff8e6; padding: 6px 10px; border-radius: 4px; }
.banner { display: flex; gap: 20px; align-items: center; padding: 14px 18px; border-radius: 6px;
  border-left: 8px solid; margin: 12px 0; }
.banner.pass { background: var(--pass-bg); border-color: var(--pass); }
.banner.fail { background: var(--fail-bg); border-color: var(--fail); }
.banner .verdict { font-size: 30px; font-weight: bold; min-width: 110px; text-align: center; }
.banner.pass .verdict { color: var(--pass); }
.banner.fail .verdict { color: var(--fail); }
.banner ul { margin: 4px 0 0; padding: 0; list-style: none; }
.banner li .mark { display: inline-block; width: 1.4em; font-weight: bold; }
li.pass .mark { color: var(--pass); }
li.fail .mark { color: var(--fail); }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px;
  font-weight: normal; white-space: nowrap; }
.badge.pass { background: var(--pass-bg); color: var(--pass); }
.badge.fail { background: var(--fail-bg); color: var(--fail); }
.chart { width: 100%; min-height: 120px; }
.scroll { overflow-x: auto; }
table.grid { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 3px 6px;
  vertical-align: top; }
table.grid th { background: #eef3f9; font-weight: 600; text-align: center; }
table.indicators th { white-space: nowrap; }
table.indicators td:first-child { min-width: 14em; }
table.indicators td:last-child { width: 26%; }
table.matrix td, table.failing td:nth-child(-n+3), table.excluded td { white-space: nowrap; }
table.grid thead th { position: sticky; top: 0; }
table.grid tbody tr:nth-child(even) { background: #fafbfc; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.pass { color: var(--pass); }
td.fail { color: var(--fail); font-weight: bold; }
td.small { font-size: 12px; }
table.matrix td.m-ok, .legend .m-ok { background: var(--ok-bg); }
table.matrix td.m-near, .legend .m-near { background: var(--near-bg); }
table.matrix td.m-bad, .legend .m-bad { background: var(--fail-bg); color: var(--fail); }
table.matrix th { font-size: 12px; min-width: 5.5em; }
tr.limits td { background: #eef3f9; font-style: italic; }
tr.total td { font-weight: bold; background: #f3f6fa; }
.legend span { display: inline-block; padding: 1px 10px; margin-right: 10px;
  border: 1px solid var(--line); font-size: 12px; }
.totals { margin: 4px 0 8px; }
.ok-text { color: var(--pass); }
.formula { background: #f7f9fc; padding: 8px 12px; border-radius: 4px; }
.notes { margin-top: 40px; font-size: 13px; }
@media print {
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  .chart, .banner, tr { break-inside: avoid; }
  .scroll { overflow: visible; }
  table.grid thead th { position: static; }
}
"""
).replace("__FONTS__", FONTS)

_CHART_JS = """
(function () {
  if (typeof echarts === "undefined") { return; }
  var fonts = __FONTS__;
  var charts = JSON.parse(document.getElementById("junheng-charts").textContent);
  var made = [];
  charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) { return; }
    var chart = echarts.init(el, null, { renderer: "svg", locale: "ZH" });
    var top = Math.max.apply(null, c.values.concat([c.limit || 0]));
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: fonts },
      grid: { left: 8, right: 64, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: Math.ceil(top * 11) / 10, splitNumber: 5,
                axisLabel: { formatter: function (v) { return v.toFixed(1); } } },
      yAxis: { type: "category", data: c.names, inverse: true,
               axisLabel: { fontSize: 12, color: "#1f2933" }, axisTick: { show: false } },
      series: [{
        type: "bar", barMaxWidth: 22,
        data: c.values.map(function (v, i) {
          return { value: v, itemStyle: { color: c.colours[i] } };
        }),
        label: { show: true, position: "right",
                 formatter: function (p) { return p.value.toFixed(3); } },
        markLine: c.limit == null ? undefined : {
          symbol: "none", silent: true,
          lineStyle: { color: "#c62828", type: "dashed", width: 1.5 },
          label: { formatter: c.limitLabel, position: "start", color: "#c62828" },
          data: [{ xAxis: c.limit }]
        }
      }]
    });
    made.push(chart);
  });
  window.addEventListener("resize", function () {
    made.forEach(function (chart) { chart.resize(); });
  });
})();
"""
