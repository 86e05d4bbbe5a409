"""Standard files: the built-ins carry the numbers of docs/standards.md; a bad one names
each problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.factory import BASIC_INDICATORS, QUALITY_THRESHOLDS, builtin_text
from junheng.evaluation import StandardError, load_standard
from junheng.evaluation.standard import parse_standard


def problems_of(error: StandardError) -> str:
    return "\n".join(f"{zh} | {en}" for zh, en in error.problems)


# --- the built-ins -------------------------------------------------------------------------


def test_quality_2017_has_the_seven_thresholds_of_the_standard(quality):
    thresholds = {
        i.key: (i.threshold["primary"], i.threshold["junior"]) for i in quality.indicators
    }

    assert thresholds == QUALITY_THRESHOLDS


def test_quality_2017_limits_every_cv_to_0_50_and_0_45(quality):
    assert quality.cv_mode == "per_indicator"
    assert quality.cv_max == {"primary": 0.50, "junior": 0.45}


def test_quality_2017_needs_6_of_7_and_the_rest_at_85_percent(quality):
    assert quality.school_rule is not None
    assert quality.school_rule.min_met == 6
    assert quality.school_rule.floor_ratio == 0.85


def test_quality_2017_excludes_teaching_points_under_50_but_not_private_or_direct_schools(
    quality,
):
    assert quality.units.teaching_point_own_unit_min_students == 50
    assert quality.units.smaller_teaching_points == "exclude"
    assert quality.units.exclude_ownership == ()
    assert quality.units.exclude_affiliation == ()


def test_basic_2012_has_the_eight_indicators_and_no_per_school_rule(basic):
    assert tuple(i.key for i in basic.indicators) == BASIC_INDICATORS
    assert basic.school_rule is None
    assert not basic.has_thresholds
    assert all(not i.threshold for i in basic.indicators)


def test_basic_2012_limits_the_composite_cv_to_0_65_and_0_55(basic):
    assert basic.cv_mode == "composite"
    assert basic.cv_max == {"primary": 0.65, "junior": 0.55}


def test_basic_2012_excludes_private_and_direct_schools_and_every_teaching_point(basic):
    assert basic.units.exclude_ownership == ("民办",)
    assert basic.units.exclude_affiliation == ("省市直属",)
    assert basic.units.teaching_point_own_unit_min_students is None
    assert basic.units.smaller_teaching_points == "exclude"


@pytest.mark.parametrize("name", ["basic-2012", "quality-2017"])
def test_both_standards_split_physical_resources_1_to_1_1_to_1_32(name):
    assert load_standard(name).split_weights == {"primary": 1.0, "junior": 1.1, "senior": 1.32}


@pytest.mark.parametrize("name", ["basic-2012", "quality-2017"])
def test_equipment_is_given_in_10_000_yuan_and_measured_in_yuan(name):
    equipment = load_standard(name).indicator("equipment_value_per_student")

    assert equipment.resource == "equipment_value"
    assert equipment.scale == 10000


@pytest.mark.parametrize("name", ["basic-2012", "quality-2017"])
def test_per_100_indicators_have_scale_100_and_per_student_ones_scale_1(name):
    for item in load_standard(name).indicators:
        if item.key.endswith("_per_100_students"):
            assert item.scale == 100, item.key
        elif item.key != "equipment_value_per_student":
            assert item.scale == 1, item.key


def test_teacher_indicators_are_counted_by_the_section_they_teach(quality):
    backbone = quality.indicator("backbone_teachers_per_100_students")

    assert backbone.is_teacher
    assert backbone.resource_column("junior") == "junior_backbone_teachers"
    assert backbone.rounds_up
    assert not quality.indicator("teaching_room_area_per_student").rounds_up
    assert quality.indicator("multimedia_classrooms_per_100_students").rounds_up


def test_a_province_variant_is_loaded_from_its_path(tmp_path: Path):
    text = builtin_text("quality-2017").replace(
        "threshold = { primary = 4.5, junior = 5.8 }", "threshold = { primary = 5.0, junior = 6.0 }"
    )
    path = tmp_path / "jiangxi.toml"
    path.write_text(text, encoding="utf-8")

    standard = load_standard(path)

    assert standard.indicator("teaching_room_area_per_student").threshold == {
        "primary": 5.0,
        "junior": 6.0,
    }
    assert standard.source == str(path)


# --- bad standards -------------------------------------------------------------------------


def test_it_rejects_an_unknown_standard_name_in_chinese_and_english():
    with pytest.raises(StandardError) as caught:
        load_standard("quality-2021")

    message = caught.value.message()
    assert "找不到评估标准「quality-2021」" in message
    assert "unknown standard 'quality-2021'" in message
    assert "basic-2012" in message and "quality-2017" in message


def test_it_rejects_a_file_that_is_not_toml(tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text('[standard\nid = "x"\n', encoding="utf-8")

    with pytest.raises(StandardError) as caught:
        load_standard(path)

    assert caught.value.source == str(path)
    assert "TOML 格式错误" in problems_of(caught.value)
    assert "not valid TOML" in problems_of(caught.value)


def test_it_rejects_a_file_that_is_not_utf_8(tmp_path: Path):
    path = tmp_path / "gbk.toml"
    path.write_bytes(builtin_text("quality-2017").encode("gb18030"))

    with pytest.raises(StandardError) as caught:
        load_standard(path)

    assert "UTF-8" in problems_of(caught.value)


def test_it_names_every_problem_of_a_malformed_standard(tmp_path: Path):
    text = (
        builtin_text("quality-2017")
        .replace('mode = "per_indicator"', 'mode = "average"')
        .replace("junior = 1.1,", "junior = -1.1,")
        .replace("floor_ratio = 0.85", "floor_ratio = 1.5")
        .replace('resource = "sports_area"', 'resource = "sports_field"')
        .replace("threshold = { primary = 2.3, junior = 2.4 }", "threshold = { primary = 2.3 }")
        .replace('smaller_teaching_points = "exclude"', 'smaller_teaching_points = "drop"')
    )
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(StandardError) as caught:
        load_standard(path)

    keys = [en.split(":")[0] for _, en in caught.value.problems]
    assert keys == [
        "cv.mode",
        "split.weights.junior",
        "units.smaller_teaching_points",
        "school_rule.floor_ratio",
        "indicators[5].resource",
        "indicators[7].threshold.junior",
    ]
    zh = [z for z, _ in caught.value.problems]
    assert all(z.startswith("「") for z in zh)
    assert str(path) in caught.value.message()


def test_it_rejects_a_standard_without_indicators_or_cv_limits():
    with pytest.raises(StandardError) as caught:
        parse_standard({"standard": {"id": "x", "name": "x"}})

    text = problems_of(caught.value)
    assert "cv: missing or not a table" in text
    assert "cv.max: must be a per-level table" in text
    assert "indicators: missing" in text


def test_it_rejects_thresholds_without_a_school_rule_and_a_rule_larger_than_the_indicators():
    one_indicator = {
        "key": "books_per_student",
        "name": "生均图书册数",
        "resource": "books",
        "threshold": {"primary": 30},
    }
    with pytest.raises(StandardError) as caught:
        parse_standard(
            {
                "standard": {"id": "x", "name": "x"},
                "cv": {"mode": "composite", "max": {"primary": 0.65}},
                "indicators": [one_indicator],
            }
        )
    assert "indicators[1].threshold: has thresholds but the file has no [school_rule]" in (
        problems_of(caught.value)
    )

    with pytest.raises(StandardError) as caught:
        parse_standard(
            {
                "standard": {"id": "x", "name": "x"},
                "cv": {"mode": "per_indicator", "max": {"primary": 0.5}},
                "school_rule": {"min_met": 2, "floor_ratio": 0.85},
                "indicators": [one_indicator],
            }
        )
    assert "school_rule.min_met: exceeds the number of indicators (1)" in problems_of(caught.value)


def test_it_rejects_a_duplicated_indicator_and_an_unknown_level():
    item = {"key": "books_per_student", "name": "生均图书册数", "resource": "books"}
    with pytest.raises(StandardError) as caught:
        parse_standard(
            {
                "standard": {"id": "x", "name": "x"},
                "cv": {"mode": "composite", "max": {"primary": 0.65, "senior": 0.5}},
                "indicators": [item, item],
            }
        )

    text = problems_of(caught.value)
    assert "cv.max.senior: level must be one of primary, junior" in text
    assert "indicators[2].key: duplicated: books_per_student" in text


# --- how an indicator is shown --------------------------------------------------------------


def test_basic_2012_shows_its_teacher_ratios_per_student_under_their_official_names(basic):
    shown = {
        i.key: (i.display_name, i.display_scale, i.display_unit)
        for i in basic.indicators
        if i.display_scale != 1
    }

    assert shown == {
        "teachers_per_100_students": ("师生比", 0.01, ""),
        "qualified_teachers_per_100_students": ("生均高于规定学历教师数", 0.01, "人"),
        "senior_title_teachers_per_100_students": ("生均中级及以上专业技术职务教师数", 0.01, "人"),
    }
    # the JSON keeps its names and its per-100 values; computers stay per 100 as 表2 prints them
    teachers = basic.indicator("teachers_per_100_students")
    assert (teachers.name, teachers.scale) == ("每百名学生拥有专任教师数(师生比)", 100)
    computers = basic.indicator("computers_per_100_students")
    assert (computers.display_name, computers.display_scale) == ("每百名学生拥有计算机台数", 1)


def test_a_teacher_ratio_is_shown_as_the_official_table_prints_it(basic):
    teachers = basic.indicator("teachers_per_100_students")

    assert teachers.shown(5.6) == pytest.approx(0.056)
    assert teachers.shown(None) is None
    assert teachers.shown_decimals == 3
    assert teachers.shown_label == "师生比"
    assert basic.indicator("qualified_teachers_per_100_students").shown_label == (
        "生均高于规定学历教师数（人）"
    )


def test_without_display_fields_an_indicator_is_shown_as_computed(quality):
    for indicator in quality.indicators:
        assert indicator.display_name == indicator.name
        assert indicator.display_scale == 1
        assert indicator.display_unit == indicator.unit
        assert indicator.shown(4.2) == 4.2
    assert quality.indicator("equipment_value_per_student").shown_decimals == 0
    assert quality.indicator("sports_area_per_student").shown_decimals == 2
    assert quality.indicator("sports_area_per_student").shown_label == "生均体育运动场馆面积（m²）"


def test_it_names_each_bad_display_field():
    item = {"key": "books_per_student", "name": "生均图书册数", "resource": "books"}
    with pytest.raises(StandardError) as caught:
        parse_standard(
            {
                "standard": {"id": "x", "name": "x"},
                "cv": {"mode": "composite", "max": {"primary": 0.65}},
                "indicators": [
                    item | {"display_scale": 0},
                    item | {"key": "b2", "display_name": " "},
                    item | {"key": "b3", "display_unit": 5, "display_scale": "1%"},
                    item | {"key": "b4", "display_scale": float("inf")},
                ],
            }
        )

    keys = [en.split(":")[0] for _, en in caught.value.problems]
    assert keys == [
        "indicators[1].display_scale",
        "indicators[2].display_name",
        "indicators[3].display_unit",
        "indicators[3].display_scale",
        "indicators[4].display_scale",
    ]
