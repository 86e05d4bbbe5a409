"""Exports cannot attack their reader (issue 13 §3): one writer for every workbook the project
writes (`junheng.workbooks`), which keeps a text that could run as a formula a text, quote-
prefixed, and leaves numbers numbers. Tested with the payloads of the attack."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import polars as pl

from junheng.workbooks import SafeWorkbook, append_row, could_run, set_text
from personas import world  # noqa: F401  (the web tests' personas, used as a fixture)

PAYLOADS = [
    '=HYPERLINK("http://x","a")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
HARMLESS = ["城关一小", "a=1", "http://example.org/x", "1+1"]


def read_back(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def same_text(cell_value: str, written: str) -> bool:
    # openpyxl reads a carriage return back as Excel escapes it
    return cell_value.replace("_x000D_", "\r") == written


def assert_neutralised(cell, written: str) -> None:
    assert cell.data_type == "s", f"{written!r} is a {cell.data_type} cell"
    assert same_text(cell.value, written)
    assert cell.quotePrefix, f"{written!r} carries no quote prefix"


def test_it_knows_what_could_run():
    assert all(could_run(text) for text in PAYLOADS)
    assert not any(could_run(text) for text in HARMLESS)


def test_every_way_of_writing_text_in_xlsxwriter_keeps_a_payload_text():
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("s")
    bold = book.add_format({"bold": True, "border": 1})
    for row, text in enumerate(PAYLOADS):
        sheet.write(row, 0, text)
        sheet.write_string(row, 1, text, bold)
    sheet.write_row(20, 0, PAYLOADS)
    sheet.merge_range(21, 0, 21, 2, PAYLOADS[0], bold)
    sheet.write(22, 0, -5)
    sheet.write(22, 1, -2.5, bold)
    for row, text in enumerate(HARMLESS, start=23):
        sheet.write(row, 0, text)
    book.close()

    cells = read_back(buffer.getvalue())["s"]
    for row, text in enumerate(PAYLOADS, start=1):
        assert_neutralised(cells.cell(row, 1), text)
        assert_neutralised(cells.cell(row, 2), text)
        assert cells.cell(row, 2).font.b and cells.cell(row, 2).border.left.style == "thin"
    for column, text in enumerate(PAYLOADS, start=1):
        assert_neutralised(cells.cell(21, column), text)
    assert_neutralised(cells.cell(22, 1), PAYLOADS[0])
    assert (cells.cell(23, 1).value, cells.cell(23, 1).data_type) == (-5, "n")
    assert (cells.cell(23, 2).value, cells.cell(23, 2).data_type) == (-2.5, "n")
    for row, text in enumerate(HARMLESS, start=24):
        cell = cells.cell(row, 1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", False)
        assert cell.hyperlink is None


def test_openpyxl_rows_and_cells_keep_a_payload_text(tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    append_row(sheet, [*PAYLOADS, -5, "城关一小"])
    set_text(sheet.cell(2, 1), PAYLOADS[1])
    book.save(tmp_path / "o.xlsx")

    cells = read_back((tmp_path / "o.xlsx").read_bytes()).active
    for column, text in enumerate(PAYLOADS, start=1):
        assert_neutralised(cells.cell(1, column), text)
    assert cells.cell(1, len(PAYLOADS) + 1).value == -5
    assert not cells.cell(1, len(PAYLOADS) + 2).quotePrefix
    assert_neutralised(cells.cell(2, 1), PAYLOADS[1])


def test_the_template_export_keeps_a_hostile_school_name_text_and_reads_it_back(tmp_path):
    from evaluation.factory import school
    from junheng.evaluation import SourceFile, read_school_data
    from junheng.template_writer import template_xlsx_bytes

    rows = [school(1), school(2)]
    rows[0]["school_name"] = PAYLOADS[0]
    rows[1]["township"] = "@SUM(A1)"
    frame = read_school_data([SourceFile("s.csv", _csv(rows))])

    content = template_xlsx_bytes(frame)

    sheet = read_back(content).active
    names = {cell.value: cell for row in sheet.iter_rows(min_row=4) for cell in row}
    assert_neutralised(names[PAYLOADS[0]], PAYLOADS[0])
    assert_neutralised(names["@SUM(A1)"], "@SUM(A1)")
    again = read_school_data([SourceFile("s.xlsx", content)])
    assert again["school_name"].to_list()[0] == PAYLOADS[0]


def _csv(rows) -> bytes:
    from evaluation.factory import csv_bytes

    return csv_bytes(rows)


def test_the_evaluation_workbook_keeps_a_hostile_school_name_text(tmp_path):
    from evaluation.factory import school
    from junheng.evaluation import SourceFile, evaluate, load_standard, read_school_data
    from junheng.reports.xlsx_report import render_xlsx

    rows = [school(1), school(2, "初级中学", junior=800)]
    rows[0]["school_name"] = "=cmd|' /C calc'!A0"
    data = read_school_data([SourceFile("s.csv", _csv(rows))])

    book = read_back(render_xlsx(evaluate(data, load_standard("quality-2017"))))

    found = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == "=cmd|' /C calc'!A0"
    ]
    assert found and all(cell.quotePrefix and cell.data_type == "s" for cell in found)
    assert not any(
        cell.data_type == "f"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )


def test_the_checklist_workbook_keeps_a_payload_title_and_reads_it_back():
    from checklists.generate import generated_checklist
    from junheng.checklist_core.workbook import checklist_workbook, read_checklist_workbook

    checklist = generated_checklist()
    first = checklist.items[0]
    hostile = type(checklist)(
        **{
            **checklist.__dict__,
            "items": [type(first)(**{**first.__dict__, "title": "@SUM(A1)"}), *checklist.items[1:]],
        }
    )

    content = checklist_workbook(hostile)

    cells = [c for row in read_back(content).worksheets[0].iter_rows() for c in row]
    assert any(c.value == "@SUM(A1)" and c.quotePrefix for c in cells)
    again = read_checklist_workbook(content, file="c.xlsx")
    assert again.items[0].title == "@SUM(A1)"


def test_the_survey_results_export_keeps_free_text_titles_and_school_names_text(world):  # noqa: F811
    from junheng.surveys import selectors
    from junheng.surveys.exports import results_workbook
    from surveys.helpers import FULL, open_survey, respond

    world.school.name = '=HYPERLINK("http://x","点我")'
    world.school.save()
    survey = open_survey(world)
    survey.title = "@SUM(A1)调查"
    survey.save()
    for number in range(5):
        respond(world, survey, "家长", world.school, [FULL], text=PAYLOADS[number % 5])

    results = selectors.results(user=world.county_admin, survey=survey)
    book = read_back(results_workbook(results))

    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    for payload in (*PAYLOADS[:5], '=HYPERLINK("http://x","点我")'):
        matching = [c for value, c in texts.items() if same_text(value, payload)]
        assert matching, payload
        assert all(c.quotePrefix for c in matching)
    titles = [c for value, c in texts.items() if value.startswith("@SUM(A1)调查")]
    assert titles and all(c.quotePrefix for c in titles)


def test_no_module_writes_a_workbook_around_the_one_writer():
    source = Path(__file__).resolve().parents[2] / "src" / "junheng"
    direct = re.compile(r"xlsxwriter\.Workbook\(|\bsheet\.append\(")
    writes = re.compile(r"from openpyxl import .*\bWorkbook\b|import xlsxwriter")
    offenders = []
    for path in source.rglob("*.py"):
        if path.name == "workbooks.py":
            continue
        text = path.read_text(encoding="utf-8")
        if direct.search(text) or (writes.search(text) and "junheng.workbooks" not in text):
            offenders.append(str(path.relative_to(source)))
    assert offenders == []


def test_numbers_of_a_frame_stay_numbers():
    from junheng.reports.xlsx_table import Column, Formats, TableSheet

    buffer = io.BytesIO()
    book = SafeWorkbook(buffer, {"in_memory": True})
    table = TableSheet(
        book, Formats(book), "t", [Column("名称", 10, None, "n"), Column("值", 10, "0", "v")]
    )
    table.write(pl.DataFrame({"n": ["-1+1", "a"], "v": [-3.0, 4.0]}))
    book.close()

    sheet = read_back(buffer.getvalue())["t"]
    assert_neutralised(sheet["A2"], "-1+1")
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-3, "n")
