"""No plan meets the constraints: the planner says what cannot be met, in Chinese and English."""

from __future__ import annotations

import pytest

from evaluation.factory import builtin_text, school
from junheng.evaluation.standard import parse_standard
from junheng.planning import INFEASIBLE, plan_county
from planning.conftest import county, make_costs

NO_TRAINING = {"allowed": False}
NO_STAFF = {
    "teachers": {"hiring": False},
    "transfers": {"allowed": False},
    "training": NO_TRAINING,
}


def test_no_hiring_and_no_transfers_cannot_fix_a_teacher_shortage(quality):
    # 4 backbone teachers for 1,000 students: 0.4 per 100, under the 0.85 floor
    data = county([school(1), school(2, primary_backbone_teachers=4)])
    result = plan_county(data, quality, make_costs(**NO_STAFF))
    assert result.status == INFEASIBLE
    assert result.after is None and result.actions == ()
    [reason] = result.reasons
    assert "第2学校" in reason.zh and "每百名学生拥有县级及以上骨干教师数" in reason.zh
    assert "现为 0.40" in reason.zh and "不允许新增教师" in reason.zh
    assert "backbone_teachers_per_100_students is 0.40" in reason.en
    assert "hiring is off" in reason.en


def test_transfers_limited_per_school_say_how_far_they_reach(quality):
    data = county([school(1, primary_backbone_teachers=20), school(2, primary_backbone_teachers=4)])
    costs = make_costs(
        teachers={"hiring": False}, transfers={"max_in_per_school": 2}, training=NO_TRAINING
    )
    result = plan_county(data, quality, costs)
    assert result.status == INFEASIBLE
    [reason] = result.reasons
    assert "最多可到 0.60" in reason.zh and "每校最多调入 2 人" in reason.zh
    assert "at most 0.60" in reason.en


def test_an_indicator_no_purchase_raises_is_named(quality):
    # a province's variant that limits 中级及以上职称: titles come from promotion, not purchase
    text = builtin_text("quality-2017").replace(
        'resource = "{level}_pe_art_teachers"', 'resource = "{level}_senior_title_teachers"'
    )
    import tomllib

    standard = parse_standard(tomllib.loads(text))
    data = county([school(1, primary_senior_title_teachers=5)])
    result = plan_county(data, standard, make_costs())
    assert result.status == INFEASIBLE
    [reason] = result.reasons
    assert "不能通过建设、购置或招聘提高" in reason.zh
    assert "no purchase, building or hire raises it" in reason.en


def test_a_budget_too_small_for_the_cv_gives_the_least_that_would_do(quality):
    # the sports-ground CV of these two schools takes 25,834 m² × 500 元 = 1,291.70 万元
    data = county([school(1, sports_area=100_000), school(2, sports_area=7_500)])
    result = plan_county(data, quality, make_costs(construction={"sports_ground": 500}), budget=100)
    assert result.status == INFEASIBLE
    [reason] = result.reasons
    assert "预算 100.00 万元不足以使" in reason.zh
    assert "生均体育运动场馆面积" in reason.zh
    assert "最少需要 1,291.70" in reason.zh
    assert "a budget of 100.00 万元 cannot bring" in reason.en


def test_a_cv_no_lever_can_move_is_named(quality):
    # backbone teachers per 100 students of 0, 0.5 and 3: CV far over 0.5; nobody can be
    # hired or moved, and the poorer schools pass on their other six indicators
    data = county(
        [
            school(1, primary_backbone_teachers=30),
            school(2, primary_backbone_teachers=9),
            school(3, primary_backbone_teachers=9),
        ]
    )
    result = plan_county(data, quality, make_costs(**NO_STAFF))
    assert result.status == INFEASIBLE
    [reason] = result.reasons
    assert "小学「每百名学生拥有县级及以上骨干教师数」的差异系数" in reason.zh
    assert "任何方案都无法使其达标" in reason.zh
    assert "no plan brings it under the limit" in reason.en


def test_units_that_can_pass_alone_but_not_together_are_listed(quality):
    # school 1 can spare 5 backbone teachers (15 → 10); schools 2 and 3 need 4 each (5 → 9)
    data = county(
        [
            school(1, primary_backbone_teachers=15),
            school(2, primary_backbone_teachers=5),
            school(3, primary_backbone_teachers=5),
        ]
    )
    costs = make_costs(
        teachers={"hiring": False},
        transfers={"max_in_per_school": 10, "max_out_per_school": 10},
        training=NO_TRAINING,
    )
    result = plan_county(data, quality, costs)
    assert result.status == INFEASIBLE
    [reason] = result.reasons
    assert "无法同时达标" in reason.zh
    assert ("第2学校" in reason.zh) != ("第3学校" in reason.zh)
    assert "not enough teachers to transfer" in reason.en


@pytest.mark.parametrize("standard", ["basic-2012"])
def test_a_standard_without_a_school_rule_is_refused(standard):
    from junheng.evaluation import load_standard
    from junheng.planning import PlanningError

    with pytest.raises(PlanningError) as caught:
        plan_county(county([school(1)]), load_standard(standard), make_costs())
    assert "无法规划" in caught.value.zh and "quality-2017" in caught.value.en
