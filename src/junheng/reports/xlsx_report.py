"""The evaluation as a workbook in Chinese for a county bureau (xlsxwriter, in memory).

Sheets: 县域汇总 (verdict per county and year), 差异系数 (every indicator's CV with the analysis
measures), 学校达标情况 (one row per unit; 学校指标 when the standard sets no thresholds),
差距汇总 (what it would take, per county and level; only with thresholds), 重点学校 (the
units contributing most to each CV), 未纳入计算 (excluded schools) and 说明 (formulas, rules).

Numbers are written unrounded — the cell formats only display them rounded — so every cell
equals the Evaluation's value. Each sheet is built as a Polars frame and written column-list by
column-list in xlsxwriter's constant-memory mode, so a national file (≈200,000 units) needs
little memory beyond the evaluation itself; a sheet longer than Excel's 1,048,576 rows continues
on a sheet named 「…（续1）」.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from junheng import __version__
from junheng.evaluation import Evaluation, Indicator
from junheng.evaluation.compliance import gap_column, meets_column
from junheng.evaluation.indicators import value_column
from junheng.evaluation.levels import LEVEL_NAMES, LEVELS
from junheng.reports import labels

SHEET_COUNTIES = "县域汇总"
SHEET_CVS = "差异系数"
SHEET_SCHOOLS = "学校达标情况"
SHEET_SCHOOL_VALUES = "学校指标"
SHEET_GAPS = "差距汇总"
SHEET_CONTRIBUTORS = "重点学校"
SHEET_EXCLUDED = "未纳入计算"
SHEET_NOTES = "说明"

RED_FILL, RED_FONT = "#FFC7CE", "#9C0006"
GREEN_FILL, GREEN_FONT = "#C6EFCE", "#006100"
HEADER_FILL = "#DDEBF7"

TEXT = None
YEAR = "0"
INT = "#,##0"
DEC1 = "#,##0.0"
DEC2 = "#,##0.00"
CV = "0.000"
THEIL = "0.0000"
PCT = "0.0%"

# Excel's last row is 1,048,576: one header row and the rest data.
MAX_DATA_ROWS = 1_048_575
# Tables up to this many columns print one page wide.
PRINT_FIT_COLUMNS = 22
# Rows converted to Python objects at a time: bounds the memory a national sheet needs.
CHUNK_ROWS = 50_000
COMPOSITE_LABEL = "综合差异系数（各指标平均）"
VERDICTS = {True: labels.verdict(True), False: labels.verdict(False)}


@dataclass(frozen=True)
class Column:
    """A sheet column: its header, width, number format and the frame column it shows."""

    header: str
    width: float
    num_format: str | None
    source: str


class _Formats:
    """Cell formats, created once per (number format, style)."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[str | None, str], Format] = {}

    def get(self, num_format: str | None, style: str = "") -> Format:
        key = (num_format, style)
        if key not in self._cache:
            properties: dict[str, Any] = {"valign": "top"}
            if num_format:
                properties["num_format"] = num_format
            properties |= _STYLES[style]
            self._cache[key] = self._workbook.add_format(properties)
        return self._cache[key]


_STYLES: dict[str, dict[str, Any]] = {
    "": {},
    "bad": {"bg_color": RED_FILL, "font_color": RED_FONT},
    "fail": {"bg_color": RED_FILL, "font_color": RED_FONT, "bold": True},
    "good": {"bg_color": GREEN_FILL, "font_color": GREEN_FONT},
    "header": {
        "bold": True,
        "bg_color": HEADER_FILL,
        "border": 1,
        "text_wrap": True,
        "align": "center",
        "valign": "vcenter",
    },
    "title": {"bold": True, "font_size": 14},
    "bold": {"bold": True},
    "wrap": {"text_wrap": True},
    # a number in the indicator's own precision where the column's is two decimals (元)
    "whole": {"num_format": INT},
}


