"""三、指标达成情况: every part of the chosen standard under its own name (2012: the entry
condition, 校际均衡状况, 县级人民政府推进义务教育均衡发展工作, 公众满意度; 2017: 申报条件, 资源配置,
政府保障程度, 教育质量, 社会认可度, 一票否决事项), each with its state, where the state comes from
and its findings, all from `assessment.parts.county_verdict`; the tables of the data under the
part the data judge; and the conclusion, which is the county's verdict of every part — never
one part's (docs/standards.md §2)."""

from __future__ import annotations

from junheng.assessment import summaries
from junheng.assessment.parts import MET, UNASSESSED, UNMET, Verdict
from junheng.bulletins.layout import Section, numeral
from junheng.evaluation import Evaluation
from junheng.evaluation.levels import LEVEL_NAMES
from junheng.evaluation.parts import PartVerdict
from junheng.selfreport.wording import tidy

# Where a part's state comes from, as the report says it.
SOURCES = {
    "recognised_years": "依据本县通过义务教育基本均衡发展认定的年份",
    "school_rule": "依据{year}年各校办学条件数据测算",
    "cv": "依据{year}年各校办学条件数据测算",
    "resources": "依据{year}年各校办学条件数据测算",
    "checklist": "依据评估指标逐项自评",
    "checklist_score": "依据评估指标逐项自评计分",
    "survey": "依据本县自测的满意度调查",
    "vetoes": "依据一票否决事项逐项核查",
}
# The parts whose tables are the data's: the CVs by level, and each school's values.
CV_PARTS = ("cv", "resources")
SCHOOL_PARTS = ("resources",)


def _cv_result(passed: bool | None) -> str:
    if passed is None:
        return "—"
    return "未超过规定值" if passed else "超过规定值"


def _number(value: float | None, decimals: int) -> str:
    return "—" if value is None else f"{value:,.{decimals}f}"


def cv_sections(evaluation: Evaluation) -> list[Section]:
    """Per level, the official table: 指标 | 加权均值 | 差异系数 | 规定值 | 结果."""
    standard = evaluation.standard
    per_indicator = standard.cv_mode == "per_indicator"
    sections = []
    for number, level in enumerate(summaries.level_summaries(evaluation, None), start=1):
        name = LEVEL_NAMES.get(level["level"], level["level"])
        table = [["指标", "加权均值", "差异系数", "规定值", "结果"]]
        for index, row in enumerate(level["indicators"], start=1):
            indicator = standard.indicator(row["key"])
            table.append(
                [
                    f"{index}．{indicator.shown_label}",
                    _number(indicator.shown(row["mean"]), indicator.shown_decimals),
                    _number(row["cv"], 3),
                    f"≤{row['cv_max']:.2f}" if per_indicator and row["cv_max"] else "—",
                    _cv_result(row["cv_pass"]) if per_indicator else "—",
                ]
            )
        if level["composite_cv"] is not None:
            table.append(
                [
                    "综合差异系数",
                    "—",
                    _number(level["composite_cv"], 3),
                    f"≤{level['composite_cv_max']:.2f}",
                    _cv_result(level["cv_pass"]),
                ]
            )
        sections.append(
            Section(
                "",
                [
                    f"{number}．{name}：参评学校（学部）{level['schools']}所，"
                    f"学生{level['students']:,}人，"
                    + (
                        "各项指标差异系数均未超过规定值。"
                        if level["cv_pass"]
                        else "有差异系数超过规定值。"
                    )
                ],
                table,
            )
        )
    return sections


def schools_section(evaluation: Evaluation) -> Section:
    """Every school (section) against the standard's values: 带*者未达到标准值."""
    standard = evaluation.standard
    indicators = standard.indicators
    table = [["学校", "学段", *(f"指标{n}" for n in range(1, len(indicators) + 1))]]
    table[0] += ["达到标准值的指标数", "结论"]
    failing = 0
    for row in summaries.matrix(evaluation):
        cells = []
        for indicator, cell in zip(indicators, row["cells"], strict=True):
            text = _number(indicator.shown(cell["value"]), indicator.shown_decimals)
            if cell["class"] in ("near", "below"):
                text += "*"
            cells.append(text)
        passed = row["pass"]
        failing += passed is False
        table.append(
            [
                row["name"],
                LEVEL_NAMES.get(row["level_key"], row["level_key"]),
                *cells,
                str(row["met_count"]),
                "达到要求" if passed else "未达到要求",
            ]
        )
    rule = standard.school_rule
    paragraphs = [
        f"参评学校（学部）{len(table) - 1}所，其中{failing}所资源配置未达到要求。"
        + (
            f"每所学校（学部）至少{rule.min_met}项指标达到标准值、"
            f"其余指标不低于标准值的{rule.floor_ratio * 100:.0f}%为达到要求。"
            if rule
            else ""
        )
    ]
    notes = [
        "表中带*者未达到标准值。"
        + "；".join(
            f"指标{n}：{indicator.shown_label}" for n, indicator in enumerate(indicators, start=1)
        )
        + "。"
    ]
    return Section("", paragraphs, table, notes=notes)


def part_section(
    number: int, part: PartVerdict, verdict: Verdict, evaluation: Evaluation | None
) -> list[Section]:
    rule = part.rule
    source = SOURCES[rule.judged_by].format(year=verdict.year)
    head = Section(
        f"（{numeral(number)}）{rule.name}",
        [f"自评结果：{part.state_name}（{source}）。", *(f"{tidy(f.zh)}。" for f in part.findings)],
        level=2,
    )
    sections = [head]
    if evaluation is not None and rule.judged_by in CV_PARTS:
        sections += cv_sections(evaluation)
    if (
        evaluation is not None
        and rule.judged_by in SCHOOL_PARTS
        and evaluation.standard.has_thresholds
    ):
        sections.append(schools_section(evaluation))
    return sections


def conclusion(verdict: Verdict) -> list[str]:
    """The county's verdict of all parts, and which parts are not met or not yet assessed."""
    lines = [f"自评结论：{tidy(verdict.title)}。"]
    unmet = [p.rule.name for p in verdict.parts if p.state == UNMET]
    unassessed = [p.rule.name for p in verdict.parts if p.state == UNASSESSED]
    details = []
    if unmet:
        details.append(f"{'、'.join(unmet)}未达到要求")
    if unassessed:
        details.append(f"{'、'.join(unassessed)}尚未评估")
    if details and verdict.state != MET:
        lines.append("其中，" + "；".join(details) + "。")
    return lines


def achievement_sections(verdict: Verdict, evaluation: Evaluation | None) -> list[Section]:
    standard = verdict.standard
    names = "、".join(p.rule.name for p in verdict.parts)
    sections = [
        Section(
            "三、指标达成情况",
            [
                f"对照《{standard.name}》（{standard.document}），"
                f"评估包括{names}{len(verdict.parts)}个方面。各方面自评情况如下。"
            ],
        )
    ]
    for number, part in enumerate(verdict.parts, start=1):
        sections += part_section(number, part, verdict, evaluation)
    sections.append(
        Section(f"（{numeral(len(verdict.parts) + 1)}）自评结论", conclusion(verdict), level=2)
    )
    return sections
