"""Check school data already held as a frame (the web app's database rows) exactly as a
Parquet file of the same frame is checked by `read_school_data`, without writing the file.

The frame has the template's keys as columns (any subset, as a file's header may): a number
column of a number kind stays a number, as `template_files` reads a Parquet file's; anything
else is read as text. The same cleaning (blank cells empty, notes and totals rows dropped), cell
checks and rules between rows follow, so that a page's numbers are those of `junheng evaluate`.
"""

from __future__ import annotations

import polars as pl

from junheng.evaluation.errors import DataError, InputProblem
from junheng.evaluation.template import COLUMN_BY_KEY, NUMERIC_KINDS
from junheng.evaluation.template_checks import check_across_rows, check_sheet
from junheng.evaluation.template_files import (
    ROW,
    Sheet,
    _blank_to_null,
    _drop_non_school_rows,
    _map_headers,
)


def frame_sheet(name: str, frame: pl.DataFrame) -> Sheet:
    """The frame as a sheet to check: what a Parquet file of it reads into (`template_files`
    reads the file's frame through here)."""
    headers = list(frame.columns)
    keys = _map_headers(name, headers, header_row=1)
    columns = []
    for index, key in keys.items():
        column = frame.get_column(headers[index])
        # a number column of a number kind stays a number: the checks read it without parsing
        # text (a national file's numbers are most of its cells); anything else is text, an
        # integral float printed as "12.0", which the checks accept too
        typed = column.dtype.is_integer() or column.dtype.is_float()
        if not (typed and COLUMN_BY_KEY[key].kind in NUMERIC_KINDS):
            column = column.cast(pl.Utf8)
        columns.append(column.alias(key))
    body = pl.DataFrame(columns) if columns else pl.DataFrame()
    body = body.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(ROW))
    body = _blank_to_null(body, list(keys.values()))
    body = _drop_non_school_rows(body, list(keys.values()))
    return Sheet(name, {key: headers[i] for i, key in keys.items()}, body)


def read_frame(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The frame checked as `read_school_data` checks one file of it: the typed frame, or
    DataError listing every problem."""
    sheet = frame_sheet(name, frame)
    data, problems = check_sheet(sheet)
    problems += check_across_rows(data, {sheet.name: sheet.headers})
    if not problems and data.height == 0:
        problems.append(
            InputProblem(name, None, None, "文件中没有学校数据", "the files hold no school rows")
        )
    if problems:
        raise DataError(problems)
    return data
