"""Read school-data files (xlsx, csv, parquet) into sheets of text cells with spreadsheet rows.

Sheets as bureaus fill them are accepted: title rows above the header, units in header cells,
totals and notes rows below the data. Structural problems (no header, a missing or unknown
column, mixed header languages) are reported all at once as a DataError.

What a file may hold is bounded before it is parsed (`workbook_limits`): an xlsx's members are
measured as they are decompressed, a CSV's rows and columns are counted as they are read, a
Parquet file's rows are read no further than the limit; every parser's exception ends at this
module's boundary as a DataError naming the file (and the row where it is known).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from junheng.evaluation.errors import DataError, InputProblem
from junheng.evaluation.template import (
    ALWAYS_PRESENT,
    HEADERS,
    IGNORED_HEADERS,
    NOTE_PREFIXES,
    TOTAL_WORDS,
    match_header,
    normalise_header,
)
from junheng.evaluation.workbook_limits import (
    ReadLimits,
    measure_workbook,
    too_many_columns,
    too_many_rows,
)

ROW = "__row"
FILE = "__file"
SHEET_NAME = "学校基本情况"
HEADER_SEARCH_ROWS = 50
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".parquet")
# The columns read of a sheet whose cells carry no column letters (rare writers omit them).
UNNUMBERED_COLUMNS = 64


@dataclass(frozen=True)
class SourceFile:
    """An input given as bytes (an upload), with the name to show in messages."""

    name: str
    data: bytes


Source = str | Path | SourceFile


@dataclass(frozen=True)
class Sheet:
    """One file's data rows as text cells, columns named by template key, with `__row`."""

    name: str
    headers: dict[str, str]  # template key -> header as written
    frame: pl.DataFrame


def source_name(source: Source) -> str:
    return source.name if isinstance(source, SourceFile) else str(source)


def read_sheet(source: Source, limits: ReadLimits | None = None) -> Sheet:
    """Read one file into a Sheet; DataError for an unreadable file, a bad header or a file
    beyond `limits` (by default Excel's own)."""
    limits = limits or ReadLimits()
    name = source_name(source)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError(
            [
                InputProblem(
                    name,
                    None,
                    None,
                    "不支持的文件类型：应为 .xlsx、.csv 或 .parquet",
                    "unsupported file type: expected .xlsx, .csv or .parquet",
                )
            ]
        )
    try:
        data = source.data if isinstance(source, SourceFile) else Path(source).read_bytes()
    except OSError as exc:
        raise DataError(
            [InputProblem(name, None, None, f"无法读取文件：{exc.strerror}", f"cannot read: {exc}")]
        ) from exc
    if suffix == ".parquet":
        sheet = _read_parquet(name, data, limits)
    else:
        reader = _xlsx_rows if suffix in (".xlsx", ".xlsm") else _csv_rows
        sheet = _sheet_from_rows(name, reader(name, data, limits))
    if sheet.frame.height > limits.max_rows:
        raise too_many_rows(name, limits)
    return sheet


def _problem(name: str, zh: str, en: str, row: int | None = None, column: str | None = None):
    return DataError([InputProblem(name, row, column, zh, en)])


# --- xlsx ---------------------------------------------------------------------------------


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _xlsx_rows(name: str, data: bytes, limits: ReadLimits) -> list[list[str | None]]:
    from openpyxl import load_workbook

    shape = measure_workbook(name, data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise _unreadable(name, exc) from exc
    rows: list[list[str | None]] = []
    try:
        sheet = (
            workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
        )
        # no more than measured: a sheet's own dimension may claim a million rows or columns
        width = min(shape.last_column or UNNUMBERED_COLUMNS, limits.max_columns)
        filled = 0
        for number, row in enumerate(
            sheet.iter_rows(
                min_row=1, max_row=max(shape.last_row, 1), max_col=width, values_only=True
            ),
            start=1,
        ):
            cells = [_cell_text(value) for value in row]
            if any(cells):
                filled += 1
                if filled > limits.max_filled_rows:
                    raise too_many_rows(name, limits, row=number)
            rows.append(cells)
    except DataError:
        raise
    except Exception as exc:  # a truncated or malformed worksheet fails while it is parsed
        raise _unreadable(name, exc, row=len(rows) + 1) from exc
    finally:
        workbook.close()
    return rows


def _unreadable(name: str, exc: Exception, row: int | None = None) -> DataError:
    kind = exc.__class__.__name__
    if "Entit" in kind or "DTD" in kind or "External" in kind:  # defusedxml's refusals
        return _problem(
            name,
            "工作簿含 XML 实体或文档类型声明（可能是实体扩展攻击），未读取",
            f"the workbook declares XML entities or a document type ({kind}); not read",
            row=row,
        )
    return _problem(
        name,
        "无法作为 Excel 工作簿读取（文件损坏、不完整或不是 .xlsx）",
        f"cannot read as an Excel workbook (damaged, truncated or not .xlsx): {kind}",
        row=row,
    )


# --- csv ----------------------------------------------------------------------------------


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK, what Chinese Excel saves)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _problem(
        name,
        "无法识别文件编码：应为 UTF-8 或 GBK/GB18030",
        "cannot decode the file: expected UTF-8 or GBK/GB18030",
    )


