"""The checklist workbook: the documented layout in and out, every problem by row and column."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from checklists.generate import generated_checklist, generated_workbook
from junheng.checklist_core.layout import COLUMNS, HEADERS, HELP_SHEET, INFO_SHEET, ITEMS_SHEET
from junheng.checklist_core.model import ChecklistSpec, Item
from junheng.checklist_core.workbook import (
    blank_workbook,
    checklist_workbook,
    read_checklist_workbook,
)
from junheng.evaluation.errors import DataError

COLUMN = {c.key: i for i, c in enumerate(COLUMNS, start=1)}


def edited(data: bytes, edits: dict[tuple[int, str], object], delete_rows=()) -> bytes:
    """The workbook with cells (row, column key) set, and rows deleted (bottom first)."""
    book = load_workbook(io.BytesIO(data))
    sheet = book[ITEMS_SHEET]
    for (row, key), value in edits.items():
        sheet.cell(row=row, column=COLUMN[key]).value = value
    for row in sorted(delete_rows, reverse=True):
        sheet.delete_rows(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row_of(data: bytes, code: str) -> int:
    sheet = load_workbook(io.BytesIO(data))[ITEMS_SHEET]
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if cells[0] == code:
            return number
    raise KeyError(code)


def problems(data: bytes) -> list:
    with pytest.raises(DataError) as caught:
        read_checklist_workbook(data, file="双高双普.xlsx")
    return caught.value.problems


def test_the_generated_province_checklist_has_3_levels_8_categories_and_156_sub_items():
    checklist = generated_checklist()
    depths = [item.depth for item in checklist.items]
    assert (depths.count(1), depths.count(2), depths.count(3)) == (8, 32, 156)


def test_a_checklist_round_trips_through_its_workbook_unchanged():
    checklist = generated_checklist()
    assert read_checklist_workbook(checklist_workbook(checklist), file="x.xlsx") == checklist


def test_exporting_the_imported_workbook_again_gives_the_same_cells():
    first = generated_workbook()
    again = checklist_workbook(read_checklist_workbook(first, file="x.xlsx"))
    cells = [
        [list(r) for r in load_workbook(io.BytesIO(b))[ITEMS_SHEET].iter_rows(values_only=True)]
        for b in (first, again)
    ]
    assert cells[0] == cells[1]


def test_the_blank_template_has_the_documented_headers_info_and_help_sheets():
    book = load_workbook(io.BytesIO(blank_workbook()))
    assert book.sheetnames == [ITEMS_SHEET, INFO_SHEET, HELP_SHEET]
    headers = [c.value for c in book[ITEMS_SHEET][1]]
    assert headers == [c.header for c in COLUMNS]
    help_text = "\n".join(str(r[0]) for r in book[HELP_SHEET].iter_rows(values_only=True) if r[0])
    assert "class_size_max.primary" in help_text  # the system figures are listed
    assert "编码列须为文本格式" in help_text


def test_the_blank_template_read_back_has_no_items():
    found = problems(blank_workbook())
    assert "文件中没有指标" in [p.zh for p in found]


def test_a_bad_code_is_reported_on_its_row_and_column():
    data = generated_workbook()
    row = row_of(data, "2.3.1")
    found = problems(edited(data, {(row, "code"): "2..3"}))
    assert any(p.row == row and p.column == "编码" and "格式不对" in p.zh for p in found), found


def test_a_missing_parent_is_reported_on_the_child():
    data = generated_workbook()
    parent = row_of(data, "3.2")
    found = problems(edited(data, {}, delete_rows=[parent]))
    messages = [p.zh for p in found if p.column == "编码"]
    assert any("上级指标「3.2」不存在" in m for m in messages)
    # every orphaned sub-item says so
    orphans = [i for i in generated_checklist().items if i.parent == "3.2"]
    assert sum("上级指标「3.2」不存在" in m for m in messages) == len(orphans)


def test_a_duplicate_code_names_the_first_row():
    data = generated_workbook()
    first, second = row_of(data, "1.1.1"), row_of(data, "1.1.2")
    found = problems(edited(data, {(second, "code"): "1.1.1"}))
    duplicate = [p for p in found if "重复" in p.zh]
    assert duplicate and duplicate[0].row == second
    assert f"第 {first} 行" in duplicate[0].zh


def test_a_score_that_is_not_a_number_is_reported():
    data = generated_workbook()
    row = row_of(data, "5.1.2")
    found = problems(edited(data, {(row, "max_score"): "三分"}))
    assert any(p.row == row and p.column == "分值" and "不是数字" in p.zh for p in found)


def test_children_scores_must_add_up_to_the_parent_score():
    data = generated_workbook()
    row = row_of(data, "6.2")
    found = problems(edited(data, {(row, "max_score"): 99}))
    mismatch = [p for p in found if p.row == row and p.column == "分值"]
    assert mismatch and "不一致" in mismatch[0].zh and "6.2.1" in mismatch[0].zh


def test_every_problem_of_a_file_is_reported_at_once():
    data = generated_workbook()
    edits = {
        (row_of(data, "1.2.1"), "code"): "x",
        (row_of(data, "2.2.2"), "max_score"): "abc",
        (row_of(data, "3.3.3"), "comparison"): "约等于",
        (row_of(data, "4.4.1"), "veto"): "也许",
        (row_of(data, "5.1.1"), "source"): "no_such_figure",
        (row_of(data, "6.1.1"), "title"): None,
    }
    found = problems(edited(data, edits))
    columns = {(p.row, p.column) for p in found}
    for (row, key), _ in edits.items():
        assert (row, HEADERS[key]) in columns, (row, key, found)


def test_a_number_excel_stored_as_code_is_read_as_its_text():
    data = generated_workbook()
    row = row_of(data, "1.2")
    checklist = read_checklist_workbook(edited(data, {(row, "code"): 1.2}), file="x.xlsx")
    assert "1.2" in checklist.by_code


def test_a_file_that_is_not_a_workbook_is_refused_with_a_chinese_message():
    found = problems(b"%PDF-1.4 not a workbook")
    assert "无法读取该文件" in found[0].zh


def test_a_workbook_without_the_code_header_is_refused():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["序号", "内容"])
    buffer = io.BytesIO()
    book.save(buffer)
    found = problems(buffer.getvalue())
    assert "找不到指标表" in found[0].zh


def test_the_info_sheet_gives_the_checklist_its_name_key_and_pass_rule():
    checklist = ChecklistSpec(
        key="demo",
        name="示例指标",
        document="示发〔2025〕1号",
        all_required=True,
        items=(Item(code="1", title="类别"), Item(code="1.1", title="指标", evidence=("A", "B"))),
    )
    again = read_checklist_workbook(checklist_workbook(checklist), file="x.xlsx")
    assert again == checklist


def test_text_that_looks_like_a_formula_is_written_as_text():
    checklist = ChecklistSpec(
        key="f",
        name="=1+1",
        items=(Item(code="1", title='=HYPERLINK("http://x","点我")', rule="=A1"),),
    )
    data = checklist_workbook(checklist)
    cell = load_workbook(io.BytesIO(data))[ITEMS_SHEET]["B2"]
    assert cell.data_type == "s"
    assert read_checklist_workbook(data, file="x.xlsx") == checklist


# property: any checklist survives its workbook ------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TEXT = (
    st.text(
        alphabet=st.sampled_from("班额学校规模≥≤%=+-()（）abcXYZ0123456789 ，。\n"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
PIECE = TEXT.map(lambda t: t.replace("\n", " ").replace("；", "").replace(";", "")).filter(bool)
# Excel keeps 15 significant digits: figures of a checklist have a few decimals at most
DECIMAL = st.integers(0, 100_000).map(lambda n: n / 100)
NUMBER = st.one_of(st.none(), st.integers(0, 100).map(float), DECIMAL)


@st.composite
def checklists(draw):
    items = []
    for c in range(1, draw(st.integers(1, 3)) + 1):
        kids = draw(st.integers(0, 3))
        scores = [draw(NUMBER) for _ in range(kids)]
        given_scores = [s for s in scores if s is not None]
        parent_score = round(sum(given_scores), 2) if given_scores and draw(st.booleans()) else None
        if not given_scores:
            parent_score = draw(NUMBER)
        items.append(Item(code=str(c), title=draw(TEXT), max_score=parent_score))
        for k, score in enumerate(scores, start=1):
            ruled = draw(st.booleans())
            items.append(
                Item(
                    code=f"{c}.{k}",
                    title=draw(TEXT),
                    max_score=score,
                    rule=draw(st.one_of(st.just(""), TEXT)),
                    scoring="binary" if ruled else "manual",
                    evidence=tuple(draw(st.lists(PIECE, max_size=3))),
                    figure=draw(st.one_of(st.just(""), PIECE)),
                    comparison=">=" if ruled else "",
                    threshold=draw(DECIMAL) if ruled else None,
                    veto=draw(st.booleans()),
                    unconfirmed=draw(st.booleans()),
                    note=draw(st.one_of(st.just(""), TEXT)),
                )
            )
    return ChecklistSpec(
        key="p", name=draw(TEXT), document=draw(st.one_of(st.just(""), PIECE)), items=tuple(items)
    )


@settings(max_examples=40, deadline=None)
@given(checklists())
def test_any_checklist_survives_its_workbook(checklist):
    assert read_checklist_workbook(checklist_workbook(checklist), file="x.xlsx") == checklist


# hostile workbooks (issue 13 §1): bounded before parsing, every parser error a clean refusal


def _with_member(data: bytes, member: str, content: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info.filename, source.read(info.filename))
        target.writestr(member, content)
    return out.getvalue()


def test_a_checklist_workbook_of_a_million_rows_is_refused_at_once():
    import time

    rows = b"<row><c><v>1</v></c></row>" * 1_000_000
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )
    data = _with_member(blank_workbook(), "xl/worksheets/sheet1.xml", sheet)
    started = time.perf_counter()
    found = problems(data)
    assert time.perf_counter() - started < 1.0
    assert "超过 5,000 行" in found[0].zh


def test_a_truncated_checklist_sheet_is_refused_cleanly():
    import zipfile

    data = checklist_workbook(generated_checklist())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    found = problems(_with_member(data, "xl/worksheets/sheet1.xml", sheet[: len(sheet) // 2]))
    assert "无法读取该文件" in found[0].zh


def test_a_checklist_sheet_declaring_entities_is_refused():
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData/></worksheet>"
    )
    found = problems(_with_member(blank_workbook(), "xl/worksheets/sheet1.xml", sheet))
    assert "实体" in found[0].zh