class _Sheet:
    """A table sheet: header row, frozen panes, filter; spills onto 「name（续n）」."""

    def __init__(
        self,
        workbook: Workbook,
        formats: _Formats,
        name: str,
        columns: Sequence[Column],
        *,
        freeze_columns: int = 0,
        header_height: float = 32,
    ) -> None:
        self._workbook = workbook
        self._formats = formats
        self._name = name
        self.columns = tuple(columns)
        self._freeze_columns = freeze_columns
        self._header_height = header_height
        self._parts = 0
        self.sheet: Worksheet
        self.row = 0
        self._open()

    def _open(self) -> None:
        name = self._name if self._parts == 0 else f"{self._name}（续{self._parts}）"
        self._parts += 1
        sheet = self._workbook.add_worksheet(name)
        header = self._formats.get(TEXT, "header")
        for index, column in enumerate(self.columns):
            sheet.set_column(index, index, column.width)
        sheet.set_row(0, self._header_height)
        for index, column in enumerate(self.columns):
            sheet.write_string(0, index, column.header, header)
        sheet.freeze_panes(1, self._freeze_columns)
        # printing: A4 landscape, the header on every page, narrow tables one page wide
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.repeat_rows(0)
        if len(self.columns) <= PRINT_FIT_COLUMNS:
            sheet.fit_to_pages(1, 0)
        self.sheet = sheet
        self.row = 0
        self._set_filter()

    def _set_filter(self) -> None:
        self.sheet.autofilter(0, 0, max(self.row, 1), len(self.columns) - 1)

    def write(self, frame: pl.DataFrame, styles: dict[str, pl.Expr] | None = None) -> None:
        """Write the frame's rows: text as text, numbers in the column's format, booleans as
        达标 / 未达标 in green / red. `styles` maps a column to a String expression naming a
        row's style (e.g. "bad" for an unmet value; null for none)."""
        styles = styles or {}
        style_columns = {name: f"__style__{name}" for name in styles}
        frame = frame.with_columns(
            expr.alias(style_columns[name]) for name, expr in styles.items()
        ).select(
            *(column.source for column in self.columns),
            *style_columns.values(),
        )
        for chunk in frame.iter_slices(CHUNK_ROWS):
            self._write_chunk(chunk, style_columns)
        self._set_filter()

    def _write_chunk(self, chunk: pl.DataFrame, style_columns: dict[str, str]) -> None:
        formats = self._formats
        good, fail = formats.get(TEXT, "good"), formats.get(TEXT, "fail")
        plans = []
        for index, column in enumerate(self.columns):
            dtype = chunk.schema[column.source]
            kind = 2 if dtype == pl.Boolean else 0 if dtype == pl.String else 1
            values = chunk.get_column(column.source).to_list()
            base = formats.get(column.num_format)
            if column.source in style_columns:
                row_formats = [
                    base if style is None else formats.get(column.num_format, style)
                    for style in chunk.get_column(style_columns[column.source]).to_list()
                ]
            else:
                row_formats = None
            plans.append((index, kind, values, base, row_formats))
        isfinite = math.isfinite
        for i in range(chunk.height):
            if self.row >= MAX_DATA_ROWS:
                self._set_filter()
                self._open()
            self.row += 1
            row = self.row
            write_string, write_number = self.sheet.write_string, self.sheet.write_number
            for index, kind, values, base, row_formats in plans:
                value = values[i]
                if value is None:
                    continue
                fmt = base if row_formats is None else row_formats[i]
                if kind == 1:
                    if isfinite(value):
                        write_number(row, index, value, fmt)
                elif kind == 0:
                    write_string(row, index, value, fmt)
                else:
                    write_string(row, index, VERDICTS[value], good if value else fail)


