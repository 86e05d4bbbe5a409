"""Check the values of school-data sheets and turn them into one typed frame.

Every problem of every file is collected (vectorised: a filter per rule, messages built only for
the rows that fail) and raised together; nothing is evaluated when any is found.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from junheng.evaluation.errors import DataError, InputProblem
from junheng.evaluation.levels import SCHOOL_TYPE_LEVELS, TEACHING_POINT
from junheng.evaluation.template import (
    AMOUNT,
    CHOICE,
    CODE,
    COLUMNS,
    COUNT,
    HEADERS,
    INTEGER,
    KEYS,
    LEVEL_COLUMNS,
    NUMERIC_KINDS,
    TEACHER_SUBSETS,
    TEXT,
)
from junheng.evaluation.template_classes import check_class_bands
from junheng.evaluation.template_files import FILE, ROW, Sheet, Source, read_sheet
from junheng.evaluation.workbook_limits import ReadLimits

YEAR_RANGE = (1949, 2100)
# No count or amount of a school comes near this; beyond it a number does not fit an integer.
MAX_NUMBER = 1e15


def read_school_data(sources: Sequence[Source], limits: ReadLimits | None = None) -> pl.DataFrame:
    """Read and check the files as one data set: a typed frame, or DataError listing all.
    Each file is read within `limits` (by default Excel's own; an upload's are tighter)."""
    data, problems = check_school_data(sources, limits)
    if problems:
        raise DataError(problems)
    return data


def check_school_data(
    sources: Sequence[Source], limits: ReadLimits | None = None
) -> tuple[pl.DataFrame, list[InputProblem]]:
    """Read and check the files: (the typed frame of every row read, every problem). A cell
    with a problem is empty in the frame; the rows of a file that could not be read are not in
    it. The web import checks the frame's rows against the database even when the file has
    problems, so that each row's every cause is named at once."""
    problems: list[InputProblem] = []
    frames: list[pl.DataFrame] = []
    headers: dict[str, dict[str, str]] = {}
    for source in sources:
        try:
            sheet = read_sheet(source, limits)
        except DataError as error:
            problems.extend(error.problems)
            continue
        frame, sheet_problems = check_sheet(sheet)
        problems.extend(sheet_problems)
        frames.append(frame)
        headers[sheet.name] = sheet.headers
    data = pl.concat(frames, how="vertical") if frames else _empty_frame()
    # rules between rows are checked on the rows whose keys could be read, so that every
    # problem is listed at once
    problems.extend(check_across_rows(data, headers))
    if not problems and data.height == 0:
        names = "、".join(headers) or "(无文件)"
        problems.append(
            InputProblem(names, None, None, "文件中没有学校数据", "the files hold no school rows")
        )
    return data, problems


def _empty_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=_typed_schema())


def _typed_schema() -> dict[str, pl.DataType]:
    schema: dict[str, pl.DataType] = {}
    for column in COLUMNS:
        if column.kind == INTEGER:
            schema[column.key] = pl.Int32()
        elif column.kind == COUNT:
            schema[column.key] = pl.Int64()
        elif column.kind == AMOUNT:
            schema[column.key] = pl.Float64()
        else:
            schema[column.key] = pl.Utf8()
    schema[FILE] = pl.Utf8()
    schema[ROW] = pl.Int64()
    return schema


