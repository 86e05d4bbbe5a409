"""The progress figures a bulletin reports, computed from the data (reads only) and kept with
the bulletin as plain JSON, so a published issue never changes; and the same figures in words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.utils import translation

from junheng.access import VIEW
from junheng.collection.choices import DataStatus
from junheng.collection.models import SchoolYear
from junheng.inspections.models import Visit
from junheng.rectification.choices import ACTIVE, Source, Status
from junheng.rectification.models import Problem
from junheng.rectification.rankings import county_rankings, latest_year
from junheng.registry.models import County, School

VISIT_DAYS = 30


def _rate(closed: int, total: int) -> float | None:
    return round(closed / total, 4) if total else None


def bulletin_figures(*, user: Any, county: County, today: dt.date) -> dict[str, Any]:
    """The county's progress as of `today`: problems by status and source, townships,
    visits of the last 30 days, the yearly data's approval, the countdown."""
    problems = list(
        Problem.objects.restrict(user, VIEW)
        .filter(county=county)
        .values_list("status", "source", "deadline")
    )
    statuses = Counter(p[0] for p in problems)
    overdue = sum(1 for s, _, d in problems if s in ACTIVE and d is not None and d < today)
    closed = statuses.get(Status.CLOSED, 0)
    sources = []
    for code, label in Source.choices:
        mine = [p for p in problems if p[1] == code]
        if mine:
            done = sum(1 for p in mine if p[0] == Status.CLOSED)
            with translation.override("zh-hans"):  # the bulletin is Chinese
                name = str(label)
            sources.append({"label": name, "total": len(mine), "closed": done})
    ranking = county_rankings(user=user, county=county, today=today)
    townships = sorted(
        (
            {
                "name": row.name,
                "total": row.problems,
                "closed": row.closed,
                "overdue": row.overdue,
                "rate": _rate(row.closed, row.problems),
            }
            for row in ranking.townships
        ),
        key=lambda t: t["name"],
    )
    since = today - dt.timedelta(days=VISIT_DAYS - 1)
    visits = Visit.objects.restrict(user, VIEW).filter(
        county=county, date__gte=since, date__lte=today
    )
    # The school counts are of compulsory education (docs/standards.md §4): a kindergarten or
    # senior high school has no yearly record to approve, and the 包校 coverage reported beside
    # the 均衡 figures is of the schools evaluated; a visit to a kindergarten still counts as one.
    compulsory = School.objects.restrict(user, VIEW).filter(county=county).compulsory()
    schools = compulsory.count()
    year = latest_year(county)
    approved = (
        SchoolYear.objects.filter(
            school__county=county, year=year, status=DataStatus.APPROVED
        ).count()
        if year
        else 0
    )
    inspection = county.inspection_date
    return {
        "as_of": today.isoformat(),
        "county": county.name,
        "inspection_date": inspection.isoformat() if inspection else None,
        "days_left": (inspection - today).days if inspection else None,
        "problems": {
            "total": len(problems),
            "closed": closed,
            "open": statuses.get(Status.OPEN, 0),
            "rectifying": statuses.get(Status.RECTIFYING, 0) + statuses.get(Status.RETURNED, 0),
            "submitted": statuses.get(Status.SUBMITTED, 0),
            "overdue": overdue,
            "rate": _rate(closed, len(problems)),
        },
        "sources": sources,
        "townships": townships,
        "visits": {
            "days": VISIT_DAYS,
            "count": visits.count(),
            "schools": visits.filter(school__in=compulsory)
            .order_by()
            .values("school")
            .distinct()
            .count(),
            "total_schools": schools,
        },
        "data": {"year": year, "approved": approved, "schools": schools},
    }


def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}".removesuffix(".0") + "%"


def chinese_date(iso: str | None) -> str:
    if not iso:
        return ""
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def progress_paragraphs(figures: dict[str, Any]) -> list[str]:
    """The figures in sentences, as the bulletin prints them."""
    if not figures:
        return []
    p = figures["problems"]
    lines = [
        f"截至{chinese_date(figures['as_of'])}，全县共排查登记问题 {p['total']} 个，"
        f"已整改销号 {p['closed']} 个，整改率 {percent(p['rate'])}；"
        f"正在整改 {p['rectifying']} 个，已提交待核验 {p['submitted']} 个，"
        f"尚未启动整改 {p['open']} 个，逾期未完成 {p['overdue']} 个。"
    ]
    if figures["sources"]:
        parts = "，".join(
            f"{s['label']} {s['total']} 个（已销号 {s['closed']} 个）" for s in figures["sources"]
        )
        lines.append(f"按问题来源：{parts}。")
    v = figures["visits"]
    lines.append(
        f"近 {v['days']} 天开展督导走访 {v['count']} 次，覆盖学校 {v['schools']} 所"
        f"（全县共 {v['total_schools']} 所）。"
    )
    d = figures["data"]
    if d["year"]:
        lines.append(
            f"{d['year']} 年度学校基础数据已经县审核通过 {d['approved']} 所，共 {d['schools']} 所。"
        )
    if figures.get("inspection_date"):
        days = figures["days_left"]
        when = chinese_date(figures["inspection_date"])
        lines.append(
            f"距督导检查（{when}）还有 {days} 天。" if days >= 0 else f"督导检查日期为{when}。"
        )
    return lines


def township_table(figures: dict[str, Any]) -> list[list[str]]:
    """The townships' figures as a table (the header first)."""
    rows = [["乡镇", "问题数", "已销号", "整改率", "逾期"]]
    for t in figures.get("townships", []):
        rows.append(
            [t["name"], str(t["total"]), str(t["closed"]), percent(t["rate"]), str(t["overdue"])]
        )
    return rows
