"""Evaluation units (docs/standards.md §3): one unit per school and level, physical resources shared
by student-equivalents 小学 1 : 初中 1.1 : 高中 1.32, teachers by section, and which schools
enter the computation under each standard."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.factory import builtin_text, code, read, school, teaching_point
from junheng.evaluation import load_standard
from junheng.evaluation.units import build_units

PHYSICAL = (
    "teaching_room_area",
    "sports_area",
    "equipment_value",
    "computers",
    "books",
    "multimedia_classrooms",
)


def units_of(rows, standard) -> dict[tuple[str, str], dict]:
    """{(school code, level): unit} after the standard's rules."""
    units, _ = build_units(read(rows), standard)
    return {(u["unit_code"], u["level"]): u for u in units.iter_rows(named=True)}


def excluded_of(rows, standard) -> dict[str, str]:
    """{school code: reason} of the schools the standard leaves out."""
    _, excluded = build_units(read(rows), standard)
    return dict(excluded.select("school_code", "excluded_reason").iter_rows())


# --- splitting a school into units ------------------------------------------------------------


def test_a_nine_year_school_gives_its_primary_unit_41_8_percent_of_the_books(quality):
    nine_year = school(
        1,
        "九年一贯制学校",
        primary=166,
        junior=210,
        books=23226,
        primary_teachers=12,
        junior_teachers=19,
    )

    units = units_of([nine_year], quality)

    primary, junior = units[(code(1), "primary")], units[(code(1), "junior")]
    primary_share = 166 / (166 + 1.1 * 210)
    assert round(primary_share, 3) == 0.418
    assert primary["books"] == pytest.approx(23226 * primary_share)
    assert junior["books"] == pytest.approx(23226 * 1.1 * 210 / (166 + 1.1 * 210))
    assert primary["books"] + junior["books"] == pytest.approx(23226)
    assert (primary["students"], junior["students"]) == (166, 210)
    # teachers are counted by the section they teach, not shared out
    assert (primary["teachers"], junior["teachers"]) == (12, 19)


def test_every_physical_resource_is_shared_out_by_the_same_student_equivalents(quality):
    nine_year = school(
        1,
        "九年一贯制学校",
        primary=300,
        junior=500,
        teaching_room_area=5000.5,
        sports_area=9000,
        equipment_value=321.7,
        computers=80,
        books=30000,
        multimedia_classrooms=19,
    )

    units = units_of([nine_year], quality)

    share = 300 / (300 + 1.1 * 500)
    for resource in PHYSICAL:
        assert units[(code(1), "primary")][resource] == pytest.approx(
            nine_year[resource] * share
        ), resource
        assert units[(code(1), "junior")][resource] == pytest.approx(
            nine_year[resource] * (1 - share)
        ), resource


def test_a_complete_secondary_school_weights_senior_students_1_32_and_does_not_evaluate_them(
    quality,
):
    complete = school(
        1,
        "完全中学",
        junior=600,
        senior=500,
        teaching_room_area=8000,
        junior_teachers=50,
    )

    units = units_of([complete], quality)

    assert list(units) == [(code(1), "junior")]
    junior = units[(code(1), "junior")]
    share = 1.1 * 600 / (1.1 * 600 + 1.32 * 500)
    assert share == pytest.approx(0.5)
    assert junior["teaching_room_area"] == pytest.approx(8000 * share)
    assert junior["students"] == 600
    assert junior["teachers"] == 50


def test_a_twelve_year_school_is_split_three_ways_and_evaluated_at_two_levels(basic):
    twelve = school(1, "十二年一贯制学校", primary=300, junior=200, senior=100, sports_area=13200)

    units = units_of([twelve], basic)

    equivalents = 300 + 1.1 * 200 + 1.32 * 100
    assert sorted(units) == [(code(1), "junior"), (code(1), "primary")]
    assert units[(code(1), "primary")]["sports_area"] == pytest.approx(13200 * 300 / equivalents)
    assert units[(code(1), "junior")]["sports_area"] == pytest.approx(13200 * 220 / equivalents)


def test_a_nine_year_school_without_junior_students_has_only_a_primary_unit(quality):
    nine_year = school(1, "九年一贯制学校", primary=400, junior=0, junior_classes=0, books=999)

    units = units_of([nine_year], quality)

    assert list(units) == [(code(1), "primary")]
    assert units[(code(1), "primary")]["books"] == pytest.approx(999)