def _csv_rows(name: str, data: bytes, limits: ReadLimits) -> list[list[str | None]]:
    text = decode_text(name, data)
    rows: list[list[str | None]] = []
    filled = 0
    reader = csv.reader(io.StringIO(text))
    try:
        for record in reader:
            if len(record) > limits.max_columns:
                raise too_many_columns(name, limits, row=reader.line_num)
            cells = [cell.strip() or None for cell in record]
            if any(cells):
                filled += 1
                if filled > limits.max_filled_rows:
                    raise too_many_rows(name, limits, row=reader.line_num)
            rows.append(cells)
    except csv.Error as exc:
        raise _problem(
            name, f"CSV 格式错误：{exc}", f"malformed CSV: {exc}", row=reader.line_num
        ) from exc
    return rows


# --- parquet --------------------------------------------------------------------------------


def _read_parquet(name: str, data: bytes, limits: ReadLimits) -> Sheet:
    try:
        if len(pl.read_parquet_schema(io.BytesIO(data))) > limits.max_columns:
            raise too_many_columns(name, limits)
        # one row more than allowed tells that there are too many, without reading them all
        frame = pl.read_parquet(io.BytesIO(data), n_rows=limits.max_rows + 1)
    except DataError:
        raise
    except (Exception, pl.exceptions.PanicException) as exc:  # damaged files: several kinds
        raise _problem(
            name, "无法作为 Parquet 文件读取", f"cannot read as Parquet: {exc.__class__.__name__}"
        ) from exc
    if frame.height > limits.max_rows:
        raise too_many_rows(name, limits)
    # the same sheet as a frame held in memory (the web app's rows) makes; imported here, as
    # template_frames builds on this module
    from junheng.evaluation.template_frames import frame_sheet

    return frame_sheet(name, frame)


# --- common ---------------------------------------------------------------------------------


def _find_header(name: str, rows: Sequence[Sequence[str | None]]) -> int:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matched = {m[0] for cell in row if cell and (m := match_header(cell))}
        # not only rows with 学校标识码: a header without it is named as missing by _map_headers
        if len(matched) >= 5:
            return index
    raise _problem(
        name,
        f"找不到表头行：前 {HEADER_SEARCH_ROWS} 行中没有含「学校标识码」等模板表头的行",
        f"no header row: none of the first {HEADER_SEARCH_ROWS} rows holds the template's "
        "headers (学校标识码 / school_code …)",
    )


def _map_headers(name: str, headers: Sequence[str | None], header_row: int) -> dict[int, str]:
    """Column index -> template key; every structural problem of the header at once."""
    problems: list[InputProblem] = []
    keys: dict[int, str] = {}
    seen: dict[str, str] = {}
    languages: dict[str, str] = {}
    for index, cell in enumerate(headers):
        if cell is None or not str(cell).strip():
            continue
        match = match_header(str(cell))
        if match is None:
            if normalise_header(str(cell)) in IGNORED_HEADERS:
                continue
            problems.append(
                InputProblem(
                    name,
                    header_row,
                    str(cell),
                    "不是模板中的列（请核对表头文字）",
                    "not a column of the template (check the header text)",
                )
            )
            continue
        key, language = match
        if key in seen:
            problems.append(
                InputProblem(
                    name,
                    header_row,
                    str(cell),
                    f"列重复：与「{seen[key]}」是同一列",
                    f'duplicated column: the same as "{seen[key]}"',
                )
            )
            continue
        seen[key] = str(cell)
        languages.setdefault(language, str(cell))
        keys[index] = key
    if len(languages) > 1:
        problems.append(
            InputProblem(
                name,
                header_row,
                None,
                f"中文表头与英文列名混用（如「{languages['zh']}」与「{languages['en']}」），"
                "同一文件只能用一种",
                f'Chinese headers and English keys are mixed ("{languages["zh"]}" and '
                f'"{languages["en"]}"); use one or the other in a file',
            )
        )
    use_english = "en" in languages and "zh" not in languages
    for key in ALWAYS_PRESENT:
        if key not in seen:
            expected = key if use_english else HEADERS[key]
            problems.append(
                InputProblem(
                    name,
                    header_row,
                    expected,
                    "缺少必需的列",
                    f"required column is missing ({key} / {HEADERS[key]})",
                )
            )
    if problems:
        raise DataError(problems)
    return keys


