"""Each unit against the quality-2017 thresholds (第六条): at least 6 of 7 met and the rest at
≥ 85 % of its threshold; gaps in the template's units, whole rooms and teachers rounded up."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from evaluation.factory import builtin_text, run, school, unit
from junheng.evaluation import load_standard
from junheng.evaluation.compliance import gap_column, meets_column

ROOMS = "multimedia_classrooms_per_100_students"
AREA = "teaching_room_area_per_student"
BACKBONE = "backbone_teachers_per_100_students"


def verdict(standard, **overrides) -> dict:
    """The primary unit of one 1,000-student primary school with the given resources."""
    return unit(run([school(1, **overrides)], standard), 1)


def gaps(unit_row: dict, standard) -> dict[str, float]:
    return {
        i.key: unit_row[gap_column(i)]
        for i in standard.indicators
        if unit_row[gap_column(i)] is not None
    }


def unmet(unit_row: dict, standard) -> list[str]:
    return [i.key for i in standard.indicators if not unit_row[meets_column(i)]]


# --- the per-school rule ------------------------------------------------------------------------


def test_a_school_meeting_all_seven_passes(quality):
    result = verdict(quality)

    assert result["met_count"] == 7
    assert result["pass"] is True
    assert gaps(result, quality) == {}


def test_a_school_meeting_six_with_the_seventh_at_85_percent_or_more_passes(quality):
    result = verdict(quality, multimedia_classrooms=20)  # 2.0 per 100: 87 % of 2.3

    assert unmet(result, quality) == [ROOMS]
    assert result["met_count"] == 6
    assert result["pass"] is True


def test_a_school_meeting_six_with_the_seventh_below_85_percent_fails(quality):
    result = verdict(quality, multimedia_classrooms=19)  # 1.9 per 100: 82.6 % of 2.3

    assert result["met_count"] == 6
    assert result["pass"] is False


def test_a_school_meeting_five_fails_even_with_both_others_above_85_percent(quality):
    # 2.0 rooms per 100 (87 %) and 0.9 backbone teachers per 100 (90 %)
    result = verdict(quality, multimedia_classrooms=20, primary_backbone_teachers=9)

    assert unmet(result, quality) == [BACKBONE, ROOMS]
    assert result["met_count"] == 5
    assert result["pass"] is False


def test_a_value_exactly_at_its_threshold_meets_it(quality):
    # 23 rooms for 1,000 students = 2.3 per 100 (the example)
    result = verdict(quality, multimedia_classrooms=23)

    assert result[meets_column(quality.indicator(ROOMS))] is True
    assert result["met_count"] == 7
    assert gaps(result, quality) == {}


def test_a_value_just_below_its_threshold_does_not_meet_it(quality):
    result = verdict(quality, primary=1000, teaching_room_area=4499.99)

    assert unmet(result, quality) == [AREA]


def test_a_value_exactly_at_85_percent_of_its_threshold_passes(quality):
    # 3,825 m² for 1,000 students = 3.825 m² = 85 % of 4.5
    result = verdict(quality, teaching_room_area=3825)

    assert unmet(result, quality) == [AREA]
    assert result["pass"] is True


def test_junior_units_are_held_to_the_junior_thresholds(quality):
    at = unit(run([school(1, "初级中学", multimedia_classrooms=24)], quality), 1, "junior")
    below = unit(run([school(1, "初级中学", multimedia_classrooms=23)], quality), 1, "junior")

    assert at["met_count"] == 7  # 2.4 per 100
    assert unmet(below, quality) == [ROOMS]  # 2.3 per 100 meets primary, not junior
    assert below["pass"] is True  # 23/24 = 96 %


def test_a_province_may_require_all_seven(tmp_path: Path):
    path = tmp_path / "strict.toml"
    path.write_text(builtin_text("quality-2017").replace("min_met = 6", "min_met = 7"))

    result = verdict(load_standard(path), multimedia_classrooms=20)

    assert result["pass"] is False


def test_basic_2012_sets_no_per_school_thresholds(basic):
    result = verdict(basic, multimedia_classrooms=0, teaching_room_area=1)

    assert "pass" not in result
    assert "met_count" not in result


# --- gaps ---------------------------------------------------------------------------------------


def test_gaps_are_in_m2_10_000_yuan_rooms_and_teachers(quality):
    result = verdict(
        quality,
        primary_qualified_teachers=41,  # needs 4.2 × 10 = 42
        primary_backbone_teachers=9,  # needs 10
        primary_pe_art_teachers=8,  # needs 9
        teaching_room_area=4000,  # needs 4,500 m²
        sports_area=7000.5,  # needs 7,500 m²
        equipment_value=150,  # needs 2,000 元 × 1,000 = 200 万元
        multimedia_classrooms=20,  # needs 23
    )

    assert gaps(result, quality) == pytest.approx(
        {
            "qualified_teachers_per_100_students": 1,
            "backbone_teachers_per_100_students": 1,
            "pe_art_teachers_per_100_students": 1,
            "teaching_room_area_per_student": 500,
            "sports_area_per_student": 499.5,
            "equipment_value_per_student": 50,
            "multimedia_classrooms_per_100_students": 3,
        }
    )
    assert result["met_count"] == 0
    assert result["pass"] is False


def test_rooms_and_teachers_lacking_are_rounded_up_to_whole_ones_areas_are_not(quality):
    result = verdict(
        quality,
        primary=1010,
        primary_backbone_teachers=9,  # needs 10.1
        multimedia_classrooms=20,  # needs 23.23
        teaching_room_area=4000,  # needs 4,545 m²
        equipment_value=200,  # needs 202 万元
    )

    assert gaps(result, quality) == pytest.approx(
        {
            "backbone_teachers_per_100_students": 2,
            "multimedia_classrooms_per_100_students": 4,
            "teaching_room_area_per_student": 545,
            "equipment_value_per_student": 2,
        }
    )


def test_a_gap_of_exactly_whole_rooms_is_not_rounded_up_once_more(quality):
    # 1,000 students need 23 rooms: with 20 they lack exactly 3, not 4;
    # 1,200 students need 27.6 rooms: with 24 they lack 3.6, i.e. 4
    assert gaps(verdict(quality, multimedia_classrooms=20), quality)[ROOMS] == 3
    assert gaps(verdict(quality, primary=1200, multimedia_classrooms=24), quality)[ROOMS] == 4


def test_gaps_of_a_split_school_are_measured_against_each_levels_share(quality):
    nine_year = school(
        1,
        "九年一贯制学校",
        primary=166,
        junior=210,
        teaching_room_area=1000,
        sports_area=10000,
        equipment_value=50,
        multimedia_classrooms=5,
    )

    evaluation = run([nine_year], quality)

    primary_share = 166 / (166 + 1.1 * 210)
    junior_share = 1.1 * 210 / (166 + 1.1 * 210)
    expected_primary = {
        AREA: 4.5 * 166 - 1000 * primary_share,  # 328.86 m²
        "equipment_value_per_student": 2000 * 166 / 10000 - 50 * primary_share,  # 12.29 万元
        ROOMS: math.ceil(2.3 * 166 / 100 - 5 * primary_share),  # 1.73 → 2
    }
    expected_junior = {
        AREA: 5.8 * 210 - 1000 * junior_share,  # 636.14 m²
        "equipment_value_per_student": 2500 * 210 / 10000 - 50 * junior_share,  # 23.34 万元
        ROOMS: math.ceil(2.4 * 210 / 100 - 5 * junior_share),  # 2.13 → 3
    }
    assert expected_primary[ROOMS] == 2 and expected_junior[ROOMS] == 3
    assert gaps(unit(evaluation, 1), quality) == pytest.approx(expected_primary)
    assert gaps(unit(evaluation, 1, "junior"), quality) == pytest.approx(expected_junior)
