"""Files that try to take the reader down are refused, quickly, with a message naming the file.

The hostile files are built here: a workbook made by openpyxl with one member replaced (a
million rows, a million shared strings, a row numbered 1,048,576, entities, a truncated sheet),
a CSV and a Parquet file longer than the reader's limit.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import polars as pl
import pytest

from evaluation.factory import KEYS, csv_bytes, school, write_parquet, write_xlsx
from junheng.evaluation import DataError, SourceFile, read_school_data
from junheng.evaluation.workbook_limits import (
    EXCEL_ROWS,
    ReadLimits,
    measure_workbook,
    upload_limits,
)

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def template_xlsx(tmp_path: Path, rows: int = 2) -> bytes:
    path = write_xlsx(tmp_path / "t.xlsx", [school(n) for n in range(1, rows + 1)])
    return path.read_bytes()


def replaced(data: bytes, members: dict[str, bytes]) -> bytes:
    """The workbook with some members' content replaced (or added), deflated."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in members:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in members.items():
            target.writestr(name, content)
    return out.getvalue()


def refusal(data: bytes, limits: ReadLimits | None = None, name: str = "恶意.xlsx") -> str:
    """The refusal's Chinese and English text, after checking it came fast and named the file."""
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        read_school_data([SourceFile(name, data)], limits)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"refused only after {elapsed:.2f} s"
    problems = caught.value.problems
    assert problems and all(p.file == name for p in problems)
    return " ".join(f"{p.zh} {p.en}" for p in problems)


def million_rows() -> bytes:
    """Rows without numbers (the reader counts them one after another): repetition itself."""
    return SHEET_HEAD + b"<row><c><v>1</v></c></row>" * 1_000_000 + SHEET_TAIL


def test_a_small_workbook_that_expands_to_a_million_rows_is_refused_at_once(tmp_path: Path):
    data = replaced(template_xlsx(tmp_path), {SHEET: million_rows()})
    assert len(data) < 150_000

    text = refusal(data, upload_limits(300))

    assert "超过 300 行" in text
    assert "more than 300 data rows" in text


def test_a_workbook_of_a_million_shared_strings_is_refused_before_it_is_parsed(
    tmp_path: Path,
):
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">' + b"<si><t>x</t></si>" * 1_000_000 + b"</sst>"
    )
    data = replaced(template_xlsx(tmp_path), {STRINGS: strings})
    assert len(data) < 200_000

    text = refusal(data, upload_limits(300))

    assert "共享字符串超过" in text
    assert "shared strings" in text


def test_a_row_numbered_1048576_does_not_make_a_million_empty_rows(tmp_path: Path):
    far = SHEET_HEAD + b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>' + SHEET_TAIL
    data = replaced(template_xlsx(tmp_path), {SHEET: far})

    assert "超过 300 行" in refusal(data, upload_limits(300))


