"""The starting questionnaires shipped as data files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from junheng.surveys import blueprints


def test_both_shipped_templates_load():
    assert blueprints.available() == ["basic-2012", "quality-2017"]
    for key in blueprints.available():
        assert blueprints.load(key).questionnaires


def test_the_quality_template_has_the_three_national_questionnaires_and_every_group():
    spec = blueprints.load("quality-2017")
    assert [q.name for q in spec.questionnaires] == ["社会卷", "校长教师卷", "学生卷"]
    by_group = {g.name: g.questionnaire for g in spec.groups}
    assert by_group == {
        "家长": "社会卷",
        "教师": "校长教师卷",
        "校长": "校长教师卷",
        "学生": "学生卷",
        "人大代表": "社会卷",
        "政协委员": "社会卷",
        "社会人士": "社会卷",
    }
    assert spec.target == Decimal("0.85")
    assert spec.sample["per_mille"] == Decimal("1.5")
    assert spec.sample["parents_min_share"] == Decimal("0.5")


def test_the_basic_template_has_six_items_on_the_three_point_scale():
    spec = blueprints.load("basic-2012")
    (questionnaire,) = spec.questionnaires
    assert [q.kind for q in questionnaire.questions].count("scale") == 6
    assert [o["label"] for o in spec.scale] == ["满意", "基本满意", "不满意"]
    assert spec.rate_formula == "not_dissatisfied"


def test_every_problem_of_a_file_is_reported_at_once():
    text = """
rate_formula = "mean"
[[scale]]
label = "满意"
kind = "full"
[[questionnaires]]
name = "卷"
[[questionnaires.questions]]
kind = "single"
text = "选一个"
options = ["只有一个"]
[[groups]]
name = "家长"
kind = "parent"
questionnaire = "不存在的卷"
"""
    with pytest.raises(blueprints.BlueprintError) as error:
        blueprints.parse("broken", text)
    problems = error.value.problems
    assert "量表至少需要两个选项" in problems
    assert any("rate_formula" in p for p in problems)
    assert any("至少需要两个选项" in p and "questions[1]" in p for p in problems)
    assert any("不存在的卷" in p for p in problems)


def test_an_unknown_template_is_refused():
    with pytest.raises(blueprints.BlueprintError):
        blueprints.load("../settings")
