"""The verdict of every part: each kind of part in each of its three states, the county's
verdict as the verdict of all parts, and the facts read off an evaluation."""

from __future__ import annotations

from pathlib import Path

import pytest

from junheng.evaluation import evaluate_files, load_standard
from junheng.evaluation.errors import StandardError
from junheng.evaluation.parts import (
    MET,
    UNASSESSED,
    UNMET,
    CategoryState,
    CountyFacts,
    ItemState,
    ResourceFacts,
    SurveyFacts,
    judge,
    resource_facts,
)
from junheng.evaluation.standard import parse_standard

EXAMPLES = Path(__file__).parents[2] / "examples"
QUALITY = load_standard("quality-2017")
BASIC = load_standard("basic-2012")

CLEAN = ResourceFacts(
    has_school_rule=True, failing_units=(), units=12, failing_cvs=(), levels=("primary",)
)


def state_of(rule_key: str, standard, facts: CountyFacts) -> str:
    return judge(standard.parts, facts).part(rule_key).state


def category(code: str, *mets: bool | None, score=None, veto=False) -> CategoryState:
    leaves = tuple(
        ItemState(f"{code}.{n}", f"第 {n} 项", met, veto) for n, met in enumerate(mets, 1)
    )
    return CategoryState(code, "类别", leaves, score=score)


def test_the_standards_declare_their_parts_under_their_own_names():
    assert [p.name for p in QUALITY.parts] == [
        "申报条件",
        "资源配置",
        "政府保障程度",
        "教育质量",
        "社会认可度",
        "一票否决事项",
    ]
    assert [p.name for p in BASIC.parts][1:] == [
        "校际均衡状况",
        "县级人民政府推进义务教育均衡发展工作",
        "公众满意度",
    ]
    assert QUALITY.resource_part == "资源配置"
    assert BASIC.resource_part == "校际均衡状况"


@pytest.mark.parametrize(
    ("recognised", "expected"), [(2021, MET), (2022, MET), (2023, UNMET), (None, UNASSESSED)]
)
def test_the_entry_condition_needs_basic_balance_three_years_before(recognised, expected):
    facts = CountyFacts(year=2025, resources=CLEAN, recognised_year=recognised)
    assert state_of("entry", QUALITY, facts) == expected


def test_resources_are_met_only_with_every_school_and_every_cv():
    assert state_of("resources", QUALITY, CountyFacts(2025, CLEAN)) == MET
    failing_school = ResourceFacts(True, (("6101010001", "城关一小", "primary"),), 12, (), ())
    verdict = judge(QUALITY.parts, CountyFacts(2025, failing_school)).part("resources")
    assert verdict.state == UNMET
    assert verdict.findings[0].zh == "1 所学校（学部）资源配置未达到要求"
    assert "城关一小" not in verdict.findings[0].zh  # findings are shown to scoped users
    books = ("junior", "生均图书册数", "Books per student", 0.52, 0.45)
    failing_cv = ResourceFacts(True, (), 12, (books,), ())
    verdict = judge(QUALITY.parts, CountyFacts(2025, failing_cv)).part("resources")
    assert verdict.state == UNMET
    assert "初中生均图书册数差异系数 0.520，超过规定值 0.45" in verdict.findings[-1].zh
    assert "junior Books per student CV 0.520 exceeds its limit 0.45" in verdict.findings[-1].en


def test_a_part_the_data_judge_is_not_assessed_without_data():
    assert state_of("resources", QUALITY, CountyFacts(2025)) == UNASSESSED
    assert state_of("balance", BASIC, CountyFacts(2025)) == UNASSESSED


def test_the_2012_entry_condition_waits_for_the_provinces_thresholds():
    no_thresholds = ResourceFacts(False, (), 30, (), ("primary",))
    verdict = judge(BASIC.parts, CountyFacts(2025, no_thresholds)).part("entry")
    assert verdict.state == UNASSESSED
    assert "省定标准" in verdict.findings[0].zh


def test_a_checklist_part_is_met_when_every_item_is_met():
    facts = CountyFacts(2025, CLEAN, categories={"2": category("2", True, True)})
    assert state_of("guarantee", QUALITY, facts) == MET


def test_a_checklist_part_with_an_unscored_item_is_not_yet_assessed():
    facts = CountyFacts(2025, CLEAN, categories={"2": category("2", True, None)})
    verdict = judge(QUALITY.parts, facts).part("guarantee")
    assert verdict.state == UNASSESSED
    assert "1 项尚未评定：2.2 第 2 项" in verdict.findings[0].zh


