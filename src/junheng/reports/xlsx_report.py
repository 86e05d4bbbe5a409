"""The evaluation as a workbook in Chinese for a county bureau (xlsxwriter, in memory).

Sheets: 县域汇总 (per county and year the verdict of the part the data judge — 资源配置 or
校际均衡状况, never the county's recognition —), 差异系数 (every indicator's CV with the analysis
measures), 学校达标情况 (one row per unit; 学校指标 when the standard sets no thresholds),
差距汇总 (what it would take, per county and level; only with thresholds), 重点学校 (the
units contributing most to each CV), 未纳入计算 (excluded schools) and 说明 (formulas, rules).

Numbers are written unrounded — the cell formats only display them rounded — so every cell
equals the Evaluation's value as the standard file shows it (× `display_scale`: basic-2012's
teacher ratios per student). Each sheet is built as a Polars frame and written by
`xlsx_table.TableSheet` in constant memory, so a national file (≈200,000 units) needs little
memory beyond the evaluation itself; a sheet longer than MAX_DATA_ROWS (Excel's 1,048,576 rows
less the header) continues on a sheet named 「…（续1）」.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from typing import IO

import polars as pl
from xlsxwriter.workbook import Workbook

from junheng import __version__
from junheng.evaluation import Evaluation, Indicator
from junheng.evaluation.compliance import gap_column, meets_column
from junheng.evaluation.indicators import value_column
from junheng.evaluation.levels import LEVEL_NAMES, LEVELS
from junheng.reports import labels, scope
from junheng.reports.xlsx_notes import (
    SHEET_CONTRIBUTORS,
    SHEET_COUNTIES,
    SHEET_CVS,
    SHEET_EXCLUDED,
    SHEET_GAPS,
    SHEET_SCHOOL_VALUES,
    SHEET_SCHOOLS,
    notes_sheet,
)
from junheng.reports.xlsx_table import (
    CV,
    DEC1,
    DEC2,
    DEC3,
    EXCEL_DATA_ROWS,
    INT,
    PCT,
    TEXT,
    THEIL,
    YEAR,
    Column,
    Formats,
    TableSheet,
)
from junheng.workbooks import SafeWorkbook

# Data rows a sheet holds before it continues on 「…（续n）」.
MAX_DATA_ROWS = EXCEL_DATA_ROWS
COMPOSITE_LABEL = "综合差异系数（各指标平均）"

# The columns several sheets share; the wide 学校达标情况 takes some of them narrower.
COUNTY_YEAR = (
    Column("县代码", 10, TEXT, "county_code"),
    Column("县名称", 14, TEXT, "county_name"),
    Column("年度", 7, YEAR, "year"),
)
LEVEL = Column("学段", 7, TEXT, "level_name")
INDICATOR = Column("指标", 36, TEXT, "label")
UNITS = Column("参评学校（学部）数", 10, INT, "units")
STUDENTS = Column("在校生数", 11, INT, "students")
MEAN = Column("加权均值", 11, DEC2, "mean")
TOWNSHIP = Column("乡镇", 10, TEXT, "township")
SCHOOL_CODE = Column("学校标识码", 12, TEXT, "unit_code")
SCHOOL_NAME = Column("学校名称", 24, TEXT, "school_name")
SCHOOL_TYPE = Column("学校类型", 12, TEXT, "school_type")
FAILING = "未达到要求的学校（学部）数"
CV_WORDS = labels.CV_VERDICT_WORDS


def render_xlsx(evaluation: Evaluation) -> bytes:
    """The workbook as bytes (see the module docstring for its sheets)."""
    buffer = io.BytesIO()
    write_xlsx(evaluation, buffer)
    return buffer.getvalue()


def write_xlsx(evaluation: Evaluation, out: IO[bytes]) -> None:
    """Write the workbook into `out` (the CLI's file): the sheets stream row by row to
    xlsxwriter's temporary files and the zip to `out`, so that a national workbook is never
    whole in memory."""
    workbook = SafeWorkbook(
        out,
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
    formats = Formats(workbook)
    _counties_sheet(workbook, formats, evaluation)
    _cv_sheet(workbook, formats, evaluation)
    _schools_sheet(workbook, formats, evaluation)
    if standard.has_thresholds:
        _gaps_sheet(workbook, formats, evaluation)
    _contributors_sheet(workbook, formats, evaluation)
    _excluded_sheet(workbook, formats, evaluation)
    notes_sheet(workbook, formats, evaluation)
    workbook.close()


# --- helpers --------------------------------------------------------------------------------


def _table(
    workbook: Workbook,
    formats: Formats,
    name: str,
    columns: Sequence[Column],
    *,
    freeze_columns: int = 0,
    header_height: float = 32,
) -> TableSheet:
    return TableSheet(
        workbook,
        formats,
        name,
        columns,
        freeze_columns=freeze_columns,
        header_height=header_height,
        max_rows=MAX_DATA_ROWS,
    )


def _narrowed(columns: Sequence[Column], *widths: float) -> list[Column]:
    """Shared columns at the widths of a sheet with many columns."""
    return [replace(column, width=width) for column, width in zip(columns, widths, strict=True)]


def _value_format(indicator: Indicator) -> str:
    """The number format of the indicator's shown values (`Indicator.shown_decimals`)."""
    return {0: INT, 3: DEC3}.get(indicator.shown_decimals, DEC2)


def _shown(indicator: Indicator, column: str | pl.Expr) -> pl.Expr:
    """A column of the indicator's values as the standard file shows them."""
    values = pl.col(column) if isinstance(column, str) else column
    if indicator.display_scale == 1:
        return values
    return values * indicator.display_scale


def _shown_by_row(evaluation: Evaluation, column: str) -> pl.Expr:
    """A column of a long frame (one row per indicator) as each row's indicator is shown."""
    scales = {i.key: i.display_scale for i in evaluation.standard.indicators}
    if all(scale == 1 for scale in scales.values()):
        return pl.col(column)
    factor = pl.col("indicator").replace_strict(scales, default=1.0, return_dtype=pl.Float64)
    return (pl.col(column) * factor).alias(column)


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


def _level_name() -> pl.Expr:
    """The level's Chinese name, as the column LEVEL shows."""
    return pl.col("level").replace_strict(LEVEL_NAMES, return_dtype=pl.String).alias("level_name")


def _indicator_rank(evaluation: Evaluation) -> pl.Expr:
    ranks = {i.key: rank for rank, i in enumerate(evaluation.standard.indicators)}
    return pl.col("indicator").replace_strict(ranks, return_dtype=pl.Int16)


def _indicator_label(evaluation: Evaluation) -> pl.Expr:
    names = {i.key: labels.indicator_label(i) for i in evaluation.standard.indicators}
    return pl.col("indicator").replace_strict(names, return_dtype=pl.String)


def _in_indicator_units(evaluation: Evaluation) -> pl.Expr:
    """The style of a row's value in its indicator's precision: "whole" for 元 (no decimals),
    "fine" for a per-student teacher ratio (three); null (two decimals) otherwise."""
    indicators = evaluation.standard.indicators
    whole = [i.key for i in indicators if _value_format(i) == INT]
    fine = [i.key for i in indicators if _value_format(i) == DEC3]
    return (
        pl.when(pl.col("indicator").is_in(whole))
        .then(pl.lit("whole"))
        .when(pl.col("indicator").is_in(fine))
        .then(pl.lit("fine"))
    )


def _with_county_names(frame: pl.DataFrame, evaluation: Evaluation) -> pl.DataFrame:
    names = evaluation.counties.select("county_code", "year", "county_name")
    return frame.join(names, on=["county_code", "year"], how="left")


# --- 县域汇总 -------------------------------------------------------------------------------


def _counties_sheet(workbook: Workbook, formats: Formats, evaluation: Evaluation) -> None:
    standard = evaluation.standard
    thresholds = standard.has_thresholds
    composite = standard.cv_mode == "composite"
    columns = [
        *COUNTY_YEAR,
        Column(f"{scope.judged_name(standard)}结论", 12, TEXT, "pass"),
        UNITS,
        STUDENTS,
        Column("差异系数结论", 12, TEXT, "cv_pass", CV_WORDS),
    ]
    if thresholds:
        columns.append(Column(FAILING, 12, INT, "failing_units"))

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
            ("schools", f"{name}参评学校（学部）数", 10, INT),
            ("students", f"{name}在校生数", 11, INT),
        ]
        if composite:
            fields += [
                ("composite_cv", f"{name}综合差异系数", 11, CV),
                ("composite_cv_max", f"{name}综合差异系数规定值", 11, CV),
            ]
        else:
            fields.append(("over", f"{name}差异系数超过规定值的指标数", 11, INT))
        fields.append(("cv_pass", f"{name}差异系数结论", 12, TEXT))
        if thresholds:
            fields.append(("failing", f"{name}{FAILING}", 12, INT))
        part = levels.filter(pl.col("level") == level).select(
            "county_code",
            "year",
            *(pl.col(field).alias(f"{level}__{field}") for field, *_ in fields),
        )
        frame = frame.join(part, on=["county_code", "year"], how="left")
        columns += [
            Column(
                header,
                width,
                number,
                f"{level}__{field}",
                CV_WORDS if field == "cv_pass" else labels.VERDICT_WORDS,
            )
            for field, header, width, number in fields
        ]
    sheet = _table(workbook, formats, SHEET_COUNTIES, columns, freeze_columns=2, header_height=45)
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


