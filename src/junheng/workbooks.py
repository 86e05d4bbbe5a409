"""The one way the project writes a workbook cell of text: never as something that runs.

A text that a spreadsheet could take for a formula — starting with `=`, `+`, `-`, `@`, a tab or
a carriage return (`=HYPERLINK("http://x","a")`, `=cmd|' /C calc'!A0`, `@SUM(A1)`) — is written
as a text cell carrying Excel's *quote prefix* (the hidden apostrophe a person types before
such a text): the value stays exactly what was written, so an export read back gives the same
text, and Excel, WPS and LibreOffice show it as text and keep it text when the cell is edited.
Numbers stay numbers (-5 is written as the number -5, not as a text).

- `SafeWorkbook` (xlsxwriter): every text written to its sheets — by `write`, `write_string`,
  `write_row`, `merge_range` — is a string cell (never a formula or a link), quote-prefixed
  when it starts as above; the cell's own format is kept, with the prefix added.
- `append_row` / `set_text` (openpyxl): the same for a sheet of an openpyxl workbook.
- `csv_text` / `csv_guarded` (a CSV file, which has no quote prefix): such a text is written
  after an apostrophe, which a spreadsheet shows and never runs (OWASP's advice for CSV).

No Django here: the core (reports, template writer, checklists) and the apps use it alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# The same starts as a regular expression (Polars, Rust's regex syntax), for whole columns.
FORMULA_START_PATTERN = r"^[=+\-@\t\r]"
CSV_GUARD = "'"


def could_run(text: str) -> bool:
    """Whether a spreadsheet could read the text as a formula (or a command, via DDE)."""
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """A text as a CSV cell: after an apostrophe when it could run, else as it is."""
    return CSV_GUARD + text if could_run(text) else text


def csv_guarded(column: str) -> pl.Expr:
    """A Polars expression of the text column for a CSV file: `csv_text` of every value."""
    value = pl.col(column)
    guarded = pl.lit(CSV_GUARD) + value
    return (
        pl.when(value.str.contains(FORMULA_START_PATTERN)).then(guarded).otherwise(value)
    ).alias(column)


class SafeWorksheet(Worksheet):
    """A worksheet whose every string cell is plain text, quote-prefixed when it could run."""

    quoted_format: Any = None  # set by SafeWorkbook: format -> the same with quote_prefix

    def _write_string(self, row: int, col: int, string: str, cell_format: Format | None = None):
        if string.startswith(FORMULA_STARTS):
            cell_format = self.quoted_format(cell_format)
        return super()._write_string(row, col, string, cell_format)


class SafeWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter workbook whose texts never run: strings are never turned into formulas or
    links, and a text starting with = + - @ tab or CR carries the quote prefix."""

    worksheet_class = SafeWorksheet

    def __init__(self, target: Any, options: dict[str, Any] | None = None) -> None:
        options = {**(options or {}), "strings_to_formulas": False, "strings_to_urls": False}
        self._properties: dict[int, dict[str, Any]] = {}
        self._quoted: dict[int | None, Format] = {}
        super().__init__(target, options)

    def add_format(self, properties: dict[str, Any] | None = None) -> Format:
        cell_format = super().add_format(properties)
        self._properties[id(cell_format)] = dict(properties or {})
        return cell_format

    def add_worksheet(self, name: str | None = None, worksheet_class: Any = None) -> Any:
        sheet = super().add_worksheet(name, worksheet_class or SafeWorksheet)
        sheet.quoted_format = self.quoted_format
        return sheet

    def quoted_format(self, cell_format: Format | None) -> Format:
        """The format with the quote prefix added (made once per format)."""
        key = None if cell_format is None else id(cell_format)
        if key not in self._quoted:
            properties = {} if key is None else self._properties.get(key, {})
            self._quoted[key] = self.add_format({**properties, "quote_prefix": True})
        return self._quoted[key]


# --- openpyxl ---------------------------------------------------------------------------------


def set_text(cell: Any, value: Any) -> None:
    """Give an openpyxl cell its value; a text that could run stays text, quote-prefixed."""
    cell.value = value
    if isinstance(value, str) and could_run(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet; texts that could run stay text, quote-prefixed."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    for index, value in enumerate(values, start=1):
        if isinstance(value, str) and could_run(value):
            set_text(sheet.cell(row=row, column=index), value)
