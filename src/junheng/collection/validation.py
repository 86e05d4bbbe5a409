"""Check a school's yearly figures with exactly the rules the CLI applies to a template row."""

from __future__ import annotations

from typing import Any

import polars as pl

from junheng.collection.fields import YEARLY_COLUMNS
from junheng.evaluation.errors import InputProblem
from junheng.evaluation.levels import TEACHING_POINT
from junheng.evaluation.template import HEADERS
from junheng.evaluation.template_checks import check_sheet
from junheng.evaluation.template_files import ROW, Sheet
from junheng.registry.models import School

KEY_BY_HEADER = {header: key for key, header in HEADERS.items()}


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
