"""Reading template files: sheets as bureaus fill them are accepted, broken files are named.

school-data-template.md: xlsx (first sheet or 学校基本情况), csv (UTF-8 with or without BOM,
GBK/GB18030), parquet (English keys); title rows, units in headers, totals and notes rows.
"""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from evaluation.factory import (
    HEADERS,
    KEYS,
    code,
    places,
    read_problems,
    school,
    write_csv,
    write_parquet,
    write_xlsx,
)
from junheng.evaluation import SourceFile, read_school_data
from junheng.evaluation.template_files import FILE, ROW

TITLE_ROWS = (["学校基本情况表"], ["填报单位：寻乌县教育局", None, None, "单位：平方米、万元"])
UNIT_HEADERS = {
    "teaching_room_area": "教学及辅助用房面积（平方米）",
    "sports_area": "体育运动场馆面积\n(平方米)",
    "equipment_value": "教学仪器设备值\n(万元)",
}
TOTALS_AND_NOTES = (
    [None, None, None, None, None, "合计", None, None, None, None, None, 2300],
    [],
    ["填表人：张三", None, None, "审核人：李四"],
    ["填表日期：2025年9月30日"],
    ["说明：本表数据截至9月1日"],
)


def rows_of(frame: pl.DataFrame) -> list[dict]:
    """The data read, without where it was read from."""
    return frame.drop(FILE, ROW).to_dicts()


def three_schools() -> list[dict]:
    return [
        school(1, primary=1000),
        school(2, "初级中学", junior=800, equipment_value=312.5),
        school(3, "九年一贯制学校", primary=166, junior=210, books=23226),
    ]


# --- accepted inputs -------------------------------------------------------------------------


def test_it_reads_an_xlsx_with_title_rows_units_in_headers_a_totals_row_and_notes(
    tmp_path: Path,
):
    path = write_xlsx(
        tmp_path / "寻乌县.xlsx",
        three_schools(),
        headers=UNIT_HEADERS,
        before=TITLE_ROWS,
        after=TOTALS_AND_NOTES,
    )

    data = read_school_data([path])

    assert data["school_code"].to_list() == [code(1), code(2), code(3)]
    # two title rows and the header above: the first school is on spreadsheet row 4
    assert data[ROW].to_list() == [4, 5, 6]
    assert data[FILE].to_list() == [str(path)] * 3
    assert data["equipment_value"].to_list() == [350.0, 312.5, 131.6]
    assert data["books"].to_list() == [40000, 32000, 23226]


def test_rows_are_numbered_as_the_spreadsheet_numbers_them_below_title_rows(tmp_path: Path):
    rows = three_schools()
    rows[0]["books"] = -1
    rows[2]["books"] = -2
    path = write_xlsx(tmp_path / "t.xlsx", rows, before=TITLE_ROWS, after=TOTALS_AND_NOTES)

    assert places(read_problems([path])) == [
        (str(path), 4, "图书册数"),
        (str(path), 6, "图书册数"),
    ]


def test_it_reads_numbers_written_as_text_cells(tmp_path: Path):
    path = write_xlsx(tmp_path / "text.xlsx", three_schools(), text_numbers=True)

    assert rows_of(read_school_data([path])) == rows_of(
        read_school_data([write_xlsx(tmp_path / "numbers.xlsx", three_schools())])
    )


def test_it_reads_numbers_with_thousands_separators(tmp_path: Path):
    rows = three_schools()
    rows[0].update(books="40,000", teaching_room_area="7,000.5", primary_students="1，000")
    rows[1].update(sports_area=" 9 600 ")
    csv_path = write_csv(tmp_path / "sep.csv", rows)
    xlsx_path = write_xlsx(tmp_path / "sep.xlsx", rows)

    for path in (csv_path, xlsx_path):
        data = read_school_data([path])
        assert data["books"][0] == 40000
        assert data["teaching_room_area"][0] == 7000.5
        assert data["primary_students"][0] == 1000
        assert data["sports_area"][1] == 9600


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_it_reads_csv_in_utf_8_with_or_without_bom_and_in_gbk(tmp_path: Path, encoding):
    rows = three_schools()
    rows[0]["school_name"] = "城关第一小学"
    path = write_csv(tmp_path / f"{encoding}.csv", rows, encoding=encoding)

    data = read_school_data([path])

    assert data["school_name"][0] == "城关第一小学"
    assert data["county_name"].to_list() == ["寻乌县"] * 3
    assert data["year"][0] == 2025  # the BOM does not stick to the first header


def test_it_reads_gb18030_characters_beyond_gbk(tmp_path: Path):
    rows = three_schools()
    rows[0]["school_name"] = "𠀾家坳小学"  # an extension-B character: GB18030 only
    path = write_csv(tmp_path / "gb18030.csv", rows, encoding="gb18030")

    assert read_school_data([path])["school_name"][0] == "𠀾家坳小学"


