"""The county dashboard's school × indicator matrix at county scale: only the units that fail,
sorted by any column; and the rule behind a school's verdict, in the page's language, read
from the standard file (docs/standards.md §2: quality-2017 第六条, 「每所学校至少 6 项指标达到
上述要求，余项不能低于要求的 85%」; basic-2012 leaves the per-school entry condition to the
province's file, §1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from junheng.assessment.summaries import indicator_name
from junheng.evaluation.standard import Standard

FAILING = "failing"  # ?only=failing: 只看未达标
FIXED_COLUMNS = ("name", "township", "level", "students", "met")


@dataclass(frozen=True)
class MatrixView:
    """The rows shown and how: the filter, the sort column and its direction."""

    rows: list[dict[str, Any]]
    total: int
    only_failing: bool
    sort: str  # a column of FIXED_COLUMNS or an indicator's key; "" = the evaluation's order
    descending: bool


def matrix_view(rows: list[dict[str, Any]], standard: Standard, query: QueryDict) -> MatrixView:
    """The matrix rows after `only` and `sort` of the query (unknown values are ignored)."""
    only_failing = query.get("only") == FAILING and standard.has_thresholds
    shown = [row for row in rows if row["pass"] is False] if only_failing else list(rows)
    wanted = query.get("sort", "")
    descending = wanted.startswith("-")
    sort = wanted.lstrip("-")
    keys = [indicator.key for indicator in standard.indicators]
    if sort in keys:
        position = keys.index(sort)
        _sort(shown, lambda row: row["cells"][position]["value"], descending)
    elif sort in FIXED_COLUMNS and (sort != "met" or standard.has_thresholds):
        field = "met_count" if sort == "met" else sort
        _sort(shown, lambda row: row[field], descending)
    else:
        sort, descending = "", False
    return MatrixView(shown, len(rows), only_failing, sort, descending)


def _sort(rows: list[dict[str, Any]], key: Any, descending: bool) -> None:
    # a missing value goes last in either direction
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    present.sort(key=key, reverse=descending)
    rows[:] = present + missing


def headers(standard: Standard, view: MatrixView) -> list[dict[str, Any]]:
    """The matrix's columns with the sort each header's link asks for (the same column again
    reverses it) and its aria-sort state."""
    columns = [
        ("name", _("学校"), ""),
        ("township", _("乡镇"), ""),
        ("level", _("学段"), ""),
        ("students", _("学生数"), ""),
    ]
    columns += [(i.key, indicator_name(i), _(i.unit)) for i in standard.indicators]
    if standard.has_thresholds:
        columns.append(("met", _("达标项"), ""))
    result = []
    for key, label, unit in columns:
        current = view.sort == key
        result.append(
            {
                "key": key,
                "label": label,
                "unit": unit,
                "sort": f"-{key}" if current and not view.descending else key,
                "aria": ("descending" if view.descending else "ascending") if current else "",
            }
        )
    return result


def school_rule_text(standard: Standard) -> str:
    """The rule that judges a school under the standard, in the page's language, from the
    numbers of its file; for a standard without per-school thresholds, its entry part's own
    name and what that means for a school's page."""
    rule = standard.school_rule
    if rule is not None:
        return _(
            "每所学校（学部）%(total)s 项指标中至少 %(min_met)s 项达到要求，其余项不低于要求"
            "的 %(floor)s%%。"
        ) % {
            "total": len(standard.indicators),
            "min_met": rule.min_met,
            "floor": f"{rule.floor_ratio * 100:g}",
        }
    english = (get_language() or "").startswith("en")
    entry = next((p for p in standard.parts if p.judged_by == "school_rule"), None)
    name = (entry.name_en if english else entry.name) if entry else ""
    text = _("本标准文件没有学校达标线，不对单所学校下结论；学校只参与差异系数的计算。")
    return f"{name}{_('：')}{text}" if name else text
