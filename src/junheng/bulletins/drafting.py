"""A notice (通报) drafted from the rankings: the units to commend and to criticise, with
their figures, in the words the bureau then edits.

- commended: units with problems, none overdue and a rectification rate of at least 80 %,
  the best first (rate, then closed problems), at most five of each kind;
- criticised: units with overdue problems, the most overdue first (then the lowest rate), at
  most five of each kind.
"""

from __future__ import annotations

from typing import Any

from junheng.bulletins.figures import chinese_date, percent
from junheng.rectification.rankings import Rankings, Row

COMMEND_RATE = 0.8
LIMIT = 5


def commended(rows: list[Row]) -> list[Row]:
    chosen = [r for r in rows if r.problems and not r.overdue and (r.rate or 0) >= COMMEND_RATE]
    return sorted(chosen, key=lambda r: (-(r.rate or 0), -r.closed, r.name))[:LIMIT]


def criticised(rows: list[Row]) -> list[Row]:
    chosen = [r for r in rows if r.overdue]
    return sorted(chosen, key=lambda r: (-r.overdue, r.rate or 0, r.name))[:LIMIT]


def _praise(row: Row) -> str:
    return (
        f"{row.name}（问题 {row.problems} 个，已销号 {row.closed} 个，整改率 {percent(row.rate)}）"
    )


def _blame(row: Row) -> str:
    return (
        f"{row.name}（问题 {row.problems} 个，逾期未完成 {row.overdue} 个，"
        f"整改率 {percent(row.rate)}）"
    )


def _entry(row: Row) -> dict[str, Any]:
    return {
        "name": row.name,
        "problems": row.problems,
        "closed": row.closed,
        "overdue": row.overdue,
        "rate": row.rate,
    }


def notice_draft(rankings: Rankings) -> tuple[str, str, dict[str, Any]]:
    """(title, body, figures) of a notice drafted from the rankings."""
    county, total = rankings.county, rankings.total
    good_townships, good_schools = commended(rankings.townships), commended(rankings.schools)
    bad_townships, bad_schools = criticised(rankings.townships), criticised(rankings.schools)
    title = f"关于{county.name}义务教育优质均衡发展问题整改情况的通报"
    lines = [
        "各乡镇中心学校，县直各学校：",
        "为扎实做好义务教育优质均衡发展督导评估迎检工作，"
        "县教育局对全县问题整改情况进行了统计。"
        f"截至{chinese_date(rankings.today.isoformat())}，全县共登记问题 {total.problems} 个，"
        f"已整改销号 {total.closed} 个，整改率 {percent(total.rate)}，"
        f"逾期未完成 {total.overdue} 个。"
        "现将有关情况通报如下：",
        "一、通报表扬",
    ]
    if good_townships:
        lines.append(
            "以下乡镇整改工作扎实、成效明显，予以通报表扬："
            + "；".join(_praise(r) for r in good_townships)
            + "。"
        )
    if good_schools:
        lines.append(
            "以下学校整改工作扎实、成效明显，予以通报表扬："
            + "；".join(_praise(r) for r in good_schools)
            + "。"
        )
    if not good_townships and not good_schools:
        lines.append("本期暂无达到表扬条件（无逾期且整改率达到 80%）的单位。")
    lines.append("二、通报批评")
    if bad_townships:
        lines.append(
            "以下乡镇整改进度滞后，存在逾期未完成问题，予以通报批评："
            + "；".join(_blame(r) for r in bad_townships)
            + "。"
        )
    if bad_schools:
        lines.append(
            "以下学校整改进度滞后，存在逾期未完成问题，予以通报批评："
            + "；".join(_blame(r) for r in bad_schools)
            + "。"
        )
    if bad_townships or bad_schools:
        lines.append(
            "被通报批评的单位要认真查找原因，限期完成整改，"
            "并于 5 个工作日内向县教育局报送整改情况说明。"
        )
    else:
        lines.append("本期无逾期未完成整改的单位。")
    lines += [
        "三、工作要求",
        "各单位要对照问题清单，制定有效措施，倒排时间，责任到人；包校责任人要对责任学校的整改情况"
        "做到时时跟踪监督，确保在督导检查前全部整改到位。",
    ]
    figures = {
        "as_of": rankings.today.isoformat(),
        "total": _entry(total),
        "commended": [_entry(r) for r in good_townships + good_schools],
        "criticised": [_entry(r) for r in bad_townships + bad_schools],
    }
    return title, "\n".join(lines), figures