def test_a_sheet_claiming_every_row_and_column_is_read_as_far_as_it_has_cells(tmp_path: Path):
    data = template_xlsx(tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read(SHEET)
    lying = sheet.replace(b'<dimension ref="A1:AF3"/>', b'<dimension ref="A1:XFD1048576"/>')
    assert lying != sheet

    started = time.perf_counter()
    frame = read_school_data([SourceFile("大表.xlsx", replaced(data, {SHEET: lying}))])

    assert frame.height == 2
    assert time.perf_counter() - started < 2.0


def test_a_sheet_wider_than_the_limit_is_refused(tmp_path: Path):
    wide = SHEET_HEAD + b'<row r="1"><c r="ZZ1"><v>1</v></c></row>' + SHEET_TAIL
    data = replaced(template_xlsx(tmp_path), {SHEET: wide})

    assert "超过 200 列" in refusal(data, upload_limits(300))


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


@pytest.mark.parametrize("member", [SHEET, STRINGS])
@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
def test_xml_declaring_entities_is_refused_cleanly(tmp_path: Path, member: str, payload: bytes):
    data = replaced(template_xlsx(tmp_path), {member: payload})

    text = refusal(data)

    assert "实体" in text
    assert "entities" in text


def test_openpyxl_parses_through_defusedxml():
    """The second wall behind the measuring: entities are refused by the parser itself."""
    from openpyxl import DEFUSEDXML

    assert DEFUSEDXML is True


def test_a_truncated_worksheet_is_refused_cleanly(tmp_path: Path):
    data = template_xlsx(tmp_path, rows=30)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read(SHEET)

    text = refusal(replaced(data, {SHEET: sheet[: len(sheet) // 2]}))

    assert "无法作为 Excel 工作簿读取" in text


def test_a_truncated_file_is_refused_cleanly(tmp_path: Path):
    data = template_xlsx(tmp_path, rows=30)

    assert "无法作为 Excel 工作簿" in refusal(data[: len(data) // 2])


def test_xml_in_utf16_is_refused_because_it_could_not_be_measured(tmp_path: Path):
    sheet = (SHEET_HEAD + b'<row r="1"><c r="A1"><v>1</v></c></row>' + SHEET_TAIL).decode()
    utf16 = sheet.replace("UTF-8", "UTF-16").encode("utf-16")
    data = replaced(template_xlsx(tmp_path), {SHEET: utf16})

    assert "UTF-8" in refusal(data)


def test_a_member_expanding_beyond_its_limit_is_refused_while_it_is_decompressed(
    tmp_path: Path,
):
    limits = upload_limits(300)
    padding = b"\0" * (limits.max_member_bytes + 1)
    data = replaced(template_xlsx(tmp_path), {"xl/media/image1.png": padding})
    assert len(data) < 1_000_000

    assert "解压后超过 9.6 MB" in refusal(data, limits)


def test_a_csv_longer_than_the_limit_is_refused_at_the_first_row_beyond_it():
    data = csv_bytes([school(n % 9000 + 1) for n in range(20_000)])

    text = refusal(data, upload_limits(10), name="很长.csv")

    assert "超过 10 行" in text


def test_a_csv_wider_than_the_limit_is_refused():
    data = ",".join(["x"] * 500).encode() + b"\n"

    assert "超过 200 列" in refusal(data, upload_limits(10), name="很宽.csv")


def test_a_parquet_file_longer_than_the_limit_is_refused(tmp_path: Path):
    path = write_parquet(tmp_path / "p.parquet", [school(n) for n in range(1, 40)])

    assert "超过 20 行" in refusal(path.read_bytes(), upload_limits(20), name="p.parquet")


def test_a_damaged_parquet_file_is_refused_cleanly(tmp_path: Path):
    data = write_parquet(tmp_path / "p.parquet", [school(1)]).read_bytes()

    assert "Parquet" in refusal(data[:100] + data[-100:], name="坏.parquet")


def test_the_limit_names_why_it_is_what_it_is(tmp_path: Path):
    limits = upload_limits(2, reason_zh="您可修改的 1 所学校 × 2 个年度", reason_en="1 school × 2")
    data = write_xlsx(tmp_path / "t.xlsx", [school(n) for n in range(1, 4)]).read_bytes()

    text = refusal(data, limits, name="t.xlsx")

    assert "超过 2 行（您可修改的 1 所学校 × 2 个年度）" in text
    assert "(1 school × 2)" in text


def test_files_within_the_limits_are_read_as_before(tmp_path: Path):
    data = write_xlsx(tmp_path / "t.xlsx", [school(n) for n in range(1, 4)]).read_bytes()

    frame = read_school_data([SourceFile("t.xlsx", data)], upload_limits(3))

    assert frame.height == 3
    shape = measure_workbook("t.xlsx", data, upload_limits(3))
    assert shape.last_row == 4 and shape.last_column == len(KEYS)


def test_the_default_limits_are_excel_s_own():
    limits = ReadLimits()

    assert limits.max_sheet_rows == EXCEL_ROWS
    assert upload_limits(0).max_rows == 1


def test_a_parquet_upload_reads_no_more_rows_than_allowed(tmp_path: Path):
    path = write_parquet(tmp_path / "p.parquet", [school(n) for n in range(1, 6)])

    frame = read_school_data([SourceFile("p.parquet", path.read_bytes())], upload_limits(5))

    assert isinstance(frame, pl.DataFrame) and frame.height == 5
