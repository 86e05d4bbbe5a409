"""A checklist (评估指标体系) as plain data: categories → items → sub-items by hierarchical code.

A code is dot-separated positive whole numbers: `1` is a category, `1.2` an item of it,
`1.2.3` a sub-item of that. An item's parent is its code without the last part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

# How an item is scored.
MANUAL = "manual"  # the responsible person scores it, with a justification
BINARY = "binary"  # figure meets the threshold → full score, else 0
PROPORTIONAL = "proportional"  # full score when met, else in proportion to the threshold
SCORINGS = (MANUAL, BINARY, PROPORTIONAL)
SCORING_NAMES = {MANUAL: "人工评分", BINARY: "达标得满分", PROPORTIONAL: "按比例得分"}

# Comparisons of a figure with its threshold, canonical form → shown form.
COMPARISONS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
COMPARISON_ALIASES = {
    ">=": ">=",
    "≥": ">=",
    "=>": ">=",
    "<=": "<=",
    "≤": "<=",
    "=<": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
    "==": "=",
    "＝": "=",
    "＞": ">",
    "＜": "<",
    "≧": ">=",
    "≦": "<=",
}

CODE_PATTERN = re.compile(r"^[1-9][0-9]{0,3}(\.[1-9][0-9]{0,3}){0,5}$")
MAX_DEPTH = 6


def is_code(text: str) -> bool:
    return bool(CODE_PATTERN.match(text))


def parent_code(code: str) -> str:
    """`1.2.3` → `1.2`; a category's parent is ``""``."""
    return code.rpartition(".")[0]


def code_key(code: str) -> tuple[int, ...]:
    """The natural order of codes: 1.2 < 1.10 < 2."""
    return tuple(int(part) for part in code.split("."))


def sort_key_text(code: str) -> str:
    """A text that sorts as the code does (for a database column): 0001.0010."""
    return ".".join(f"{part:04d}" for part in code_key(code))


@dataclass(frozen=True)
class Item:
    """One node of a checklist. A figure (数据项) is optional: `figure` names it, `comparison`
    and `threshold` say when it is met, `source` names the system figure that measures it
    automatically (see `figures.FIGURES`), if any."""

    code: str
    title: str
    max_score: float | None = None
    rule: str = ""  # 评分办法, as the standard words it
    scoring: str = MANUAL
    evidence: tuple[str, ...] = ()  # 佐证材料 required
    figure: str = ""
    comparison: str = ""
    threshold: float | None = None
    unit: str = ""
    source: str = ""
    veto: bool = False  # 一票否决
    clause: str = ""  # where the standard says it (e.g. B1, 政府保障程度(3))
    unconfirmed: bool = False  # a fact not confirmed from a published text: check it
    note: str = ""

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1

    @property
    def parent(self) -> str:
        return parent_code(self.code)

    @property
    def has_figure_rule(self) -> bool:
        return bool(self.comparison) and self.threshold is not None

    @property
    def automatic(self) -> bool:
        """Scored by the system from the yearly school data."""
        return bool(self.source) and self.has_figure_rule

    @property
    def requirement(self) -> str:
        """The figure's rule as a person reads it: 小学班额 ≤ 45 人."""
        if not self.has_figure_rule:
            return ""
        threshold = format_number(self.threshold)
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.figure or '数据'} {COMPARISONS[self.comparison]} {threshold}{unit}"


@dataclass(frozen=True)
class ChecklistSpec:
    """A checklist as plain data (what a standard file or a workbook specifies; the database's
    `checklists.models.Checklist` stores one for a county): its identity, its pass rule, and
    its items in code order.

    Pass: with `all_required`, every leaf must be met; otherwise the total must reach
    `pass_score` (when set). Either way a failed veto item (一票否决) fails the checklist."""

    key: str
    name: str
    document: str = ""
    pass_score: float | None = None
    all_required: bool = False
    note: str = ""
    items: tuple[Item, ...] = field(default_factory=tuple)

    @cached_property
    def by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}

    @cached_property
    def children(self) -> dict[str, tuple[Item, ...]]:
        """Parent code ("" for the top) → its children in code order."""
        result: dict[str, list[Item]] = {}
        for item in sorted(self.items, key=lambda i: code_key(i.code)):
            result.setdefault(item.parent, []).append(item)
        return {code: tuple(items) for code, items in result.items()}

    def is_leaf(self, code: str) -> bool:
        return code not in self.children

    def leaves(self) -> list[Item]:
        return [item for item in self.ordered() if self.is_leaf(item.code)]

    def ordered(self) -> list[Item]:
        return sorted(self.items, key=lambda i: code_key(i.code))

    def category_of(self, code: str) -> Item:
        return self.by_code[code.split(".")[0]]

    def ancestors(self, code: str) -> list[Item]:
        """From the category down to the item's parent."""
        parts = code.split(".")
        return [self.by_code[".".join(parts[:n])] for n in range(1, len(parts))]

    @property
    def max_total(self) -> float | None:
        scores = [i.max_score for i in self.children.get("", ()) if i.max_score is not None]
        return sum(scores) if scores else None


def format_number(value: float | None) -> str:
    """12.0 → "12", 0.45 → "0.45", None → ""."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6g}"
