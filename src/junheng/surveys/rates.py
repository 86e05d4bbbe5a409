"""The satisfaction rate (满意率), computed as the survey's setting says. Pure: no Django.

No published text says how the rate is computed from the answers (docs/standards.md §2), so the
formula is a setting of each survey and every page shows it next to the rate:

- not_dissatisfied (default): answers that are not 不满意 ÷ answers on the scale
- satisfied_only:             满意 answers ÷ answers on the scale
- weighted:                   (满意 + w × 基本满意) ÷ answers on the scale

Each option of a survey's scale counts as full (满意), partial (基本满意), none (不满意) or
skip (不了解: not in the denominator). Rates are exact fractions, so that a rate exactly on
the 85 % line is never pushed under it by floating point.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

FULL, PARTIAL, NONE, SKIP = "full", "partial", "none", "skip"
CATEGORIES = (FULL, PARTIAL, NONE, SKIP)

NOT_DISSATISFIED = "not_dissatisfied"
SATISFIED_ONLY = "satisfied_only"
WEIGHTED = "weighted"
FORMULAS = (NOT_DISSATISFIED, SATISFIED_ONLY, WEIGHTED)


@dataclass(frozen=True)
class Tally:
    """How many scale answers fell in each category."""

    full: int = 0
    partial: int = 0
    none: int = 0
    skip: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.full + other.full,
            self.partial + other.partial,
            self.none + other.none,
            self.skip + other.skip,
        )

    @property
    def answered(self) -> int:
        """The denominator: answers on the scale, not counting the skip options."""
        return self.full + self.partial + self.none

    @classmethod
    def of(cls, category: str, n: int = 1) -> Tally:
        if category not in CATEGORIES:
            raise ValueError(f"unknown scale category {category!r}")
        return cls(**{category: n})

    @classmethod
    def total(cls, tallies: Iterable[Tally]) -> Tally:
        result = cls()
        for tally in tallies:
            result = result + tally
        return result


@dataclass(frozen=True)
class Rate:
    """A rate as numerator ÷ denominator (the numerator is weighted, so a fraction)."""

    numerator: Fraction
    denominator: int

    @property
    def exact(self) -> Fraction:
        return self.numerator / self.denominator

    @property
    def value(self) -> float:
        return float(self.exact)

    @property
    def percent(self) -> float:
        return float(self.exact * 100)

    def meets(self, target: Fraction | Decimal | float | str) -> bool:
        return self.exact >= _fraction(target)


def _fraction(value: Fraction | Decimal | float | int | str) -> Fraction:
    if isinstance(value, float):
        value = repr(value)  # 0.85 is meant, not the binary number nearest to it
    return Fraction(value)


@dataclass(frozen=True)
class Formula:
    """The survey's setting: which formula, and the weight of 基本满意 for the weighted one."""

    kind: str = NOT_DISSATISFIED
    partial_weight: Fraction = Fraction(1, 2)

    def __post_init__(self) -> None:
        if self.kind not in FORMULAS:
            raise ValueError(f"unknown rate formula {self.kind!r}")
        weight = _fraction(self.partial_weight)
        if not 0 <= weight <= 1:
            raise ValueError("the weight of 基本满意 must lie between 0 and 1")
        object.__setattr__(self, "partial_weight", weight)

    def weights(self) -> dict[str, Fraction]:
        partial = {
            NOT_DISSATISFIED: Fraction(1),
            SATISFIED_ONLY: Fraction(0),
            WEIGHTED: self.partial_weight,
        }[self.kind]
        return {FULL: Fraction(1), PARTIAL: partial, NONE: Fraction(0)}

    def rate(self, tally: Tally) -> Rate | None:
        """The rate of a tally, or None when nobody answered on the scale."""
        if tally.answered == 0:
            return None
        w = self.weights()
        numerator = w[FULL] * tally.full + w[PARTIAL] * tally.partial + w[NONE] * tally.none
        return Rate(numerator, tally.answered)

    def describe(self, scale: Sequence[Mapping[str, str]]) -> str:
        """The formula in words, with the scale's own option labels."""
        labels = _labels_by_category(scale)
        counted = labels[FULL] + labels[PARTIAL] + labels[NONE]
        denominator = f"回答{_quoted(counted)}的次数"
        if self.kind == NOT_DISSATISFIED:
            numerator = f"回答{_quoted(labels[FULL] + labels[PARTIAL])}的次数"
        elif self.kind == SATISFIED_ONLY:
            numerator = f"回答{_quoted(labels[FULL])}的次数"
        else:
            weight = _number(self.partial_weight)
            numerator = (
                f"（回答{_quoted(labels[FULL])}的次数 + {weight} × 回答"
                f"{_quoted(labels[PARTIAL])}的次数）"
            )
        text = f"满意率 = {numerator} ÷ {denominator}"
        if labels[SKIP]:
            text += f"；{_quoted(labels[SKIP])}不计入"
        return text

    def describe_en(self, scale: Sequence[Mapping[str, str]]) -> str:
        """The formula in English words, with the scale's labels as given (in English)."""
        labels = _labels_by_category(scale)
        counted = labels[FULL] + labels[PARTIAL] + labels[NONE]
        denominator = f"answers {_quoted_en(counted)}"
        if self.kind == NOT_DISSATISFIED:
            numerator = f"answers {_quoted_en(labels[FULL] + labels[PARTIAL])}"
        elif self.kind == SATISFIED_ONLY:
            numerator = f"answers {_quoted_en(labels[FULL])}"
        else:
            weight = _number(self.partial_weight)
            numerator = (
                f"(answers {_quoted_en(labels[FULL])} + {weight} × answers "
                f"{_quoted_en(labels[PARTIAL])})"
            )
        text = f"Satisfaction rate = {numerator} ÷ {denominator}"
        if labels[SKIP]:
            text += f"; {_quoted_en(labels[SKIP])} not counted"
        return text


def _quoted(labels: Sequence[str]) -> str:
    return "".join(f"「{label}」" for label in labels) or "「」"


def _quoted_en(labels: Sequence[str]) -> str:
    quoted = [f"“{label}”" for label in labels] or ["“”"]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _number(value: Fraction) -> str:
    return f"{float(value):.3f}".rstrip("0").rstrip(".")


def check_scale(scale: Sequence[Mapping[str, str]]) -> list[str]:
    """What is wrong with a scale (a list of {label, kind}), in Chinese; empty when fine."""
    problems = []
    if not isinstance(scale, Sequence) or len(scale) < 2:
        return ["量表至少需要两个选项"]
    labels = [str(option.get("label", "")).strip() for option in scale]
    if any(not label for label in labels):
        problems.append("量表选项不能为空")
    if len(set(labels)) != len(labels):
        problems.append("量表选项不能重复")
    kinds = [option.get("kind") for option in scale]
    if any(kind not in CATEGORIES for kind in kinds):
        problems.append("量表选项的类别只能是 full、partial、none、skip")
    if FULL not in kinds or NONE not in kinds:
        problems.append("量表至少需要一个满意类选项和一个不满意类选项")
    return problems


def _labels_by_category(scale: Sequence[Mapping[str, str]]) -> dict[str, list[str]]:
    """The scale's option labels of each category (full, partial, none, skip), in order."""
    return {
        category: [o["label"] for o in scale if o["kind"] == category] for category in CATEGORIES
    }
