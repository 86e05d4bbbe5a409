"""Scoring rules: figures against thresholds, hand scores, roll-up, vetoes and the verdict."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from junheng.checklist_core.model import BINARY, MANUAL, PROPORTIONAL, ChecklistSpec, Item
from junheng.checklist_core.scoring import (
    Result,
    ScoreRefused,
    compare,
    explain,
    judge,
    score_figure,
    score_measured,
    summarize,
)

CLASS_SIZE = Item(
    code="2.5.1",
    title="小学班额不超过 45 人",
    max_score=4,
    scoring=BINARY,
    figure="小学班额",
    comparison="<=",
    threshold=45,
    unit="人",
    source="class_size_max.primary",
)


@pytest.mark.parametrize(
    ("value", "met", "score"), [(44.9, True, 4), (45.0, True, 4), (45.01, False, 0)]
)
def test_a_limit_equal_to_its_threshold_is_met(value, met, score):
    assert score_figure(CLASS_SIZE, value) == Result(score, met, value)


def test_floating_point_error_does_not_fail_a_threshold():
    item = Item(code="1", title="x", comparison=">=", threshold=2.3, scoring=BINARY)
    assert score_figure(item, 23 / 1000 * 100).met


@pytest.mark.parametrize(
    ("comparison", "value", "expected"),
    [(">=", 10, True), (">=", 9.99, False), (">", 10, False), ("<", 10, False), ("=", 10, True)],
)
def test_comparisons(comparison, value, expected):
    assert compare(value, comparison, 10) is expected


def test_proportional_scoring_gives_part_of_the_points_below_a_minimum():
    item = Item(
        code="1", title="x", max_score=10, scoring=PROPORTIONAL, comparison=">=", threshold=20
    )
    assert score_figure(item, 15).score == 7.5
    assert score_figure(item, 25).score == 10
    assert score_figure(item, -3).score == 0


def test_proportional_scoring_of_a_maximum_shrinks_with_the_excess():
    item = Item(
        code="1", title="x", max_score=10, scoring=PROPORTIONAL, comparison="<=", threshold=45
    )
    assert score_figure(item, 50).score == 9.0


def test_an_item_without_points_is_only_met_or_not():
    item = Item(code="1", title="x", scoring=BINARY, comparison=">=", threshold=85, unit="%")
    assert score_figure(item, 86) == Result(None, True, 86)


def test_a_figure_that_does_not_apply_holds():
    assert score_measured(CLASS_SIZE, None) == Result(4, True, None)
    assert "不适用" in explain(CLASS_SIZE, score_measured(CLASS_SIZE, None))


def test_a_hand_scored_item_needs_a_score_within_its_points():
    item = Item(code="1", title="x", max_score=5, scoring=MANUAL)
    assert judge(item, score=3.5) == Result(3.5, None, None)
    with pytest.raises(ScoreRefused) as caught:
        judge(item, score=6)
    assert "0 到 5" in caught.value.zh
    with pytest.raises(ScoreRefused):
        judge(item)


def test_a_pass_fail_item_needs_met():
    item = Item(code="5.1", title="无以考试方式招生", veto=True)
    assert judge(item, met=False) == Result(None, False, None)
    with pytest.raises(ScoreRefused) as caught:
        judge(item)
    assert caught.value.zh == "请选择是否达标"


def test_an_entered_figure_is_judged_by_its_rule():
    item = Item(
        code="2.11.1", title="交流", scoring=BINARY, comparison=">=", threshold=10, unit="%"
    )
    assert judge(item, value=12).met is True
    assert judge(item, value=8).met is False
    with pytest.raises(ScoreRefused):
        judge(item, score=3)


def test_a_hand_scored_item_with_a_figure_takes_met_from_the_value():
    item = Item(code="1", title="x", max_score=5, comparison=">=", threshold=95, figure="入学率")
    assert judge(item, value=96, score=5).met is True
    assert judge(item, value=90, score=2).met is False


def test_explain_says_value_rule_verdict_and_score():
    text = explain(CLASS_SIZE, score_figure(CLASS_SIZE, 47.5))
    assert text == "实际值 47.5 人，标准 ≤ 45 人，未达标，得 0 分"


CHECKLIST = ChecklistSpec(
    key="t",
    name="t",
    pass_score=6,
    items=(
        Item(code="1", title="A", max_score=6),
        Item(code="1.1", title="a1", max_score=4),
        Item(code="1.2", title="a2", max_score=2),
        Item(code="2", title="B", max_score=4),
        Item(code="2.1", title="b1", max_score=4),
        Item(code="3", title="否决"),
        Item(code="3.1", title="无违规", veto=True),
    ),
)


def test_parents_add_up_their_children_and_the_total_reaches_the_pass_mark():
    results = {
        "1.1": Result(3, None),
        "1.2": Result(2, None),
        "2.1": Result(1, None),
        "3.1": Result(None, True),
    }
    summary = summarize(CHECKLIST, results)
    assert summary.nodes["1"].score == 5 and summary.total == 6 and summary.max_total == 10
    assert summary.passed is True
    assert summary.scored == summary.leaves == 4


def test_the_verdict_waits_for_every_leaf():
    summary = summarize(CHECKLIST, {"1.1": Result(4, None)})
    assert summary.passed is None
    assert summary.nodes["1"].scored == 1 and summary.nodes["1"].leaves == 2


def test_a_failed_veto_fails_the_checklist_whatever_the_total():
    results = {
        "1.1": Result(4, None),
        "1.2": Result(2, None),
        "2.1": Result(4, None),
        "3.1": Result(None, False),
    }
    summary = summarize(CHECKLIST, results)
    assert summary.total == 10 and summary.vetoed and summary.passed is False


def test_an_all_required_checklist_passes_only_when_every_leaf_is_met():
    checklist = ChecklistSpec(
        key="q",
        name="q",
        all_required=True,
        items=(Item(code="1", title="A"), Item(code="1.1", title="x"), Item(code="1.2", title="y")),
    )
    assert summarize(checklist, {"1.1": Result(None, True), "1.2": Result(None, True)}).passed
    failed = summarize(checklist, {"1.1": Result(None, True), "1.2": Result(None, False)})
    assert failed.passed is False and failed.nodes["1"].met is False


@given(st.lists(st.floats(min_value=0, max_value=4), min_size=3, max_size=3))
def test_a_parent_score_never_exceeds_its_maximum(scores):
    checklist = ChecklistSpec(
        key="h",
        name="h",
        items=(
            Item(code="1", title="p", max_score=5),
            *(Item(code=f"1.{n}", title="c", max_score=4) for n in (1, 2, 3)),
        ),
    )
    results = {f"1.{n}": Result(s, None) for n, s in zip((1, 2, 3), scores, strict=True)}
    node = summarize(checklist, results).nodes["1"]
    assert 0 <= node.score <= 5