def _cv_sheet(workbook: Workbook, formats: Formats, evaluation: Evaluation) -> None:
    standard = evaluation.standard
    composite = standard.cv_mode == "composite"
    columns = [
        *COUNTY_YEAR,
        LEVEL,
        INDICATOR,
        UNITS,
        STUDENTS,
        MEAN,
        Column("差异系数", 10, CV, "cv"),
        Column("规定值", 8, CV, "cv_max"),
        Column("结论", 12, TEXT, "cv_pass", CV_WORDS),
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
        *(_shown_by_row(evaluation, column) for column in IN_INDICATOR_UNITS),
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
        .with_columns(_level_name())
    )
    sheet = _table(workbook, formats, SHEET_CVS, columns, freeze_columns=5, header_height=32)
    sheet.write(rows, styles=_cv_styles(evaluation))


def _cv_styles(evaluation: Evaluation) -> dict[str, pl.Expr]:
    """元 indicators show their means without decimals; the composite row's label is bold."""
    styles = {column: _in_indicator_units(evaluation) for column in IN_INDICATOR_UNITS}
    styles["label"] = pl.when(pl.col("indicator").is_null()).then(pl.lit("bold"))
    return styles


# --- 学校达标情况 ----------------------------------------------------------------------------


def _schools_sheet(workbook: Workbook, formats: Formats, evaluation: Evaluation) -> None:
    standard = evaluation.standard
    indicators = standard.indicators
    thresholds = standard.has_thresholds
    columns = [
        *_narrowed(COUNTY_YEAR, 9, 10, 6),
        TOWNSHIP,
        SCHOOL_CODE,
        SCHOOL_NAME,
        SCHOOL_TYPE,
        Column("城乡分类", 8, TEXT, "location"),
        *_narrowed((LEVEL, STUDENTS), 6, 9),
    ]
    if standard.units.smaller_teaching_points == "merge":
        columns.append(Column("并入教学点数", 8, INT, "merged_points"))
    extra: list[pl.Expr] = [_level_name()]
    styles: dict[str, pl.Expr] = {}
    for indicator in indicators:
        number = _value_format(indicator)
        value = f"shown__{indicator.key}"
        columns.append(Column(labels.indicator_label(indicator), 12, number, value))
        extra.append(_shown(indicator, value_column(indicator)).alias(value))
        if thresholds:
            limit = f"limit__{indicator.key}"
            columns.append(Column(f"{indicator.display_name}标准", 9, number, limit))
            extra.append(
                _shown(
                    indicator,
                    pl.col("level").replace_strict(
                        indicator.threshold, default=None, return_dtype=pl.Float64
                    ),
                ).alias(limit)
            )
            styles[value] = pl.when(~pl.col(meets_column(indicator))).then(pl.lit("bad"))
    name = SHEET_SCHOOL_VALUES
    if thresholds:
        name = SHEET_SCHOOLS
        columns += [Column("达标项数", 7, INT, "met_count"), Column("结论", 10, TEXT, "pass")]
        columns += [Column(_gap_header(i), 12, _gap_format(i), gap_column(i)) for i in indicators]
    sheet = _table(workbook, formats, name, columns, freeze_columns=6, header_height=75)
    sheet.write(evaluation.units.with_columns(extra), styles=styles)


