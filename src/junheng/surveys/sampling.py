"""The sample plan (docs/standards.md §2): how many to survey, and a fair split of a total over
schools. Pure: no Django. The figures (1.5 ‰, 600 under 400,000 people, parents ≥ 50 %) are
settings of each survey, copied from its starting questionnaire file."""

from __future__ import annotations

import math
from collections.abc import Sequence
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
