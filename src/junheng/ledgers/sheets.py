"""The one layout of a ledger's workbook: a title row, the county, the scope and the date, the
column headings in Chinese, then the rows; printed landscape on A4 with the headings repeated.

Written through `junheng.workbooks.SafeWorkbook`: a text that a spreadsheet could take for a
formula (「=HYPERLINK(…)」 typed into a problem's description) stays text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from junheng.access.policy import scope_kind
from junheng.workbooks import SafeWorkbook

TEXT, WRAP, DATE, INTEGER, PERCENT, DECIMAL = "text", "wrap", "date", "int", "percent", "decimal"
HEADING_ROW = 2  # the row of the column headings (0-based): title, subtitle, headings


@dataclass(frozen=True)
class Column:
    """A column of a ledger: its Chinese heading, width (characters) and kind of value."""

    heading: str
    width: float = 12
    kind: str = TEXT


@dataclass
class Sheet:
    """One sheet of a ledger: its name (tab), title, columns, rows and notes under the rows."""

    name: str
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Heading:
    """What every ledger says under its title: the county, whose part of it, and the day."""

    county: str
    scope: str
    today: dt.date

    def line(self) -> str:
        return f"县（区）：{self.county}　范围：{self.scope}　导出日期：{chinese_date(self.today)}"


def chinese_date(day: dt.date | None) -> str:
    """2026年5月10日, as official documents write a date."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def table_date(day: dt.date | None) -> str:
    """2026.11.3: a date in a narrow cell of an official table (as the bulletins write it)."""
    return f"{day.year}.{day.month}.{day.day}" if day else "—"


def scope_text(user: Any, county: Any) -> str:
    """The part of the county the reader's ledger covers, said as the ledger says it."""
    kind = scope_kind(user)
    if kind == "township" and getattr(user, "township", None) is not None:
        return user.township.name
    if kind == "school" and getattr(user, "school", None) is not None:
        return user.school.name
    if kind == "assigned":
        count = user.assigned_schools.filter(county=county).count()
        return f"包校学校 {count} 所"
    return f"全县（{county.name}）"


def heading_for(user: Any, county: Any, today: dt.date) -> Heading:
    return Heading(county=county.name, scope=scope_text(user, county), today=today)


def workbook_bytes(sheets: Sequence[Sheet], heading: Heading) -> bytes:
    """The ledger's workbook: each sheet with its title, the heading line and its rows."""
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer, {"in_memory": True})
    formats = _formats(book)
    for sheet in sheets:
        _write_sheet(book, formats, sheet, heading)
    book.close()
    return buffer.getvalue()


def _formats(book: SafeWorkbook) -> dict[str, Any]:
    cell = {"valign": "top", "border": 1, "font_size": 10}
    return {
        "title": book.add_format({"bold": True, "font_size": 16, "align": "center"}),
        "subtitle": book.add_format({"font_size": 10, "align": "left"}),
        "heading": book.add_format(
            {
                **cell,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#DDE7F3",
            }
        ),
        TEXT: book.add_format(cell),
        WRAP: book.add_format({**cell, "text_wrap": True}),
        DATE: book.add_format({**cell, "num_format": "yyyy-mm-dd", "align": "center"}),
        INTEGER: book.add_format({**cell, "num_format": "0"}),
        PERCENT: book.add_format({**cell, "num_format": "0.0%"}),
        DECIMAL: book.add_format({**cell, "num_format": "0.00"}),
        "note": book.add_format({"font_size": 9, "italic": True}),
    }


def _write_sheet(book: SafeWorkbook, formats: dict[str, Any], sheet: Sheet, heading: Heading):
    page = book.add_worksheet(sheet.name[:31])
    last = len(sheet.columns) - 1
    page.merge_range(0, 0, 0, last, sheet.title, formats["title"])
    page.merge_range(1, 0, 1, last, heading.line(), formats["subtitle"])
    for index, column in enumerate(sheet.columns):
        page.set_column(index, index, column.width)
        page.write_string(HEADING_ROW, index, column.heading, formats["heading"])
    row_number = HEADING_ROW
    for row_number, values in enumerate(sheet.rows, start=HEADING_ROW + 1):
        for index, (column, value) in enumerate(zip(sheet.columns, values, strict=True)):
            _write_cell(page, formats, row_number, index, column, value)
    if row_number > HEADING_ROW:
        page.autofilter(HEADING_ROW, 0, row_number, last)
    for offset, note in enumerate(sheet.notes, start=2):
        page.write_string(row_number + offset, 0, note, formats["note"])
    page.freeze_panes(HEADING_ROW + 1, 0)
    page.set_landscape()
    page.set_paper(9)  # A4
    page.repeat_rows(HEADING_ROW)
    page.fit_to_pages(1, 0)


def _write_cell(page: Any, formats: dict[str, Any], row: int, col: int, column: Column, value):
    style = formats[column.kind]
    if value is None or value == "":
        page.write_blank(row, col, None, style)
    elif isinstance(value, dt.datetime):
        page.write_datetime(row, col, value.replace(tzinfo=None), formats[DATE])
    elif isinstance(value, dt.date):
        page.write_datetime(
            row, col, dt.datetime(value.year, value.month, value.day), formats[DATE]
        )
    elif isinstance(value, bool):
        page.write_string(row, col, "是" if value else "否", style)
    elif isinstance(value, int | float):
        page.write_number(row, col, value, style)
    else:
        page.write_string(row, col, str(value), style)


def person_name(person: Any) -> str:
    """A person as a ledger names them: the name entered (last_name), else the user name."""
    if person is None:
        return ""
    return person.last_name or person.get_username()
