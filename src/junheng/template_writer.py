"""Write school data in the template (docs/school-data-template.md).

`.xlsx`: sheet 学校基本情况 with a title row and a unit row above the Chinese header, as bureaus
fill it; `.csv`: UTF-8 with BOM and Chinese headers; `.parquet`: English keys. Nulls become
empty cells. Used by `junheng demo-data` and the web app's export.

Neither kind of spreadsheet file runs a text (issue 13 §3): a text starting with = + - @ tab or
CR is quote-prefixed in the xlsx and written after an apostrophe in the csv, both decided by
`junheng.workbooks.could_run`.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO

import polars as pl

from junheng.evaluation.template import CHOICE, CODE, COLUMN_BY_KEY, COLUMNS, HEADERS, KEYS, TEXT
from junheng.evaluation.template_files import SHEET_NAME
from junheng.workbooks import SafeWorkbook, csv_guarded

_XLSX_MAX_ROWS = 1_048_576
_TEXT_KINDS = (TEXT, CHOICE, CODE)


def write_template(df: pl.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write a template frame to a file, by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    df = _template_frame(df)
    if suffix == ".parquet":
        df.write_parquet(path)
    elif suffix == ".csv":
        write_template_csv(df, path)
    elif suffix == ".xlsx":
        with path.open("wb") as handle:
            write_template_xlsx(df, handle)
    else:
        raise ValueError(f"{path}: unknown suffix {path.suffix!r}; use .xlsx, .csv or .parquet")


def write_template_csv(df: pl.DataFrame, target: str | os.PathLike[str] | BinaryIO) -> None:
    """The template frame as CSV (UTF-8 with BOM, Chinese headers); a text that could run as a
    formula is written after an apostrophe, as `junheng.workbooks.csv_text` writes it."""
    texts = [c.key for c in COLUMNS if c.kind in _TEXT_KINDS and df.schema[c.key] == pl.String]
    df.with_columns(csv_guarded(key) for key in texts).rename(HEADERS).write_csv(
        target, include_bom=True
    )


def template_xlsx_bytes(df: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    write_template_xlsx(_template_frame(df), buffer)
    return buffer.getvalue()


def _template_frame(df: pl.DataFrame) -> pl.DataFrame:
    # an optional column a frame does not carry is written empty: not reported
    df = df.with_columns(
        pl.lit(None, dtype=pl.Int64).alias(c.key)
        for c in COLUMNS
        if c.unknown_when_empty and c.key not in df.columns
    )
    missing = [key for key in KEYS if key not in df.columns]
    if missing:
        raise ValueError(f"not a template frame, missing columns: {', '.join(missing)}")
    return df.select(KEYS)


def write_template_xlsx(df: pl.DataFrame, target: BinaryIO) -> None:
    if df.height + 3 > _XLSX_MAX_ROWS:
        raise ValueError(f"{df.height} rows do not fit in one xlsx sheet")
    counties = df["county_name"].unique().to_list()
    years = sorted(df["year"].unique().to_list())
    place = counties[0] if len(counties) == 1 else ""
    when = f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年" if years else ""
    title = f"{place}义务教育学校基本情况表" + (f"（{when}）" if when else "")

    workbook = SafeWorkbook(target, {"constant_memory": True, "in_memory": False})
    try:
        sheet = workbook.add_worksheet(SHEET_NAME)
        title_fmt = workbook.add_format({"bold": True, "font_size": 14, "align": "center"})
        header_fmt = workbook.add_format(
            {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}
        )
        for i, key in enumerate(KEYS):
            is_text = COLUMN_BY_KEY[key].kind in _TEXT_KINDS
            width = 24 if key in ("school_name", "county_name") else 12 if is_text else 10
            sheet.set_column(i, i, width)
        sheet.merge_range(0, 0, 0, len(KEYS) - 1, title, title_fmt)
        sheet.write_string(1, 0, "单位：平方米、万元")
        sheet.set_row(2, 45)
        sheet.write_row(2, 0, [HEADERS[k] for k in KEYS], header_fmt)
        sheet.freeze_panes(3, 0)
        text_columns = [i for i, k in enumerate(KEYS) if COLUMN_BY_KEY[k].kind in _TEXT_KINDS]
        for r, row in enumerate(df.iter_rows(), start=3):
            sheet.write_row(r, 0, row)
            for i in text_columns:  # codes stay text cells: no lost leading digits
                if row[i] is not None:
                    sheet.write_string(r, i, str(row[i]))
    finally:
        workbook.close()
