"""A Parquet file's number columns are checked as numbers, not parsed from text, with the
same problems, messages and rows as the same cells written as text in a CSV file."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from evaluation.factory import KEYS, read_problems, school, write_csv
from junheng.evaluation import read_school_data
from junheng.evaluation.template_files import FILE, ROW


def schools() -> list[dict]:
    return [
        school(1, primary=1000),
        school(2, "初级中学", junior=800, equipment_value=312.5),
        school(3, "九年一贯制学校", primary=166, junior=210, books=23226),
    ]


def typed_parquet(path: Path, rows: list[dict], floats: tuple[str, ...] = ()) -> Path:
    """Text columns as text; numbers Int64, or Float64 where one has a fraction or the column
    is named in `floats`."""
    frame = pl.DataFrame(rows).select(KEYS)
    floats = (*floats, *(k for k in KEYS if frame.schema[k] == pl.Float64))
    frame = frame.with_columns(
        pl.col(k).cast(pl.Float64 if k in floats else pl.Int64)
        for k in KEYS
        if frame.schema[k] != pl.Utf8 or k in floats
    )
    frame.write_parquet(path)
    return path


def messages(problems) -> list[tuple[int | None, str | None, str, str]]:
    return [(p.row, p.column, p.zh, p.en) for p in problems]


def test_a_typed_file_reads_as_its_text_does(tmp_path: Path):
    rows = schools()
    for row in rows:
        row.update({k: None for k, v in row.items() if v == ""})
    typed = read_school_data([typed_parquet(tmp_path / "s.parquet", rows, ("books",))])
    text = read_school_data([write_csv(tmp_path / "s.csv", schools(), english=True)])

    assert typed.drop(FILE).equals(text.drop(FILE), null_equal=True)
    assert typed.schema == text.schema


def test_bad_numbers_in_number_columns_are_named_as_in_text(tmp_path: Path):
    rows = schools()
    for row in rows:
        row.update({k: None for k, v in row.items() if v == ""})
    rows[0]["primary_teachers"] = 40.5  # a count with a fraction
    rows[0]["books"] = float("nan")
    rows[1]["junior_classes"] = -3.0
    rows[2]["sports_area"] = float("inf")
    rows[2]["computers"] = 2e15  # too large
    parquet = typed_parquet(
        tmp_path / "bad.parquet",
        rows,
        ("primary_teachers", "books", "junior_classes", "sports_area", "computers"),
    )
    as_text = [
        {k: ("" if v is None else v) for k, v in row.items()}
        | {
            "primary_teachers": "40.5" if row is rows[0] else row["primary_teachers"],
            "books": "NaN" if row is rows[0] else row["books"],
            "junior_classes": "-3.0" if row is rows[1] else row["junior_classes"],
            "sports_area": "inf" if row is rows[2] else row["sports_area"],
            "computers": "2000000000000000.0" if row is rows[2] else row["computers"],
        }
        for row in rows
    ]
    csv = write_csv(tmp_path / "bad.csv", as_text, english=True)

    typed = messages(read_problems([parquet]))
    text = messages(read_problems([csv]))

    assert typed == text
    assert (2, "primary_teachers", "「40.5」应为整数", '"40.5" must be a whole number') in typed
    assert (2, "books", "「NaN」不是数字", '"NaN" is not a number') in typed
    assert (3, "junior_classes", "不能为负数：-3.0", "is negative: -3.0") in typed
    assert (4, "sports_area", "「inf」不是数字", '"inf" is not a number') in typed


def test_a_totals_row_of_a_typed_file_is_dropped(tmp_path: Path):
    rows = schools()
    for row in rows:
        row.update({k: None for k, v in row.items() if v == ""})
    total = {k: None for k in KEYS} | {"school_name": " 合 计 ", "books": 2300}
    note = {k: None for k in KEYS} | {"county_name": "填表人：张三"}
    path = typed_parquet(tmp_path / "totals.parquet", [*rows, total, note])

    data = read_school_data([path])

    assert data[ROW].to_list() == [2, 3, 4]
