"""Check a school's yearly figures with exactly the rules the CLI applies to a template row,
and against what the database can store (so that a clean preview never fails at the commit).

Two levels, as the national statistics system checks (逻辑校验 / 经验校验): a problem is an error
and nothing is saved; a warning (`figure_warnings`) is a value far from what is usual — a change
from last year beyond its band, students per class above 66 or below 5, a per-student value far
outside what schools of the type report (bands as data in `plausibility.toml`) — which is saved
but needs a written 说明 before the record may be submitted (`rules.ensure_explained`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Model
from django.utils.translation import gettext

from junheng.collection.fields import YEARLY_COLUMNS, column_label, english
from junheng.collection.models import SchoolYear
from junheng.evaluation.errors import InputProblem
from junheng.evaluation.levels import (
    LEVEL_NAMES,
    LEVEL_NAMES_EN,
    SCHOOL_TYPE_LEVELS,
    TEACHING_POINT,
)
from junheng.evaluation.template import CHOICE, COLUMNS, COUNT, HEADERS
from junheng.evaluation.template_checks import check_sheet
from junheng.evaluation.template_files import ROW, Sheet
from junheng.registry.models import School, Township

KEY_BY_HEADER = {header: key for key, header in HEADERS.items()}
HEADERS_SET = frozenset(HEADERS.values())

# The registry's columns a template text is also stored in (an import creates the school and
# its township): the text must fit the narrowest of them and of the yearly record's own.
REGISTRY_COLUMNS: dict[str, tuple[tuple[type[Model], str], ...]] = {
    "school_name": ((School, "name"),),
    "township": ((Township, "name"),),
}


def text_length_limit(key: str) -> int | None:
    """The most characters the database stores of a template column's text."""
    fields = [SchoolYear._meta.get_field(key)]
    fields += [model._meta.get_field(name) for model, name in REGISTRY_COLUMNS.get(key, ())]
    lengths = [f.max_length for f in fields if getattr(f, "max_length", None)]
    return min(lengths) if lengths else None


def number_range(key: str) -> tuple[int, int] | None:
    """The range of a whole-number column in the database, as PostgreSQL enforces it (SQLite
    enforces none: the standard ranges are taken, so both databases accept the same)."""
    internal = SchoolYear._meta.get_field(key).get_internal_type()
    return BaseDatabaseOperations.integer_field_ranges.get(internal)


