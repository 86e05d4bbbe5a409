"""The sample plan (docs/standards.md §2): how many to survey, a fair split of a total over
schools, and the measures of the sample's make-up (groups and grades about equal, 城区/镇区/乡村
in proportion). Pure: no Django. The figures (1.5 ‰, 600 under 400,000 people, parents ≥ 50 %)
are settings of each survey, copied from its starting questionnaire file; the measures of
"about equal" and "in proportion" are the constants below."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


def required_sample(
    population: int,
    per_mille: Decimal,
    minimum: int | None = None,
    minimum_below: int | None = None,
) -> int:
    """per_mille ‰ of the resident population, rounded up; at least `minimum` where the
    population is below `minimum_below`."""
    n = math.ceil(Decimal(population) * Decimal(per_mille) / 1000)
    if minimum is not None and minimum_below is not None and population < minimum_below:
        n = max(n, minimum)
    return n


def distribute(total: int, weights: Sequence[float | int]) -> list[int]:
    """Split `total` into whole parts proportional to `weights` (largest remainder: the parts
    add up to `total` exactly; ties go to the earlier weight). Zero weights get zero; all-zero
    weights share equally."""
    if total < 0:
        raise ValueError("total must not be negative")
    if not weights:
        return []
    if sum(weights) <= 0:
        weights = [1] * len(weights)
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [math.floor(x) for x in exact]
    remainders = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in remainders[: total - sum(parts)]:
        parts[i] += 1
    return parts


# --- the sample's make-up (docs/standards.md §2, "The sample plan in Junheng") -----------------
#
# The published rule says the other groups, and the grades, are to be "about equal" (大体相当)
# and the 城区/镇区/乡村 respondents "in proportion" to the population, without a measure. These
# are Junheng's measures, settings of the code rather than of the standard:

# "About equal": every count within ±50 % of the mean of the counts compared (of 4 groups with
# 100 answers in all, each has 12.5 to 37.5).
ABOUT_EQUAL_TOLERANCE = Decimal("0.5")

# "In proportion": every stratum's share of the respondents within ±20 % of its expected share
# (a stratum with 30 % of the students has 24 % to 36 % of the respondents).
PROPORTION_TOLERANCE = Decimal("0.2")

# A grade question is a single-choice question every option of which names a grade
# ("三年级" … "九年级"): its options are the grades the survey compares.
GRADE_WORD = "年级"


@dataclass(frozen=True)
class Spread:
    """Counts against what they should be: each one's expected count and its allowed range."""

    counts: tuple[int, ...]
    expected: tuple[Decimal, ...]
    tolerance: Decimal

    def bounds(self, i: int) -> tuple[Decimal, Decimal]:
        return self.expected[i] * (1 - self.tolerance), self.expected[i] * (1 + self.tolerance)

    def within(self, i: int) -> bool:
        low, high = self.bounds(i)
        return low <= self.counts[i] <= high

    @property
    def outside(self) -> list[int]:
        """The indexes of the counts out of their range."""
        return [i for i in range(len(self.counts)) if not self.within(i)]

    @property
    def ok(self) -> bool:
        return not self.outside


def about_equal(counts: Sequence[int], tolerance: Decimal = ABOUT_EQUAL_TOLERANCE) -> Spread:
    """Counts that should be about equal: each is expected at their mean."""
    mean = Decimal(sum(counts)) / len(counts) if counts else Decimal(0)
    return Spread(tuple(counts), tuple(mean for _ in counts), tolerance)


def in_proportion(
    counts: Sequence[int], weights: Sequence[int], tolerance: Decimal = PROPORTION_TOLERANCE
) -> Spread:
    """Counts that should follow the weights: each is expected at its weight's share of the
    total count."""
    total, whole = sum(counts), sum(weights)
    expected = tuple(
        Decimal(total) * Decimal(w) / Decimal(whole) if whole else Decimal(0) for w in weights
    )
    return Spread(tuple(counts), expected, tolerance)


def is_grade_question(kind: str, options: Sequence[str]) -> bool:
    """Whether a question asks the grade: single choice, and every option names a grade."""
    return kind == "single" and bool(options) and all(GRADE_WORD in str(o) for o in options)