# --- 差距汇总 -------------------------------------------------------------------------------


def _gaps_sheet(workbook: Workbook, formats: Formats, evaluation: Evaluation) -> None:
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
    columns = [*COUNTY_YEAR, LEVEL, UNITS, Column(FAILING, 12, INT, "failing")]
    for indicator in indicators:
        resource = labels.resource_name(indicator.resource)
        unit = labels.resource_unit(indicator)
        columns += [
            Column(
                f"需补{resource}（{unit}）", 13, _gap_format(indicator), f"sum__{indicator.key}"
            ),
            Column(f"{resource}不足的学校数", 10, INT, f"count__{indicator.key}"),
        ]
    sheet = _table(workbook, formats, SHEET_GAPS, columns, freeze_columns=4, header_height=60)
    sheet.write(totals.with_columns(_level_name()))


# --- 重点学校 -------------------------------------------------------------------------------


def _contributors_sheet(workbook: Workbook, formats: Formats, evaluation: Evaluation) -> None:
    group = ["county_code", "year", "level", "indicator"]
    rows = (
        _with_county_names(evaluation.contributors, evaluation)
        .with_columns(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(group).alias("rank"),
            _level_name(),
            _indicator_label(evaluation).alias("label"),
            pl.when(pl.col("mean") != 0).then(pl.col("x") / pl.col("mean") - 1).alias("deviation"),
        )
        .with_columns(_shown_by_row(evaluation, "x"), _shown_by_row(evaluation, "mean"))
    )
    columns = [
        *COUNTY_YEAR,
        LEVEL,
        INDICATOR,
        Column("位次", 6, INT, "rank"),
        SCHOOL_CODE,
        SCHOOL_NAME,
        TOWNSHIP,
        Column("指标值", 11, DEC2, "x"),
        MEAN,
        Column("偏离均值", 9, PCT, "deviation"),
        Column("方差贡献占比", 10, PCT, "variance_share"),
    ]
    in_units = _in_indicator_units(evaluation)
    sheet = _table(
        workbook, formats, SHEET_CONTRIBUTORS, columns, freeze_columns=5, header_height=32
    )
    sheet.write(rows, styles={"x": in_units, "mean": in_units})


# --- 未纳入计算 -----------------------------------------------------------------------------


def _excluded_sheet(workbook: Workbook, formats: Formats, evaluation: Evaluation) -> None:
    columns = [
        *COUNTY_YEAR,
        TOWNSHIP,
        replace(SCHOOL_CODE, source="school_code"),
        SCHOOL_NAME,
        SCHOOL_TYPE,
        Column("小学在校生数", 10, INT, "primary_students"),
        Column("初中在校生数", 10, INT, "junior_students"),
        Column("未纳入原因", 40, TEXT, "reason"),
    ]
    rows = evaluation.excluded.with_columns(
        pl.col("excluded_reason").str.split(" / ").list.first().alias("reason")
    )
    sheet = _table(workbook, formats, SHEET_EXCLUDED, columns)
    sheet.write(rows)
