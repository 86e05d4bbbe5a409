"""四、存在问题 and 五、下一步整改措施.

- Problems: the parts not met or not yet assessed, with their findings (the verdict's), and the
  problems still open in the county's rectification register.
- Measures: the least-cost plan of resource allocation, priced at the unit costs saved with the
  report (`selectors.report_costs`; where the standard has no per-school rule, as basic-2012,
  the CVs to bring down), and the measures the open problems carry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import F

from junheng.assessment.costs_plan import county_plan
from junheng.assessment.parts import UNASSESSED, UNMET, Verdict
from junheng.bulletins.layout import Section, numeral
from junheng.planning.planner import PlanningError
from junheng.rectification.choices import ACTIVE, Source, Status
from junheng.rectification.models import Problem
from junheng.registry.models import County
from junheng.selfreport.selectors import ReportCosts
from junheng.selfreport.wording import amount, ourselves, tidy

# Rows a table of the document lists at most (the rest are counted under it).
TABLE_ROWS = 40
STATUS_NAMES = dict(Status.choices)
SOURCE_NAMES = dict(Source.choices)


def open_problems(county: County) -> list[Problem]:
    """The county's problems not yet closed, the earliest deadline first."""
    return list(
        Problem.objects.filter(county=county)
        .exclude(status=Status.CLOSED)
        .select_related("township", "school")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def _unit(problem: Problem) -> str:
    if problem.school is not None:
        return problem.school.name
    if problem.township is not None:
        return problem.township.name
    return "全县"


def _date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "未定"


def _day(day: dt.date | None) -> str:
    """A date in a table: 2026.11.3."""
    return f"{day.year}.{day.month}.{day.day}" if day else "未定"


def _listed(rows: list[list[str]], header: list[str]) -> tuple[list[list[str]], list[str]]:
    """The table of at most TABLE_ROWS rows, and the note of those left out."""
    notes = []
    if len(rows) > TABLE_ROWS:
        notes.append(f"表中列出前{TABLE_ROWS}项，共{len(rows)}项，其余见问题整改台账。")
    return [header, *rows[:TABLE_ROWS]], notes


def problems_sections(
    county: County, verdict: Verdict, problems: list[Problem], today: dt.date
) -> list[Section]:
    sections = [Section("四、存在问题")]
    number = 0
    weak = [p for p in verdict.parts if p.state in (UNMET, UNASSESSED)]
    if weak:
        number += 1
        lines = [
            f"{index}．{part.rule.name}（{part.state_name}）："
            + "；".join(tidy(f.zh) for f in part.findings)
            + "。"
            for index, part in enumerate(weak, start=1)
        ]
        sections.append(Section(f"（{numeral(number)}）评估指标方面", lines, level=2))
    if problems:
        number += 1
        overdue = sum(
            1 for p in problems if p.status in ACTIVE and p.deadline and p.deadline < today
        )
        total = Problem.objects.filter(county=county).count()
        rows = [
            [
                str(index),
                _unit(problem),
                problem.description,
                str(SOURCE_NAMES.get(problem.source, problem.source)),
                _day(problem.deadline),
                str(STATUS_NAMES.get(problem.status, problem.status)),
            ]
            for index, problem in enumerate(problems, start=1)
        ]
        table, notes = _listed(rows, ["序号", "单位", "问题", "来源", "整改期限", "状态"])
        sections.append(
            Section(
                f"（{numeral(number)}）问题整改方面",
                [
                    f"截至{_date(today)}，{ourselves(county)}共登记问题{total}个，"
                    f"尚未整改销号{len(problems)}个，其中逾期未完成{overdue}个。"
                ],
                table,
                level=2,
                notes=notes,
            )
        )
    if not number:
        sections[0].paragraphs.append("经自查，各方面均达到要求，登记的问题均已整改销号。")
    return sections


def _plan_paragraphs(plan: dict) -> list[str]:
    if plan["status"] == "infeasible":
        reasons = "；".join(r["zh"] for r in plan["reasons"])
        return [f"在现有可调整的措施范围内，资源配置尚不能全部达到要求：{reasons}。"]
    if not plan["actions"] and not plan["transfers"]:
        return ["各参评学校（学部）资源配置均已达到要求，继续保持投入。"]
    after = plan.get("after") or {}
    result = (
        "实施后，全县资源配置（校际均衡）可达到要求。"
        if after.get("pass")
        else "实施后，资源配置（校际均衡）仍有未达到要求之处，需另行研究。"
    )
    transfers = f"，交流教师{len(plan['transfers'])}人次" if plan["transfers"] else ""
    return [
        f"按最低投入测算，需实施{len(plan['actions'])}项措施{transfers}，"
        f"共需投入{amount(plan['cost_wan'])}万元。{result}"
    ]


def _plan_table(plan: dict) -> tuple[list[list[str]] | None, list[str]]:
    totals: dict[tuple[int, str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for action in plan["actions"]:
        key = (action["year"], action["school_name"], action["name"], action["unit"])
        totals[key][0] += action["quantity"]
        totals[key][1] += action["cost_wan"]
    rows = [
        [f"第{year}年", school, name, f"{amount(quantity)}{unit}", amount(cost)]
        for (year, school, name, unit), (quantity, cost) in totals.items()
    ]
    if not rows:
        return None, []
    return _listed(rows, ["年度", "学校", "措施", "数量", "费用（万元）"])


def plan_section(
    county: County, verdict: Verdict, costs: ReportCosts, number: int
) -> Section | None:
    """The resource plan at the report's unit costs; for a standard without a per-school rule
    (the planner cannot price it), the CVs to bring down."""
    standard = verdict.standard
    heading = f"（{numeral(number)}）改善资源配置"
    if standard.school_rule is None or standard.cv_mode != "per_indicator":
        failing = [
            tidy(f.zh)
            for part in verdict.parts
            if part.rule.judged_by in ("cv", "resources") and part.state == UNMET
            for f in part.findings
        ]
        if not failing:
            return None
        return Section(
            heading,
            [
                "针对" + "；".join(failing) + "的情况，统筹安排经费，"
                "优先改善薄弱学校办学条件，合理调配教师，缩小校际差距。"
            ],
            level=2,
        )
    try:
        plan = county_plan(
            county=county,
            year=verdict.year,
            standard=standard.id,
            costs=costs.costs,
            budget=None,
        )
    except PlanningError:
        return None
    table, notes = _plan_table(plan)
    return Section(heading, _plan_paragraphs(plan), table, level=2, notes=notes)


def measures_sections(
    county: County, verdict: Verdict, problems: list[Problem], costs: ReportCosts
) -> list[Section]:
    sections = [Section("五、下一步整改措施")]
    number = 1
    plan = plan_section(county, verdict, costs, number)
    if plan is not None:
        sections.append(plan)
        number += 1
    if problems:
        rows = [
            [
                str(index),
                problem.description,
                problem.measure or "尚未制定",
                _unit(problem),
                _day(problem.deadline),
            ]
            for index, problem in enumerate(problems, start=1)
        ]
        table, notes = _listed(rows, ["序号", "问题", "整改措施", "责任单位", "整改期限"])
        sections.append(
            Section(
                f"（{numeral(number)}）逐项整改问题",
                [
                    "对尚未整改销号的问题，逐项明确整改措施、责任单位和整改期限，"
                    "整改一个、销号一个。"
                ],
                table,
                level=2,
                notes=notes,
            )
        )
        number += 1
    sections.append(
        Section(
            f"（{numeral(number)}）强化工作保障",
            [
                "加强组织领导，压实各级责任；统筹安排教育经费，确保各项措施按期落实；"
                "加强督导检查，定期通报整改进展，确保各项整改任务落实到位。"
            ],
            level=2,
        )
    )
    return sections
