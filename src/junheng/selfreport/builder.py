"""The county's self-evaluation report (自评报告) as a `bulletins.documents.Document`, so that
it prints to Word and PDF as the bulletins do.

Every figure comes from the functions the pages use: the evaluation from
`assessment.evaluation.county_evaluation` through `assessment.summaries` (the dashboard's
numbers), the checklist scores from `checklists.selectors.checklist_summary`, the satisfaction
rate from `surveys.selectors.county_satisfaction`. CVs print with 3 decimals.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from junheng.assessment import summaries
from junheng.assessment.costs_plan import county_plan, default_costs
from junheng.assessment.evaluation import county_evaluation, county_records
from junheng.bulletins.charts import bar_chart_svg
from junheng.bulletins.documents import NUMERALS, Document, Section
from junheng.bulletins.figures import chinese_date
from junheng.checklists.models import Checklist
from junheng.checklists.selectors import checklist_summary
from junheng.evaluation import Evaluation
from junheng.evaluation.levels import LEVEL_NAMES
from junheng.rectification.choices import ACTIVE, Status
from junheng.rectification.models import Problem
from junheng.registry.models import County
from junheng.surveys.choices import SurveyStandard
from junheng.surveys.selectors import county_satisfaction

SUBNUMERALS = "一二三四五六七八九十"
PLAN_COMMAND = "junheng plan"


def cv_text(value: float | None) -> str:
    """A CV as the report prints it (and as the tests compare it): 3 decimals."""
    return "—" if value is None else f"{value:.3f}"


def number_text(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def verdict_text(passed: bool | None) -> str:
    if passed is None:
        return "—"
    return "达标" if passed else "未达标"


def _plain_level(level: str) -> str:
    # the report is Chinese whatever the page language
    return LEVEL_NAMES.get(level, level)


# --- sections --------------------------------------------------------------------------------


def overview(county: County, year: int, evaluation: Evaluation) -> Section:
    verdict = evaluation.counties.row(0, named=True)
    standard = evaluation.standard
    schools = county_records(county=county, year=year).count()
    towns = summaries.townships(evaluation)
    levels = [
        f"{_plain_level(row['level'])}{row['schools']}个评估单位、学生{row['students']}人"
        for row in evaluation.levels.iter_rows(named=True)
    ]
    inspection = (
        f"计划于{chinese_date(county.inspection_date.isoformat())}接受督导评估。"
        if county.inspection_date
        else "督导评估日期尚未确定。"
    )
    paragraphs = [
        f"{county.name}共有{len(towns)}个乡镇，{year}年参与评估的义务教育学校{schools}所，"
        f"评估单位{verdict['units']}个，在校学生{verdict['students']}人"
        + (f"（{'，'.join(levels)}）" if levels else "")
        + "。",
        f"本报告依据《{standard.name}》（{standard.document}）进行自评。" + inspection,
        f"自评结论：{verdict_text(verdict['pass'])}。"
        f"差异系数{'全部达标' if verdict['cv_pass'] else '有超标'}"
        + (
            f"，{verdict.get('failing_units', 0)}个评估单位未达到校际达标要求。"
            if standard.has_thresholds
            else "。"
        ),
    ]
    header = ["乡镇", "评估单位数", "学生数"]
    if standard.has_thresholds:
        header += ["未达标单位数", "平均达标项数"]
    table = [header]
    for town in towns:
        row = [town["township"] or "—", str(town["units"]), str(town["students"])]
        if standard.has_thresholds:
            row += [str(town["failing"]), number_text(town["mean_met"], 1)]
        table.append(row)
    return Section("概述", paragraphs, table if len(table) > 1 else None)


def resource_sections(evaluation: Evaluation, previous: Evaluation | None) -> list[Section]:
    """Per level: the official table (指标 | 加权均值 | 差异系数 | 标准 | 是否达标) and a chart
    of the CVs; the numbers are `summaries.level_summaries`'s (the dashboard's)."""
    standard = evaluation.standard
    per_indicator = standard.cv_mode == "per_indicator"
    sections = [
        Section(
            "资源配置",
            [
                "按在校学生数加权计算各指标的均值与差异系数。"
                + (
                    "各指标差异系数分别不超过规定上限为达标。"
                    if per_indicator
                    else "综合差异系数不超过规定上限为达标。"
                )
            ],
        )
    ]
    for number, level in enumerate(summaries.level_summaries(evaluation, previous)):
        name = _plain_level(level["level"])
        table = [["指标", "加权均值", "差异系数", "标准", "是否达标"]]
        for index, indicator in enumerate(level["indicators"], start=1):
            table.append(
                [
                    f"{index}. {indicator['name']}（{indicator['unit']}）",
                    number_text(indicator["mean"]),
                    cv_text(indicator["cv"]),
                    f"≤{indicator['cv_max']:.2f}" if per_indicator else "—",
                    verdict_text(indicator["cv_pass"]) if per_indicator else "—",
                ]
            )
        if level["composite_cv"] is not None:
            table.append(
                [
                    "综合差异系数",
                    "—",
                    cv_text(level["composite_cv"]),
                    f"≤{level['composite_cv_max']:.2f}",
                    verdict_text(level["cv_pass"]),
                ]
            )
        chart = bar_chart_svg(
            f"{name}各指标差异系数",
            [f"指标{index}" for index in range(1, len(level["indicators"]) + 1)],
            [indicator["cv"] for indicator in level["indicators"]],
        )
        sections.append(
            Section(
                f"（{SUBNUMERALS[number]}）{name}",
                [
                    f"{name}共{level['schools']}个评估单位、学生{level['students']}人，"
                    f"差异系数{verdict_text(level['cv_pass'])}。"
                    "（图中差异系数以百分数表示。）"
                ],
                table,
                chart,
            )
        )
    return sections


def schools_section(evaluation: Evaluation) -> Section:
    """Every unit against the standard: its values (带*者未达到标准值), met count and verdict
    where the standard sets thresholds; its values otherwise."""
    standard = evaluation.standard
    thresholds = standard.has_thresholds
    header = ["学校", "学段"] + [f"指标{n}" for n in range(1, len(standard.indicators) + 1)]
    if thresholds:
        header += ["达标项数", "结论"]
    table = [header]
    for row in summaries.matrix(evaluation):
        cells = []
        for cell in row["cells"]:
            text = number_text(cell["value"])
            if thresholds and cell["class"] in ("near", "below"):
                text += "*"
            cells.append(text)
        line = [row["name"], _plain_level(row["level_key"]), *cells]
        if thresholds:
            line += [str(row["met_count"]), verdict_text(row["pass"])]
        table.append(line)
    legend = "；".join(
        f"指标{n}：{indicator.name}（{indicator.unit}）"
        for n, indicator in enumerate(standard.indicators, start=1)
    )
    paragraphs = [legend + "。"]
    if thresholds and standard.school_rule:
        rule = standard.school_rule
        failing = sum(1 for r in table[1:] if r[-1] == "未达标")
        paragraphs.insert(
            0,
            f"每个评估单位至少{rule.min_met}项指标达到标准值、其余指标不低于标准值的"
            f"{rule.floor_ratio * 100:.0f}%为达标；带*者未达到标准值。"
            f"全县{len(table) - 1}个评估单位中{failing}个未达标。",
        )
    return Section("每所学校达标情况", paragraphs, table)


def checklist_section(county: County) -> Section:
    checklists = list(Checklist.objects.filter(county=county).order_by("pk"))
    if not checklists:
        return Section("政府保障与教育质量", ["本县尚未建立政府保障程度与教育质量评估清单。"])
    paragraphs: list[str] = []
    table = [["评估清单", "项目", "得分", "满分"]]
    for checklist in checklists:
        summary = checklist_summary(checklist)
        total = number_text(summary.total, 1)
        maximum = number_text(summary.max_total, 1)
        state = (
            "尚有未评分项"
            if summary.passed is None
            else ("有一票否决项未通过" if summary.vetoed else verdict_text(summary.passed))
        )
        paragraphs.append(
            f"{checklist.name}：已评分{summary.scored}/{summary.leaves}项，"
            f"得分{total}（满分{maximum}），{state}。"
        )
        for node in summary.top:
            table.append(
                [
                    checklist.name,
                    node.item.title,
                    number_text(node.score, 1),
                    number_text(node.item.max_score, 1),
                ]
            )
    return Section("政府保障与教育质量", paragraphs, table if len(table) > 1 else None)


def survey_section(county: County, year: int, standard: str) -> Section:
    found = county_satisfaction(
        county=county, year=year, standard=standard if standard in SurveyStandard.values else None
    )
    if found is None or found.percent is None:
        return Section("社会认可度", [f"{year}年尚无社会认可度调查结果。"])
    reached = found.percent >= float(found.target) * 100
    return Section(
        "社会认可度",
        [
            f"{year}年社会认可度调查（{found.survey.title}）收回问卷{found.responses}份、"
            f"有效回答{found.answers}个，社会认可度为{found.percent:.1f}%，"
            f"{'达到' if reached else '未达到'}{found.survey.target_label}的要求。",
            f"计算方法：{found.formula}。",
        ],
    )


def rectification_section(county: County, today: dt.date) -> Section:
    problems = Problem.objects.filter(county=county)
    counts = Counter(problems.values_list("status", flat=True))
    overdue = problems.filter(status__in=ACTIVE, deadline__lt=today).count()
    total = sum(counts.values())
    if not total:
        return Section("问题整改", ["目前没有登记的整改问题。"])
    closed = counts.get(Status.CLOSED, 0)
    table = [["状态", "问题数"]]
    table += [[str(label), str(counts.get(value, 0))] for value, label in Status.choices]
    table.append(["合计", str(total)])
    return Section(
        "问题整改",
        [
            f"截至{chinese_date(today.isoformat())}，全县共登记问题{total}个，已整改销号{closed}个，"
            f"整改率{closed / total * 100:.0f}%，逾期未完成{overdue}个。"
        ],
        table,
    )


def plan_section(county: County, year: int, evaluation: Evaluation) -> Section:
    """The least-cost plan for the county (the planner on the same data, with the example unit
    costs shipped with Junheng); the bureau reruns `junheng plan` with its own costs."""
    reference = (
        f"本节按 Junheng 附带的示例单价测算；各县应以本地造价和人员成本，用 `{PLAN_COMMAND}` "
        "重新测算。"
    )
    if not evaluation.standard.has_thresholds:
        return Section(
            "改进计划",
            [f"基本均衡标准未设校级达标线；改进计划由 `{PLAN_COMMAND}` 按省级标准测算。"],
        )
    plan = county_plan(
        county=county,
        year=year,
        standard=evaluation.standard.id,
        costs=default_costs(),
        budget=None,
    )
    if plan["status"] == "infeasible":
        reasons = "；".join(r["zh"] for r in plan["reasons"]) or "无可行方案"
        return Section(
            "改进计划", [f"在现有可调整的措施范围内无法使全县达标：{reasons}。", reference]
        )
    before = plan["before"] or {}
    after = plan["after"] or {}
    paragraphs = [
        f"按最低花费测算，全县达标共需投入 {plan['cost_wan']:,.2f} 万元，"
        f"措施 {len(plan['actions'])} 项、教师交流 {len(plan['transfers'])} 人次；"
        f"实施后县域结论由「{'达标' if before.get('pass') else '未达标'}」"
        f"变为「{'达标' if after.get('pass') else '未达标'}」"
        "（由评估核心按实施后的数据重新计算）。",
        reference,
    ]
    table = [["年度", "学校", "措施", "数量", "费用（万元）"]]
    for action in plan["actions"][:40]:
        table.append(
            [
                f"第{action['year']}年",
                action["school_name"],
                action["name"],
                f"{action['quantity']:,.2f} {action['unit']}".replace(".00 ", " "),
                f"{action['cost_wan']:,.2f}",
            ]
        )
    if len(plan["actions"]) > 40:
        paragraphs.append(f"措施较多，表中列出前 40 项，共 {len(plan['actions'])} 项。")
    return Section("改进计划", paragraphs, table if len(table) > 1 else None)


# --- the document ----------------------------------------------------------------------------


def report_title(county: County, year: int, evaluation: Evaluation) -> str:
    kind = "优质均衡" if evaluation.standard.has_thresholds else "基本均衡"
    return f"{county.name}义务教育{kind}发展督导评估自评报告（{year}年）"


def self_report(
    *, county: County, year: int, standard: str, today: dt.date | None = None
) -> Document | None:
    """The report for the county's year under a standard; None when the county has no data
    that year. Raises what `county_evaluation` raises on data it cannot evaluate."""
    evaluation = county_evaluation(county=county, year=year, standard=standard)
    if evaluation is None:
        return None
    previous = county_evaluation(county=county, year=year - 1, standard=standard)
    today = today or timezone.localdate()
    sections = [
        overview(county, year, evaluation),
        *resource_sections(evaluation, previous),
        schools_section(evaluation),
        checklist_section(county),
        survey_section(county, year, standard),
        rectification_section(county, today),
        plan_section(county, year, evaluation),
    ]
    number = 0
    for section in sections:
        if not section.heading.startswith("（"):
            section.heading = f"{NUMERALS[number]}、{section.heading}"
            number += 1
    return Document(
        masthead=f"{county.name}人民政府教育督导室",
        issue="",
        publisher=f"{county.name}教育局",
        date=chinese_date(today.isoformat()),
        title=report_title(county, year, evaluation),
        sections=sections,
        draft=False,
    )
