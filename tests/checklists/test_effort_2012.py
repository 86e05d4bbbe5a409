"""basic-2012's part 3, 县级人民政府推进义务教育均衡发展工作, as docs/standards.md §1 gives it:
B1–B11 with their texts, order and thresholds, B12–B17 and the points beyond the two aspect
totals marked 待核实, and no rule of a later text dated 2012."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from junheng.checklist_core.files import read_checklist_toml
from junheng.checklist_core.scoring import judge, summarize
from junheng.checklists.national import builtin_checklist
from junheng.demo_county.checklists import BASIC_SCORES

# docs/standards.md §1: each B-item's text as county and provincial tables reproduce it
CONFIRMED_TEXTS = {
    "B1": "随迁子女就学纳入当地教育发展规划、纳入财政保障",
    "B2": "政府主导的留守儿童关爱体系",
    "B3": "三类残疾儿童少年入学率",
    "B4": "优质普通高中招生名额分配到县域内各初中的比例逐步提高",
    "B5": "小学入学率、初中毛入学率",
    "B6": "小学、初中辍学率控制在省定比例以下",
    "B7": "义务教育均衡发展责任、监督和问责机制",
    "B8": "义务教育经费在财政预算中单列",
    "B9": "学校标准化建设与薄弱学校改造计划，财政性教育经费向薄弱学校倾斜",
    "B10": "农村税费改革转移支付资金用于义务教育的比例",
    "B11": "足额征收教育费附加并及时足额划拨",
}


def file_text() -> str:
    return (resources.files("junheng.checklists") / "standards" / "basic-2012.toml").read_text(
        encoding="utf-8"
    )


@pytest.fixture(scope="module")
def basic():
    return builtin_checklist("basic-2012")


def b_items(checklist):
    """The 17 indicators in the checklist's order: the children of the four aspects."""
    return [item for aspect in checklist.children["3"] for item in checklist.children[aspect.code]]


def test_the_two_confirmed_aspects_hold_b1_to_b11_in_order_with_their_texts(basic):
    first, second = basic.children["3"][:2]
    assert (first.title, first.max_score, first.unconfirmed) == ("入学机会", 20, False)
    assert (second.title, second.max_score, second.unconfirmed) == ("保障机制", 25, False)
    confirmed = [*basic.children[first.code], *basic.children[second.code]]
    assert [item.clause for item in confirmed] == [f"B{n}" for n in range(1, 12)]
    for item in confirmed:
        assert CONFIRMED_TEXTS[item.clause] in item.title, item.clause
    assert "三个增长" in basic.by_code["3.2.2"].title  # B8


def test_each_threshold_is_the_standards_figure(basic):
    rules = {
        item.code: (item.clause, item.figure, item.comparison, item.threshold, item.unit)
        for item in basic.leaves()
        if item.code.startswith("3.") and item.has_figure_rule
    }
    assert rules == {
        "3.1.3": ("B3", "三类残疾儿童少年入学率", ">=", 80, "%"),
        "3.1.5.1": ("B5", "小学入学率", ">=", 99.5, "%"),
        "3.1.5.2": ("B5", "初中毛入学率", ">=", 99, "%"),
        "3.1.6.1": ("B6", "小学年辍学率", "<=", 0.6, "%"),
        "3.1.6.2": ("B6", "初中年辍学率", "<=", 1.8, "%"),
        "3.2.4": ("B10", "农村税费改革转移支付资金用于义务教育的比例", ">=", 50, "%"),
    }
    # B4 only asks for a rising share (the ≥ 50 % floor is quality-2017's)
    assert not basic.by_code["3.1.4"].has_figure_rule


def test_the_drop_out_limits_are_the_provinces_and_marked_as_such(basic):
    for code in ("3.1.6.1", "3.1.6.2"):
        item = basic.by_code[code]
        assert item.unconfirmed and "省定比例" in item.note and "本省文件" in item.note


def test_a_threshold_is_data_a_province_changes_in_the_file():
    text = file_text().replace("threshold = 80\n", "threshold = 75\n", 1)
    province = read_checklist_toml(text, file="province.toml")
    item = province.by_code["3.1.3"]
    assert item.requirement == "三类残疾儿童少年入学率 ≥ 75 %"
    assert judge(item, value=76, score=4).met is True
    national = builtin_checklist("basic-2012").by_code["3.1.3"]
    assert judge(national, value=76, score=2).met is False


def test_b12_to_b17_and_every_single_points_figure_are_marked_unconfirmed(basic):
    indicators = b_items(basic)
    assert [i.clause for i in indicators] == [f"B{n}" for n in range(1, 18)]
    third, fourth = basic.children["3"][2:]
    assert (third.title, third.unconfirmed) == ("教师队伍", True)
    assert (fourth.title, fourth.unconfirmed) == ("质量与管理", True)
    for item in indicators[11:]:
        assert item.unconfirmed and "原文待核实" in item.note, item.clause
    for item in indicators[:11]:
        # the text is confirmed, the item's own points are not
        assert item.unconfirmed and "分值待核实" in item.note, item.clause
    for code in ("3.1.5.1", "3.1.5.2"):
        assert basic.by_code[code].unconfirmed and "分值待核实" in basic.by_code[code].note
    assert sum(a.max_score for a in basic.children["3"]) == basic.by_code["3"].max_score == 100


def test_no_rule_of_a_later_text_is_dated_2012(basic):
    later = re.compile(r"(不足|按)\s*100\s*人|公务员|国发〔2015〕")
    for item in basic.items:
        said = " ".join((item.title, item.rule, item.note, item.figure, *item.evidence))
        assert not later.search(said), item.code
    assert not later.search(file_text())


def test_a_full_score_passes_and_a_missed_threshold_costs_its_points(basic):
    results = {}
    for item in basic.leaves():
        if item.code.startswith("3."):
            results[item.code] = judge(item, score=item.max_score, met=True)
    assert summarize(basic, results).nodes["3"].score == 100
    results["3.1.5.2"] = judge(basic.by_code["3.1.5.2"], value=98.6, score=0)
    node = summarize(basic, results).nodes["3.1.5"]
    assert (node.score, node.met) == (1.5, False)


def test_the_demo_countys_scores_name_leaves_of_the_file_and_reach_the_pass_mark(basic):
    leaves = {item.code for item in basic.leaves()}
    codes = [code for code, _, _ in BASIC_SCORES]
    assert set(codes) <= leaves
    assert set(codes) == {code for code in leaves if code.startswith("3.")}
    total = sum(score for _, score, _ in BASIC_SCORES)
    assert total == 92.5 and total >= basic.pass_score