def test_one_unmet_item_fails_the_part_even_with_others_unscored():
    facts = CountyFacts(2025, CLEAN, categories={"3": category("3", False, None)})
    assert state_of("quality", QUALITY, facts) == UNMET


def test_a_checklist_part_of_an_unloaded_checklist_is_not_assessed():
    assert state_of("guarantee", QUALITY, CountyFacts(2025, CLEAN)) == UNASSESSED


@pytest.mark.parametrize(("score", "expected"), [(85.0, MET), (92.5, MET), (84.9, UNMET)])
def test_the_2012_effort_needs_the_pass_mark(score, expected):
    facts = CountyFacts(2025, CLEAN, categories={"3": category("3", True, score=score)})
    assert state_of("effort", BASIC, facts) == expected


def test_the_2012_effort_is_not_assessed_while_items_are_unscored_even_above_the_mark():
    facts = CountyFacts(2025, CLEAN, categories={"3": category("3", True, None, score=90.0)})
    assert state_of("effort", BASIC, facts) == UNASSESSED


@pytest.mark.parametrize(
    ("rate", "expected"), [(0.85, MET), (0.91, MET), (0.849, UNMET), (None, UNASSESSED)]
)
def test_satisfaction_needs_85_percent(rate, expected):
    facts = CountyFacts(2025, CLEAN, survey=SurveyFacts(rate, 640))
    assert state_of("recognition", QUALITY, facts) == expected


def test_a_countys_own_survey_is_labelled_a_self_test():
    facts = CountyFacts(2025, CLEAN, survey=SurveyFacts(0.9, 640))
    finding = judge(QUALITY.parts, facts).part("recognition").findings[0]
    assert "有效问卷 640 份（本县自测）" in finding.zh


def test_vetoes():
    vetoes = (
        ItemState("5.1", "无以考试方式招生", True, True),
        ItemState("5.2", "无择校", None, True),
    )
    open_facts = CountyFacts(2025, CLEAN, vetoes=vetoes, checklist_loaded=True)
    assert state_of("vetoes", QUALITY, open_facts) == UNASSESSED
    failed = (*vetoes[:1], ItemState("5.2", "无择校", False, True))
    failed_facts = CountyFacts(2025, CLEAN, vetoes=failed, checklist_loaded=True)
    assert state_of("vetoes", QUALITY, failed_facts) == UNMET
    clear = (*vetoes[:1], ItemState("5.2", "无择校", True, True))
    clear_facts = CountyFacts(2025, CLEAN, vetoes=clear, checklist_loaded=True)
    assert state_of("vetoes", QUALITY, clear_facts) == MET


def test_the_county_is_met_only_when_every_part_is_met():
    categories = {"2": category("2", True), "3": category("3", True)}
    vetoes = (ItemState("5.1", "无以考试方式招生", True, True),)
    everything = CountyFacts(
        2025,
        CLEAN,
        recognised_year=2020,
        categories=categories,
        vetoes=vetoes,
        checklist_loaded=True,
        survey=SurveyFacts(0.9, 700),
    )
    assert judge(QUALITY.parts, everything).state == MET
    only_resources = CountyFacts(2025, CLEAN)
    verdict = judge(QUALITY.parts, only_resources)
    assert verdict.part("resources").state == MET
    assert verdict.state == UNASSESSED  # one part met is never the county's pass
    worse = CountyFacts(2025, CLEAN, recognised_year=2024)
    assert judge(QUALITY.parts, worse).state == UNMET


def test_resource_facts_are_read_off_an_evaluation():
    evaluation = evaluate_files([EXAMPLES / "books.csv"], "quality-2017")
    row = evaluation.counties.row(0, named=True)
    facts = resource_facts(evaluation, row["county_code"], row["year"])
    assert facts is not None
    assert len(facts.failing_units) == row["failing_units"] == 3
    assert facts.has_school_rule
    assert resource_facts(evaluation, "999999", row["year"]) is None


def test_a_standard_file_with_a_bad_part_is_refused_naming_the_key():
    data = {
        "standard": {"id": "x", "name": "x"},
        "cv": {"mode": "composite", "max": {"primary": 0.65}},
        "indicators": [],
        "parts": [
            {"key": "a", "name": "甲", "judged_by": "dice"},
            {"key": "b", "name": "乙", "judged_by": "checklist"},
        ],
    }
    with pytest.raises(StandardError) as error:
        parse_standard(data, source="x.toml")
    text = str(error.value.problems)
    assert "parts[1].judged_by" in text
    assert "parts[2].checklist_item" in text
