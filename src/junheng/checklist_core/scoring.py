"""Scoring: one item from its figure or a person's judgement, and the checklist's totals.

Scores are given on leaves (items without sub-items); a parent's score is the sum of its
children's, capped at its own maximum, and it is met when all its children are met. A failed
veto item (一票否决) at any level fails the checklist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from junheng.checklist_core.model import (
    COMPARISONS,
    MANUAL,
    PROPORTIONAL,
    ChecklistSpec,
    Item,
    format_number,
)

# A value equal to its threshold meets it; the tolerance absorbs floating-point error only.
RELATIVE_TOLERANCE = 1e-9


class ScoreRefused(ValueError):
    """The input cannot score the item; `zh` and `en` say why."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Result:
    """An item's verdict: score (None for an item without points), met (None when unknown)."""

    score: float | None
    met: bool | None
    value: float | None = None


def compare(value: float, comparison: str, threshold: float) -> bool:
    slack = RELATIVE_TOLERANCE * max(abs(threshold), 1.0)
    if comparison == ">=":
        return value >= threshold - slack
    if comparison == "<=":
        return value <= threshold + slack
    if comparison == ">":
        return value > threshold + slack
    if comparison == "<":
        return value < threshold - slack
    if comparison == "=":
        return abs(value - threshold) <= slack
    raise ValueError(f"unknown comparison {comparison!r}")


def score_figure(item: Item, value: float) -> Result:
    """The verdict of an item with a figure rule on a measured value."""
    if not item.has_figure_rule:
        raise ValueError(f"item {item.code} has no figure rule")
    assert item.threshold is not None
    met = compare(value, item.comparison, item.threshold)
    if item.max_score is None:
        return Result(None, met, value)
    if met:
        return Result(item.max_score, True, value)
    if item.scoring != PROPORTIONAL:
        return Result(0.0, False, value)
    return Result(_proportional(item, value), False, value)


def score_measured(
    item: Item, value: float | None, *, unverified: bool = False, failure_proven: bool = False
) -> Result:
    """The verdict of an automatic item: None means the figure does not apply (the county
    has nothing it is about), and a limit on nothing holds — full score, met. An `unverified`
    value (average class sizes, docs/standards.md §2) never makes the item met: it is left to
    be verified (met and score None), unless it fails the item and `failure_proven`."""
    if value is None:
        return Result(item.max_score, True, None)
    result = score_figure(item, value)
    if unverified and not (failure_proven and result.met is False):
        return Result(None, None, value)
    return result


def _proportional(item: Item, value: float) -> float:
    assert item.max_score is not None and item.threshold is not None
    if item.comparison in (">=", ">"):
        ratio = value / item.threshold if item.threshold > 0 else 0.0
    elif item.comparison in ("<=", "<"):
        ratio = item.threshold / value if value > 0 else 1.0
    else:
        ratio = 0.0
    return round(item.max_score * min(max(ratio, 0.0), 1.0), 2)


def judge(
    item: Item,
    *,
    value: float | None = None,
    score: float | None = None,
    met: bool | None = None,
) -> Result:
    """An item's verdict from what a person gives: the figure's value where the item has a
    figure rule and is not scored by hand, else a score (items with points) or met / not met.
    A value given for a hand-scored item with a figure rule decides `met` unless `met` is
    given."""
    if item.scoring != MANUAL and item.has_figure_rule:
        if value is None:
            raise ScoreRefused(
                f"请填写{item.figure or '数据项'}的实际值", "the figure's value is required"
            )
        return score_figure(item, value)
    if value is not None and item.has_figure_rule and met is None:
        assert item.threshold is not None
        met = compare(value, item.comparison, item.threshold)
    if item.max_score is None:
        if met is None:
            raise ScoreRefused("请选择是否达标", "say whether the item is met")
        return Result(None, met, value)
    if score is None:
        raise ScoreRefused("请填写得分", "a score is required")
    if score < 0 or score > item.max_score + RELATIVE_TOLERANCE:
        raise ScoreRefused(
            f"得分应在 0 到 {format_number(item.max_score)} 之间",
            f"the score must be between 0 and {format_number(item.max_score)}",
        )
    return Result(score, met, value)


