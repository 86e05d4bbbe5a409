"""Yearly records as the school-data template workbook, named for the county and the year."""

from __future__ import annotations

from collections.abc import Iterable

from junheng.collection.models import SchoolYear
from junheng.collection.template_rows import records_rows, rows_frame
from junheng.registry.models import County
from junheng.template_writer import template_xlsx_bytes


def template_workbook(records: Iterable[SchoolYear]) -> bytes:
    """The records as the template xlsx, which the importer reads back unchanged."""
    return template_xlsx_bytes(rows_frame(records_rows(records)))


def export_filenames(county: County | None, year: int) -> tuple[str, str]:
    """(the Chinese file name, an ASCII name for clients that cannot read `filename*`)."""
    if county is None:
        return f"{year}年学校基本情况表.xlsx", f"school-data-{year}.xlsx"
    return (
        f"{county.name}（{county.code}）{year}年学校基本情况表.xlsx",
        f"school-data-{county.code}-{year}.xlsx",
    )
