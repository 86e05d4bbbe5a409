"""Build school-data template files for tests: a row dict with sensible defaults, and writers.

The headers are written out here from docs/school-data-template.md, not taken from the
code under test, so a test that passes also proves the reader knows the template's headers.

A default school meets every quality-2017 threshold, with resources in proportion to its students
(teachers rounded to whole people, so schools of 1,000 students per level are exactly alike and
give CVs of 0): a test changes the one thing it is about.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl

from junheng.evaluation import (
    DataError,
    Evaluation,
    InputProblem,
    SourceFile,
    evaluate,
    load_standard,
    read_school_data,
)
from junheng.evaluation.standard import Standard

# English key -> 中文表头, in the template's order (school-data-template.md).
HEADERS: dict[str, str] = {
    "year": "年度",
    "county_code": "县代码",
    "county_name": "县名称",
    "township": "乡镇",
    "school_code": "学校标识码",
    "school_name": "学校名称",
    "school_type": "学校类型",
    "parent_school_code": "所属学校标识码",
    "location": "城乡分类",
    "ownership": "办学性质",
    "affiliation": "隶属关系",
    "primary_students": "小学在校生数",
    "junior_students": "初中在校生数",
    "senior_students": "高中在校生数",
    "primary_classes": "小学班数",
    "junior_classes": "初中班数",
    "primary_teachers": "小学专任教师数",
    "junior_teachers": "初中专任教师数",
    "primary_qualified_teachers": "小学高于规定学历教师数",
    "junior_qualified_teachers": "初中高于规定学历教师数",
    "primary_senior_title_teachers": "小学中级及以上职称教师数",
    "junior_senior_title_teachers": "初中中级及以上职称教师数",
    "primary_backbone_teachers": "小学县级及以上骨干教师数",
    "junior_backbone_teachers": "初中县级及以上骨干教师数",
    "primary_pe_art_teachers": "小学体育艺术专任教师数",
    "junior_pe_art_teachers": "初中体育艺术专任教师数",
    "teaching_room_area": "教学及辅助用房面积",
    "sports_area": "体育运动场馆面积",
    "equipment_value": "教学仪器设备值",
    "computers": "教学用计算机台数",
    "books": "图书册数",
    "multimedia_classrooms": "网络多媒体教室数",
}
KEYS = tuple(HEADERS)

# docs/standards.md §2: 资源配置 (1)–(7), 小学 / 初中 thresholds.
QUALITY_THRESHOLDS = {
    "qualified_teachers_per_100_students": (4.2, 5.3),
    "backbone_teachers_per_100_students": (1, 1),
    "pe_art_teachers_per_100_students": (0.9, 0.9),
    "teaching_room_area_per_student": (4.5, 5.8),
    "sports_area_per_student": (7.5, 10.2),
    "equipment_value_per_student": (2000, 2500),
    "multimedia_classrooms_per_100_students": (2.3, 2.4),
}
# docs/standards.md §1: the 8 indicators of basic balance, keys of evaluate-json.md.
BASIC_INDICATORS = (
    "teaching_room_area_per_student",
    "sports_area_per_student",
    "equipment_value_per_student",
    "computers_per_100_students",
    "books_per_student",
    "teachers_per_100_students",
    "qualified_teachers_per_100_students",
    "senior_title_teachers_per_100_students",
)

# The published 生均图书册数 example (docs/standards.md §1): five schools' students and books.
EXAMPLE_STUDENTS = (45, 37, 89, 76, 55)
EXAMPLE_BOOKS = (279, 137, 935, 160, 402)

COUNTY_CODE = "360734"
COUNTY_NAME = "寻乌县"
YEAR = 2025

# Levels each school type teaches (school-data-template.md).
TEACHES = {
    "小学": ("primary",),
    "小学教学点": ("primary",),
    "初级中学": ("junior",),
    "九年一贯制学校": ("primary", "junior"),
    "完全中学": ("junior", "senior"),
    "十二年一贯制学校": ("primary", "junior", "senior"),
}

# Per level, per 1,000 students: well above every quality-2017 threshold.
LEVEL_DEFAULTS = {
    "primary": {
        "classes": 22,
        "teachers": 60,
        "qualified_teachers": 50,  # 5.0 per 100 ≥ 4.2
        "senior_title_teachers": 30,
        "backbone_teachers": 15,  # 1.5 ≥ 1
        "pe_art_teachers": 12,  # 1.2 ≥ 0.9
    },
    "junior": {
        "classes": 20,
        "teachers": 80,
        "qualified_teachers": 60,  # 6.0 ≥ 5.3
        "senior_title_teachers": 40,
        "backbone_teachers": 15,
        "pe_art_teachers": 12,
    },
}
# Whole-school resources per student of any level: every level's share stays above its
# threshold even after a split with senior students (docs/standards.md §3).
PER_STUDENT = {
    "teaching_room_area": 7,  # m²
    "sports_area": 12,  # m²
    "equipment_value": 0.35,  # 万元: 3,500 元
    "computers": 0.15,
    "books": 40,
    "multimedia_classrooms": 0.03,  # 3 per 100
}


def code(number: int, county_code: str = COUNTY_CODE) -> str:
    """The 10-digit 学校标识码 of school `number` in a county."""
    return f"{county_code}{number:04d}"


def school(
    number: int,
    school_type: str = "小学",
    *,
    primary: int = 1000,
    junior: int = 1000,
    senior: int = 1000,
    **overrides: Any,
) -> dict[str, Any]:
    """One template row as {english key: value}; '' for a cell left empty.

    `primary`, `junior` and `senior` are the students of the levels the type teaches; the
    level's classes and teachers scale with them. Any key may be overridden.
    """
    county_code = overrides.get("county_code", COUNTY_CODE)
    levels = TEACHES[school_type]
    students = {"primary": primary, "junior": junior, "senior": senior}
    row: dict[str, Any] = dict.fromkeys(KEYS, "")
    row.update(
        year=YEAR,
        county_code=county_code,
        county_name=COUNTY_NAME,
        township="长宁镇",
        school_code=code(number, county_code),
        school_name=f"第{number}学校",
        school_type=school_type,
        location="城区",
        ownership="公办",
        affiliation="县属",
    )
    for level in levels:
        row[f"{level}_students"] = students[level]
        for stem, per_thousand in LEVEL_DEFAULTS.get(level, {}).items():
            row[f"{level}_{stem}"] = max(1, round(per_thousand * students[level] / 1000))
    total = sum(students[level] for level in levels)
    for key, rate in PER_STUDENT.items():
        row[key] = round(rate * total, 2) if key == "equipment_value" else round(rate * total)
    row.update(overrides)
    return row


def teaching_point(number: int, parent: int, students: int, **overrides: Any) -> dict[str, Any]:
    """A 小学教学点 belonging to school `parent`."""
    overrides = {
        "parent_school_code": code(parent, overrides.get("county_code", COUNTY_CODE)),
        "location": "乡村",
        **overrides,
    }
    return school(number, "小学教学点", primary=students, **overrides)


# --- writers ------------------------------------------------------------------------------


def header_cells(
    columns: Sequence[str], *, english: bool = False, headers: Mapping[str, str] | None = None
) -> list[str]:
    """The header row as written: Chinese headers (or English keys), with overrides."""
    headers = headers or {}
    return [headers.get(k, k if english else HEADERS.get(k, k)) for k in columns]


def body_cells(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> list[list[Any]]:
    return [[row.get(k, "") for k in columns] for row in rows]


def csv_bytes(
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Sequence[str] = KEYS,
    english: bool = False,
    headers: Mapping[str, str] | None = None,
    before: Sequence[Sequence[Any]] = (),
    after: Sequence[Sequence[Any]] = (),
    encoding: str = "utf-8",
) -> bytes:
    """A CSV file: `before` rows (titles), the header, the rows, `after` rows (totals, notes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(before)
    writer.writerow(header_cells(columns, english=english, headers=headers))
    writer.writerows(body_cells(rows, columns))
    writer.writerows(after)
    return buffer.getvalue().encode(encoding)


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], **options: Any) -> Path:
    path.write_bytes(csv_bytes(rows, **options))
    return path


