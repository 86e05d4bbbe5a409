"""倒排计划: the work still owed before the inspection, by deadline, counted back from the
inspection date — the checklist assignments not yet done (evidence missing or item not scored)
and the problems not yet closed — with the stages of the road to recognition beside it
(docs/standards.md §3, "The road to recognition": the province stage's date is the county's
督导检查日期, which the plan counts down to).

Each line sits in the countdown plan's groups (`rectification.selectors.PLAN_GROUPS`): overdue,
due within a week, due before the inspection, due only after it (to be brought forward),
waiting for verification, without a deadline. Six queries whatever the number of lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from junheng.access import VIEW, restrict
from junheng.checklists.models import Assignment
from junheng.checklists.selectors import AssignmentState, assignment_states
from junheng.ledgers.sheets import (
    DATE,
    INTEGER,
    WRAP,
    Column,
    Heading,
    Sheet,
    chinese_date,
    person_name,
    workbook_bytes,
)
from junheng.recognition.selectors import stage_rows
from junheng.rectification.choices import DUE_SOON_DAYS, Status
from junheng.rectification.selectors import PLAN_GROUPS, countdown_plan

ASSIGNMENT, PROBLEM = "评估指标任务", "整改问题"
COLUMNS = (
    Column("序号", 6, INTEGER),
    Column("倒排节点", 14),
    Column("类别", 12),
    Column("编号", 9),
    Column("工作内容", 48, WRAP),
    Column("责任单位", 18, WRAP),
    Column("责任人", 10),
    Column("完成期限", 12, DATE),
    Column("剩余天数", 9, INTEGER),
    Column("早于迎检（天）", 10, INTEGER),
    Column("当前状态", 24, WRAP),
)
STAGE_COLUMNS = (
    Column("阶段", 22),
    Column("实施单位", 14),
    Column("计划日期", 12, DATE),
    Column("完成日期", 12, DATE),
    Column("距今（天）", 10, INTEGER),
    Column("备注", 40, WRAP),
)


@dataclass(frozen=True)
class PlanLine:
    group: str  # a key of PLAN_GROUPS
    kind: str  # ASSIGNMENT or PROBLEM
    number: str
    content: str
    unit: str
    person: str
    deadline: dt.date | None
    days_left: int | None
    slack: int | None  # days between the deadline and the inspection (negative: after it)
    state: str


def _group(deadline: dt.date, today: dt.date, inspection: dt.date | None) -> str:
    """The countdown plan's group of an open piece of work with a deadline (as a problem's)."""
    if deadline < today:
        return "overdue"
    if inspection is not None and deadline > inspection:
        return "after"
    if (deadline - today).days <= DUE_SOON_DAYS:
        return "soon"
    return "before"


def _assignment_state(state: AssignmentState) -> str:
    if state.complete:
        return "佐证已齐，待评分"
    if state.missing and state.files:
        return "缺少佐证：" + "；".join(state.missing)
    return "尚未上传佐证"


def assignment_lines(
    *, user: Any, county: Any, today: dt.date, inspection: dt.date | None
) -> list[PlanLine]:
    """The county's checklist assignments the reader sees that are not done yet."""
    assignments = (
        restrict(Assignment, user, VIEW)
        .filter(item__checklist__county=county)
        .select_related("item", "item__checklist", "school", "township", "person")
        .order_by("deadline", "item__sort_key", "pk")
    )
    lines = []
    for state in assignment_states(assignments):
        if state.done:
            continue
        assignment = state.assignment
        deadline = assignment.deadline
        lines.append(
            PlanLine(
                group=_group(deadline, today, inspection),
                kind=ASSIGNMENT,
                number=assignment.item.code,
                content=f"{assignment.item.title}（{assignment.item.checklist.name}）",
                unit=assignment.unit_label,
                person=person_name(assignment.person),
                deadline=deadline,
                days_left=(deadline - today).days,
                slack=(inspection - deadline).days if inspection else None,
                state=_assignment_state(state),
            )
        )
    return lines


def problem_lines(*, user: Any, today: dt.date) -> list[PlanLine]:
    """The problems of the countdown plan (`rectification.selectors.countdown_plan`)."""
    plan = countdown_plan(user=user, today=today)
    statuses = {key: str(label) for key, label in Status.choices}  # once, not per line
    return [
        PlanLine(
            group=group.key,
            kind=PROBLEM,
            number=f"#{row.problem.pk}",
            content=row.problem.description,
            unit=row.problem.unit_name,
            person=person_name(row.problem.responsible),
            deadline=row.problem.deadline,
            days_left=row.days_left,
            slack=row.slack,
            state=statuses[row.problem.status],
        )
        for group in plan.groups
        for row in group.rows
    ]


def plan_lines(*, user: Any, county: Any, today: dt.date) -> list[PlanLine]:
    """Every line of the plan, by deadline (undated last), assignments before problems on a
    day."""
    inspection = county.inspection_date
    lines = assignment_lines(user=user, county=county, today=today, inspection=inspection)
    lines += problem_lines(user=user, today=today)
    return sorted(
        lines,
        key=lambda line: (line.deadline is None, line.deadline or today, line.kind != ASSIGNMENT),
    )


def plan_workbook(*, user: Any, county: Any, query: dict[str, str], heading: Heading) -> bytes:
    """倒排计划 as a workbook: the plan's lines, and the stages of the road to recognition."""
    labels = {key: str(label) for key, label in PLAN_GROUPS}  # Chinese: see catalogue
    lines = plan_lines(user=user, county=county, today=heading.today)
    inspection = county.inspection_date
    if inspection is not None:
        days = (inspection - heading.today).days
        counted = f"督导检查日期 {chinese_date(inspection)}，距今 {days} 天。"
    else:
        counted = "县教育局尚未设定督导检查日期。"
    counts = "；".join(
        f"{labels[key]} {sum(1 for line in lines if line.group == key)} 项"
        for key, _label in PLAN_GROUPS
    )
    plan = Sheet(
        name="倒排计划",
        title=f"{county.name}迎检工作倒排计划",
        columns=COLUMNS,
        rows=(
            [
                number,
                labels[line.group],
                line.kind,
                line.number,
                line.content,
                line.unit,
                line.person,
                line.deadline,
                line.days_left,
                line.slack,
                line.state,
            ]
            for number, line in enumerate(lines, start=1)
        ),
        notes=[counted + f"共 {len(lines)} 项：{counts}。"],
    )
    stages = Sheet(
        name="迎检阶段",
        title=f"{county.name}迎检阶段安排",
        columns=STAGE_COLUMNS,
        rows=[
            [
                row.label,
                row.body_label,
                row.planned_date,
                row.done_date,
                (row.planned_date - heading.today).days
                if row.planned_date and not row.done_date
                else None,
                row.note,
            ]
            for row in stage_rows(county=county)
        ],
    )
    return workbook_bytes([plan, stages], heading)
