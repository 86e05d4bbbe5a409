"""Check a school's yearly figures with exactly the rules the CLI applies to a template row,
and against what the database can store (so that a clean preview never fails at the commit)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Model

from junheng.collection.fields import YEARLY_COLUMNS
from junheng.collection.models import SchoolYear
from junheng.evaluation.errors import InputProblem
from junheng.evaluation.levels import TEACHING_POINT
from junheng.evaluation.template import COUNT, HEADERS
from junheng.evaluation.template_checks import check_sheet
from junheng.evaluation.template_files import ROW, Sheet
from junheng.registry.models import School, Township

KEY_BY_HEADER = {header: key for key, header in HEADERS.items()}

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
    database could not store: a count beyond its integer column, a text beyond its length."""
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


def field_of(problem: InputProblem) -> str | None:
    """The form field a problem belongs to (its column header mapped back to the key)."""
    return KEY_BY_HEADER.get(problem.column or "")
