"""The figures the system measures itself: class sizes, 大班额, school sizes, resource
verdicts and CVs, from template rows and the evaluation core."""

from __future__ import annotations

import pytest

from evaluation.factory import run, school
from junheng.checklist_core.figures import FIGURES, compute_figures, school_data_figures


def row(name: str, school_type: str = "小学", **counts) -> dict:
    return {"school_name": name, "school_type": school_type, **counts}


def test_the_largest_average_class_of_each_level_is_found_with_its_school():
    figures = school_data_figures(
        [
            row("一小", primary_students=440, primary_classes=10),
            row("二小", primary_students=470, primary_classes=10),
            row("一中", "初级中学", junior_students=480, junior_classes=10),
        ]
    )
    assert figures["class_size_max.primary"].value == 47
    assert "二小" in figures["class_size_max.primary"].detail
    assert figures["class_size_max.junior"].value == 48


@pytest.mark.parametrize(
    ("students", "large", "very_large"),
    [
        (550, 0, 0),
        (555, 10, 0),
        (580, 10, 0),
        (650, 10, 0),
        (654, 10, 0),
        (655, 0, 10),
        (700, 0, 10),
    ],
)
def test_classes_are_counted_in_the_56_65_and_66_plus_bands_by_rounded_average(
    students, large, very_large
):
    figures = school_data_figures([row("一小", primary_students=students, primary_classes=10)])
    assert figures["large_classes"].value == large
    assert figures["very_large_classes"].value == very_large


def test_large_classes_of_both_levels_of_a_nine_year_school_add_up():
    figures = school_data_figures(
        [
            row(
                "九年一贯制",
                "九年一贯制学校",
                primary_students=600,
                primary_classes=10,
                junior_students=360,
                junior_classes=6,
            )
        ]
    )
    assert figures["large_classes"].value == 16
    assert "九年一贯制小学" in figures["large_classes"].detail


def test_no_large_classes_by_the_averages_is_an_estimate_to_verify():
    figures = school_data_figures([row("一小", primary_students=400, primary_classes=10)])
    large = figures["large_classes"]
    assert large.value == 0 and large.unverified == "需核实（仅有平均班额）"
    assert large.detail == "未填报班额分段：一小小学；按校均班额：无"


def test_no_large_classes_reported_by_every_school_says_none():
    figures = school_data_figures(
        [row("一小", primary_students=400, primary_classes=10, primary_large_classes=0)]
    )
    large = figures["large_classes"]
    assert large.value == 0 and not large.unverified and large.detail == "各校填报：无"


def test_school_sizes_are_whole_school_totals_split_by_nine_year_or_not():
    figures = school_data_figures(
        [
            row("一小", primary_students=2100),
            row("完中", "完全中学", junior_students=1200, senior_students=900),
            row("九年", "九年一贯制学校", primary_students=1500, junior_students=900),
        ]
    )
    assert figures["school_size_max"].value == 2100
    assert figures["school_size_max.through"].value == 2400


def test_school_size_counts_compulsory_students_only():
    figures = school_data_figures(
        [
            row("一小", primary_students=1800),
            row("完中", "完全中学", junior_students=1900, senior_students=1500),
            row(
                "十二年",
                "十二年一贯制学校",
                primary_students=1200,
                junior_students=1000,
                senior_students=900,
            ),
        ]
    )
    assert figures["school_size_max"].value == 1900  # not 3,400 with the senior students
    assert figures["school_size_max.through"].value == 2200  # not 3,100
    assert figures["school_size_max.through"].detail == "十二年：2200 人"


def test_a_figure_about_nothing_the_county_has_does_not_apply():
    figures = school_data_figures([row("一小", primary_students=400, primary_classes=10)])
    assert figures["school_size_max.through"].value is None
    assert figures["class_size_max.junior"].value is None
    assert "无" in figures["school_size_max.through"].detail


def test_no_rows_give_no_figures():
    assert school_data_figures([]) == {}


def test_resource_verdicts_and_cvs_come_from_the_evaluation():
    rows = [school(1), school(2), school(3, "初级中学")]
    figures = compute_figures(
        rows, quality=run(rows, "quality-2017"), basic=run(rows, "basic-2012")
    )
    assert figures["quality.failing_units"].value == 0
    assert figures["quality.cv_max.primary"].value == pytest.approx(0)
    assert figures["basic.composite_cv.primary"].value == pytest.approx(0)
    assert "quality.cv.sports_area_per_student.primary" in figures


def test_a_school_below_the_resource_rule_is_counted_and_named():
    rows = [
        school(1),
        school(2, qualified_teachers=0, primary_qualified_teachers=0, primary_backbone_teachers=0),
    ]
    figures = compute_figures(rows, quality=run(rows, "quality-2017"))
    assert figures["quality.failing_units"].value == 1
    assert "第2学校" in figures["quality.failing_units"].detail
    assert figures["quality.cv_max.primary"].value > 0.5


def test_every_figure_is_documented_with_name_and_method():
    for figure in FIGURES.values():
        assert figure.name and figure.method
