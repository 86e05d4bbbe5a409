"""Yearly records ↔ rows of the school-data template (English keys).

The same rows feed the template export, the evaluation dashboard and the API, so the
dashboard's numbers are those of `junheng evaluate` on the exported file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from junheng.collection.fields import YEARLY_COLUMNS
from junheng.collection.models import SchoolYear
from junheng.evaluation.template import AMOUNT, COUNT, KEYS
from junheng.registry.models import School


def record_row(record: SchoolYear) -> dict[str, Any]:
    """One record as a template row; empty text is None, as in a blank cell."""
    school = record.school
    row: dict[str, Any] = {
        "year": record.year,
        "county_code": school.county.code,
        "county_name": school.county.name,
        "school_code": school.code,
    }
    for column in YEARLY_COLUMNS:
        value = getattr(record, column.key)
        row[column.key] = value if value != "" else None
    return {key: row[key] for key in KEYS}


def records_rows(records: Iterable[SchoolYear]) -> list[dict[str, Any]]:
    return [record_row(r) for r in records]


def rows_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Template rows as a frame with the template's column order and types."""
    schema: dict[str, Any] = {}
    for column in YEARLY_COLUMNS:
        if column.kind == COUNT:
            schema[column.key] = pl.Int64
        elif column.kind == AMOUNT:
            schema[column.key] = pl.Float64
        else:
            schema[column.key] = pl.Utf8
    schema.update(year=pl.Int32, county_code=pl.Utf8, county_name=pl.Utf8, school_code=pl.Utf8)
    return pl.DataFrame(rows, schema={key: schema[key] for key in KEYS}, orient="row")


def figures_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A checked template row (from `read_school_data`, or figures `validate_figures` passed)
    as the model's field values: an empty number is 0 (None where empty means not reported),
    an empty choice its default."""
    figures: dict[str, Any] = {}
    for column in YEARLY_COLUMNS:
        value = row.get(column.key)
        if column.unknown_when_empty:
            figures[column.key] = None if value is None or value == "" else int(value)
        elif column.kind == COUNT:
            figures[column.key] = int(value or 0)
        elif column.kind == AMOUNT:
            figures[column.key] = float(value or 0)
        else:
            figures[column.key] = value or column.default or ""
    return figures


def registry_figures(school: School) -> dict[str, Any]:
    """The template's fields the registry knows of a school (name, township, classification),
    as the registry has them now."""
    return {
        "township": school.township.name,
        "school_name": school.name,
        "school_type": school.school_type,
        "parent_school_code": school.parent.code if school.parent else "",
        "location": school.location,
        "ownership": school.ownership,
        "affiliation": school.affiliation,
    }