def render_xlsx(evaluation: Evaluation) -> bytes:
    """The workbook as bytes (see the module docstring for its sheets)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    standard = evaluation.standard
    workbook.set_properties(
        {
            "title": f"县域义务教育均衡发展评估结果 — {standard.name}",
            "subject": standard.document,
            "comments": f"Junheng {__version__}",
        }
    )
    formats = _Formats(workbook)
    _counties_sheet(workbook, formats, evaluation)
    _cv_sheet(workbook, formats, evaluation)
    _schools_sheet(workbook, formats, evaluation)
    if standard.has_thresholds:
        _gaps_sheet(workbook, formats, evaluation)
    _contributors_sheet(workbook, formats, evaluation)
    _excluded_sheet(workbook, formats, evaluation)
    _notes_sheet(workbook, formats, evaluation)
    workbook.close()
    return buffer.getvalue()


# --- helpers --------------------------------------------------------------------------------


def _value_format(indicator: Indicator) -> str:
    return INT if indicator.unit == "元" else DEC2


def _gap_format(indicator: Indicator) -> str:
    if indicator.rounds_up:
        return INT
    return DEC2 if labels.resource_unit(indicator) == "万元" else DEC1


def _gap_header(indicator: Indicator) -> str:
    return f"缺{labels.resource_name(indicator.resource)}（{labels.resource_unit(indicator)}）"


def _level_rank() -> pl.Expr:
    return pl.col("level").replace_strict(
        {level: rank for rank, level in enumerate(LEVELS)}, return_dtype=pl.Int8
    )


def _level_name(column: str = "level") -> pl.Expr:
    return pl.col(column).replace_strict(LEVEL_NAMES, return_dtype=pl.String)


def _indicator_rank(evaluation: Evaluation) -> pl.Expr:
    ranks = {i.key: rank for rank, i in enumerate(evaluation.standard.indicators)}
    return pl.col("indicator").replace_strict(ranks, return_dtype=pl.Int16)


def _indicator_label(evaluation: Evaluation) -> pl.Expr:
    names = {i.key: labels.indicator_label(i) for i in evaluation.standard.indicators}
    return pl.col("indicator").replace_strict(names, return_dtype=pl.String)


def _with_county_names(frame: pl.DataFrame, evaluation: Evaluation) -> pl.DataFrame:
    names = evaluation.counties.select("county_code", "year", "county_name")
    return frame.join(names, on=["county_code", "year"], how="left")


def _by_indicator_format(
    formats: _Formats, evaluation: Evaluation, style: str = ""
) -> dict[str, Format]:
    return {i.key: formats.get(_value_format(i), style) for i in evaluation.standard.indicators}


# --- 县域汇总 -------------------------------------------------------------------------------


def _counties_sheet(workbook: Workbook, formats: _Formats, evaluation: Evaluation) -> None:
    standard = evaluation.standard
    thresholds = standard.has_thresholds
    composite = standard.cv_mode == "composite"
    columns = [
        Column("县代码", 10, TEXT, "county_code"),
        Column("县名称", 14, TEXT, "county_name"),
        Column("年度", 7, YEAR, "year"),
        Column("结论", 9, TEXT, "pass"),
        Column("评估单位数", 10, INT, "units"),
        Column("在校生数", 11, INT, "students"),
        Column("差异系数结论", 10, TEXT, "cv_pass"),
    ]
    if thresholds:
        columns.append(Column("未达标学校数", 10, INT, "failing_units"))

    group = ["county_code", "year", "level"]
    levels = evaluation.levels
    if thresholds:
        failing = evaluation.units.group_by(group).agg(
            (~pl.col("pass")).sum().cast(pl.Int64).alias("failing")
        )
        levels = levels.join(failing, on=group, how="left")
    if not composite:
        over = evaluation.indicators.group_by(group).agg(
            (~pl.col("cv_pass")).sum().cast(pl.Int64).alias("over")
        )
        levels = levels.join(over, on=group, how="left")
    frame = evaluation.counties
    for level in standard.levels:
        name = labels.level_name(level)
        fields = [
            ("schools", f"{name}评估单位数", 10, INT),
            ("students", f"{name}在校生数", 11, INT),
        ]
        if composite:
            fields += [
                ("composite_cv", f"{name}综合差异系数", 11, CV),
                ("composite_cv_max", f"{name}综合差异系数上限", 11, CV),
            ]
        else:
            fields.append(("over", f"{name}超过上限的指标数", 11, INT))
        fields.append(("cv_pass", f"{name}差异系数结论", 10, TEXT))
        if thresholds:
            fields.append(("failing", f"{name}未达标学校数", 10, INT))
        part = levels.filter(pl.col("level") == level).select(
            "county_code",
            "year",
            *(pl.col(field).alias(f"{level}__{field}") for field, *_ in fields),
        )
        frame = frame.join(part, on=["county_code", "year"], how="left")
        columns += [
            Column(header, width, number, f"{level}__{field}")
            for field, header, width, number in fields
        ]
    sheet = _Sheet(workbook, formats, SHEET_COUNTIES, columns, freeze_columns=2, header_height=45)
    sheet.write(frame.sort("county_code", "year"))


# --- 差异系数 -------------------------------------------------------------------------------

CV_MEASURES = (
    ("unweighted_cv", "未加权差异系数", CV),
    ("gini", "基尼系数", CV),
    ("theil", "泰尔指数", THEIL),
    ("theil_between", "泰尔指数·乡镇间", THEIL),
    ("theil_within", "泰尔指数·乡镇内", THEIL),
    ("mcloone", "麦克卢恩指数", CV),
    ("max_min_ratio", "最大/最小比", DEC2),
)
# Columns shown in the indicator's own precision (元 without decimals, others with two).
IN_INDICATOR_UNITS = ("mean", "min", "median", "max")


def _cv_sheet(workbook: Workbook, formats: _Formats, evaluation: Evaluation) -> None:
    standard = evaluation.standard
    composite = standard.cv_mode == "composite"
    columns = [
        Column("县代码", 10, TEXT, "county_code"),
        Column("县名称", 14, TEXT, "county_name"),
        Column("年度", 7, YEAR, "year"),
        Column("学段", 7, TEXT, "level_name"),
        Column("指标", 36, TEXT, "label"),
        Column("评估单位数", 10, INT, "units"),
        Column("在校生数", 11, INT, "students"),
        Column("加权均值", 11, DEC2, "mean"),
        Column("差异系数", 10, CV, "cv"),
        Column("上限", 8, CV, "cv_max"),
        Column("结论", 9, TEXT, "cv_pass"),
        *(Column(header, 11, number, measure) for measure, header, number in CV_MEASURES),
        Column("最小值", 10, DEC2, "min"),
        Column("中位数", 10, DEC2, "median"),
        Column("最大值", 10, DEC2, "max"),
    ]
    rows = evaluation.indicators.with_columns(
        _indicator_label(evaluation).alias("label"),
        _indicator_rank(evaluation).alias("rank"),
        pl.col("students").cast(pl.Int64),
        pl.col("units").cast(pl.Int64),
    )
    if composite:
        # basic-2012: the limit and the verdict belong to the level's composite CV, one row
        # after the level's indicators
        rows = rows.with_columns(
            pl.lit(None, pl.Float64).alias("cv_max"), pl.lit(None, pl.Boolean).alias("cv_pass")
        )
        totals = evaluation.levels.select(
            "county_code",
            "year",
            "level",
            pl.lit(None, pl.String).alias("indicator"),
            pl.lit(COMPOSITE_LABEL).alias("label"),
            pl.lit(len(standard.indicators), pl.Int16).alias("rank"),
            pl.col("schools").cast(pl.Int64).alias("units"),
            pl.col("students").cast(pl.Int64),
            pl.col("composite_cv").alias("cv"),
            pl.col("composite_cv_max").alias("cv_max"),
            "cv_pass",
        )
        rows = pl.concat([rows, totals], how="diagonal_relaxed")
    rows = (
        _with_county_names(rows, evaluation)
        .sort("county_code", "year", _level_rank(), "rank")
        .with_columns(_level_name().alias("level_name"))
    )
    sheet = _Sheet(workbook, formats, SHEET_CVS, columns, freeze_columns=5, header_height=32)
    sheet.write(rows, styles=_cv_styles(evaluation))


def _cv_styles(evaluation: Evaluation) -> dict[str, pl.Expr]:
    """元 indicators show their means without decimals; the composite row's label is bold."""
    whole = [i.key for i in evaluation.standard.indicators if _value_format(i) == INT]
    styles = {
        column: pl.when(pl.col("indicator").is_in(whole)).then(pl.lit("whole"))
        for column in IN_INDICATOR_UNITS
    }
    styles["label"] = pl.when(pl.col("indicator").is_null()).then(pl.lit("bold"))
    return styles