def test_it_reads_parquet_with_english_keys(tmp_path: Path):
    path = write_parquet(tmp_path / "schools.parquet", three_schools())

    data = read_school_data([path])

    assert rows_of(data) == rows_of(
        read_school_data([write_csv(tmp_path / "s.csv", three_schools())])
    )
    assert data[ROW].to_list() == [2, 3, 4]


def test_parquet_problems_name_the_english_key_and_the_row(tmp_path: Path):
    rows = three_schools()
    rows[1]["junior_qualified_teachers"] = 99
    path = write_parquet(tmp_path / "bad.parquet", rows)

    assert places(read_problems([path])) == [(str(path), 3, "junior_qualified_teachers")]


def test_it_reads_csv_with_english_keys(tmp_path: Path):
    english = write_csv(tmp_path / "en.csv", three_schools(), english=True)
    chinese = write_csv(tmp_path / "zh.csv", three_schools())

    assert rows_of(read_school_data([english])) == rows_of(read_school_data([chinese]))


def test_it_reads_columns_in_any_order(tmp_path: Path):
    shuffled = list(KEYS)
    random.Random(7).shuffle(shuffled)
    in_order = write_xlsx(tmp_path / "in-order.xlsx", three_schools())
    any_order = write_xlsx(tmp_path / "any-order.xlsx", three_schools(), columns=shuffled)

    assert rows_of(read_school_data([any_order])) == rows_of(read_school_data([in_order]))


def test_it_picks_the_sheet_named_学校基本情况_over_the_first_sheet(tmp_path: Path):
    path = write_xlsx(
        tmp_path / "book.xlsx",
        three_schools(),
        sheet="学校基本情况",
        sheets_before={"填表说明": [["请按模板填写"], ["学校标识码为10位数字"]]},
    )

    assert read_school_data([path])["school_code"].to_list() == [code(1), code(2), code(3)]


def test_it_reads_the_first_sheet_when_none_is_named_学校基本情况(tmp_path: Path):
    path = write_xlsx(
        tmp_path / "book.xlsx",
        three_schools(),
        sheet="Sheet1",
        sheets_before={"2025年": [[HEADERS[k] for k in KEYS], *[[1] * len(KEYS)]]},
    )

    # the first sheet is read: its one row is garbage, so the file is rejected there
    assert {(p.file, p.row) for p in read_problems([path])} == {(str(path), 2)}


def test_it_ignores_serial_number_and_remarks_columns(tmp_path: Path):
    rows = [
        dict(r, 序号=i, 备注="新建校区" if i == 2 else "") for i, r in enumerate(three_schools(), 1)
    ]
    path = write_csv(tmp_path / "extra.csv", rows, columns=["序号", *KEYS, "备注"])

    assert read_school_data([path]).height == 3


def test_ownership_and_affiliation_may_be_left_out_and_default_to_public_county_schools(
    tmp_path: Path,
):
    columns = [k for k in KEYS if k not in ("ownership", "affiliation")]
    path = write_csv(tmp_path / "short.csv", three_schools(), columns=columns)

    data = read_school_data([path])

    assert data["ownership"].to_list() == ["公办"] * 3
    assert data["affiliation"].to_list() == ["县属"] * 3


def test_it_reads_several_files_as_one_data_set(tmp_path: Path):
    first = write_csv(tmp_path / "a.csv", three_schools()[:2])
    second = write_xlsx(tmp_path / "b.xlsx", three_schools()[2:])

    data = read_school_data([first, second])

    assert data["school_code"].to_list() == [code(1), code(2), code(3)]
    assert data[FILE].to_list() == [str(first), str(first), str(second)]


def test_it_reads_an_upload_given_as_bytes(tmp_path: Path):
    path = write_xlsx(tmp_path / "x.xlsx", three_schools())

    data = read_school_data([SourceFile("上传.xlsx", path.read_bytes())])

    assert data[FILE].to_list() == ["上传.xlsx"] * 3


# --- structural problems ---------------------------------------------------------------------


def test_it_names_every_missing_required_column(tmp_path: Path):
    columns = [k for k in KEYS if k not in ("school_code", "books", "junior_teachers")]
    path = write_csv(tmp_path / "short.csv", three_schools(), columns=columns)

    problems = read_problems([path])

    assert places(problems) == [
        (str(path), 1, "初中专任教师数"),
        (str(path), 1, "图书册数"),
        (str(path), 1, "学校标识码"),
    ]
    assert all(p.zh == "缺少必需的列" for p in problems)
    assert "required column is missing (school_code / 学校标识码)" in [p.en for p in problems]