def storage_problems(row: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(column key, Chinese, English) for each value of a checked template row that the
    database could not store: a count beyond its integer column, a text beyond its length or
    holding a NUL character."""
    problems = []
    for column in YEARLY_COLUMNS:
        value = row.get(column.key)
        if value is None or value == "":
            continue
        if column.kind == COUNT:
            if not isinstance(value, int | float):
                continue  # not a number: the template's checks say so
            bounds = number_range(column.key)
            if bounds and not bounds[0] <= value <= bounds[1]:
                problems.append(
                    (
                        column.key,
                        f"「{value:,}」超出可保存的范围（{bounds[0]:,}–{bounds[1]:,}）",
                        f'"{value:,}" is beyond what can be stored ({bounds[0]:,}–{bounds[1]:,})',
                    )
                )
        elif isinstance(value, str):
            if "\x00" in value:  # PostgreSQL stores no NUL in text (nor in the preview's JSON)
                problems.append(
                    (
                        column.key,
                        "含空字符（NUL），无法保存；请删除该单元格中的控制字符",
                        "contains a NUL character, which cannot be stored",
                    )
                )
                continue
            limit = text_length_limit(column.key)
            if limit is not None and len(value) > limit:
                problems.append(
                    (
                        column.key,
                        f"长度为 {len(value)} 个字符，最多 {limit} 个",
                        f"is {len(value)} characters long; at most {limit}",
                    )
                )
    return problems


def _cell(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def validate_figures(*, school: School, year: int, figures: dict[str, Any]) -> list[InputProblem]:
    """The template's problems of this one row (row numbers are meaningless here: None)."""
    row = {
        "year": str(year),
        "county_code": school.county.code,
        "county_name": school.county.name,
        "school_code": school.code,
    }
    row.update({c.key: _cell(figures.get(c.key)) for c in YEARLY_COLUMNS})
    frame = pl.DataFrame([row], schema={key: pl.Utf8 for key in row}).with_columns(
        pl.lit(1, dtype=pl.Int64).alias(ROW)
    )
    _typed, problems = check_sheet(Sheet(school.name, dict(HEADERS), frame))
    problems = [InputProblem(p.file, None, p.column, p.zh, p.en) for p in problems]
    # what the template's rules refuse is said once, by them
    reported = {p.column for p in problems}
    stored = {c.key: figures.get(c.key) for c in YEARLY_COLUMNS}
    problems += [
        InputProblem(school.name, None, HEADERS[key], zh, en)
        for key, zh, en in storage_problems(stored)
        if HEADERS[key] not in reported
    ]
    parent_code = figures.get("parent_school_code") or ""
    if figures.get("school_type") == TEACHING_POINT and parent_code:
        parent = School.objects.filter(county=school.county, code=parent_code).first()
        if parent is None or parent.is_teaching_point:
            problems.append(
                InputProblem(
                    school.name,
                    None,
                    HEADERS["parent_school_code"],
                    f"所属学校 {parent_code} 不是本县有小学学段的学校",
                    f"parent school {parent_code} is not a primary-teaching school of the county",
                )
            )
    return problems


_QUOTED = re.compile(r'("[^"]*")')
CHOICE_VALUES = sorted(
    {value for column in COLUMNS if column.kind == CHOICE for value in column.choices},
    key=len,
    reverse=True,
)
_CHOICE = re.compile("|".join(re.escape(v) for v in CHOICE_VALUES))


def english_text(text: str) -> str:
    """A problem's English as a page shows it (issue 14 §7): the checks' English quotes a
    column by its Chinese header and a school type as the file writes it (the CLI's reader
    finds them so in the file); the page names them in English. A quoted value that is no
    header is the user's, as written."""

    def part(piece: str) -> str:
        if piece.startswith('"'):
            return f'"{column_label(piece[1:-1])}"' if piece[1:-1] in HEADERS_SET else piece
        return _CHOICE.sub(lambda m: gettext(m.group(0)), piece)

    return "".join(part(piece) for piece in _QUOTED.split(text))


def problem_text(problem: InputProblem) -> str:
    """A problem of the figures in the page's language (`refusal_text` for the template's
    problems, whose English names the columns in English)."""
    return english_text(problem.en) if english() else problem.zh


def field_of(problem: InputProblem) -> str | None:
    """The form field a problem belongs to (its column header mapped back to the key)."""
    return KEY_BY_HEADER.get(problem.column or "")


# 经验校验 (warnings) -----------------------------------------------------------------------------

PLAUSIBILITY_FILE = Path(__file__).with_name("plausibility.toml")

# The per-student values the bands of `plausibility.toml` name: (Chinese name, unit, numerator,
# its factor, the students it is taken over, per how many students).
RATIOS: dict[str, tuple[str, str, str, float, tuple[str, ...], int]] = {
    "teaching_room_area_per_student": (
        "生均教学及辅助用房面积",
        "平方米",
        "teaching_room_area",
        1,
        ("all",),
        1,
    ),
    "sports_area_per_student": ("生均体育运动场馆面积", "平方米", "sports_area", 1, ("all",), 1),
    "equipment_value_per_student": (
        "生均教学仪器设备值",
        "元",
        "equipment_value",
        10_000,
        ("all",),
        1,
    ),
    "books_per_student": ("生均图书册数", "册", "books", 1, ("all",), 1),
    "computers_per_100_students": ("每百名学生计算机台数", "台", "computers", 1, ("all",), 100),
    "primary_teachers_per_100_students": (
        "小学每百名学生专任教师数",
        "人",
        "primary_teachers",
        1,
        ("primary_students",),
        100,
    ),
    "junior_teachers_per_100_students": (
        "初中每百名学生专任教师数",
        "人",
        "junior_teachers",
        1,
        ("junior_students",),
        100,
    ),
}
# The same values' English names and units (issue 14 §7), for the warnings' English text.
RATIOS_EN: dict[str, tuple[str, str]] = {
    "teaching_room_area_per_student": ("Teaching and auxiliary room area per student", "m²"),
    "sports_area_per_student": ("Sports ground area per student", "m²"),
    "equipment_value_per_student": ("Teaching equipment value per student", "yuan"),
    "books_per_student": ("Books per student", "volumes"),
    "computers_per_100_students": ("Computers per 100 students", "units"),
    "primary_teachers_per_100_students": (
        "Primary full-time teachers per 100 students",
        "teachers",
    ),
    "junior_teachers_per_100_students": (
        "Junior secondary full-time teachers per 100 students",
        "teachers",
    ),
}
ALL_STUDENTS = ("primary_students", "junior_students", "senior_students")


@dataclass(frozen=True)
class FigureWarning:
    """A value that is saved but needs a 说明 to be submitted: `code` names the check (a 说明
    is kept per code), `column` the field's header where it is one field's."""

    code: str
    column: str | None
    zh: str
    en: str


@cache
def plausibility() -> dict[str, Any]:
    """The bands of the warnings (`plausibility.toml`)."""
    with PLAUSIBILITY_FILE.open("rb") as handle:
        return tomllib.load(handle)


def _number(figures: Mapping[str, Any], key: str) -> float:
    value = figures.get(key)
    return float(value) if isinstance(value, int | float) else 0.0


def _shown(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def figure_warnings(
    *, figures: Mapping[str, Any], previous: Mapping[str, Any] | None = None
) -> list[FigureWarning]:
    """The 经验校验 warnings of one school's figures for a year (`previous`: its figures of the
    year before, if any). Figures that break the template's rules are errors, not warned of."""
    bands = plausibility()
    warnings: list[FigureWarning] = []
    school_type = str(figures.get("school_type") or "")
    levels = SCHOOL_TYPE_LEVELS.get(school_type, ())
    low, high = bands["class_size"]["min"], bands["class_size"]["max"]
    for level in ("primary", "junior"):
        students = _number(figures, f"{level}_students")
        classes = _number(figures, f"{level}_classes")
        if level not in levels or classes <= 0 or students <= 0:
            continue
        size = students / classes
        if size > high or size < low:
            name = LEVEL_NAMES[level]
            side_zh, side_en = ("超过", "above") if size > high else ("不足", "below")
            warnings.append(
                FigureWarning(
                    f"class_size:{level}",
                    HEADERS[f"{level}_classes"],
                    f"{name}平均每班 {size:.1f} 人，{side_zh} {high if size > high else low} 人"
                    f"（{_shown(students)} 人 / {_shown(classes)} 个班），请核实",
                    f"{size:.1f} students per {LEVEL_NAMES_EN[level].lower()} class, "
                    f"{side_en} {high if size > high else low} ({_shown(students)} students / "
                    f"{_shown(classes)} classes): please check",
                )
            )
    ratio_bands = {**bands["ratios"]["default"], **bands["ratios"].get(school_type, {})}
    everyone = sum(_number(figures, key) for key in ALL_STUDENTS)
    for name, (label, unit, key, factor, over, per) in RATIOS.items():
        if name not in ratio_bands:
            continue
        students = everyone if over == ("all",) else sum(_number(figures, k) for k in over)
        if students <= 0:
            continue
        value = _number(figures, key) * factor / students * per
        lo, hi = ratio_bands[name]
        if lo <= value <= hi:
            continue
        warnings.append(
            FigureWarning(
                f"ratio:{name}",
                HEADERS[key],
                f"{label} {value:,.2f} {unit}，远离同类学校的通常范围（{lo}–{hi} {unit}），请核实",
                f"{RATIOS_EN[name][0]} {value:,.2f} {RATIOS_EN[name][1]} is far outside what "
                f"schools of the type report ({lo}–{hi} {RATIOS_EN[name][1]}): please check",
            )
        )
    for key, band in bands["change"].items() if previous else ():
        old, new = _number(previous, key), _number(figures, key)
        if old <= 0 or previous.get(key) is None or figures.get(key) is None:
            continue
        change = new - old
        if abs(change) <= max(band["share"] * old, band["at_least"]):
            continue
        warnings.append(
            FigureWarning(
                f"change:{key}",
                HEADERS[key],
                f"较上年度{'增加' if change > 0 else '减少'} {abs(change) / old:.0%}"
                f"（{_shown(old)} → {_shown(new)}），超过 {band['share']:.0%}，请核实",
                f"{'up' if change > 0 else 'down'} {abs(change) / old:.0%} from last year "
                f"({_shown(old)} → {_shown(new)}), beyond {band['share']:.0%}",
            )
        )
    return warnings


def previous_figures(school: School, year: int) -> dict[str, Any] | None:
    """The school's figures of the year before, if it has a record of that year."""
    record = SchoolYear.objects.filter(school=school, year=year - 1).first()
    return record.figures() if record else None


def record_warnings(record: SchoolYear) -> list[FigureWarning]:
    """The warnings of a stored record against the school's record of the year before."""
    return figure_warnings(
        figures=record.figures(), previous=previous_figures(record.school, record.year)
    )


def records_warnings(records: list[SchoolYear]) -> dict[int, list[FigureWarning]]:
    """The warnings of many stored records by record, as `record_warnings` finds them, with the
    records of the years before read in one query (a page of a list, not a query a row)."""
    wanted = {(r.school_id, r.year - 1) for r in records}
    schools = {school for school, _ in wanted}
    years = {year for _, year in wanted}
    previous = {
        (p.school_id, p.year): p.figures()
        for p in SchoolYear.objects.filter(school_id__in=schools, year__in=years)
        if (p.school_id, p.year) in wanted
    }
    return {
        r.pk: figure_warnings(figures=r.figures(), previous=previous.get((r.school_id, r.year - 1)))
        for r in records
    }


def unexplained(record: SchoolYear) -> list[FigureWarning]:
    """The record's warnings without a 说明."""
    notes = record.warning_notes or {}
    return [w for w in record_warnings(record) if not str(notes.get(w.code, "")).strip()]