# --- 学校达标情况 ----------------------------------------------------------------------------


def _schools_sheet(workbook: Workbook, formats: _Formats, evaluation: Evaluation) -> None:
    standard = evaluation.standard
    indicators = standard.indicators
    thresholds = standard.has_thresholds
    columns = [
        Column("县代码", 9, TEXT, "county_code"),
        Column("县名称", 10, TEXT, "county_name"),
        Column("年度", 6, YEAR, "year"),
        Column("乡镇", 10, TEXT, "township"),
        Column("学校标识码", 12, TEXT, "unit_code"),
        Column("学校名称", 24, TEXT, "school_name"),
        Column("学校类型", 12, TEXT, "school_type"),
        Column("城乡分类", 8, TEXT, "location"),
        Column("学段", 6, TEXT, "level_name"),
        Column("在校生数", 9, INT, "students"),
    ]
    if standard.units.smaller_teaching_points == "merge":
        columns.append(Column("并入教学点数", 8, INT, "merged_points"))
    extra: list[pl.Expr] = [_level_name().alias("level_name")]
    styles: dict[str, pl.Expr] = {}
    for indicator in indicators:
        number = _value_format(indicator)
        columns.append(
            Column(labels.indicator_label(indicator), 12, number, value_column(indicator))
        )
        if thresholds:
            limit = f"limit__{indicator.key}"
            columns.append(Column(f"{indicator.name}标准", 9, number, limit))
            extra.append(
                pl.col("level")
                .replace_strict(indicator.threshold, default=None, return_dtype=pl.Float64)
                .alias(limit)
            )
            styles[value_column(indicator)] = pl.when(~pl.col(meets_column(indicator))).then(
                pl.lit("bad")
            )
    name = SHEET_SCHOOL_VALUES
    if thresholds:
        name = SHEET_SCHOOLS
        columns += [Column("达标项数", 7, INT, "met_count"), Column("结论", 8, TEXT, "pass")]
        columns += [Column(_gap_header(i), 12, _gap_format(i), gap_column(i)) for i in indicators]
    sheet = _Sheet(workbook, formats, name, columns, freeze_columns=6, header_height=75)
    sheet.write(evaluation.units.with_columns(extra), styles=styles)


