"""The optional class-size band columns (docs/school-data-template.md "Additions"): read from
every file kind, empty or absent as "not reported" (never 0), and checked against the level's
classes and students."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.factory import KEYS, places, read_problems, school, write_parquet, write_xlsx
from evaluation.factory import write_csv as write_plain_csv
from junheng.evaluation import read_school_data
from junheng.evaluation.template import HEADERS as TEMPLATE_HEADERS

BANDS = (
    "primary_classes_over_limit",
    "junior_classes_over_limit",
    "primary_large_classes",
    "junior_large_classes",
    "primary_very_large_classes",
    "junior_very_large_classes",
)
WITH_BANDS = (*KEYS, *BANDS)


def write_csv(path: Path, rows: list[dict[str, object]], **options: object) -> Path:
    return write_plain_csv(path, rows, headers=TEMPLATE_HEADERS, **options)


def nine_year(number: int = 1, **overrides: object) -> dict[str, object]:
    # 1,000 primary students in 22 classes (45.5 on average), 1,000 junior in 20 (50.0)
    return school(number, "九年一贯制学校", **overrides)


def test_the_band_headers_name_the_limits_of_each_level():
    assert [TEMPLATE_HEADERS[k] for k in BANDS] == [
        "小学超过45人班数",
        "初中超过50人班数",
        "小学大班额班数",
        "初中大班额班数",
        "小学超大班额班数",
        "初中超大班额班数",
    ]


def test_a_file_without_the_band_columns_reads_them_as_not_reported(tmp_path: Path):
    data = read_school_data([write_plain_csv(tmp_path / "plain.csv", [nine_year()])])

    assert data.row(0, named=True)["primary_large_classes"] is None
    assert all(data[key].null_count() == 1 for key in BANDS)


@pytest.mark.parametrize("writer", [write_plain_csv, write_xlsx, write_parquet])
def test_every_file_kind_reads_the_bands_and_keeps_an_empty_one_unknown(tmp_path: Path, writer):
    rows = [
        nine_year(
            1,
            primary_classes_over_limit=3,
            primary_large_classes=2,
            primary_very_large_classes=1,
            junior_classes_over_limit=0,
            junior_large_classes=0,
        ),
        school(2, primary_classes=25, primary_classes_over_limit=0),
    ]
    suffix = {"write_csv": ".csv", "write_xlsx": ".xlsx", "write_parquet": ".parquet"}
    options = {} if writer is write_parquet else {"headers": TEMPLATE_HEADERS}
    path = writer(tmp_path / f"bands{suffix[writer.__name__]}", rows, columns=WITH_BANDS, **options)

    data = read_school_data([path]).sort("school_code")

    first, second = data.to_dicts()
    assert [first[k] for k in BANDS] == [3, 0, 2, 0, 1, None]
    assert second["primary_classes_over_limit"] == 0
    assert second["primary_large_classes"] is None
    assert second["junior_very_large_classes"] is None


def test_a_band_cannot_hold_more_classes_than_the_level(tmp_path: Path):
    path = write_csv(
        tmp_path / "many.csv",
        [nine_year(primary_classes_over_limit=23, primary_large_classes=23)],
        columns=WITH_BANDS,
    )

    problems = read_problems([path])

    by_place = {place: problem for place, problem in zip(places(problems), problems, strict=True)}
    over = by_place[(str(path), 2, "小学超过45人班数")]
    assert over.zh == "（23）多于「小学班数」"
    assert over.en == '(23) exceeds "小学班数"'
    assert by_place[(str(path), 2, "小学大班额班数")].zh == "（23）多于「小学班数」"


def test_the_classes_above_the_limit_include_the_large_and_very_large_ones(tmp_path: Path):
    path = write_csv(
        tmp_path / "sum.csv",
        [
            nine_year(
                primary_classes_over_limit=2, primary_large_classes=2, primary_very_large_classes=1
            )
        ],
        columns=WITH_BANDS,
    )

    problems = read_problems([path])

    assert places(problems) == [(str(path), 2, "小学超过45人班数")]
    assert problems[0].zh == "（2）少于大班额与超大班额班数之和"


def test_the_classes_counted_must_hold_the_students_their_bands_need(tmp_path: Path):
    # 20 classes of 66 or more need 1,320 students; the school has 1,000 junior students
    path = write_csv(
        tmp_path / "few.csv",
        [nine_year(junior_classes_over_limit=20, junior_very_large_classes=20)],
        columns=WITH_BANDS,
    )

    problems = read_problems([path])

    assert places(problems) == [(str(path), 2, "初中在校生数")]
    assert problems[0].zh.startswith("（1000）少于所填班额分段的班级至少应有的学生数")


def test_an_average_above_the_limit_means_some_class_is_above_it(tmp_path: Path):
    # 1,000 primary students in 22 classes: 45.5 on average, so some class has 46 or more;
    # 1,400 junior students in 20 classes: 70 on average, so some class has 66 or more
    path = write_csv(
        tmp_path / "average.csv",
        [
            nine_year(
                junior=1400,
                junior_classes=20,
                primary_classes_over_limit=0,
                junior_classes_over_limit=20,
                junior_very_large_classes=0,
            )
        ],
        columns=WITH_BANDS,
    )

    problems = read_problems([path])

    texts = {
        place[2]: problem.zh for place, problem in zip(places(problems), problems, strict=True)
    }
    assert texts == {
        "小学超过45人班数": "平均班额超过 45 人，至少有一个班超过 45 人，不能为 0",
        "初中超大班额班数": "平均班额超过 65 人，至少有一个班 66 人及以上，不能为 0",
    }


def test_a_level_the_school_does_not_teach_has_no_bands(tmp_path: Path):
    path = write_csv(
        tmp_path / "level.csv", [school(1, junior_large_classes=1)], columns=WITH_BANDS
    )

    problems = read_problems([path])

    assert places(problems) == [(str(path), 2, "初中大班额班数")]
    assert problems[0].zh == "该学校类型没有此学段，应为空或 0（请核对学校类型）"
