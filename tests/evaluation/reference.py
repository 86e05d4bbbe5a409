"""The formulas of docs/standards.md in plain Python, written independently of the code under test.

Each takes per-unit students P_i and resources R_i (or values x_i with weights w_i) as lists.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def weighted_mean(students: Sequence[float], resources: Sequence[float]) -> float:
    """docs/standards.md §1: mean = Σ R_i / Σ P_i."""
    return sum(resources) / sum(students)


def weighted_sd(students: Sequence[float], resources: Sequence[float]) -> float:
    """S = sqrt(Σ (P_i / P)(x_i − mean)²), x_i = R_i / P_i."""
    total = sum(students)
    mean = weighted_mean(students, resources)
    return math.sqrt(
        sum(p / total * (r / p - mean) ** 2 for p, r in zip(students, resources, strict=True))
    )


def weighted_cv(students: Sequence[float], resources: Sequence[float]) -> float:
    """CV = S / mean (差异系数, enrolment-weighted, population form)."""
    return weighted_sd(students, resources) / weighted_mean(students, resources)


def unweighted_cv(values: Sequence[float]) -> float:
    """The common implementation error: every school counts the same (population form)."""
    mean = sum(values) / len(values)
    return math.sqrt(sum((x - mean) ** 2 for x in values) / len(values)) / mean


def gini(weights: Sequence[float], values: Sequence[float]) -> float:
    """Weighted Gini by its definition: Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ)."""
    total = sum(weights)
    mean = sum(w * x for w, x in zip(weights, values, strict=True)) / total
    pairs = sum(
        wi * wj * abs(xi - xj)
        for wi, xi in zip(weights, values, strict=True)
        for wj, xj in zip(weights, values, strict=True)
    )
    return pairs / (2 * total**2 * mean)


def theil(weights: Sequence[float], values: Sequence[float]) -> float:
    """Theil T: Σ (w_i / W)(x_i / μ) ln(x_i / μ)."""
    total = sum(weights)
    mean = sum(w * x for w, x in zip(weights, values, strict=True)) / total
    return sum(
        w / total * x / mean * math.log(x / mean)
        for w, x in zip(weights, values, strict=True)
        if x > 0
    )


def theil_between(
    weights: Sequence[float], values: Sequence[float], groups: Sequence[str]
) -> float:
    """Between-group Theil T: Σ_g (W_g μ_g / (W μ)) ln(μ_g / μ)."""
    total = sum(weights)
    mean = sum(w * x for w, x in zip(weights, values, strict=True)) / total
    result = 0.0
    for group in set(groups):
        members = [(w, x) for w, x, g in zip(weights, values, groups, strict=True) if g == group]
        group_weight = sum(w for w, _ in members)
        group_mean = sum(w * x for w, x in members) / group_weight
        result += group_weight * group_mean / (total * mean) * math.log(group_mean / mean)
    return result