class _Problems:
    """Collects the rules' masks and builds InputProblems for the rows that match.

    Masks are evaluated together, one query per frame, so that a clean national file costs one
    parallel pass instead of one pass per rule; messages are built only for failing rows."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.items: list[InputProblem] = []
        self._pending: list[tuple[pl.DataFrame, pl.Expr, str, str, str]] = []

    def flag(self, frame: pl.DataFrame, mask: pl.Expr, key: str, zh: str, en: str) -> None:
        """zh/en may hold {v}: the cell as written."""
        self._pending.append((frame, mask, key, zh, en))

    def resolve(self) -> list[InputProblem]:
        groups: dict[int, list[tuple[pl.DataFrame, pl.Expr, str, str, str]]] = {}
        for pending in self._pending:
            groups.setdefault(id(pending[0]), []).append(pending)
        self._pending = []
        for rules in groups.values():
            frame = rules[0][0]
            masks = frame.lazy().select(
                mask.fill_null(False).alias(f"m{i}") for i, (_, mask, *_rest) in enumerate(rules)
            )
            counts = masks.sum().collect().row(0)
            failing = [i for i, count in enumerate(counts) if count]
            if not failing:
                continue
            evaluated = masks.collect()
            for i in failing:
                self._messages(frame, evaluated.get_column(f"m{i}"), *rules[i][2:])
        return self.items

    def _messages(self, frame: pl.DataFrame, mask: pl.Series, key: str, zh: str, en: str) -> None:
        raw = f"{key}__raw" if f"{key}__raw" in frame.columns else key
        bad = frame.filter(mask).select(ROW, pl.col(raw).cast(pl.Utf8))
        header = self.sheet.headers.get(key, HEADERS.get(key, key))
        for row, value in bad.iter_rows():
            text = "" if value is None else value
            self.items.append(
                InputProblem(self.sheet.name, row, header, zh.format(v=text), en.format(v=text))
            )


def check_sheet(sheet: Sheet) -> tuple[pl.DataFrame, list[InputProblem]]:
    """Parse and check one sheet's cells: (typed frame, problems)."""
    problems = _Problems(sheet)
    frame = sheet.frame
    for key in KEYS:
        if key not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(key))
    frame = frame.with_columns(pl.col(key).alias(f"{key}__raw") for key in KEYS)
    frame = _parse_cells(frame, problems)
    frame = _check_levels(frame, problems)
    _check_teachers(frame, problems)
    check_class_bands(frame, problems)
    typed = frame.select(
        *(pl.col(key).cast(dtype) for key, dtype in _typed_schema().items() if key not in (FILE,)),
    ).with_columns(pl.lit(sheet.name).alias(FILE))
    return typed.select(list(_typed_schema())), problems.resolve()


def _is_number(dtype: pl.DataType) -> bool:
    """A column read as numbers (Parquet), not as text cells to parse."""
    return dtype.is_integer() or dtype.is_float()


def _parse_cells(frame: pl.DataFrame, problems: _Problems) -> pl.DataFrame:
    # every number column is cleaned and parsed once; the rules below only compare
    frame = frame.with_columns(
        (
            pl.col(c.key).cast(pl.Float64)
            if _is_number(frame.schema[c.key])
            else pl.col(c.key).str.replace_all(r"[,，\s]", "").cast(pl.Float64, strict=False)
        ).alias(f"{c.key}__number")
        for c in COLUMNS
        if c.kind in NUMERIC_KINDS
    )
    updates = []
    for column in COLUMNS:
        key, value = column.key, pl.col(column.key)
        if column.required:
            problems.flag(frame, value.is_null(), key, "不能为空", "must not be empty")
        if column.kind == TEXT:
            continue
        if column.kind == CODE:
            problems.flag(
                frame,
                value.is_not_null() & ~value.str.contains(rf"^\d{{{column.digits}}}$"),
                key,
                f"「{{v}}」不是 {column.digits} 位数字代码",
                f'"{{v}}" is not a code of {column.digits} digits',
            )
        elif column.kind == CHOICE:
            allowed = "、".join(column.choices)
            problems.flag(
                frame,
                value.is_not_null() & ~value.is_in(column.choices),
                key,
                f"「{{v}}」不是有效值，应为：{allowed}",
                f'"{{v}}" is not valid; expected one of: {", ".join(column.choices)}',
            )
            if column.default is not None:
                updates.append(value.fill_null(column.default).alias(key))
        else:
            updates.append(_parse_number(frame, column.key, column.kind, problems))
    return frame.with_columns(updates)


def _parse_number(frame: pl.DataFrame, key: str, kind: str, problems: _Problems) -> pl.Expr:
    number = pl.col(f"{key}__number")
    written = (
        pl.col(key)
        if _is_number(frame.schema[key])
        else pl.col(key).str.replace_all(r"[,，\s]", "")
    )
    not_number = written.is_not_null() & (number.is_null() | ~number.is_finite())
    problems.flag(frame, not_number, key, "「{v}」不是数字", '"{v}" is not a number')
    valid = number.is_not_null() & number.is_finite()
    if kind == INTEGER:
        low, high = YEAR_RANGE
        bad = valid & ((number != number.floor()) | (number < low) | (number > high))
        problems.flag(
            frame,
            bad,
            key,
            f"「{{v}}」不是有效年度（{low}–{high} 的整数）",
            f'"{{v}}" is not a valid year (a whole number {low}–{high})',
        )
    else:
        negative = valid & (number < 0)
        problems.flag(frame, negative, key, "不能为负数：{v}", "is negative: {v}")
        too_large = valid & (number >= MAX_NUMBER)
        problems.flag(frame, too_large, key, "「{v}」数值过大", '"{v}" is too large')
        bad = negative | too_large
        if kind == COUNT:
            fraction = valid & ~bad & (number != number.floor())
            problems.flag(frame, fraction, key, "「{v}」应为整数", '"{v}" must be a whole number')
            bad = bad | fraction
    # a cell with a problem is left empty: it is reported once, not again by the rules using it
    return pl.when(valid & ~bad).then(number).otherwise(None).alias(key)


