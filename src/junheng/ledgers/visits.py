"""走访记录 and 走访密度: the visits of the reader's scope, narrowed as the visit list is, and the
schools not visited for more than N days (N a filter, by default the county's 包校 visit
frequency), as workbooks.

The visits' findings and photo counts come in one query each, whatever the number of visits;
the density is the density page's own reading (`inspections.selectors.density`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count

from junheng.inspections import selectors as visit_selectors
from junheng.inspections.forms import DensityForm, VisitFilterForm
from junheng.inspections.models import Finding, VisitPhoto
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
from junheng.registry import selectors as registry_selectors

VISIT_COLUMNS = (
    Column("序号", 6, INTEGER),
    Column("走访日期", 12, DATE),
    Column("乡镇", 12),
    Column("学校", 22, WRAP),
    Column("走访人", 10),
    Column("同行人员", 16, WRAP),
    Column("检查内容", 40, WRAP),
    Column("发现的问题", 44, WRAP),
    Column("发现问题（个）", 9, INTEGER),
    Column("已转为问题（个）", 9, INTEGER),
    Column("照片（张）", 8, INTEGER),
)
DENSITY_COLUMNS = (
    Column("序号", 6, INTEGER),
    Column("乡镇", 12),
    Column("学校", 24, WRAP),
    Column("学校标识码", 13),
    Column("包校干部", 16, WRAP),
    Column("最近走访日期", 13, DATE),
    Column("未走访天数", 10),
    Column("统计期内走访（次）", 10, INTEGER),
)


def _visit_filters(*, user: Any, query: dict[str, str]) -> dict[str, Any]:
    form = VisitFilterForm(
        query or None,
        townships=registry_selectors.township_list(user=user),
        schools=registry_selectors.school_list(user=user),
    )
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


def visit_rows(*, user: Any, query: dict[str, str]) -> list[list[Any]]:
    """The visits the reader sees (narrowed by the visit list's filters), newest first, each
    with its findings (and which became problems) and photo count."""
    visits = list(visit_selectors.visit_list(user=user, **_visit_filters(user=user, query=query)))
    ids = [visit.pk for visit in visits]
    findings: dict[int, list[Finding]] = defaultdict(list)
    for finding in Finding.objects.filter(visit_id__in=ids).order_by("visit_id", "position"):
        findings[finding.visit_id].append(finding)
    photos = Counter(
        dict(
            VisitPhoto.objects.filter(visit_id__in=ids)
            .order_by()
            .values_list("visit_id")
            .annotate(n=Count("pk"))
        )
    )
    rows = []
    for number, visit in enumerate(visits, start=1):
        found = findings[visit.pk]
        rows.append(
            [
                number,
                visit.date,
                visit.school.township.name,
                visit.school.name,
                person_name(visit.visitor),
                visit.companions,
                visit.checked,
                "\n".join(_finding_text(i, f) for i, f in enumerate(found, start=1)),
                len(found),
                sum(1 for f in found if f.problem_id),
                photos[visit.pk],
            ]
        )
    return rows


def _finding_text(index: int, finding: Finding) -> str:
    text = f"{index}. {finding.text}"
    return f"{text}（已转为问题 #{finding.problem_id}）" if finding.problem_id else text


def visits_workbook(*, user: Any, county: Any, query: dict[str, str], heading: Heading) -> bytes:
    """走访记录 as a workbook."""
    rows = visit_rows(user=user, query=query)
    sheet = Sheet(
        name="走访记录",
        title=f"{county.name}督导走访记录",
        columns=VISIT_COLUMNS,
        rows=rows,
        notes=[f"共 {len(rows)} 次走访，发现问题 {sum(row[8] for row in rows)} 个。"],
    )
    return workbook_bytes([sheet], heading)


def density_rows(*, user: Any, county: Any, query: dict[str, str], heading: Heading):
    """The density page's reading for the query (period and N days): (density, rows of the
    schools not visited for more than N days, never-visited ones first)."""
    form = DensityForm(query or None)
    every_days = visit_selectors.visit_every_days(county)
    start, end, days = form.period(heading.today, default_days=every_days)
    data = visit_selectors.density(
        user=user, county=county, start=start, end=end, days=days, today=heading.today
    )
    rows = [
        [
            number,
            row.school.township.name,
            row.school.name,
            row.school.code,
            "、".join(row.cadres),
            row.last_visit,
            "从未走访" if row.days_since is None else row.days_since,
            row.visits,
        ]
        for number, row in enumerate(data.stale, start=1)
    ]
    return data, rows


def density_workbook(*, user: Any, county: Any, query: dict[str, str], heading: Heading) -> bytes:
    """走访密度: the schools not visited for more than N days, as a workbook."""
    data, rows = density_rows(user=user, county=county, query=query, heading=heading)
    never = sum(1 for row in data.stale if row.days_since is None)
    sheet = Sheet(
        name="走访密度",
        title=f"{county.name}学校走访密度（{data.days} 天以上未走访的学校）",
        columns=DENSITY_COLUMNS,
        rows=rows,
        notes=[
            f"统计期 {chinese_date(data.start)}至{chinese_date(data.end)}，"
            f"共 {len(data.schools)} 所学校，走访 {data.total_visits} 次；"
            f"{len(rows)} 所学校超过 {data.days} 天未走访，其中 {never} 所从未走访。",
            f"本县包校走访频次：每 {data.every_days} 天至少走访一次。",
        ],
    )
    return workbook_bytes([sheet], heading)
