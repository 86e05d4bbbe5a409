"""The 说明 sheet of the evaluation workbook (`xlsx_report`): the standard, what the verdict
covers, the weighted CV's formula, the rules, each sheet and the analysis measures. The sheet
names live here, since the notes describe every sheet."""

from __future__ import annotations

import polars as pl
from xlsxwriter.workbook import Workbook

from junheng import __version__
from junheng.evaluation import Evaluation
from junheng.reports import labels, scope
from junheng.reports.xlsx_table import TEXT, Formats

SHEET_COUNTIES = "县域汇总"
SHEET_CVS = "差异系数"
SHEET_SCHOOLS = "学校达标情况"
SHEET_SCHOOL_VALUES = "学校指标"
SHEET_GAPS = "差距汇总"
SHEET_CONTRIBUTORS = "重点学校"
SHEET_EXCLUDED = "未纳入计算"
SHEET_NOTES = "说明"


def _notes(evaluation: Evaluation) -> list[tuple[str, str]]:
    """The 说明 sheet as (style, text) lines: the standard, the formulas, the rules, the sheets."""
    standard = evaluation.standard
    counties = evaluation.counties
    judged = scope.judged_name(standard)
    lines: list[tuple[str, str]] = [
        ("title", "县域义务教育均衡发展评估结果 — 说明"),
        ("", ""),
        ("bold", "评估标准"),
        ("", f"{standard.name}（{standard.document}）"),
        ("", _standard_file(standard.source)),
        ("", scope.scope_note(standard)),
        ("", ""),
        ("bold", "数据概况"),
        (
            "",
            f"{counties.height} 个县·年度，参评学校（学部）{evaluation.units.height} 所，"
            f"{counties.filter(pl.col('pass')).height} 个县·年度{judged}达到要求；"
            f"{evaluation.excluded.height} 所学校未纳入计算（见「{SHEET_EXCLUDED}」）。",
        ),
        ("", ""),
        ("bold", "差异系数（按在校生数加权）"),
        *(("", line) for line in labels.CV_FORMULA),
        ("", labels.cv_rule(standard) + "；差异系数等于规定值视为未超过。"),
        ("", ""),
        ("bold", "判定规则"),
    ]
    rule = labels.school_rule(standard)
    if rule:
        lines.append(("", f"学校：{rule}。"))
        lines.append(
            (
                "",
                f"{judged}：每个学段的差异系数均未超过规定值，且每所参评学校（学部）都达到上述"
                "学校要求，方为达到要求。",
            )
        )
    else:
        lines.append(
            (
                "",
                f"{judged}：每个学段的综合差异系数均未超过规定值，方为达到要求"
                "（本标准不设学校的指标标准）。",
            )
        )
    lines += [("", line) for line in labels.unit_rules(standard)]
    lines += [("", ""), ("bold", "指标")]
    for indicator in standard.indicators:
        text = f"{labels.indicator_label(indicator)}"
        if indicator.threshold:
            text += "：标准 " + "，".join(
                f"{labels.level_name(level)} ≥ {indicator.shown(value):g}"
                for level, value in indicator.threshold.items()
            )
        if indicator.clause:
            text += f"（{indicator.clause}）"
        lines.append(("", text))
    lines += [("", line) for line in labels.display_notes(standard)]
    lines += [("", ""), ("bold", "各工作表")]
    sheets = [
        (
            SHEET_COUNTIES,
            f"每个县、每个年度{judged}的结论，及各学段的参评学校（学部）数、在校生数与差异系数结论。",
        ),
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
                "每所参评学校（学部）一行：各项指标值及其标准（红色底纹为未达到标准的指标），"
                "达标项数，结论，"
                "以及每项未达到标准的指标还缺多少资源（面积 m²、设备万元、教室间数、教师人数；"
                "教室和教师向上取整）。",
            ),
            (
                SHEET_GAPS,
                "按县、学段合计每项资源的缺口：让每所参评学校（学部）的每项指标都达到标准所需补充的数量"
                "（不是满足「至少几项达到标准」所需的最少投入）。",
            ),
        ]
    else:
        sheets.append((SHEET_SCHOOL_VALUES, "每所参评学校（学部）一行：各项指标值。"))
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


def _standard_file(source: str) -> str:
    """The standard file a person can find: a province's path; the built-in ones by name."""
    if not source:
        return ""
    if source.endswith("(built-in)"):
        return "标准文件：系统内置"
    return f"标准文件：{source}"


def notes_sheet(workbook: Workbook, formats: Formats, evaluation: Evaluation) -> None:
    sheet = workbook.add_worksheet(SHEET_NOTES)
    sheet.set_column(0, 0, 120)
    for row, (style, text) in enumerate(_notes(evaluation)):
        if text:
            sheet.write_string(row, 0, text, formats.get(TEXT, style or "wrap"))