def _check_levels(frame: pl.DataFrame, problems: _Problems) -> pl.DataFrame:
    """Columns of the levels a school teaches are filled; those of other levels are empty or 0."""
    school_type = pl.col("school_type")
    valid_type = school_type.is_in(list(SCHOOL_TYPE_LEVELS))
    teaching = {
        level: school_type.is_in([t for t, levels in SCHOOL_TYPE_LEVELS.items() if level in levels])
        for level in LEVEL_COLUMNS
    }
    unknown = []
    for level, keys in LEVEL_COLUMNS.items():
        teaches = teaching[level]
        others = valid_type & ~teaches
        for key in keys:
            # empty where the school teaches the level, or not readable: already reported
            unknown.append(
                (pl.col(key).is_null() & (teaches | pl.col(f"{key}__raw").is_not_null())).alias(
                    f"{key}__unknown"
                )
            )
            problems.flag(
                frame,
                teaches & pl.col(f"{key}__raw").is_null(),
                key,
                "该学校类型有此学段，不能为空",
                "must not be empty for a school of this type",
            )
            problems.flag(
                frame,
                others & (pl.col(key) > 0),
                key,
                "该学校类型没有此学段，应为空或 0（请核对学校类型）",
                "must be empty or 0 for a school of this type (check the school type)",
            )
    frame = frame.with_columns(unknown).with_columns(
        pl.col(key).fill_null(0) for keys in LEVEL_COLUMNS.values() for key in keys
    )

    def known(*keys: str) -> pl.Expr:
        return ~pl.any_horizontal(pl.col(f"{key}__unknown") for key in keys)

    students = pl.sum_horizontal(pl.col(k) for k in ("primary_students", "junior_students"))
    no_students = valid_type & (students == 0) & known("primary_students", "junior_students")
    # named by the students column of the school's first level
    for key, of_type in (
        ("primary_students", teaching["primary"]),
        ("junior_students", ~teaching["primary"]),
    ):
        problems.flag(
            frame,
            no_students & of_type,
            key,
            "小学与初中在校生数均为 0，无法计算生均指标",
            "no primary or junior students: per-student indicators cannot be computed",
        )
    for level in ("primary", "junior"):
        level_students = pl.col(f"{level}_students")
        classes = pl.col(f"{level}_classes")
        problems.flag(
            frame,
            teaching[level] & (level_students > 0) & (classes == 0) & known(f"{level}_classes"),
            f"{level}_classes",
            "有在校生但班数为 0",
            "is 0 although the level has students",
        )
        problems.flag(
            frame,
            teaching[level] & (classes > level_students) & known(f"{level}_students"),
            f"{level}_classes",
            "班数（{v}）多于在校生数",
            "more classes ({v}) than students",
        )
    problems.flag(
        frame,
        (school_type == TEACHING_POINT) & pl.col("parent_school_code__raw").is_null(),
        "parent_school_code",
        "小学教学点必须填写所属学校标识码",
        "a teaching point (小学教学点) needs the code of the school it belongs to",
    )
    return frame


def _check_teachers(frame: pl.DataFrame, problems: _Problems) -> None:
    for level in ("primary", "junior"):
        teachers = pl.col(f"{level}_teachers")
        teachers_header = problems.sheet.headers.get(
            f"{level}_teachers", HEADERS[f"{level}_teachers"]
        )
        for stem in TEACHER_SUBSETS:
            key = f"{level}_{stem}"
            problems.flag(
                frame,
                (pl.col(key) > teachers) & ~pl.col(f"{level}_teachers__unknown"),
                key,
                f"（{{v}}）多于「{teachers_header}」",
                f'({{v}}) exceeds "{teachers_header}"',
            )


def _place(file: str, other_file: str, other_row: int) -> tuple[str, str]:
    """Another row, named from a row of `file`: (Chinese, English)."""
    if other_file == file:
        return f"第 {other_row} 行", f"row {other_row}"
    return f"{other_file} 第 {other_row} 行", f"{other_file} row {other_row}"


