"""The rate arithmetic (pure): every expected value below is worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from junheng.surveys import rates
from junheng.surveys.rates import Formula, Tally

THREE_POINT = [
    {"label": "满意", "kind": "full"},
    {"label": "基本满意", "kind": "partial"},
    {"label": "不满意", "kind": "none"},
]


def test_the_default_counts_every_answer_that_is_not_dissatisfied():
    # 12 满意 + 5 基本满意 + 3 不满意 = 20 answers; not 不满意: 17 → 17/20 = 85 %
    rate = Formula().rate(Tally(full=12, partial=5, none=3))
    assert rate.numerator == 17 and rate.denominator == 20
    assert rate.exact == Fraction(17, 20)
    assert rate.percent == 85.0


def test_exactly_85_percent_meets_the_line_and_one_answer_less_does_not():
    assert Formula().rate(Tally(full=12, partial=5, none=3)).meets(Decimal("0.85"))
    assert Formula().rate(Tally(full=12, partial=5, none=3)).meets(0.85)
    # 16/19 = 84.2 %
    assert not Formula().rate(Tally(full=11, partial=5, none=3)).meets(Decimal("0.85"))


def test_satisfied_only_counts_the_full_answers():
    # 12 / 20 = 60 %
    assert Formula(rates.SATISFIED_ONLY).rate(Tally(12, 5, 3)).exact == Fraction(3, 5)


def test_the_weighted_formula_gives_partial_answers_their_weight():
    # (12 + 0.6 × 5) / 20 = 15 / 20 = 75 %
    rate = Formula(rates.WEIGHTED, Decimal("0.6")).rate(Tally(12, 5, 3))
    assert rate.exact == Fraction(3, 4)
    # weight 1 is the default formula, weight 0 the strict one
    assert Formula(rates.WEIGHTED, 1).rate(Tally(12, 5, 3)).exact == Fraction(17, 20)
    assert Formula(rates.WEIGHTED, 0).rate(Tally(12, 5, 3)).exact == Fraction(12, 20)


def test_skipped_answers_are_outside_the_denominator():
    # 不了解 ×4 is not counted: (6 + 2) / (6 + 2 + 2) = 80 %
    tally = Tally(full=6, partial=2, none=2, skip=4)
    assert tally.answered == 10
    assert Formula().rate(tally).exact == Fraction(4, 5)


def test_no_answer_on_the_scale_has_no_rate():
    assert Formula().rate(Tally()) is None
    assert Formula().rate(Tally(skip=3)) is None


def test_tallies_add_up():
    total = Tally.total([Tally.of("full", 2), Tally.of("none"), Tally(1, 1, 1, 1)])
    assert total == Tally(full=3, partial=1, none=2, skip=1)
    with pytest.raises(ValueError):
        Tally.of("happy")


def test_a_formula_refuses_unknown_kinds_and_weights_outside_0_to_1():
    with pytest.raises(ValueError):
        Formula("average")
    with pytest.raises(ValueError):
        Formula(rates.WEIGHTED, Decimal("1.5"))


def test_the_formula_is_described_with_the_scale_s_own_labels():
    assert Formula().describe(THREE_POINT) == (
        "满意率 = 回答「满意」「基本满意」的次数 ÷ 回答「满意」「基本满意」「不满意」的次数"
    )
    assert Formula(rates.SATISFIED_ONLY).describe(THREE_POINT) == (
        "满意率 = 回答「满意」的次数 ÷ 回答「满意」「基本满意」「不满意」的次数"
    )
    weighted = Formula(rates.WEIGHTED, Decimal("0.6")).describe(THREE_POINT)
    assert "0.6 × 回答「基本满意」的次数" in weighted
    with_skip = [*THREE_POINT, {"label": "不了解", "kind": "skip"}]
    assert Formula().describe(with_skip).endswith("；「不了解」不计入")


def test_the_formula_is_described_in_english_with_the_labels_given():
    english = [
        {"label": "Satisfied", "kind": "full"},
        {"label": "Fairly satisfied", "kind": "partial"},
        {"label": "Dissatisfied", "kind": "none"},
    ]
    everyone = "answers “Satisfied”, “Fairly satisfied” or “Dissatisfied”"
    assert Formula().describe_en(english) == (
        f"Satisfaction rate = answers “Satisfied” or “Fairly satisfied” ÷ {everyone}"
    )
    assert Formula(rates.SATISFIED_ONLY).describe_en(english) == (
        f"Satisfaction rate = answers “Satisfied” ÷ {everyone}"
    )
    weighted = Formula(rates.WEIGHTED, Decimal("0.6")).describe_en(english)
    assert "(answers “Satisfied” + 0.6 × answers “Fairly satisfied”)" in weighted
    with_skip = [*english, {"label": "Don’t know", "kind": "skip"}]
    assert Formula().describe_en(with_skip).endswith("; “Don’t know” not counted")


def test_a_scale_needs_a_satisfied_and_a_dissatisfied_option_and_distinct_labels():
    assert rates.check_scale(THREE_POINT) == []
    assert rates.check_scale([{"label": "满意", "kind": "full"}]) == ["量表至少需要两个选项"]
    assert "量表至少需要一个满意类选项和一个不满意类选项" in rates.check_scale(
        [{"label": "满意", "kind": "full"}, {"label": "一般", "kind": "partial"}]
    )
    assert "量表选项不能重复" in rates.check_scale(
        [{"label": "满意", "kind": "full"}, {"label": "满意", "kind": "none"}]
    )
