"""The sample plan: 1.5 ‰ of the resident population, at least 600 under 400,000 people, and
a fair split of a total over schools."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from junheng.surveys.sampling import distribute, required_sample


def test_a_small_county_surveys_at_least_600():
    # 300,000 × 1.5 ‰ = 450, under the minimum of 600
    assert required_sample(300_000, Decimal("1.5"), 600, 400_000) == 600


def test_a_large_county_surveys_its_per_mille_rounded_up():
    # 500,001 × 1.5 ‰ = 750.0015 → 751
    assert required_sample(500_001, Decimal("1.5"), 600, 400_000) == 751
    assert required_sample(500_000, Decimal("1.5"), 600, 400_000) == 750


def test_without_a_minimum_only_the_per_mille_counts():
    assert required_sample(300_000, Decimal("1.5")) == 450


def test_a_total_is_split_in_proportion_with_the_largest_remainders():
    # 10 over 1:2:2 → 2, 4, 4; 7 over 1:1:1 → 3, 2, 2 (the tie goes to the first)
    assert distribute(10, [100, 200, 200]) == [2, 4, 4]
    assert distribute(7, [1, 1, 1]) == [3, 2, 2]
    assert distribute(5, [0, 0]) == [3, 2]
    assert distribute(4, []) == []


@given(st.integers(0, 5000), st.lists(st.integers(0, 3000), min_size=1, max_size=40))
def test_the_parts_always_add_up_to_the_total(total, weights):
    parts = distribute(total, weights)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)
    if sum(weights):
        assert all(p == 0 for p, w in zip(parts, weights, strict=True) if w == 0)
