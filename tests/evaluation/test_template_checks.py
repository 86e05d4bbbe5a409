"""Checking the values: every bad cell is named by file, spreadsheet row and header as written,
all of them at once, and a mistake is reported once (not again by the rules that use the cell)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.factory import (
    code,
    places,
    read_problems,
    school,
    teaching_point,
    write_csv,
    write_xlsx,
)
from junheng.evaluation import read_school_data

TITLE = (["学校基本情况表"], ["单位：平方米、万元"])


def test_it_rejects_negative_counts_and_amounts(tmp_path: Path):
    path = write_csv(
        tmp_path / "neg.csv",
        [school(1, books=-5), school(2), school(3, primary_students=-1, sports_area=-2.5)],
    )

    problems = read_problems([path])

    assert places(problems) == [
        (str(path), 2, "图书册数"),
        (str(path), 4, "体育运动场馆面积"),
        (str(path), 4, "小学在校生数"),
    ]
    assert [p.en for p in problems] == ["is negative: -5", "is negative: -2.5", "is negative: -1"]
    assert problems[0].zh == "不能为负数：-5"


def test_it_rejects_text_in_a_number_column(tmp_path: Path):
    path = write_xlsx(
        tmp_path / "text.xlsx",
        [school(1, primary_students="四十"), school(2), school(3, equipment_value="约300")],
        before=TITLE,
        headers={"equipment_value": "教学仪器设备值\n(万元)"},
    )

    problems = read_problems([path])

    assert places(problems) == [
        (str(path), 4, "小学在校生数"),
        (str(path), 6, "教学仪器设备值\n(万元)"),
    ]
    assert problems[0].zh == "「四十」不是数字"
    assert problems[0].en == '"四十" is not a number'
    assert problems[1].en == '"约300" is not a number'


def test_it_rejects_a_count_that_is_not_a_whole_number(tmp_path: Path):
    path = write_xlsx(
        tmp_path / "frac.xlsx",
        [school(1, books=12.5), school(2, primary_teachers="60.5"), school(3, sports_area=12.5)],
    )

    problems = read_problems([path])

    assert places(problems) == [(str(path), 2, "图书册数"), (str(path), 3, "小学专任教师数")]
    assert [p.en for p in problems] == [
        '"12.5" must be a whole number',
        '"60.5" must be a whole number',
    ]


def test_it_rejects_a_number_too_large_to_be_a_count(tmp_path: Path):
    path = write_csv(tmp_path / "big.csv", [school(1, books="1e30"), school(2, year="1e12")])

    problems = read_problems([path])

    assert places(problems) == [(str(path), 2, "图书册数"), (str(path), 3, "年度")]
    assert problems[0].en == '"1e30" is too large'
    assert "is not a valid year" in problems[1].en


@pytest.mark.parametrize("year", ["2025.5", "1900", "二〇二五"])
def test_it_rejects_a_year_that_is_not_a_plausible_whole_year(tmp_path: Path, year):
    path = write_csv(tmp_path / "year.csv", [school(1, year=year), school(2)])

    assert places(read_problems([path])) == [(str(path), 2, "年度")]


def test_it_rejects_empty_required_cells(tmp_path: Path):
    path = write_csv(
        tmp_path / "empty.csv",
        [school(1, school_name="", township=""), school(2), school(3, books="", year="")],
    )

    problems = read_problems([path])

    assert places(problems) == [
        (str(path), 2, "乡镇"),
        (str(path), 2, "学校名称"),
        (str(path), 4, "图书册数"),
        (str(path), 4, "年度"),
    ]
    assert all(p.en == "must not be empty" and p.zh == "不能为空" for p in problems)


def test_it_rejects_empty_cells_of_a_level_the_school_teaches(tmp_path: Path):
    path = write_csv(
        tmp_path / "level.csv",
        [
            school(1, primary_teachers="", primary_classes=""),
            school(2, "九年一贯制学校", junior_students=""),
        ],
    )

    problems = read_problems([path])

    # the empty teachers are not compared with the qualified teachers a second time
    assert places(problems) == [
        (str(path), 2, "小学专任教师数"),
        (str(path), 2, "小学班数"),
        (str(path), 3, "初中在校生数"),
    ]
    assert all(p.en == "must not be empty for a school of this type" for p in problems)


def test_it_rejects_a_bad_school_type_location_ownership_and_affiliation(tmp_path: Path):
    path = write_csv(
        tmp_path / "choice.csv",
        [
            {**school(1), "school_type": "小学校"},
            school(2, location="农村", ownership="私立", affiliation="市属"),
        ],
    )

    problems = read_problems([path])

    # a school of unknown type is not also told its primary columns should be empty
    assert places(problems) == [
        (str(path), 2, "学校类型"),
        (str(path), 3, "办学性质"),
        (str(path), 3, "城乡分类"),
        (str(path), 3, "隶属关系"),
    ]
    assert problems[0].en == (
        '"小学校" is not valid; expected one of: 小学, 初级中学, 九年一贯制学校, 完全中学, '
        "十二年一贯制学校, 小学教学点"
    )
    assert problems[2].zh == "「农村」不是有效值，应为：城区、镇区、乡村"


def test_it_rejects_codes_with_the_wrong_number_of_digits(tmp_path: Path):
    path = write_csv(
        tmp_path / "codes.csv",
        [
            school(1, school_code="36073400011"),
            school(2, county_code="36073"),
            teaching_point(3, 1, 60, parent_school_code="360734000A"),
        ],
    )

    problems = read_problems([path])

    assert places(problems) == [
        (str(path), 2, "学校标识码"),
        (str(path), 3, "县代码"),
        (str(path), 3, "学校标识码"),
        (str(path), 4, "所属学校标识码"),
    ]
    assert problems[0].en == '"36073400011" is not a code of 10 digits'
    assert problems[1].zh == "「36073」不是 6 位数字代码"


def test_it_rejects_level_data_for_a_level_the_school_type_does_not_teach(tmp_path: Path):
    path = write_csv(
        tmp_path / "levels.csv",
        [
            school(1, junior_students=30, junior_classes=31),
            school(2, "初级中学", primary_teachers=3, senior_students=10),
            school(3, "完全中学", primary_students=0),  # 0 is as good as empty
        ],
    )

    problems = read_problems([path])

    assert places(problems) == [
        (str(path), 2, "初中在校生数"),
        (str(path), 2, "初中班数"),
        (str(path), 3, "小学专任教师数"),
        (str(path), 3, "高中在校生数"),
    ]
    assert all("must be empty or 0 for a school of this type" in p.en for p in problems)


def test_it_rejects_more_qualified_backbone_pe_art_or_senior_title_teachers_than_teachers(
    tmp_path: Path,
):
    path = write_csv(
        tmp_path / "teachers.csv",
        [
            school(1, primary_qualified_teachers=61),  # of 60 teachers
            school(2, primary_backbone_teachers=70, primary_pe_art_teachers=60),  # equal is fine
            school(3, "九年一贯制学校", junior_pe_art_teachers=81),  # of 80 junior teachers
            school(4, "初级中学", junior_senior_title_teachers=90, junior_qualified_teachers=80),
        ],
    )

    problems = read_problems([path])

    assert places(problems) == [
        (str(path), 2, "小学高于规定学历教师数"),
        (str(path), 3, "小学县级及以上骨干教师数"),
        (str(path), 4, "初中体育艺术专任教师数"),
        (str(path), 5, "初中中级及以上职称教师数"),
    ]
    assert problems[0].zh == "（61）多于「小学专任教师数」"
    assert problems[0].en == '(61) exceeds "小学专任教师数"'
    assert problems[2].en == '(81) exceeds "初中专任教师数"'


def test_it_rejects_a_level_with_students_but_no_classes_or_more_classes_than_students(
    tmp_path: Path,
):
    path = write_csv(
        tmp_path / "classes.csv",
        [school(1, primary_classes=0), school(2, primary=10, primary_classes=11)],
    )

    problems = read_problems([path])

    assert places(problems) == [(str(path), 2, "小学班数"), (str(path), 3, "小学班数")]
    assert problems[0].en == "is 0 although the level has students"
    assert problems[1].en == "more classes (11) than students"


def test_it_rejects_a_school_without_primary_or_junior_students(tmp_path: Path):
    path = write_csv(
        tmp_path / "none.csv",
        [
            school(1, primary=0, primary_classes=0),
            school(2, "初级中学", junior=0, junior_classes=0),
        ],
    )

    problems = read_problems([path])

    # each named by the students column of its own level
    assert places(problems) == [(str(path), 2, "小学在校生数"), (str(path), 3, "初中在校生数")]
    assert all("no primary or junior students" in p.en for p in problems)


def test_a_bad_cell_is_reported_once_not_again_by_the_rules_that_use_it(tmp_path: Path):
    path = write_csv(
        tmp_path / "once.csv",
        [school(1, primary_students="四十"), school(2, primary_teachers=-60)],
    )

    problems = read_problems([path])

    assert places(problems) == [(str(path), 2, "小学在校生数"), (str(path), 3, "小学专任教师数")]


# --- rules between rows ----------------------------------------------------------------------


def test_it_rejects_a_duplicated_school_code(tmp_path: Path):
    path = write_xlsx(
        tmp_path / "dup.xlsx", [school(1), school(2), school(1), school(1)], before=TITLE
    )

    problems = read_problems([path])

    assert places(problems) == [(str(path), 6, "学校标识码"), (str(path), 7, "学校标识码")]
    assert problems[0].zh == "学校标识码 3607340001 在同一县同一年度重复（已见于第 4 行）"
    assert problems[0].en == (
        "school code 3607340001 is duplicated in the county and year (also row 4)"
    )


def test_it_rejects_a_school_code_duplicated_across_two_files(tmp_path: Path):
    first = write_csv(tmp_path / "a.csv", [school(1), school(2)])
    second = write_csv(tmp_path / "b.csv", [school(3), school(1), school(2)])

    problems = read_problems([first, second])

    assert places(problems) == [(str(second), 3, "学校标识码"), (str(second), 4, "学校标识码")]
    assert f"also {first} row 2" in problems[0].en
    assert f"已见于{first} 第 2 行" in problems[0].zh


def test_the_same_school_code_in_another_year_or_county_is_not_a_duplicate(tmp_path: Path):
    path = write_csv(
        tmp_path / "years.csv",
        [school(1), school(1, year=2024), school(1, county_code="360735", school_code=code(1))],
    )

    assert read_school_data([path]).height == 3


def test_it_rejects_a_teaching_point_whose_parent_does_not_exist(tmp_path: Path):
    path = write_csv(
        tmp_path / "points.csv",
        [
            school(1),
            teaching_point(2, 9, 30),
            teaching_point(3, 1, 30, parent_school_code=""),
            teaching_point(4, 1, 30, year=2024),  # school 1 is in 2025 only
            teaching_point(5, 1, 30),
        ],
    )

    problems = read_problems([path])

    assert places(problems) == [
        (str(path), 3, "所属学校标识码"),
        (str(path), 4, "所属学校标识码"),
        (str(path), 5, "所属学校标识码"),
    ]
    assert problems[0].en == (
        "the parent school 3607340009 does not exist in the same county and year"
    )
    assert problems[1].zh == "小学教学点必须填写所属学校标识码"


def test_it_rejects_a_teaching_point_under_a_school_without_primary(tmp_path: Path):
    path = write_csv(
        tmp_path / "points.csv",
        [school(1, "初级中学"), teaching_point(2, 1, 30), teaching_point(3, 2, 30)],
    )

    problems = read_problems([path])

    assert places(problems) == [(str(path), 3, "所属学校标识码"), (str(path), 4, "所属学校标识码")]
    assert "is a 初级中学" in problems[0].en
    assert "is a 小学教学点" in problems[1].en


def test_a_teaching_point_is_not_blamed_for_its_parents_wrong_type(tmp_path: Path):
    path = write_csv(
        tmp_path / "points.csv",
        [{**school(1), "school_type": "中心小学"}, teaching_point(2, 1, 30)],
    )

    assert places(read_problems([path])) == [(str(path), 2, "学校类型")]


def test_it_rejects_two_names_for_one_county(tmp_path: Path):
    path = write_csv(tmp_path / "names.csv", [school(1), school(2, county_name="寻邬县")])

    problems = read_problems([path])

    assert places(problems) == [(str(path), 3, "县名称")]


def test_it_lists_every_problem_of_every_kind_at_once(tmp_path: Path):
    path = write_csv(
        tmp_path / "all.csv",
        [
            school(1, books=-1),
            school(1),  # duplicate
            teaching_point(3, 8, 20),  # no such parent
            school(4, primary_qualified_teachers=70),
            school(5, location="山区"),
        ],
    )

    assert places(read_problems([path])) == [
        (str(path), 2, "图书册数"),
        (str(path), 3, "学校标识码"),
        (str(path), 4, "所属学校标识码"),
        (str(path), 5, "小学高于规定学历教师数"),
        (str(path), 6, "城乡分类"),
    ]
