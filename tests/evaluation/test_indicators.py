"""Per-unit indicator values: resource × scale / students, in the units of the standard."""

from __future__ import annotations

import pytest

from evaluation.factory import code, run, school, unit
from junheng.evaluation.indicators import long_values, value_column

BASIC_VALUES_OF_A_DEFAULT_SCHOOL = {
    # 1,000 primary students: 7,000 m², 12,000 m², 350 万元, 150 computers, 40,000 books,
    # 60 teachers of whom 50 above the required degree and 30 with senior titles
    "teaching_room_area_per_student": 7.0,
    "sports_area_per_student": 12.0,
    "equipment_value_per_student": 3500.0,  # 万元 → 元
    "computers_per_100_students": 15.0,
    "books_per_student": 40.0,
    "teachers_per_100_students": 6.0,
    "qualified_teachers_per_100_students": 5.0,
    "senior_title_teachers_per_100_students": 3.0,
}


def values_of(unit_row: dict, standard) -> dict[str, float]:
    return {i.key: unit_row[value_column(i)] for i in standard.indicators}


def test_a_schools_values_are_its_resources_per_student_in_the_standards_units(basic):
    evaluation = run([school(1)], basic)

    assert values_of(unit(evaluation, 1), basic) == pytest.approx(BASIC_VALUES_OF_A_DEFAULT_SCHOOL)


def test_equipment_given_in_10_000_yuan_is_measured_in_yuan_per_student(quality):
    evaluation = run([school(1, primary=640, equipment_value=123.4)], quality)

    assert unit(evaluation, 1)[value_column(quality.indicator("equipment_value_per_student"))] == (
        pytest.approx(123.4 * 10000 / 640)
    )


def test_quality_2017_values_of_a_nine_year_school_use_each_levels_share_and_teachers(quality):
    nine_year = school(
        1,
        "九年一贯制学校",
        primary=166,
        junior=210,
        multimedia_classrooms=10,
        primary_backbone_teachers=2,
        junior_backbone_teachers=3,
    )

    evaluation = run([nine_year], quality)

    share = 166 / (166 + 1.1 * 210)
    rooms = quality.indicator("multimedia_classrooms_per_100_students")
    backbone = quality.indicator("backbone_teachers_per_100_students")
    primary, junior = unit(evaluation, 1), unit(evaluation, 1, "junior")
    assert primary[value_column(rooms)] == pytest.approx(10 * share * 100 / 166)
    assert junior[value_column(rooms)] == pytest.approx(10 * (1 - share) * 100 / 210)
    assert primary[value_column(backbone)] == pytest.approx(2 * 100 / 166)
    assert junior[value_column(backbone)] == pytest.approx(3 * 100 / 210)


def test_the_long_frame_has_one_row_per_unit_and_indicator_weighted_by_students(basic):
    evaluation = run([school(1, primary=300), school(2, "九年一贯制学校")], basic)

    long = long_values(evaluation.units, basic)

    assert long.height == 3 * len(basic.indicators)
    weights = {
        (r["unit_code"], r["level"]): r["weight"]
        for r in long.select("unit_code", "level", "weight").unique().iter_rows(named=True)
    }
    assert weights == {
        (code(1), "primary"): 300.0,
        (code(2), "primary"): 1000.0,
        (code(2), "junior"): 1000.0,
    }