def _sheet_from_rows(name: str, rows: list[list[str | None]]) -> Sheet:
    header_index = _find_header(name, rows)
    headers = rows[header_index]
    header_row = header_index + 1
    keys = _map_headers(name, headers, header_row)
    width = len(headers)
    body_rows = rows[header_index + 1 :]
    problems = []
    for offset, row in enumerate(body_rows):
        extra = [cell for cell in row[width:] if cell]
        unheaded = [
            index
            for index in range(min(width, len(row)))
            if row[index] and index not in keys and not (headers[index] or "").strip()
        ]
        if extra or unheaded:
            problems.append(
                InputProblem(
                    name,
                    header_row + 1 + offset,
                    None,
                    "该行在没有表头的列中有数据",
                    "the row has data in a column without a header",
                )
            )
    if problems:
        raise DataError(problems)
    columns = {
        key: [row[index] if index < len(row) else None for row in body_rows]
        for index, key in keys.items()
    }
    frame = pl.DataFrame(columns, schema={key: pl.Utf8 for key in columns})
    frame = frame.with_columns(
        pl.int_range(header_row + 1, header_row + 1 + len(body_rows), dtype=pl.Int64).alias(ROW)
    )
    frame = _blank_to_null(frame, list(keys.values()))
    frame = _drop_non_school_rows(frame, [keys[i] for i in sorted(keys)])
    return Sheet(name, {key: str(headers[i]) for i, key in keys.items()}, frame)


def _blank_to_null(frame: pl.DataFrame, keys: Iterable[str]) -> pl.DataFrame:
    """Text cells without their surrounding spaces, a blank one empty (numbers stay). Only
    the columns that have such a cell are rewritten: a clean file's text is not copied."""
    texts = [key for key in keys if frame.schema[key] == pl.Utf8]
    if not texts:
        return frame
    spaced = frame.select(
        pl.col(key).str.contains(r"^\s|\s$").or_(pl.col(key) == "").any().alias(key)
        for key in texts
    ).row(0)
    return frame.with_columns(
        pl.col(key).str.strip_chars().replace("", None).alias(key)
        for key, needed in zip(texts, spaced, strict=True)
        if needed
    )


def _drop_non_school_rows(frame: pl.DataFrame, ordered_keys: list[str]) -> pl.DataFrame:
    """Drop empty rows, totals rows (合计/总计/小计 without a code) and notes rows below data."""
    if not ordered_keys:
        return frame
    texts = [key for key in ordered_keys if frame.schema[key] == pl.Utf8]
    empty = pl.all_horizontal(pl.col(key).is_null() for key in ordered_keys)
    # Only rows without a code or with a cell that could open a note are looked at closely:
    # a national file's rows are otherwise never copied.
    no_code = pl.col("school_code").is_null() if "school_code" in frame.columns else pl.lit(True)
    maybe_note = pl.any_horizontal(
        pl.col(key).str.starts_with(prefix) for key in texts for prefix in NOTE_PREFIXES
    )
    suspects = frame.filter(~empty & (no_code | maybe_note.fill_null(False)))
    drop = empty
    if suspects.height and texts:
        # a number is never a note nor a total word: "" stands for it in the first filled cell
        first = pl.coalesce(
            pl.col(key) if key in texts else pl.when(pl.col(key).is_not_null()).then(pl.lit(""))
            for key in ordered_keys
        )
        note = pl.any_horizontal(first.str.starts_with(prefix) for prefix in NOTE_PREFIXES)
        total = no_code & pl.any_horizontal(
            pl.col(key).str.replace_all(r"\s", "").is_in(TOTAL_WORDS) for key in texts
        )
        dropped = suspects.filter((note | total).fill_null(False)).get_column(ROW)
        drop = drop | pl.col(ROW).is_in(dropped.implode())
    mask = frame.select(drop).to_series()
    return frame.filter(~mask) if mask.any() else frame
