"""A table sheet written from a Polars frame, in xlsxwriter's constant-memory mode.

A `TableSheet` has a header row, frozen panes, an autofilter and A4-landscape printing; it
writes a frame column-list by column-list in chunks, so a national sheet (≈200,000 rows)
needs little memory, and continues on a sheet named 「…（续1）」 past `max_rows` data rows.
Text is written as text (never as a formula, number or link), numbers in the column's format
(unrounded: the format only displays them rounded), booleans as 达到要求 / 未达到要求 (or the
column's own words, e.g. 未超过规定值 / 超过规定值 for a CV) in green / red.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from junheng.reports import labels

RED_FILL, RED_FONT = "#FFC7CE", "#9C0006"
GREEN_FILL, GREEN_FONT = "#C6EFCE", "#006100"
HEADER_FILL = "#DDEBF7"

# Number formats.
TEXT = None
YEAR = "0"
INT = "#,##0"
DEC1 = "#,##0.0"
DEC2 = "#,##0.00"
DEC3 = "#,##0.000"
CV = "0.000"
THEIL = "0.0000"
PCT = "0.0%"

# Excel's last row is 1,048,576: one header row and the rest data.
EXCEL_DATA_ROWS = 1_048_575
# Tables up to this many columns print one page wide.
PRINT_FIT_COLUMNS = 22
# Rows converted to Python objects at a time: bounds the memory a national sheet needs.
CHUNK_ROWS = 50_000


@dataclass(frozen=True)
class Column:
    """A sheet column: its header, width, number format and the frame column it shows; a
    column of booleans shows `words` (true, false), by default 达到要求 / 未达到要求."""

    header: str
    width: float
    num_format: str | None
    source: str
    words: tuple[str, str] = labels.VERDICT_WORDS


class Formats:
    """Cell formats, created once per (number format, style)."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[str | None, str], Format] = {}

    def get(self, num_format: str | None, style: str = "") -> Format:
        key = (num_format, style)
        if key not in self._cache:
            properties: dict[str, Any] = {"valign": "top"}
            if num_format:
                properties["num_format"] = num_format
            properties |= _STYLES[style]
            self._cache[key] = self._workbook.add_format(properties)
        return self._cache[key]


_STYLES: dict[str, dict[str, Any]] = {
    "": {},
    "bad": {"bg_color": RED_FILL, "font_color": RED_FONT},
    "fail": {"bg_color": RED_FILL, "font_color": RED_FONT, "bold": True},
    "good": {"bg_color": GREEN_FILL, "font_color": GREEN_FONT},
    "header": {
        "bold": True,
        "bg_color": HEADER_FILL,
        "border": 1,
        "text_wrap": True,
        "align": "center",
        "valign": "vcenter",
    },
    "title": {"bold": True, "font_size": 14},
    "bold": {"bold": True},
    "wrap": {"text_wrap": True},
    # a number in the indicator's own precision where the column's is two decimals: 元
    # without decimals, a per-student teacher ratio (0.056) with three
    "whole": {"num_format": INT},
    "fine": {"num_format": DEC3},
}


class TableSheet:
    """A table sheet: header row, frozen panes, filter; spills onto 「name（续n）」."""

    def __init__(
        self,
        workbook: Workbook,
        formats: Formats,
        name: str,
        columns: Sequence[Column],
        *,
        freeze_columns: int = 0,
        header_height: float = 32,
        max_rows: int = EXCEL_DATA_ROWS,
    ) -> None:
        self._workbook = workbook
        self._formats = formats
        self._name = name
        self.columns = tuple(columns)
        self._freeze_columns = freeze_columns
        self._header_height = header_height
        self._max_rows = max_rows
        self._parts = 0
        self.sheet: Worksheet
        self.row = 0
        self._open()

    def _open(self) -> None:
        name = self._name if self._parts == 0 else f"{self._name}（续{self._parts}）"
        self._parts += 1
        sheet = self._workbook.add_worksheet(name)
        header = self._formats.get(TEXT, "header")
        for index, column in enumerate(self.columns):
            sheet.set_column(index, index, column.width)
        sheet.set_row(0, self._header_height)
        for index, column in enumerate(self.columns):
            sheet.write_string(0, index, column.header, header)
        sheet.freeze_panes(1, self._freeze_columns)
        # printing: A4 landscape, the header on every page, narrow tables one page wide
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.repeat_rows(0)
        if len(self.columns) <= PRINT_FIT_COLUMNS:
            sheet.fit_to_pages(1, 0)
        self.sheet = sheet
        self.row = 0
        self._set_filter()

    def _set_filter(self) -> None:
        self.sheet.autofilter(0, 0, max(self.row, 1), len(self.columns) - 1)

    def write(self, frame: pl.DataFrame, styles: dict[str, pl.Expr] | None = None) -> None:
        """Write the frame's rows: text as text, numbers in the column's format, booleans as
        the column's words in green / red. `styles` maps a column to a String expression
        naming a row's style (e.g. "bad" for an unmet value; null for none)."""
        styles = styles or {}
        style_columns = {name: f"__style__{name}" for name in styles}
        frame = frame.with_columns(
            expr.alias(style_columns[name]) for name, expr in styles.items()
        ).select(
            *(column.source for column in self.columns),
            *style_columns.values(),
        )
        for chunk in frame.iter_slices(CHUNK_ROWS):
            self._write_chunk(chunk, style_columns)
        self._set_filter()

    def _write_chunk(self, chunk: pl.DataFrame, style_columns: dict[str, str]) -> None:
        formats = self._formats
        good, fail = formats.get(TEXT, "good"), formats.get(TEXT, "fail")
        plans = []
        for index, column in enumerate(self.columns):
            dtype = chunk.schema[column.source]
            kind = 2 if dtype == pl.Boolean else 0 if dtype == pl.String else 1
            values = chunk.get_column(column.source).to_list()
            base = formats.get(column.num_format)
            if column.source in style_columns:
                row_formats = [
                    base if style is None else formats.get(column.num_format, style)
                    for style in chunk.get_column(style_columns[column.source]).to_list()
                ]
            else:
                row_formats = None
            plans.append((index, kind, values, base, row_formats, column.words))
        isfinite = math.isfinite
        for i in range(chunk.height):
            if self.row >= self._max_rows:
                self._set_filter()
                self._open()
            self.row += 1
            row = self.row
            write_string, write_number = self.sheet.write_string, self.sheet.write_number
            for index, kind, values, base, row_formats, words in plans:
                value = values[i]
                if value is None:
                    continue
                fmt = base if row_formats is None else row_formats[i]
                if kind == 1:
                    if isfinite(value):
                        write_number(row, index, value, fmt)
                elif kind == 0:
                    write_string(row, index, value, fmt)
                else:
                    write_string(
                        row, index, words[0] if value else words[1], good if value else fail
                    )