def test_a_missing_column_is_named_by_its_english_key_in_an_english_file(tmp_path: Path):
    columns = [k for k in KEYS if k != "sports_area"]
    path = write_csv(tmp_path / "en.csv", three_schools(), columns=columns, english=True)

    assert places(read_problems([path])) == [(str(path), 1, "sports_area")]


def test_it_rejects_chinese_headers_mixed_with_english_keys(tmp_path: Path):
    path = write_csv(
        tmp_path / "mixed.csv",
        three_schools(),
        before=[["学校基本情况表"]],
        headers={"books": "books", "computers": "computers"},
    )

    problems = read_problems([path])

    # one problem for the header row, naming a header of each language as written
    assert places(problems) == [(str(path), 2, None)]
    assert "中文表头与英文列名混用（如「年度」与「computers」）" in problems[0].zh
    assert 'Chinese headers and English keys are mixed ("年度" and "computers")' in problems[0].en


def test_it_names_every_unknown_column_as_written(tmp_path: Path):
    rows = [dict(r, 校长姓名="张三", 联系电话="123") for r in three_schools()]
    path = write_xlsx(
        tmp_path / "extra.xlsx",
        rows,
        columns=[*KEYS, "校长姓名", "联系电话"],
        before=TITLE_ROWS,
    )

    problems = read_problems([path])

    assert places(problems) == [(str(path), 3, "校长姓名"), (str(path), 3, "联系电话")]
    assert all("not a column of the template" in p.en for p in problems)


def test_it_rejects_a_column_given_twice(tmp_path: Path):
    path = write_csv(
        tmp_path / "twice.csv",
        three_schools(),
        columns=[*KEYS, "books"],
        headers={"books": "图书册数"},
    )

    problems = read_problems([path])

    assert places(problems) == [(str(path), 1, "图书册数")]
    assert "duplicated column" in problems[0].en


def test_it_rejects_data_in_a_column_without_a_header(tmp_path: Path):
    path = tmp_path / "unheaded.csv"
    write_csv(path, three_schools())
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",多出来的数据"
    lines[3] += ",,9"
    path.write_text("\n".join(lines), encoding="utf-8")

    problems = read_problems([path])

    assert places(problems) == [(str(path), 3, None), (str(path), 4, None)]
    assert all("column without a header" in p.en for p in problems)


def test_it_rejects_a_file_without_a_header_row(tmp_path: Path):
    path = tmp_path / "no-header.csv"
    path.write_text("学校基本情况表\n一小,45,279\n二小,37,137\n", encoding="utf-8")

    problems = read_problems([path])

    assert places(problems) == [(str(path), None, None)]
    assert "找不到表头行" in problems[0].zh
    assert "no header row" in problems[0].en


@pytest.mark.parametrize("name", ["garbage.xlsx", "garbage.parquet", "garbage.csv"])
def test_it_rejects_an_unreadable_file(tmp_path: Path, name):
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 8)

    problems = read_problems([path])

    assert places(problems) == [(str(path), None, None)]
    assert problems[0].zh and problems[0].en


def test_it_rejects_a_csv_with_nul_bytes(tmp_path: Path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"\x00" * 64)

    assert places(read_problems([path])) == [(str(path), None, None)]


def test_it_rejects_an_empty_workbook(tmp_path: Path):
    path = write_xlsx(tmp_path / "empty.xlsx", [], columns=[])

    problems = read_problems([path])

    assert places(problems) == [(str(path), None, None)]
    assert "no header row" in problems[0].en


@pytest.mark.parametrize("name", ["schools.xls", "schools.json", "schools"])
def test_it_rejects_an_unsupported_extension(tmp_path: Path, name):
    path = tmp_path / name
    path.write_bytes(b"anything")

    problems = read_problems([path])

    assert places(problems) == [(str(path), None, None)]
    assert "unsupported file type" in problems[0].en


def test_it_rejects_a_file_that_does_not_exist(tmp_path: Path):
    path = tmp_path / "missing.csv"

    assert places(read_problems([path])) == [(str(path), None, None)]


def test_it_lists_the_problems_of_every_file_not_only_the_first(tmp_path: Path):
    broken = tmp_path / "a.xls"
    broken.write_bytes(b"x")
    rows = three_schools()
    rows[0]["books"] = "很多"
    bad_cell = write_csv(tmp_path / "b.csv", rows)
    short = write_csv(tmp_path / "c.csv", rows[1:], columns=[k for k in KEYS if k != "books"])

    assert places(read_problems([broken, bad_cell, short])) == [
        (str(broken), None, None),
        (str(bad_cell), 2, "图书册数"),
        (str(short), 1, "图书册数"),
    ]


def test_it_rejects_files_without_any_school(tmp_path: Path):
    path = write_csv(tmp_path / "empty.csv", [], after=TOTALS_AND_NOTES[2:])

    problems = read_problems([path])

    assert places(problems) == [(str(path), None, None)]
    assert "no school rows" in problems[0].en