def test_a_province_can_set_other_split_weights(tmp_path: Path):
    text = builtin_text("quality-2017")
    old = "weights = { primary = 1.0, junior = 1.1, senior = 1.32 }"
    assert text.count(old) == 1
    path = tmp_path / "weights.toml"
    path.write_text(text.replace(old, "weights = { primary = 1, junior = 1.2, senior = 1.5 }"))

    units = units_of(
        [school(1, "九年一贯制学校", primary=100, junior=100, books=2200)], load_standard(path)
    )

    assert units[(code(1), "primary")]["books"] == pytest.approx(1000)


# --- teaching points --------------------------------------------------------------------------


def test_quality_2017_excludes_teaching_points_under_50_and_evaluates_larger_ones_alone(quality):
    rows = [school(1), teaching_point(2, 1, 49), teaching_point(3, 1, 50, books=1234)]

    units = units_of(rows, quality)

    assert sorted(units) == [(code(1), "primary"), (code(3), "primary")]
    assert units[(code(3), "primary")]["students"] == 50
    assert units[(code(3), "primary")]["books"] == pytest.approx(1234)
    assert units[(code(1), "primary")]["students"] == 1000
    assert excluded_of(rows, quality) == {
        code(2): "不足 50 人的小学教学点不参与计算 / "
        "teaching point with fewer than 50 students: not included"
    }


def test_basic_2012_excludes_every_teaching_point(basic):
    rows = [school(1), teaching_point(2, 1, 12), teaching_point(3, 1, 180)]

    assert sorted(units_of(rows, basic)) == [(code(1), "primary")]
    assert excluded_of(rows, basic) == {
        code(2): "小学教学点不参与计算 / teaching point: not included",
        code(3): "小学教学点不参与计算 / teaching point: not included",
    }


def test_in_merge_mode_a_small_teaching_point_is_counted_with_its_parents_primary_unit(
    merge_standard,
):
    parent = school(1, books=30000, primary_teachers=60)
    small = teaching_point(2, 1, 30, books=600, primary_teachers=3)
    large = teaching_point(3, 1, 80)

    units = units_of([parent, small, large], load_standard(merge_standard))

    assert sorted(units) == [(code(1), "primary"), (code(3), "primary")]
    merged = units[(code(1), "primary")]
    assert merged["students"] == 1030
    assert merged["books"] == pytest.approx(30600)
    assert merged["teachers"] == 63
    assert merged["merged_points"] == 1
    assert merged["school_name"] == parent["school_name"]
    assert units[(code(3), "primary")]["merged_points"] == 0


def test_in_merge_mode_a_teaching_point_joins_only_the_primary_unit_of_a_nine_year_school(
    merge_standard,
):
    parent = school(1, "九年一贯制学校", primary=166, junior=210, books=23226)
    point = teaching_point(2, 1, 30, books=600)

    units = units_of([parent, point], load_standard(merge_standard))

    share = 166 / (166 + 1.1 * 210)
    assert units[(code(1), "primary")]["books"] == pytest.approx(23226 * share + 600)
    assert units[(code(1), "primary")]["students"] == 196
    assert units[(code(1), "junior")]["books"] == pytest.approx(23226 * (1 - share))
    assert units[(code(1), "junior")]["students"] == 210


def test_in_merge_mode_a_teaching_point_follows_its_excluded_parent_out(tmp_path: Path):
    text = builtin_text("basic-2012").replace(
        'smaller_teaching_points = "exclude"', 'smaller_teaching_points = "merge"'
    )
    path = tmp_path / "basic-merge.toml"
    path.write_text(text, encoding="utf-8")
    rows = [school(1, ownership="民办"), teaching_point(2, 1, 20), school(3)]

    standard = load_standard(path)

    assert sorted(units_of(rows, standard)) == [(code(3), "primary")]
    assert set(excluded_of(rows, standard)) == {code(1), code(2)}


# --- private and directly-run schools -----------------------------------------------------------


def test_basic_2012_excludes_private_and_province_or_city_run_schools(basic):
    rows = [school(1), school(2, ownership="民办"), school(3, "初级中学", affiliation="省市直属")]

    assert sorted(units_of(rows, basic)) == [(code(1), "primary")]
    assert excluded_of(rows, basic) == {
        code(2): "民办学校不参与计算 / private school: not included",
        code(3): "省市直属学校不参与计算 / run by the province or city: not included",
    }


def test_quality_2017_includes_private_and_province_or_city_run_schools(quality):
    rows = [school(1), school(2, ownership="民办"), school(3, "初级中学", affiliation="省市直属")]

    assert sorted(units_of(rows, quality)) == [
        (code(1), "primary"),
        (code(2), "primary"),
        (code(3), "junior"),
    ]
    assert excluded_of(rows, quality) == {}
