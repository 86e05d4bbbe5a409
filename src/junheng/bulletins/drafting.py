"""A notice (通报) drafted from the rankings: the units to commend and to criticise, with
their figures, in the words the bureau then edits. The thresholds are the county's settings
(`DocumentSettings`, edited on the settings page); by default:

- commended: units with problems, none overdue and a rectification rate of at least 80 %,
  the best first (rate, then closed problems), at most five of each kind;
- criticised: units with at least one overdue problem, the most overdue first (then the
  lowest rate), at most five of each kind.

The 主送机关, 落款 and 发文字号 are not part of the text: the notice lays them out (GB/T 9704).

The draft warns (`figures["warnings"]`, shown to the bureau beside the draft, never in the
text) when a criticism rests on a tie — the list is cut at `listed` between units with the
same figures, so who is named is arbitrary — or on a handful of cases (a unit with fewer than
`FEW_CASES` problems, whose rate one problem moves by 20 points or more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_lazy, gettext_noop

from junheng.bulletins.choices import DEFAULT_STANDARD
from junheng.bulletins.figures import chinese_date, percent
from junheng.bulletins.programme import programme_phrase
from junheng.rectification.rankings import Rankings, Row

# Below five problems one problem moves a unit's rate by 20 points or more (1 of 2 is 50 %):
# too few cases to hold a unit up against the others. The county's document settings have no
# threshold of this kind (theirs choose whom to name, not how sure the naming is).
FEW_CASES = 5


@dataclass(frozen=True)
class DraftRules:
    """Who a drafted notice commends and criticises, and the programme it names."""

    commend_rate: float = 0.8  # a share, 0–1
    criticise_overdue: int = 1
    listed: int = 5
    standard: str = DEFAULT_STANDARD

    @classmethod
    def of(cls, settings: Any) -> DraftRules:
        """The rules of a county's `DocumentSettings` (its rate is a percentage)."""
        return cls(
            commend_rate=float(settings.commend_rate) / 100,
            criticise_overdue=settings.criticise_overdue,
            listed=settings.listed,
            standard=settings.standard,
        )


def _commend_order(row: Row) -> tuple[Any, ...]:
    return (-(row.rate or 0), -row.closed)


def _criticise_order(row: Row) -> tuple[Any, ...]:
    return (-row.overdue, row.rate or 0)


def _eligible_commended(rows: list[Row], rules: DraftRules) -> list[Row]:
    chosen = [
        r for r in rows if r.problems and not r.overdue and (r.rate or 0) >= rules.commend_rate
    ]
    return sorted(chosen, key=lambda r: (*_commend_order(r), r.name))


def _eligible_criticised(rows: list[Row], rules: DraftRules) -> list[Row]:
    chosen = [r for r in rows if r.overdue and r.overdue >= rules.criticise_overdue]
    return sorted(chosen, key=lambda r: (*_criticise_order(r), r.name))


def commended(rows: list[Row], rules: DraftRules | None = None) -> list[Row]:
    rules = rules or DraftRules()
    return _eligible_commended(rows, rules)[: rules.listed]


def criticised(rows: list[Row], rules: DraftRules | None = None) -> list[Row]:
    rules = rules or DraftRules()
    return _eligible_criticised(rows, rules)[: rules.listed]


def _cut_in_a_tie(eligible: list[Row], listed: int, order: Any) -> tuple[Row, Row] | None:
    """(the last named, the first left out) when the list is cut between equal figures."""
    if len(eligible) <= listed:
        return None
    last, first_out = eligible[listed - 1], eligible[listed]
    return (last, first_out) if order(last) == order(first_out) else None


