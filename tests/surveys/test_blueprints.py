"""The starting questionnaires shipped as data files."""

from __future__ import annotations

import re
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


CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("key", ["basic-2012", "quality-2017"])
def test_every_text_of_a_shipped_file_has_its_english_beside_it(key):
    spec = blueprints.load(key)
    pairs = [(spec.title, spec.title_en), (spec.intro, spec.intro_en)]
    pairs += zip([o["label"] for o in spec.scale], spec.scale_en, strict=True)
    for q in spec.questionnaires:
        pairs += [(q.name, q.name_en), (q.intro, q.intro_en)]
        for item in q.questions:
            pairs.append((item.text, item.text_en))
            pairs += zip(item.options, item.options_en, strict=True)
    pairs += [(g.name, g.name_en) for g in spec.groups]
    for zh, en in pairs:
        assert en and not CJK.search(en), (zh, en)
    # the survey copies only the Chinese
    assert all(set(option) == {"label", "kind"} for option in spec.scale)


def test_one_chinese_text_has_one_english_across_the_files():
    seen: dict[str, set[str]] = {}
    for key in blueprints.available():
        for zh, en in blueprints.load(key).english().items():
            seen.setdefault(zh, set()).add(en)
    assert {zh: ens for zh, ens in seen.items() if len(ens) > 1} == {}
    english = blueprints.english_texts()
    assert english["学生卷"] == "Students' questionnaire"
    assert english["三年级"] == "Grade 3" and english["满意"] == "Satisfied"


def test_english_options_must_match_the_options():
    text = """
[[scale]]
label = "满意"
kind = "full"
[[scale]]
label = "不满意"
kind = "none"
[[questionnaires]]
name = "卷"
[[questionnaires.questions]]
kind = "single"
text = "您居住在："
options = ["城区", "乡村"]
options_en = ["Urban"]
"""
    with pytest.raises(blueprints.BlueprintError, match="options_en"):
        blueprints.parse("bad", text)