def check_across_rows(data: pl.DataFrame, headers: dict[str, dict[str, str]]) -> list[InputProblem]:
    """Rules between rows, across all files: unique codes, existing parents, one county name."""
    problems: list[InputProblem] = []

    def header(file: str, key: str) -> str:
        return headers.get(file, {}).get(key, HEADERS[key])

    indexed = data.select(
        FILE,
        ROW,
        "year",
        "county_code",
        "county_name",
        "school_code",
        "school_type",
        "parent_school_code",
    ).filter(
        pl.all_horizontal(pl.col(k).is_not_null() for k in ("year", "county_code", "school_code"))
    )
    first = indexed.group_by("year", "county_code", "school_code").agg(
        pl.col(FILE).first().alias("first_file"),
        pl.col(ROW).first().alias("first_row"),
        pl.len().alias("n"),
    )
    duplicated = (
        indexed.join(first.filter(pl.col("n") > 1), on=["year", "county_code", "school_code"])
        .filter((pl.col(FILE) != pl.col("first_file")) | (pl.col(ROW) != pl.col("first_row")))
        .sort(FILE, ROW)
    )
    for file, row, code, first_file, first_row in duplicated.select(
        FILE, ROW, "school_code", "first_file", "first_row"
    ).iter_rows():
        place, place_en = _place(file, first_file, first_row)
        problems.append(
            InputProblem(
                file,
                row,
                header(file, "school_code"),
                f"学校标识码 {code} 在同一县同一年度重复（已见于{place}）",
                f"school code {code} is duplicated in the county and year (also {place_en})",
            )
        )

    schools = indexed.select(
        "year",
        "county_code",
        pl.col("school_code").alias("parent_school_code"),
        pl.col("school_type").alias("parent_type"),
        pl.lit(True).alias("parent_found"),
    ).unique(subset=["year", "county_code", "parent_school_code"], keep="first")
    # a missing or malformed parent code is reported by the cell checks
    points = indexed.filter(
        (pl.col("school_type") == TEACHING_POINT)
        & pl.col("parent_school_code").str.contains(r"^\d{10}$")
    ).join(schools, on=["year", "county_code", "parent_school_code"], how="left")
    primary_types = [t for t, levels in SCHOOL_TYPE_LEVELS.items() if "primary" in levels]
    # where a parent's code is written at all, to name the real cause when it is not found:
    # its row has another county's code or another year (looked up only for those parents)
    missing = points.filter(pl.col("parent_found").is_null()).get_column("parent_school_code")
    elsewhere: dict[str, tuple[str, int, str, int]] = {}
    for file, row, code, county, year in (
        indexed.filter(pl.col("school_code").is_in(missing.implode()))
        .select(FILE, ROW, "school_code", "county_code", "year")
        .iter_rows()
    ):
        elsewhere.setdefault(code, (file, row, county, year))
    for file, row, parent, parent_type, found in points.select(
        FILE, ROW, "parent_school_code", "parent_type", "parent_found"
    ).iter_rows():
        if not found and parent in elsewhere:
            other_file, other_row, county, year = elsewhere[parent]
            place = (
                f"第 {other_row} 行" if other_file == file else f"{other_file} 第 {other_row} 行"
            )
            place_en = f"row {other_row}" if other_file == file else f"{other_file} row {other_row}"
            zh = (
                f"所属学校 {parent} 见于{place}，但那一行的县代码或年度（{county}，{year}）"
                "与本行不同：请先更正那一行"
            )
            en = (
                f"the parent school {parent} is on {place_en}, but with another county code or "
                f"year ({county}, {year}): correct that row first"
            )
        elif not found:
            zh = f"所属学校 {parent} 在同一县同一年度的数据中不存在"
            en = f"the parent school {parent} does not exist in the same county and year"
        elif parent_type not in SCHOOL_TYPE_LEVELS:
            continue  # the parent's own type is missing or wrong: reported on its row
        elif parent_type == TEACHING_POINT or parent_type not in primary_types:
            zh = f"所属学校 {parent} 是「{parent_type}」，教学点只能隶属于有小学学段的学校"
            en = (
                f"the parent school {parent} is a {parent_type}: it must teach primary and not "
                "itself be a teaching point"
            )
        else:
            continue
        problems.append(InputProblem(file, row, header(file, "parent_school_code"), zh, en))

    names = (
        indexed.filter(pl.col("county_name").is_not_null())
        .group_by("year", "county_code")
        .agg(
            pl.col("county_name").first().alias("first_name"),
            pl.col("county_name").n_unique().alias("k"),
        )
    )
    clashing = indexed.join(names.filter(pl.col("k") > 1), on=["year", "county_code"]).filter(
        pl.col("county_name") != pl.col("first_name")
    )
    for file, row, name, code, first_name in clashing.select(
        FILE, ROW, "county_name", "county_code", "first_name"
    ).iter_rows():
        problems.append(
            InputProblem(
                file,
                row,
                header(file, "county_name"),
                f"县代码 {code} 的县名称不一致：「{name}」与「{first_name}」",
                f'county {code} has two names: "{name}" and "{first_name}"',
            )
        )
    return problems
