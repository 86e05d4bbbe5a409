"""问题整改台账: the problems of the reader's scope, narrowed as the problem list is (the same
filters, read from the same query string), one line each, as a workbook.

A line carries what an inspection team asks of a rectification ledger: the problem's number,
its unit and 评估指标条目, the description, where it was found (source and the stage of the road
to recognition, docs/standards.md §3 "The road to recognition"), when, the deadline, the
responsible person and measure, the state, when it was closed and how many proof photos back it.
Three queries whatever the number of problems: the problems (with their places and people),
the photo counts, and the reader's schools and townships for the filters.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone

from junheng.ledgers.sheets import (
    DATE,
    INTEGER,
    WRAP,
    Column,
    Heading,
    Sheet,
    person_name,
    workbook_bytes,
)
from junheng.rectification import selectors as problem_selectors
from junheng.rectification.choices import PhotoStage, Source, Status
from junheng.rectification.forms import ProblemFilterForm
from junheng.rectification.models import Problem, ProblemPhoto
from junheng.rectification.origins import STAGE_LABELS
from junheng.registry import selectors as registry_selectors

COLUMNS = (
    Column("序号", 6, INTEGER),
    Column("问题编号", 9),
    Column("乡镇", 12),
    Column("学校（单位）", 22, WRAP),
    Column("对应评估指标条目", 24, WRAP),
    Column("问题描述", 40, WRAP),
    Column("问题来源", 10),
    Column("发现阶段", 14),
    Column("发现日期", 12, DATE),
    Column("整改期限", 12, DATE),
    Column("责任人", 10),
    Column("整改措施", 36, WRAP),
    Column("整改状态", 9),
    Column("是否逾期", 8),
    Column("销号日期", 12, DATE),
    Column("整改佐证（张）", 9, INTEGER),
    Column("整改情况说明", 30, WRAP),
)


@dataclass(frozen=True)
class ProblemLine:
    """One problem of the ledger, with what the line shows beside its own fields."""

    number: int  # 序号 in the ledger
    problem: Problem
    found: dt.date | None
    closed: dt.date | None
    proofs: int
    overdue: bool
    labels: tuple[str, str, str]  # its source, stage and status, in words

    def values(self) -> list[Any]:
        problem = self.problem
        return [
            self.number,
            f"#{problem.pk}",
            problem.township.name if problem.township_id else "",
            problem.unit_name,
            problem.checklist_item,
            problem.description,
            self.labels[0],
            self.labels[1],
            self.found,
            problem.deadline,
            person_name(problem.responsible),
            problem.measure,
            self.labels[2],
            "是" if self.overdue else "否",
            self.closed,
            self.proofs,
            problem.proof,
        ]


def found_date(problem: Problem) -> dt.date | None:
    """The day the problem was found: its own date where the model records one (issue 14 §4
    lets a problem carry the day of an earlier inspection), else the day it was registered."""
    found = getattr(problem, "found_on", None)
    if found is not None:
        return found
    return timezone.localdate(problem.created_at) if problem.created_at else None


def _filters(*, user: Any, query: dict[str, str]) -> problem_selectors.ProblemFilters:
    """The problem list's filters, read from its query string as the list reads them."""
    form = ProblemFilterForm(
        query or None,
        townships=registry_selectors.township_list(user=user),
        schools=registry_selectors.school_list(user=user),
    )
    if form.is_bound and form.is_valid():
        return problem_selectors.ProblemFilters(**form.cleaned_data)
    return problem_selectors.ProblemFilters()


def problem_lines(*, user: Any, query: dict[str, str], today: dt.date) -> list[ProblemLine]:
    """The problems the reader sees (narrowed by the list's filters), by deadline."""
    problems = list(
        problem_selectors.problem_list(
            user=user, filters=_filters(user=user, query=query), today=today
        )
    )
    proofs = proof_counts([p.pk for p in problems])
    # the labels in words once, not per line (a lazy label costs a translation lookup each time)
    sources = {key: str(label) for key, label in Source.choices}
    statuses = {key: str(label) for key, label in Status.choices}
    stages = {key: str(label) for key, label in STAGE_LABELS.items()}
    return [
        ProblemLine(
            number=number,
            problem=problem,
            found=found_date(problem),
            closed=timezone.localdate(problem.closed_at) if problem.closed_at else None,
            proofs=proofs[problem.pk],
            overdue=problem.is_overdue(today),
            labels=(
                sources[problem.source],
                stages.get(problem.stage, ""),
                statuses[problem.status],
            ),
        )
        for number, problem in enumerate(problems, start=1)
    ]


def proof_counts(problem_ids: list[int]) -> Counter[int]:
    """The proof photos (整改佐证) of each problem, in one query."""
    rows = (
        ProblemPhoto.objects.filter(problem_id__in=problem_ids, stage=PhotoStage.PROOF)
        .order_by()
        .values_list("problem_id")
        .annotate(n=Count("pk"))
    )
    return Counter(dict(rows))


def problems_sheet(lines: list[ProblemLine], *, title: str) -> Sheet:
    overdue = sum(1 for line in lines if line.overdue)
    closed = sum(1 for line in lines if line.problem.is_closed)
    return Sheet(
        name="问题整改台账",
        title=title,
        columns=COLUMNS,
        rows=(line.values() for line in lines),
        notes=[f"共 {len(lines)} 个问题，已销号 {closed} 个，逾期未整改 {overdue} 个。"],
    )


def problems_workbook(*, user: Any, county: Any, query: dict[str, str], heading: Heading) -> bytes:
    """问题整改台账 as a workbook."""
    lines = problem_lines(user=user, query=query, today=heading.today)
    return workbook_bytes([problems_sheet(lines, title=f"{county.name}问题整改台账")], heading)