# The warnings' wording: stored in Chinese (the figures of the draft), shown again in the
# reader's language by `warnings_shown`.
TIE_CRITICISED = gettext_noop(
    "批评名单取舍落在并列处：%(kind)s「%(last)s」被点名，而「%(out)s」"
    "逾期同为 %(overdue)s 个、整改率同为 %(rate)s，却未列入"
    "（每类最多列 %(listed)s 个）。请核实后调整名单或说明依据。"
)
TIE_COMMENDED = gettext_noop(
    "表扬名单取舍落在并列处：%(kind)s「%(last)s」与未列入的「%(out)s」"
    "整改率同为 %(rate)s、销号同为 %(closed)s 个。"
)
FEW = gettext_noop(
    "%(kind)s「%(name)s」仅有 %(problems)s 个问题（逾期 %(overdue)s 个），"
    "个案少于 %(few)s 个，整改率受个别问题影响大，据此批评需慎重。"
)
KINDS = {"乡镇": gettext_lazy("乡镇"), "学校": gettext_lazy("学校")}


def draft_warnings(rankings: Rankings, rules: DraftRules) -> list[str]:
    """Why the bureau should look again before it names units: a criticism (or a commendation)
    cut between tied units, and criticised units with only a handful of problems."""
    warnings = []
    for kind, rows in (("乡镇", rankings.townships), ("学校", rankings.schools)):
        tie = _cut_in_a_tie(_eligible_criticised(rows, rules), rules.listed, _criticise_order)
        if tie:
            last, out = tie
            warnings.append(
                TIE_CRITICISED
                % {
                    "kind": kind,
                    "last": last.name,
                    "out": out.name,
                    "overdue": out.overdue,
                    "rate": percent(out.rate),
                    "listed": rules.listed,
                }
            )
        tie = _cut_in_a_tie(_eligible_commended(rows, rules), rules.listed, _commend_order)
        if tie:
            last, out = tie
            warnings.append(
                TIE_COMMENDED
                % {
                    "kind": kind,
                    "last": last.name,
                    "out": out.name,
                    "rate": percent(out.rate),
                    "closed": out.closed,
                }
            )
        for row in criticised(rows, rules):
            if row.problems < FEW_CASES:
                warnings.append(
                    FEW
                    % {
                        "kind": kind,
                        "name": row.name,
                        "problems": row.problems,
                        "overdue": row.overdue,
                        "few": FEW_CASES,
                    }
                )
    return warnings


def _pattern(wording: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", wording)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.S)


WORDINGS = [(wording, _pattern(wording)) for wording in (TIE_CRITICISED, TIE_COMMENDED, FEW)]


def warning_shown(text: str) -> str:
    """A stored warning in the reader's language (as stored when it is not in a known form)."""
    for wording, pattern in WORDINGS:
        found = pattern.match(text)
        if found:
            values = found.groupdict()
            values["kind"] = str(KINDS.get(values["kind"], values["kind"]))
            return gettext(wording) % values
    return text


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


def notice_draft(
    rankings: Rankings, rules: DraftRules | None = None
) -> tuple[str, str, dict[str, Any]]:
    """(title, body, figures) of a notice drafted from the rankings."""
    rules = rules or DraftRules()
    county, total = rankings.county, rankings.total
    good_townships = commended(rankings.townships, rules)
    good_schools = commended(rankings.schools, rules)
    bad_townships = criticised(rankings.townships, rules)
    bad_schools = criticised(rankings.schools, rules)
    programme = programme_phrase(rules.standard)
    title = f"关于{county.name}{programme}问题整改情况的通报"
    lines = [
        f"为扎实做好{programme}督导评估迎检工作，"
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
        lines.append(
            f"本期暂无达到表扬条件（无逾期且整改率达到 {percent(rules.commend_rate)}）的单位。"
        )
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
    elif rules.criticise_overdue > 1 and total.overdue:
        lines.append(
            f"本期暂无达到批评条件（逾期未完成问题不少于 {rules.criticise_overdue} 个）的单位。"
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
        "rules": {
            "commend_rate": rules.commend_rate,
            "criticise_overdue": rules.criticise_overdue,
            "listed": rules.listed,
            "standard": rules.standard,
        },
        "total": _entry(total),
        "commended": [_entry(r) for r in good_townships + good_schools],
        "criticised": [_entry(r) for r in bad_townships + bad_schools],
        "warnings": draft_warnings(rankings, rules),
    }
    return title, "\n".join(lines), figures