def write_xlsx(
    path: Path,
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Sequence[str] = KEYS,
    english: bool = False,
    headers: Mapping[str, str] | None = None,
    before: Sequence[Sequence[Any]] = (),
    after: Sequence[Sequence[Any]] = (),
    sheet: str = "Sheet1",
    sheets_before: Mapping[str, Sequence[Sequence[Any]]] | None = None,
    text_numbers: bool = False,
) -> Path:
    """An xlsx workbook; `sheets_before` adds sheets ahead of the data sheet; `text_numbers`
    writes every number as a text cell, as a bureau's copy-paste often does."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, cells in (sheets_before or {}).items():
        other = workbook.create_sheet(name)
        for line in cells:
            other.append(list(line))
    data = workbook.create_sheet(sheet)
    for line in before:
        data.append(list(line))
    data.append(header_cells(columns, english=english, headers=headers))
    for line in body_cells(rows, columns):
        cells = [None if value == "" else value for value in line]
        if text_numbers:
            cells = [str(v) if isinstance(v, int | float) else v for v in cells]
        data.append(cells)
    for line in after:
        data.append(list(line))
    workbook.save(path)
    return path


# Parquet column types: counts as integers, amounts as floats, the rest as text.
_AMOUNTS = {"teaching_room_area", "sports_area", "equipment_value"}
_TEXTS = {
    "county_code",
    "county_name",
    "township",
    "school_code",
    "school_name",
    "school_type",
    "parent_school_code",
    "location",
    "ownership",
    "affiliation",
}


def write_parquet(
    path: Path, rows: Iterable[Mapping[str, Any]], *, columns: Sequence[str] = KEYS
) -> Path:
    """A parquet file with English keys and typed columns (empty cells as nulls)."""
    rows = list(rows)
    data: dict[str, pl.Series] = {}
    for key in columns:
        values = [None if row.get(key, "") == "" else row[key] for row in rows]
        if key in _TEXTS:
            dtype: pl.DataType = pl.Utf8()
            values = [None if v is None else str(v) for v in values]
        elif key in _AMOUNTS:
            dtype = pl.Float64()
        else:
            dtype = pl.Int64()
        data[key] = pl.Series(key, values, dtype=dtype)
    pl.DataFrame(data).write_parquet(path)
    return path


# --- evaluating -----------------------------------------------------------------------------


def source(rows: Iterable[Mapping[str, Any]], name: str = "schools.csv", **options) -> SourceFile:
    """An in-memory CSV upload of the rows."""
    return SourceFile(name, csv_bytes(rows, **options))


def read(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    return read_school_data([source(rows)])


def run(rows: Iterable[Mapping[str, Any]], standard: str | Path | Standard) -> Evaluation:
    """Read the rows as a CSV upload and evaluate them."""
    loaded = standard if isinstance(standard, Standard) else load_standard(standard)
    return evaluate(read(rows), loaded)


def unit(evaluation: Evaluation, number: int, level: str = "primary") -> dict[str, Any]:
    """The evaluated unit of school `number` at `level`, as a dict."""
    found = [
        row
        for row in evaluation.units.iter_rows(named=True)
        if row["unit_code"] == code(number) and row["level"] == level
    ]
    assert len(found) == 1, f"expected one {level} unit of school {number}, found {len(found)}"
    return found[0]


def indicator(evaluation: Evaluation, key: str, level: str = "primary") -> dict[str, Any]:
    """The county-level row of one indicator (the only county in the evaluation)."""
    found = [
        row
        for row in evaluation.indicators.iter_rows(named=True)
        if row["indicator"] == key and row["level"] == level
    ]
    assert len(found) == 1, f"expected one {level} row for {key}, found {len(found)}"
    return found[0]


def builtin_text(name: str) -> str:
    """The text of a built-in standard file, to copy into a province's variant."""
    return (
        resources.files("junheng.evaluation.standards")
        .joinpath(f"{name}.toml")
        .read_text(encoding="utf-8")
    )


def read_problems(files: Sequence[Path | SourceFile]) -> list[InputProblem]:
    """The problems reading the files raises (the test fails if reading succeeds)."""
    try:
        read_school_data(list(files))
    except DataError as error:
        return error.problems
    raise AssertionError("expected the files to be rejected")


def places(problems: Iterable[InputProblem]) -> list[tuple[str, int | None, str | None]]:
    """(file, row, column as written) of each problem, in the order reported."""
    return [(p.file, p.row, p.column) for p in problems]


def write_merge_standard(directory: Path) -> Path:
    """quality-2017 with small teaching points counted with their parent's primary unit."""
    text = builtin_text("quality-2017")
    old = 'smaller_teaching_points = "exclude"'
    assert text.count(old) == 1
    path = directory / "quality-merge.toml"
    path.write_text(text.replace(old, 'smaller_teaching_points = "merge"'), encoding="utf-8")
    return path
