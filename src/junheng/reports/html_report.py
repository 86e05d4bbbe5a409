"""The evaluation as one self-contained HTML page: inline CSS, inline ECharts, no network.

A bureau can mail the file to a township: it opens offline in any browser, a
Content-Security-Policy forbids every network request, fonts come from the system's CJK
fonts, and every number is in a table as well as in a chart (the page reads and prints
without JavaScript). All data are HTML-escaped; the chart data travel as JSON inside a
`<script type="application/json">` with `<`, `>` and `&` escaped (`html_markup`).

The page's skeleton, its CSS and the script that draws the charts are the template
`templates/evaluation.html` (package data; `string.Template`, so `$name` placeholders are
filled here and a literal `$` would be written `$$`). Per county and year the section is
`html_county`'s. A file with more than DETAIL_ALL counties shows a summary table of all of
them and the detail of the first DETAIL_SHOWN only, so the page stays small.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from string import Template
from typing import Any

import polars as pl

from junheng import __version__
from junheng.evaluation import Evaluation, Standard
from junheng.reports import labels, scope
from junheng.reports.html_county import CountySection
from junheng.reports.html_markup import (
    anchor,
    badge,
    e,
    header_cells,
    json_for_script,
    num,
    verdict_class,
)

# Up to this many county-years every one is shown in detail; beyond, a summary table and
# the first DETAIL_SHOWN in detail.
DETAIL_ALL = 20
DETAIL_SHOWN = 5
ECHARTS = "static/vendor/echarts/echarts.min.js"
TEMPLATE = "templates/evaluation.html"

CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
)
FONTS = (
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", "Heiti SC", SimHei, sans-serif'
)


@cache
def echarts_source() -> str:
    """The vendored ECharts build (package data, see static/vendor/echarts/)."""
    return resources.files("junheng").joinpath(ECHARTS).read_text(encoding="utf-8")


@cache
def page_template() -> Template:
    """The page's skeleton, CSS and chart script (package data, see TEMPLATE)."""
    return Template(resources.files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8"))


def render_html(evaluation: Evaluation) -> bytes:
    """The report page as UTF-8 bytes."""
    page = _Page(evaluation)
    return page.render().encode("utf-8")


class _Page:
    """The page: head, the overview of many counties, each county's section, the notes."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.standard: Standard = evaluation.standard
        self.charts: list[dict[str, Any]] = []
        self.sections = CountySection(evaluation, self.charts)

    # --- the page ---------------------------------------------------------------------------

    def render(self) -> str:
        counties = self.evaluation.counties
        detailed = counties if counties.height <= DETAIL_ALL else counties.head(DETAIL_SHOWN)
        body: list[str] = [self._head_section()]
        if counties.height > 1:
            body.append(self._overview(set(detailed.select("county_code", "year").iter_rows())))
        for county in detailed.iter_rows(named=True):
            body.append(self.sections.render(county))
        body.append(self._notes())
        return page_template().substitute(
            csp=CSP,
            version=e(__version__),
            title=e(self._title()),
            fonts=FONTS,
            body="".join(body),
            echarts=echarts_source().replace("</script", "<\\/script"),
            charts=json_for_script(self.charts),
            fonts_json=json.dumps(FONTS),
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
        judged = scope.judged_name(standard)
        summary = (
            f"{counties.height} 个县·年度，其中 {passed} 个{judged}达到要求；"
            f"参评学校（学部）{ev.units.height:,} 所；"
            f"{ev.excluded.height:,} 所学校未纳入计算"
        )
        if counties.height == 1:
            summary = (
                f"参评学校（学部）{ev.units.height:,} 所；{ev.excluded.height:,} 所学校未纳入计算"
            )
        return (
            '<header class="page-head">\n'
            f"<h1>{e(self._title())}</h1>\n"
            f'<p class="standard">评估标准：{e(standard.name)}（{e(standard.document)}）</p>\n'
            f'<p class="muted">{e(summary)}</p>\n'
            f'<p class="scope">{e(scope.scope_note(standard))}</p>\n'
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
        head = ["县代码", "县名称", "年度", "参评学校（学部）", "在校生"]
        head += [f"{labels.level_name(level)}差异系数" for level in standard.levels]
        if standard.has_thresholds:
            head.append(scope.failing_heading(standard))
        head.append(f"{scope.judged_name(standard)}结论")
        rows = []
        for county in ev.counties.iter_rows(named=True):
            code, year = county["county_code"], county["year"]
            name = e(county["county_name"])
            if (code, year) in detailed:
                name = f'<a href="#{anchor(code, year)}">{name}</a>'
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
                        f'<td class="n {verdict_class(row["cv_pass"])}">'
                        f"{num(row['composite_cv'], 3)} / {num(row['composite_cv_max'], 2)}</td>"
                    )
                else:
                    count = over.get((code, year, level), 0)
                    text = "均未超过规定值" if count == 0 else f"{count} 项超过规定值"
                    cells.append(f'<td class="{verdict_class(row["cv_pass"])}">{text}</td>')
            if standard.has_thresholds:
                cells.append(f'<td class="n">{county["failing_units"]:,}</td>')
            cells.append(f"<td>{badge(county['pass'])}</td>")
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
            f'<table class="grid"><thead><tr>{header_cells(head)}</tr></thead>\n<tbody>\n'
            f"{''.join(rows)}</tbody></table>\n</section>\n"
        )

    # --- notes ------------------------------------------------------------------------------

    def _notes(self) -> str:
        standard = self.standard
        judged = scope.judged_name(standard)
        rules = [labels.cv_rule(standard) + "；等于规定值视为未超过。"]
        rule = labels.school_rule(standard)
        if rule:
            rules.append(
                f"学校：{rule}。{judged}达到要求，需各学段差异系数均未超过规定值，"
                "且每所参评学校（学部）达到上述要求。"
            )
        else:
            rules.append(f"{judged}达到要求，需各学段的综合差异系数均未超过规定值。")
        rules += list(labels.unit_rules(standard))
        rules += list(labels.display_notes(standard))
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
