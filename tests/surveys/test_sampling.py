"""The sample plan: 1.5 ‰ of the resident population, at least 600 under 400,000 people, a
fair split of a total over schools, and the measures of "about equal" (±50 % of the mean) and
"in proportion" (±20 % of the expected count)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from junheng.surveys.sampling import (
    ABOUT_EQUAL_TOLERANCE,
    PROPORTION_TOLERANCE,
    about_equal,
    distribute,
    in_proportion,
    is_grade_question,
    required_sample,
)


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


def test_about_equal_is_within_half_the_mean_either_way():
    assert Decimal("0.5") == ABOUT_EQUAL_TOLERANCE
    # mean 25: 12.5 to 37.5
    spread = about_equal([25, 13, 37, 25])
    assert spread.ok and spread.expected == (Decimal(25),) * 4
    assert spread.bounds(0) == (Decimal("12.5"), Decimal("37.5"))
    spread = about_equal([12, 38, 25, 25])
    assert not spread.ok and spread.outside == [0, 1]


def test_the_line_itself_is_about_equal():
    assert about_equal([1, 3]).ok  # mean 2: 1 to 3, both on the line
    assert not about_equal([0, 4]).ok


def test_in_proportion_is_within_a_fifth_of_the_expected_count():
    assert Decimal("0.2") == PROPORTION_TOLERANCE
    # 100 respondents over students 600 : 300 : 100 → expected 60, 30, 10
    spread = in_proportion([60, 30, 10], [600, 300, 100])
    assert spread.ok and spread.expected == (Decimal(60), Decimal(30), Decimal(10))
    # 70 is within 48–72, 8 within 8–12, but 22 is under 24–36
    assert in_proportion([70, 22, 8], [600, 300, 100]).outside == [1]


def test_a_stratum_with_no_respondents_is_out_of_proportion():
    assert in_proportion([100, 0], [900, 100]).outside == [1]
    assert in_proportion([90, 10], [900, 100]).ok


@given(st.lists(st.integers(0, 500), min_size=1, max_size=12))
def test_equal_counts_are_always_about_equal(counts):
    assert about_equal([max(counts)] * len(counts)).ok


def test_a_grade_question_is_a_single_choice_of_grades():
    grades = ["三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级"]
    assert is_grade_question("single", grades)
    assert not is_grade_question("multiple", grades)
    assert not is_grade_question("single", ["城区", "镇区", "乡村"])
    assert not is_grade_question("single", [*grades, "不清楚"])
    assert not is_grade_question("single", [])
