"""Inequality measures: the weighted CV of docs/standards.md §1 and the analysis measures.

Expected numbers are the published worked example or computed by hand / by `reference`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation import reference
from evaluation.factory import EXAMPLE_BOOKS, EXAMPLE_STUDENTS, indicator, run, school
from junheng.evaluation.inequality import inequality, top_contributors


def long_frame(
    weights: Sequence[float],
    values: Sequence[float],
    townships: Sequence[str] | None = None,
    *,
    indicator: str = "books_per_student",
    county_code: str = "360734",
    year: int = 2025,
    level: str = "primary",
) -> pl.DataFrame:
    """The long frame `inequality` takes: one row per unit of one county, year, level."""
    n = len(weights)
    return pl.DataFrame(
        {
            "county_code": [county_code] * n,
            "year": [year] * n,
            "level": [level] * n,
            "township": list(townships or ["镇"] * n),
            "unit_code": [f"u{i}" for i in range(n)],
            "school_name": [f"校{i}" for i in range(n)],
            "weight": [float(w) for w in weights],
            "indicator": [indicator] * n,
            "x": [float(x) for x in values],
        }
    )


def measures_of(weights, values, townships=None) -> dict:
    measures, _ = inequality(long_frame(weights, values, townships))
    assert measures.height == 1
    return measures.row(0, named=True)


# --- the weighted CV ---------------------------------------------------------------------


def test_the_published_example_gives_mean_6_334_s_3_264_and_cv_0_515():
    values = [b / p for b, p in zip(EXAMPLE_BOOKS, EXAMPLE_STUDENTS, strict=True)]

    result = measures_of(EXAMPLE_STUDENTS, values)

    assert round(result["mean"], 3) == 6.334
    assert round(result["sd"], 3) == 3.264
    assert round(result["cv"], 3) == 0.515
    assert result["cv"] == pytest.approx(
        reference.weighted_cv(EXAMPLE_STUDENTS, EXAMPLE_BOOKS), rel=1e-12
    )


def test_the_published_example_unweighted_cv_is_0_489_and_is_not_the_official_cv():
    values = [b / p for b, p in zip(EXAMPLE_BOOKS, EXAMPLE_STUDENTS, strict=True)]

    result = measures_of(EXAMPLE_STUDENTS, values)

    assert round(result["unweighted_cv"], 3) == 0.489
    assert result["unweighted_cv"] == pytest.approx(reference.unweighted_cv(values), rel=1e-12)
    assert round(result["cv"], 3) != round(result["unweighted_cv"], 3)


def test_the_published_example_through_the_whole_pipeline_gives_cv_0_515(basic):
    rows = [
        school(i + 1, primary=p, books=b)
        for i, (p, b) in enumerate(zip(EXAMPLE_STUDENTS, EXAMPLE_BOOKS, strict=True))
    ]

    books = indicator(run(rows, basic), "books_per_student")

    assert books["units"] == 5
    assert books["students"] == 302
    assert books["mean"] == pytest.approx(1913 / 302, rel=1e-12)
    assert round(books["cv"], 3) == 0.515


def test_a_two_school_cv_by_hand():
    # 100 students with 5 m² each and 300 with 9 m²: mean = (500 + 2700) / 400 = 8,
    # S² = 0.25·9 + 0.75·1 = 3, CV = √3 / 8
    result = measures_of([100, 300], [5, 9])

    assert result["mean"] == pytest.approx(8.0)
    assert result["sd"] == pytest.approx(math.sqrt(3))
    assert result["cv"] == pytest.approx(math.sqrt(3) / 8)


def test_a_single_school_has_cv_0():
    result = measures_of([380], [6.5])

    assert result["cv"] == 0
    assert result["units"] == 1
    assert result["gini"] == 0
    assert result["theil"] == pytest.approx(0)
    assert result["max_min_ratio"] == 1


def test_a_level_whose_resource_is_zero_everywhere_has_cv_0_not_nan():
    result = measures_of([100, 200], [0, 0])

    assert result["mean"] == 0
    assert result["cv"] == 0
    assert result["gini"] == 0
    assert result["max_min_ratio"] is None


def test_each_county_year_level_and_indicator_is_measured_on_its_own():
    frame = pl.concat(
        [
            long_frame([100, 300], [5, 9]),
            long_frame([100, 100], [1, 3], year=2024),
            long_frame([50, 50], [2, 2], county_code="360735"),
            long_frame([100, 300], [5, 5], level="junior"),
            long_frame([100, 300], [1, 3], indicator="sports_area_per_student"),
        ]
    )

    measures, _ = inequality(frame)

    cv = {
        (r["county_code"], r["year"], r["level"], r["indicator"]): r["cv"]
        for r in measures.iter_rows(named=True)
    }
    assert cv == pytest.approx(
        {
            ("360734", 2025, "primary", "books_per_student"): math.sqrt(3) / 8,
            ("360734", 2024, "primary", "books_per_student"): 0.5,
            ("360735", 2025, "primary", "books_per_student"): 0.0,
            ("360734", 2025, "junior", "books_per_student"): 0.0,
            ("360734", 2025, "primary", "sports_area_per_student"): reference.weighted_cv(
                [100, 300], [100, 900]
            ),
        }
    )


# --- the analysis measures ---------------------------------------------------------------


def test_gini_of_two_equal_schools_with_1_and_3_is_a_quarter():
    # Σ w_i w_j |x_i − x_j| = 2·(1·1·2) = 4; 2 W² μ = 2·4·2 = 16
    assert measures_of([1, 1], [1, 3])["gini"] == pytest.approx(0.25)


def test_gini_weights_schools_by_students():
    weights, values = [10, 30, 60], [2, 5, 1]

    result = measures_of(weights, values)

    assert result["gini"] == pytest.approx(reference.gini(weights, values), rel=1e-12)


def test_gini_ignores_ties_order():
    weights, values = [10, 20, 30, 40], [3, 1, 3, 1]

    assert measures_of(weights, values)["gini"] == pytest.approx(
        reference.gini(weights, values), rel=1e-12
    )


def test_theil_of_two_equal_schools_with_1_and_3_by_hand():
    # μ = 2: ½·½·ln ½ + ½·(3/2)·ln(3/2)
    expected = 0.25 * math.log(0.5) + 0.75 * math.log(1.5)

    assert measures_of([1, 1], [1, 3])["theil"] == pytest.approx(expected, rel=1e-12)


def test_theil_is_between_plus_within_townships():
    weights = [120, 80, 300, 45, 210]
    values = [4.0, 6.5, 5.2, 9.8, 3.1]
    townships = ["东乡", "东乡", "西乡", "西乡", "城关镇"]

    result = measures_of(weights, values, townships)

    assert result["theil"] == pytest.approx(reference.theil(weights, values), rel=1e-12)
    assert result["theil_between"] == pytest.approx(
        reference.theil_between(weights, values, townships), rel=1e-9
    )
    assert result["theil"] == pytest.approx(
        result["theil_between"] + result["theil_within"], rel=1e-12
    )
    assert result["theil_within"] > 0
    assert result["theil_between"] > 0


def test_theil_within_is_all_of_theil_when_every_township_has_the_same_mean():
    result = measures_of([1, 1, 1, 1], [1, 3, 1, 3], ["甲", "甲", "乙", "乙"])

    assert result["theil_between"] == pytest.approx(0, abs=1e-15)
    assert result["theil_within"] == pytest.approx(result["theil"])


def test_mcloone_of_1_to_5_is_a_half():
    # weighted median 3; below it 1 and 2: (1 + 2) / (3 · 2) = 0.5
    assert measures_of([1] * 5, [1, 2, 3, 4, 5])["mcloone"] == pytest.approx(0.5)


def test_mcloone_weights_the_schools_below_the_median_by_students():
    # cumulative weights 100, 200, 1200 of 1200: the median is the value reached at 600, i.e. 8;
    # below it 2 (100 students) and 4 (100): (200 + 400) / (8 · 200) = 0.375
    result = measures_of([100, 100, 1000], [2, 4, 8])

    assert result["median"] == 8
    assert result["mcloone"] == pytest.approx(0.375)


def test_mcloone_is_1_when_no_school_is_below_the_median():
    assert measures_of([10, 10], [4, 4])["mcloone"] == 1


def test_max_min_ratio_and_range():
    result = measures_of([10, 20, 30], [2.5, 10, 5])

    assert result["min"] == 2.5
    assert result["max"] == 10
    assert result["max_min_ratio"] == pytest.approx(4)


def test_variance_shares_sum_to_1_and_name_the_school_furthest_from_the_mean_first():
    frame = long_frame([100, 100, 100, 100], [5, 5.5, 6, 20])

    _, contributions = inequality(frame)
    top = top_contributors(contributions, n=2)

    assert contributions["variance_share"].sum() == pytest.approx(1)
    assert top["unit_code"].to_list() == ["u3", "u0"]


# --- properties --------------------------------------------------------------------------

students_st = st.integers(min_value=1, max_value=5000)
resource_st = st.floats(min_value=0.5, max_value=1e5, allow_nan=False, allow_infinity=False)
schools_st = st.lists(st.tuples(students_st, resource_st), min_size=1, max_size=12)


def cv_of(schools: Sequence[tuple[int, float]]) -> dict:
    students = [p for p, _ in schools]
    values = [r / p for p, r in schools]
    return measures_of(students, values)


@settings(max_examples=30, deadline=None)
@given(schools=schools_st, factor=st.floats(min_value=1e-3, max_value=1e3))
def test_cv_does_not_change_when_every_resource_is_multiplied_by_the_same_factor(schools, factor):
    scaled = [(p, r * factor) for p, r in schools]

    assert cv_of(scaled)["cv"] == pytest.approx(cv_of(schools)["cv"], rel=1e-9, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(
    students=st.lists(students_st, min_size=1, max_size=12),
    value=st.floats(min_value=0.01, max_value=1e4),
)
def test_cv_is_0_when_every_school_has_the_same_value(students, value):
    result = measures_of(students, [value] * len(students))

    assert result["cv"] == pytest.approx(0, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(schools=schools_st)
def test_the_weighted_mean_is_total_resource_over_total_students(schools):
    total_resource = sum(r for _, r in schools)
    total_students = sum(p for p, _ in schools)

    assert cv_of(schools)["mean"] == pytest.approx(total_resource / total_students, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(schools=schools_st, data=st.data())
def test_cv_does_not_depend_on_the_order_of_the_rows(schools, data):
    shuffled = data.draw(st.permutations(schools))

    assert cv_of(shuffled)["cv"] == pytest.approx(cv_of(schools)["cv"], rel=1e-9, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(schools=schools_st)
def test_cv_matches_the_formula_of_the_standard(schools):
    students = [p for p, _ in schools]
    resources = [r for _, r in schools]

    assert cv_of(schools)["cv"] == pytest.approx(
        reference.weighted_cv(students, resources), rel=1e-9, abs=1e-12
    )


@settings(max_examples=30, deadline=None)
@given(
    schools=st.lists(
        st.tuples(students_st, st.floats(min_value=0, max_value=1e4)), min_size=1, max_size=12
    )
)
def test_gini_is_at_least_0_and_below_1(schools):
    result = measures_of([p for p, _ in schools], [x for _, x in schools])

    assert 0 <= result["gini"] < 1