# --- 差距汇总 -------------------------------------------------------------------------------


def _gaps_sheet(workbook: Workbook, formats: _Formats, evaluation: Evaluation) -> None:
    indicators = evaluation.standard.indicators
    group = ["county_code", "year", "level"]
    totals = evaluation.units.group_by(group).agg(
        pl.len().cast(pl.Int64).alias("units"),
        (~pl.col("pass")).sum().cast(pl.Int64).alias("failing"),
        *(pl.col(gap_column(i)).sum().alias(f"sum__{i.key}") for i in indicators),
        *(
            pl.col(gap_column(i)).count().cast(pl.Int64).alias(f"count__{i.key}")
            for i in indicators
        ),
    )
    totals = _with_county_names(totals, evaluation).sort("county_code", "year", _level_rank())
    columns = [
        Column("县代码", 10, TEXT, "county_code"),
        Column("县名称", 14, TEXT, "county_name"),
        Column("年度", 7, YEAR, "year"),
        Column("学段", 7, TEXT, "level_name"),
        Column("评估单位数", 10, INT, "units"),
        Column("未达标学校数", 10, INT, "failing"),
    ]
    for indicator in indicators:
        resource = labels.resource_name(indicator.resource)
        unit = labels.resource_unit(indicator)
        columns += [
            Column(
                f"需补{resource}（{unit}）", 13, _gap_format(indicator), f"sum__{indicator.key}"
            ),
            Column(f"{resource}不足的学校数", 10, INT, f"count__{indicator.key}"),
        ]
    sheet = _Sheet(workbook, formats, SHEET_GAPS, columns, freeze_columns=4, header_height=60)
    sheet.write(totals.with_columns(_level_name().alias("level_name")))