def explain(item: Item, result: Result) -> str:
    """One line for the record: 实际值 47.5 人，标准 ≤ 45 人，未达标，得 0 分."""
    parts = []
    if result.value is None and item.automatic:
        parts.append("不适用")
    if result.value is not None:
        unit = f" {item.unit}" if item.unit else ""
        parts.append(f"实际值 {format_number(round(result.value, 4))}{unit}")
    if item.has_figure_rule:
        unit = f" {item.unit}" if item.unit else ""
        parts.append(f"标准 {COMPARISONS[item.comparison]} {format_number(item.threshold)}{unit}")
    if result.met is not None:
        parts.append("达标" if result.met else "未达标")
    if result.score is not None:
        parts.append(f"得 {format_number(result.score)} 分")
    return "，".join(parts)


@dataclass(frozen=True)
class Node:
    """An item's rolled-up state: its own verdict for a leaf, its children's for a parent."""

    item: Item
    score: float | None
    met: bool | None
    leaves: int
    scored: int
    vetoed: bool  # a veto item at or below this node failed

    @property
    def complete(self) -> bool:
        return self.scored == self.leaves


@dataclass(frozen=True)
class Summary:
    nodes: dict[str, Node]
    total: float | None
    max_total: float | None
    vetoed: bool
    passed: bool | None  # None while leaves are unscored

    @property
    def leaves(self) -> int:
        return sum(n.leaves for n in self.top)

    @property
    def scored(self) -> int:
        return sum(n.scored for n in self.top)

    @property
    def top(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.item.depth == 1]


def summarize(checklist: ChecklistSpec, results: Mapping[str, Result]) -> Summary:
    """Roll leaf results up the tree; the checklist's total, veto and verdict."""
    nodes: dict[str, Node] = {}
    for item in sorted(checklist.items, key=lambda i: -i.depth):
        kids = [nodes[k.code] for k in checklist.children.get(item.code, ())]
        if not kids:
            result = results.get(item.code)
            met = result.met if result else None
            # a result deciding nothing (a figure to be verified) leaves the leaf unscored
            decided = result is not None and (result.met is not None or result.score is not None)
            nodes[item.code] = Node(
                item,
                result.score if result else None,
                met,
                1,
                1 if decided else 0,
                item.veto and met is False,
            )
            continue
        scores = [k.score for k in kids if k.score is not None]
        score = sum(scores) if scores else None
        if score is not None and item.max_score is not None:
            score = min(score, item.max_score)
        mets = [k.met for k in kids]
        met = False if False in mets else (True if all(m is True for m in mets) else None)
        nodes[item.code] = Node(
            item,
            score,
            met,
            sum(k.leaves for k in kids),
            sum(k.scored for k in kids),
            any(k.vetoed for k in kids) or (item.veto and met is False),
        )
    ordered = {item.code: nodes[item.code] for item in checklist.ordered()}
    top = [n for n in ordered.values() if n.item.depth == 1]
    scores = [n.score for n in top if n.score is not None]
    total = sum(scores) if scores else None
    vetoed = any(n.vetoed for n in top)
    complete = all(n.complete for n in top)
    passed: bool | None
    if vetoed:
        passed = False
    elif not complete:
        passed = None
    elif checklist.all_required:
        passed = all(nodes[leaf.code].met is not False for leaf in checklist.leaves())
    elif checklist.pass_score is not None:
        passed = (total or 0.0) >= checklist.pass_score - RELATIVE_TOLERANCE
    else:
        passed = None
    return Summary(ordered, total, checklist.max_total, vetoed, passed)
