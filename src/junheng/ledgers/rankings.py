"""The rankings of the county's townships and schools (`rectification.rankings`) as a
workbook: one sheet each, with the measures defined under the rows. Ranks shared by a tie say
so (「3（并列）」); the list by overdue problems puts the worst first and is numbered, not
ranked, since it is no order of merit.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from junheng.ledgers.sheets import (
    INTEGER,
    PERCENT,
    Column,
    Heading,
    Sheet,
    workbook_bytes,
)
from junheng.rectification.rankings import SORTS, county_rankings

SORT_NAMES = {
    "rate": "整改率",
    "overdue": "逾期问题数",
    "data": "数据完成度",
    "evidence": "佐证材料完整度",
}
DEFINITIONS = [
    "整改率 = 已销号问题数 ÷ 问题总数（无问题不计整改率）。",
    "逾期问题 = 已过整改期限而责任方仍未完成整改（待整改、整改中、已退回）的问题。",
    "数据完成度：本年度数据未填 0，填报中或被退回 25%，已上报 50%，乡镇已审核 75%，"
    "县已审核 100%；乡镇为所辖学校的平均；幼儿园、高级中学不填报义务教育数据，不计数据完成度。",
    "佐证材料完整度 = 所需佐证均已上传的指标分解任务数 ÷ 任务总数。",
]


def _place(row: Any, ties: Counter[int], ranked: bool, number: int) -> str | int:
    if not ranked:
        return number
    if row.rank is None:  # no figure (a unit without problems has no rate): not ranked
        return "—"
    return f"{row.rank}（并列）" if ties[row.rank] > 1 else row.rank


def _figures(row: Any, evidence: bool) -> list[Any]:
    figures = [row.problems, row.closed, row.rate, row.overdue, row.data]
    return [*figures, row.evidence] if evidence else figures


def rankings_workbook(*, user: Any, county: Any, query: dict[str, str], heading: Heading) -> bytes:
    """The rankings for the query's sort (rate by default), townships and schools."""
    sort = query.get("sort", "")
    data = county_rankings(
        user=user, county=county, today=heading.today, sort=sort if sort in SORTS else ""
    )
    ranked = data.sort != "overdue"
    evidence = data.evidence_available
    first = "名次" if ranked else "序号（逾期多者在前）"
    figures = [
        Column("问题总数", 9, INTEGER),
        Column("已销号", 8, INTEGER),
        Column("整改率", 9, PERCENT),
        Column("逾期问题", 9, INTEGER),
        Column("数据完成度", 10, PERCENT),
    ]
    if evidence:
        figures.append(Column("佐证材料完整度", 12, PERCENT))
    order = f"按{SORT_NAMES[data.sort]}排列" if ranked else "按逾期问题数从多到少排列"
    year = f"（数据年度 {data.year}）" if data.year else ""
    notes = [order + year + "。", *DEFINITIONS[: 4 if evidence else 3], *data.notes]
    sheets = []
    for name, rows, unit_columns in (
        ("乡镇排名", data.townships, [Column("乡镇", 14)]),
        ("学校排名", data.schools, [Column("乡镇", 12), Column("学校", 24)]),
    ):
        ties = Counter(row.rank for row in rows)
        sheets.append(
            Sheet(
                name=name,
                title=f"{county.name}{name.removesuffix('排名')}问题整改情况排名",
                columns=[Column(first, 10), *unit_columns, *figures],
                rows=[
                    [
                        _place(row, ties, ranked, number),
                        *([row.name] if name == "乡镇排名" else [row.township, row.name]),
                        *_figures(row, evidence),
                    ]
                    for number, row in enumerate(rows, start=1)
                ],
                notes=notes,
            )
        )
    return workbook_bytes(sheets, heading)