# --- 重点学校 -------------------------------------------------------------------------------


def _contributors_sheet(workbook: Workbook, formats: _Formats, evaluation: Evaluation) -> None:
    group = ["county_code", "year", "level", "indicator"]
    rows = _with_county_names(evaluation.contributors, evaluation).with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(group).alias("rank"),
        _level_name().alias("level_name"),
        _indicator_label(evaluation).alias("label"),
        pl.when(pl.col("mean") != 0).then(pl.col("x") / pl.col("mean") - 1).alias("deviation"),
    )
    columns = [
        Column("县代码", 10, TEXT, "county_code"),
        Column("县名称", 14, TEXT, "county_name"),
        Column("年度", 7, YEAR, "year"),
        Column("学段", 7, TEXT, "level_name"),
        Column("指标", 36, TEXT, "label"),
        Column("位次", 6, INT, "rank"),
        Column("学校标识码", 12, TEXT, "unit_code"),
        Column("学校名称", 24, TEXT, "school_name"),
        Column("乡镇", 10, TEXT, "township"),
        Column("指标值", 11, DEC2, "x"),
        Column("加权均值", 11, DEC2, "mean"),
        Column("偏离均值", 9, PCT, "deviation"),
        Column("方差贡献占比", 10, PCT, "variance_share"),
    ]
    whole = [i.key for i in evaluation.standard.indicators if _value_format(i) == INT]
    in_units = pl.when(pl.col("indicator").is_in(whole)).then(pl.lit("whole"))
    sheet = _Sheet(
        workbook, formats, SHEET_CONTRIBUTORS, columns, freeze_columns=5, header_height=32
    )
    sheet.write(rows, styles={"x": in_units, "mean": in_units})


# --- 未纳入计算 -----------------------------------------------------------------------------


def _excluded_sheet(workbook: Workbook, formats: _Formats, evaluation: Evaluation) -> None:
    columns = [
        Column("县代码", 10, TEXT, "county_code"),
        Column("县名称", 14, TEXT, "county_name"),
        Column("年度", 7, YEAR, "year"),
        Column("乡镇", 10, TEXT, "township"),
        Column("学校标识码", 12, TEXT, "school_code"),
        Column("学校名称", 24, TEXT, "school_name"),
        Column("学校类型", 12, TEXT, "school_type"),
        Column("小学在校生数", 10, INT, "primary_students"),
        Column("初中在校生数", 10, INT, "junior_students"),
        Column("未纳入原因", 40, TEXT, "reason"),
    ]
    rows = evaluation.excluded.with_columns(
        pl.col("excluded_reason").str.split(" / ").list.first().alias("reason")
    )
    sheet = _Sheet(workbook, formats, SHEET_EXCLUDED, columns)
    sheet.write(rows)


# --- 说明 -----------------------------------------------------------------------------------


