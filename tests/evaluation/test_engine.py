"""County verdicts: basic-2012 composite CV against 0.65 / 0.55; quality-2017 every CV against
0.50 / 0.45 and every school; each county and year on its own."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from evaluation import reference
from evaluation.factory import code, indicator, run, school, write_csv
from junheng.evaluation import evaluate_files


def level_row(evaluation, level: str, county_code: str = "360734", year: int = 2025) -> dict:
    found = [
        r
        for r in evaluation.levels.iter_rows(named=True)
        if (r["county_code"], r["year"], r["level"]) == (county_code, year, level)
    ]
    assert len(found) == 1
    return found[0]


def county_row(evaluation, county_code: str = "360734", year: int = 2025) -> dict:
    found = [
        r
        for r in evaluation.counties.iter_rows(named=True)
        if (r["county_code"], r["year"]) == (county_code, year)
    ]
    assert len(found) == 1
    return found[0]


def poor_and_rich(first: int, school_type: str, poor: int, rich: int, *lacks: str) -> list[dict]:
    """Two schools of one level: `poor` students without the resources `lacks`, `rich` students
    with the defaults. Each lacking indicator then has CV sqrt(poor / rich) (by hand: values
    0 and v, weights p and r: mean = r·v/(p+r), S = v·sqrt(p·r)/(p+r))."""
    students = {"primary" if school_type == "小学" else "junior": poor}
    return [
        school(first, school_type, **students, **dict.fromkeys(lacks, 0)),
        school(first + 1, school_type, **{next(iter(students)): rich}),
    ]


# --- basic-2012 ---------------------------------------------------------------------------------


def test_basic_2012_composite_is_the_plain_mean_of_the_eight_cvs(basic):
    rows = poor_and_rich(1, "小学", 700, 300, "books", "computers", "sports_area")

    evaluation = run(rows, basic)

    # three indicators with CV sqrt(7/3), five with CV 0
    expected = 3 * math.sqrt(7 / 3) / 8
    assert expected == pytest.approx(0.5728, abs=1e-4)
    books = indicator(evaluation, "books_per_student")
    assert books["cv"] == pytest.approx(reference.weighted_cv([700, 300], [0, 300 * 40]))
    primary = level_row(evaluation, "primary")
    assert primary["composite_cv"] == pytest.approx(expected)
    assert primary["composite_cv_max"] == 0.65
    assert primary["cv_pass"] is True


def test_basic_2012_the_same_composite_passes_primary_and_fails_junior(basic):
    rows = [
        *poor_and_rich(1, "小学", 700, 300, "books", "computers", "sports_area"),
        *poor_and_rich(3, "初级中学", 700, 300, "books", "computers", "sports_area"),
    ]

    evaluation = run(rows, basic)

    primary, junior = level_row(evaluation, "primary"), level_row(evaluation, "junior")
    assert primary["composite_cv"] == pytest.approx(junior["composite_cv"])
    assert (primary["cv_pass"], junior["cv_pass"]) == (True, False)
    assert junior["composite_cv_max"] == 0.55
    assert county_row(evaluation)["pass"] is False


def test_basic_2012_has_no_limit_on_a_single_cv(basic):
    # 900 students without books, 100 with 40 each: books CV = 3, composite 3/8
    rows = poor_and_rich(1, "小学", 900, 100, "books")

    evaluation = run(rows, basic)

    assert indicator(evaluation, "books_per_student")["cv"] == pytest.approx(3)
    assert level_row(evaluation, "primary")["composite_cv"] == pytest.approx(3 / 8)
    assert county_row(evaluation)["pass"] is True


def test_basic_2012_fails_a_composite_above_0_65(basic):
    rows = poor_and_rich(1, "小学", 900, 100, "books", "computers")

    evaluation = run(rows, basic)

    assert level_row(evaluation, "primary")["composite_cv"] == pytest.approx(6 / 8)
    assert level_row(evaluation, "primary")["cv_pass"] is False
    assert county_row(evaluation)["pass"] is False


def test_basic_2012_indicators_carry_no_limit_of_their_own(basic):
    evaluation = run([school(1)], basic)

    assert "cv_max" not in evaluation.indicators.columns
    assert "cv_pass" not in evaluation.indicators.columns


def test_a_county_with_a_single_junior_school_has_cv_0_and_passes(basic, quality):
    for standard in (basic, quality):
        evaluation = run([school(1, "初级中学", junior=431)], standard)

        assert evaluation.levels["level"].to_list() == ["junior"]
        assert evaluation.indicators["cv"].to_list() == [0.0] * len(standard.indicators)
        assert county_row(evaluation)["pass"] is True


# --- quality-2017 -------------------------------------------------------------------------------


def test_quality_2017_passes_a_county_whose_cvs_and_schools_all_pass(quality):
    evaluation = run([school(1), school(2, primary=300), school(3, "初级中学")], quality)

    assert level_row(evaluation, "primary")["cv_pass"] is True
    assert level_row(evaluation, "junior")["cv_pass"] is True
    county = county_row(evaluation)
    assert county["pass"] is True
    assert county["failing_units"] == 0


def test_quality_2017_a_cv_exactly_at_0_50_or_0_45_passes(quality):
    rows = [
        # rooms 5 and 15 m² per student, 100 students each: mean 10, S 5, CV 0.50
        school(1, primary=100, teaching_room_area=500),
        school(2, primary=100, teaching_room_area=1500),
        # rooms 11 and 29 m² per student: mean 20, S 9, CV 0.45
        school(3, "初级中学", junior=100, teaching_room_area=1100),
        school(4, "初级中学", junior=100, teaching_room_area=2900),
    ]

    evaluation = run(rows, quality)

    primary = indicator(evaluation, "teaching_room_area_per_student")
    junior = indicator(evaluation, "teaching_room_area_per_student", "junior")
    assert (primary["cv"], primary["cv_max"]) == (pytest.approx(0.50), 0.50)
    assert (junior["cv"], junior["cv_max"]) == (pytest.approx(0.45), 0.45)
    assert primary["cv_pass"] is True
    assert junior["cv_pass"] is True
    assert county_row(evaluation)["pass"] is True


def test_quality_2017_fails_a_county_with_one_cv_above_its_limit(quality):
    rows = [
        # 4.9 and 15.1 m² per student: CV 0.51; both schools still pass
        school(1, primary=100, teaching_room_area=490),
        school(2, primary=100, teaching_room_area=1510),
    ]

    evaluation = run(rows, quality)

    rooms = indicator(evaluation, "teaching_room_area_per_student")
    assert rooms["cv"] == pytest.approx(0.51)
    assert rooms["cv_pass"] is False
    others = evaluation.indicators.filter(evaluation.indicators["indicator"] != rooms["indicator"])
    assert others["cv_pass"].all()
    assert level_row(evaluation, "primary")["cv_pass"] is False
    assert evaluation.units["pass"].all()
    assert county_row(evaluation)["pass"] is False


def test_quality_2017_fails_a_county_with_one_failing_school_even_if_every_cv_passes(quality):
    rows = [school(n) for n in range(1, 10)] + [school(10, multimedia_classrooms=19)]

    evaluation = run(rows, quality)

    assert level_row(evaluation, "primary")["cv_pass"] is True
    county = county_row(evaluation)
    assert county["cv_pass"] is True
    assert county["failing_units"] == 1
    assert county["pass"] is False


# --- several counties and years -----------------------------------------------------------------


def test_each_county_and_year_in_one_file_is_evaluated_on_its_own(tmp_path: Path, basic):
    other = "360735"
    rows = [
        # 360734 in 2025: books 5 and 9 per student for 100 and 300 students, CV √3 / 8
        school(1, primary=100, books=500),
        school(2, primary=300, books=2700),
        # 360734 in 2024: the same schools with equal books per student
        school(1, primary=100, books=500, year=2024),
        school(2, primary=300, books=1500, year=2024),
        # 360735 in 2025: one school
        school(1, primary=50, books=9999, county_code=other, county_name="安远县"),
    ]
    path = write_csv(tmp_path / "counties.csv", rows)

    evaluation = evaluate_files([path], basic)

    assert evaluation.counties.select("county_code", "year").rows() == [
        ("360734", 2024),
        ("360734", 2025),
        (other, 2025),
    ]
    books = {
        (r["county_code"], r["year"]): r["cv"]
        for r in evaluation.indicators.filter(
            evaluation.indicators["indicator"] == "books_per_student"
        ).iter_rows(named=True)
    }
    assert books == pytest.approx(
        {("360734", 2024): 0.0, ("360734", 2025): math.sqrt(3) / 8, (other, 2025): 0.0}
    )
    assert county_row(evaluation, other)["county_name"] == "安远县"
    assert county_row(evaluation, "360734", 2024)["students"] == 400
    assert evaluation.units.filter(evaluation.units["county_code"] == other)[
        "unit_code"
    ].to_list() == [code(1, other)]


def test_the_verdicts_do_not_depend_on_the_order_of_the_rows(quality):
    rows = [
        school(1, primary=120, books=900),
        school(2, "九年一贯制学校", primary=166, junior=210, multimedia_classrooms=7),
        school(3, "初级中学", junior=640, teaching_room_area=3000),
        school(4, primary=75, sports_area=400),
        school(5, "完全中学", junior=300, senior=500, equipment_value=99.5),
    ]
    shuffled = [rows[i] for i in (3, 0, 4, 2, 1)]

    first, second = run(rows, quality), run(shuffled, quality)

    assert_frame_equal(first.indicators, second.indicators, check_exact=False, rel_tol=1e-12)
    assert_frame_equal(first.units, second.units, check_exact=False, rel_tol=1e-12)
    assert_frame_equal(first.counties, second.counties)


def test_the_excluded_schools_are_listed_with_the_county(basic):
    evaluation = run([school(1), school(2, ownership="民办")], basic)

    assert evaluation.excluded.select("county_code", "school_code").rows() == [("360734", code(2))]
    assert county_row(evaluation)["units"] == 1
