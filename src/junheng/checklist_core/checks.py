"""From raw rows (a workbook's or a standard file's) to a checked `ChecklistSpec`, or every problem.

Each problem names the file, the row and the column, in Chinese and English: a bad code, a
missing parent, a duplicate code, a score that is not a number, children's scores that do not
add up to their parent's, an incomplete figure rule, an unknown system figure.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from junheng.checklist_core.layout import (
    HEADERS,
    CellError,
    code_text,
    comparison,
    evidence_list,
    flag,
    number,
    scoring,
    text,
)
from junheng.checklist_core.model import (
    BINARY,
    MANUAL,
    ChecklistSpec,
    Item,
    code_key,
    format_number,
    is_code,
)
from junheng.evaluation.errors import DataError, InputProblem

SCORE_TOLERANCE = 1e-6
KEY_MAX_LENGTH = 40


@dataclass(frozen=True)
class RawRow:
    """One item as read: its row number as the spreadsheet numbers it, cells by column key."""

    row: int
    cells: Mapping[str, Any]


@dataclass
class _Collector:
    file: str
    problems: list[InputProblem] = field(default_factory=list)

    def add(self, row: int | None, key: str | None, zh: str, en: str) -> None:
        column = HEADERS.get(key, key) if key else None
        self.problems.append(InputProblem(self.file, row, column, zh, en))


def build_checklist(
    *,
    file: str,
    meta: Mapping[str, Any],
    rows: Sequence[RawRow],
    known_sources: Collection[str],
    default_key: str = "",
    default_name: str = "",
) -> ChecklistSpec:
    """The checked checklist; DataError listing every problem when there is any."""
    out = _Collector(file)
    info = _meta(out, meta, default_key, default_name)
    items: list[tuple[int, Item]] = []
    for raw in rows:
        if not any(text(v) for v in raw.cells.values()):
            continue
        item = _item(out, raw, known_sources)
        if item is not None:
            items.append((raw.row, item))
    if not items and not rows:
        out.add(None, None, "文件中没有指标", "the file holds no items")
    _check_tree(out, items)
    if out.problems:
        raise DataError(out.problems)
    ordered = sorted((item for _, item in items), key=lambda item: code_key(item.code))
    return ChecklistSpec(items=tuple(ordered), **info)


def _meta(out: _Collector, meta: Mapping[str, Any], default_key: str, default_name: str) -> dict:
    key = text(meta.get("key")) or default_key
    name = text(meta.get("name")) or default_name
    if not name:
        out.add(None, "名称", "缺少指标体系名称", "the checklist has no name")
    if not key:
        out.add(None, "标识", "缺少指标体系标识", "the checklist has no key")
    elif len(key) > KEY_MAX_LENGTH or any(c in key for c in "/\\ \t\n"):
        out.add(
            None,
            "标识",
            f"标识「{key}」不能含空格或斜杠，且不超过 {KEY_MAX_LENGTH} 个字符",
            "the key must be short and contain no spaces or slashes",
        )
    info: dict[str, Any] = {
        "key": key,
        "name": name,
        "document": text(meta.get("document")),
        "note": text(meta.get("note")),
        "pass_score": None,
        "all_required": False,
    }
    try:
        info["pass_score"] = number(meta.get("pass_score"), "及格分")
    except CellError as error:
        out.add(None, "及格分", error.zh, error.en)
    try:
        info["all_required"] = flag(meta.get("all_required"), "全部达标")
    except CellError as error:
        out.add(None, "全部达标", error.zh, error.en)
    return info


def _item(out: _Collector, raw: RawRow, known_sources: Collection[str]) -> Item | None:
    cells, row = raw.cells, raw.row
    before = len(out.problems)
    code = code_text(cells.get("code"))
    if not code:
        out.add(row, "code", "缺少编码", "the code is missing")
    elif not is_code(code):
        out.add(
            row,
            "code",
            f"编码「{code}」格式不对，应为用点分隔的正整数，如 1、1.2、1.2.3（最多 6 级）",
            f"bad code {code!r}: use dot-separated positive numbers such as 1, 1.2, 1.2.3",
        )
    title = text(cells.get("title"))
    if not title:
        out.add(row, "title", "缺少指标内容", "the item has no text")
    values: dict[str, Any] = {}
    for key, parse in (
        ("max_score", lambda v: number(v, HEADERS["max_score"])),
        ("threshold", lambda v: number(v, HEADERS["threshold"])),
        ("comparison", comparison),
        ("scoring", scoring),
        ("veto", lambda v: flag(v, HEADERS["veto"])),
        ("unconfirmed", lambda v: flag(v, HEADERS["unconfirmed"])),
    ):
        try:
            values[key] = parse(cells.get(key))
        except CellError as error:
            out.add(row, key, error.zh, error.en)
            values[key] = None
    if values["max_score"] is not None and values["max_score"] < 0:
        out.add(row, "max_score", "分值不能为负数", "the score cannot be negative")
    source = text(cells.get("source"))
    if source and source not in known_sources:
        out.add(
            row,
            "source",
            f"系统数据「{source}」不存在（可用的代码见「填写说明」表）",
            f"unknown system figure {source!r}",
        )
    # judged on what is written, so that an unreadable cell is reported once, as unreadable
    has_comparison = bool(text(cells.get("comparison")))
    has_threshold = bool(text(cells.get("threshold")))
    if has_comparison != has_threshold:
        missing = "threshold" if has_comparison else "comparison"
        out.add(
            row,
            missing,
            "「比较」和「标准值」须同时填写",
            "a comparison needs a threshold and a threshold needs a comparison",
        )
    kind = values["scoring"] or (BINARY if source else MANUAL)
    if kind != MANUAL and not (has_comparison and has_threshold):
        out.add(
            row,
            "scoring",
            f"计分方式为「{text(cells.get('scoring')) or '达标得满分'}」时"
            "须填写「比较」和「标准值」",
            "automatic scoring needs a comparison and a threshold",
        )
    if source and not (has_comparison and has_threshold) and kind == MANUAL:
        out.add(
            row,
            "source",
            "填写「系统数据」时须填写「比较」和「标准值」",
            "a system figure needs a comparison and a threshold",
        )
    if len(out.problems) > before:
        return None
    return Item(
        code=code,
        title=title,
        max_score=values["max_score"],
        rule=text(cells.get("rule")),
        scoring=kind,
        evidence=evidence_list(cells.get("evidence")),
        figure=text(cells.get("figure")),
        comparison=values["comparison"] or "",
        threshold=values["threshold"],
        unit=text(cells.get("unit")),
        source=source,
        veto=bool(values["veto"]),
        clause=text(cells.get("clause")),
        unconfirmed=bool(values["unconfirmed"]),
        note=text(cells.get("note")),
    )


def _check_tree(out: _Collector, items: list[tuple[int, Item]]) -> None:
    first_row: dict[str, int] = {}
    unique: list[tuple[int, Item]] = []
    for row, item in items:
        if item.code in first_row:
            out.add(
                row,
                "code",
                f"编码「{item.code}」重复（第 {first_row[item.code]} 行已有）；"
                "若编码列为数字格式，如 1.10 会被 Excel 存为 1.1，请设为文本格式",
                f"duplicate code {item.code!r} (first on row {first_row[item.code]})",
            )
            continue
        first_row[item.code] = row
        unique.append((row, item))
    by_code = {item.code: item for _, item in unique}
    children: dict[str, list[Item]] = {}
    for row, item in unique:
        if item.parent and item.parent not in by_code:
            out.add(
                row,
                "code",
                f"编码「{item.code}」的上级指标「{item.parent}」不存在",
                f"the parent {item.parent!r} of {item.code!r} is missing",
            )
        children.setdefault(item.parent, []).append(item)
    for row, item in unique:
        kids = children.get(item.code, [])
        if item.max_score is None or not kids:
            continue
        given = [k.max_score for k in kids if k.max_score is not None]
        if not given:
            continue
        total = sum(given)
        if abs(total - item.max_score) > SCORE_TOLERANCE:
            codes = "、".join(k.code for k in sorted(kids, key=lambda k: code_key(k.code)))
            out.add(
                row,
                "max_score",
                f"下级指标（{codes}）分值合计 {format_number(total)}，"
                f"与本项分值 {format_number(item.max_score)} 不一致",
                f"the children's scores add up to {format_number(total)}, "
                f"not {format_number(item.max_score)}",
            )
