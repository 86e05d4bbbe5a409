"""The national checklists shipped as files: their structure and the figures of
docs/standards.md."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from junheng.checklist_core.figures import FIGURES
from junheng.checklist_core.files import read_checklist_toml
from junheng.checklists.national import BUILTIN, builtin_checklist
from junheng.evaluation.errors import DataError


@pytest.fixture(scope="module")
def basic():
    return builtin_checklist("basic-2012")


@pytest.fixture(scope="module")
def quality():
    return builtin_checklist("quality-2017")


def test_both_national_checklists_ship_and_load():
    assert BUILTIN == ("basic-2012", "quality-2017")


def test_basic_2012_has_17_government_items_b1_to_b17_in_4_aspects(basic):
    aspects = basic.children["3"]
    assert [a.title for a in aspects] == ["入学机会", "保障机制", "教师队伍", "质量与管理"]
    clauses = [i.clause for a in aspects for i in basic.children[a.code]]
    assert clauses == [f"B{n}" for n in range(1, 18)]
    assert [a.max_score for a in aspects[:2]] == [20, 25]  # confirmed points
    assert basic.by_code["3"].max_score == 100
    assert basic.pass_score == 85


def test_basic_2012_marks_what_standards_md_calls_unconfirmed(basic):
    aspects = basic.children["3"]
    assert not aspects[0].unconfirmed and not aspects[1].unconfirmed
    assert aspects[2].unconfirmed and aspects[3].unconfirmed  # 教师队伍, 质量与管理 points
    assert all(i.unconfirmed for a in aspects for i in basic.children[a.code])  # wording
    cv = [basic.by_code["2.1"], basic.by_code["2.2"]]
    assert [(i.comparison, i.threshold, i.unconfirmed) for i in cv] == [
        ("<=", 0.65, True),
        ("<=", 0.55, True),
    ]
    text = (resources.files("junheng.checklists") / "standards" / "basic-2012.toml").read_text()
    assert "NOT confirmed" in text  # said in the file's comment too


def test_basic_2012_satisfaction_is_a_veto_at_85_percent(basic):
    item = basic.by_code["4.1"]
    assert (item.comparison, item.threshold, item.unit, item.veto) == (">=", 85, "%", True)


def test_quality_2017_has_15_guarantee_and_9_quality_items(quality):
    guarantee = quality.children["2"]
    education = quality.children["3"]
    assert len(guarantee) == 15 and len(education) == 9
    assert [i.clause for i in guarantee] == [f"政府保障程度({n})" for n in range(1, 16)]
    assert [i.clause for i in education] == [f"教育质量({n})" for n in range(1, 10)]
    assert quality.all_required


@pytest.mark.parametrize(
    ("code", "comparison", "threshold", "unit", "source"),
    [
        # docs/standards.md §2: every class, so the classes above the limit, none allowed
        ("2.5.1", "<=", 0, "个", "classes_over_limit.primary"),
        ("2.5.2", "<=", 0, "个", "classes_over_limit.junior"),
        ("2.4.1", "<=", 2000, "人", "school_size_max"),
        ("2.4.2", "<=", 2500, "人", "school_size_max.through"),
        ("2.3.1", ">=", 1, "间", ""),
        ("2.3.2", ">=", 1, "间", ""),
        ("2.3.3", ">=", 96, "平方米", ""),
        ("2.3.4", ">=", 90, "平方米", ""),
        ("2.7", ">=", 6000, "元", ""),
        ("2.9", ">=", 100, "%", ""),
        ("2.11.1", ">=", 10, "%", ""),
        ("2.11.2", ">=", 20, "%", ""),
        ("2.12", ">=", 100, "%", ""),
        ("2.13.1", ">=", 100, "%", ""),
        ("2.13.2", ">=", 95, "%", ""),
        ("2.14", ">=", 50, "%", ""),
        ("2.15.2", ">=", 85, "%", ""),
        ("3.1", ">=", 95, "%", ""),
        ("3.2", ">=", 95, "%", ""),
        ("3.4", ">=", 5, "%", ""),
        ("3.9.2", "<", 0.15, "", ""),
        ("4.1", ">=", 85, "%", "county.satisfaction_rate"),
        ("1.2", "<=", 0.50, "", "quality.cv_max.primary"),
        ("1.3", "<=", 0.45, "", "quality.cv_max.junior"),
        ("1.1", "<=", 0, "所", "quality.failing_units"),
        ("2.5.3", "<=", 0, "个", "large_classes"),
        ("2.5.4", "<=", 0, "个", "very_large_classes"),
    ],
)
def test_quality_2017_thresholds_are_measurable_figures(
    quality, code, comparison, threshold, unit, source
):
    item = quality.by_code[code]
    assert (item.comparison, item.threshold, item.unit, item.source) == (
        comparison,
        threshold,
        unit,
        source,
    )


def test_quality_2017_vetoes_are_the_four_reported_ones_and_four_unconfirmed_defaults(quality):
    vetoes = [i for i in quality.items if i.veto]
    assert [i.code for i in vetoes] == ["4.1", "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7"]
    confirmed = [i.code for i in vetoes if not i.unconfirmed]
    assert confirmed == ["4.1", "5.1", "5.2", "5.3"]  # the others are marked 待核实


def test_quality_2017_marks_the_unconfirmed_staffing_wording(quality):
    assert quality.by_code["2.10"].unconfirmed


def test_every_system_figure_a_shipped_checklist_names_exists(basic, quality):
    for checklist in (basic, quality):
        for item in checklist.items:
            assert not item.source or item.source in FIGURES


def test_every_item_has_code_text_and_leaves_name_their_evidence(basic, quality):
    for checklist in (basic, quality):
        for item in checklist.leaves():
            assert item.evidence, item.code


def test_a_standard_file_with_an_unknown_key_is_refused():
    with pytest.raises(DataError) as caught:
        read_checklist_toml(
            '[checklist]\nkey="x"\nname="x"\n[[items]]\ncode="1"\ntitle="t"\nscore=3\n',
            file="x.toml",
        )
    assert "未知的键" in caught.value.problems[0].zh


def test_the_shipped_files_are_valid_toml_with_a_comment_header():
    for key in BUILTIN:
        text = (resources.files("junheng.checklists") / "standards" / f"{key}.toml").read_text()
        assert text.startswith("#")
        tomllib.loads(text)