def _notes(evaluation: Evaluation) -> list[tuple[str, str]]:
    """The 说明 sheet as (style, text) lines: the standard, the formulas, the rules, the sheets."""
    standard = evaluation.standard
    counties = evaluation.counties
    lines: list[tuple[str, str]] = [
        ("title", "县域义务教育均衡发展评估结果 — 说明"),
        ("", ""),
        ("bold", "评估标准"),
        ("", f"{standard.name}（{standard.document}），标准代号 {standard.id}"),
        ("", f"标准文件：{standard.source}" if standard.source else ""),
        ("", labels.SCOPE_NOTE),
        ("", ""),
        ("bold", "数据概况"),
        (
            "",
            f"{counties.height} 个县·年度，{evaluation.units.height} 个评估单位，"
            f"{counties.filter(pl.col('pass')).height} 个县·年度达标；"
            f"{evaluation.excluded.height} 所学校未纳入计算（见「{SHEET_EXCLUDED}」）。",
        ),
        ("", ""),
        ("bold", "差异系数（按在校生数加权）"),
        *(("", line) for line in labels.CV_FORMULA),
        ("", labels.cv_rule(standard) + "；差异系数等于上限视为达标。"),
        ("", ""),
        ("bold", "判定规则"),
    ]
    rule = labels.school_rule(standard)
    if rule:
        lines.append(("", f"学校：{rule}。"))
        lines.append(
            ("", "县：每个学段的差异系数均不超过上限，且每个评估单位都达到上述学校要求，方为达标。")
        )
    else:
        lines.append(
            ("", "县：每个学段的综合差异系数不超过上限，方为达标（本标准不设学校达标线）。")
        )
    lines += [("", line) for line in labels.unit_rules(standard)]
    lines += [("", ""), ("bold", "指标")]
    for indicator in standard.indicators:
        text = f"{labels.indicator_label(indicator)}"
        if indicator.threshold:
            text += "：标准 " + "，".join(
                f"{labels.level_name(level)} ≥ {value:g}"
                for level, value in indicator.threshold.items()
            )
        if indicator.clause:
            text += f"（{indicator.clause}）"
        lines.append(("", text))
    lines += [("", ""), ("bold", "各工作表")]
    sheets = [
        (SHEET_COUNTIES, "每个县、每个年度的结论，及各学段的评估单位数、在校生数与差异系数结论。"),
        (
            SHEET_CVS,
            "每个县、年度、学段、指标的加权均值与差异系数"
            + ("，及综合差异系数（各学段最后一行）" if standard.cv_mode == "composite" else "")
            + "，并附以下分析指标（不影响结论）。",
        ),
    ]
    if standard.has_thresholds:
        sheets += [
            (
                SHEET_SCHOOLS,
                "每个评估单位一行：各项指标值及其标准（红色底纹为未达到标准的指标），达标项数，结论，"
                "以及每项未达标指标还缺多少资源（面积 m²、设备万元、教室间数、教师人数；"
                "教室和教师向上取整）。",
            ),
            (
                SHEET_GAPS,
                "按县、学段合计每项资源的缺口：让每个评估单位的每项指标都达到标准所需补充的数量"
                "（不是满足「至少几项达标」所需的最少投入）。",
            ),
        ]
    else:
        sheets.append((SHEET_SCHOOL_VALUES, "每个评估单位一行：各项指标值。"))
    sheets += [
        (
            SHEET_CONTRIBUTORS,
            "每项指标中对差异系数贡献最大的学校（方差贡献占比最高的前几所），"
            "改善这些学校最能降低差异系数；偏离均值为负表示低于均值。",
        ),
        (SHEET_EXCLUDED, "不参与计算的学校及原因。"),
    ]
    lines += [("", f"{name}：{text}") for name, text in sheets]
    lines += [("", ""), ("bold", "分析指标（供参考，不影响结论）")]
    lines += [("", f"{name}：{text}") for name, text in labels.ANALYSIS_NOTES]
    lines += [
        ("", ""),
        ("", f"由 Junheng（均衡）{__version__} 生成；表中数值未经舍入，显示位数由单元格格式决定。"),
    ]
    return lines


def _notes_sheet(workbook: Workbook, formats: _Formats, evaluation: Evaluation) -> None:
    sheet = workbook.add_worksheet(SHEET_NOTES)
    sheet.set_column(0, 0, 120)
    for row, (style, text) in enumerate(_notes(evaluation)):
        if text:
            sheet.write_string(row, 0, text, formats.get(TEXT, style or "wrap"))
