"""The archive layout: 类别/指标/单位/文件 and the index workbook, names safe for any unzip."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from junheng.checklist_core.archive import (
    INDEX_NAME,
    ArchiveFile,
    IndexRow,
    folder_name,
    safe_part,
    write_archive,
)


def entry(name: str, data: bytes, unit: str = "城关一小") -> ArchiveFile:
    return ArchiveFile(
        code="2.5.1",
        category=folder_name("2", "政府保障程度"),
        item=folder_name("2.5.1", "小学班额不超过 45 人"),
        unit=unit,
        name=name,
        open=lambda: io.BytesIO(data),
    )


def index_row() -> IndexRow:
    return IndexRow(
        code="2.5.1",
        title="小学班额不超过 45 人",
        requirement="小学最大校均班额 ≤ 45 人",
        evidence="班额统计表",
        score="",
        max_score="",
        met="达标",
        units="城关一小",
        people="王校长",
        deadlines="2025-09-01",
        complete="齐全",
    )


def test_files_are_laid_out_by_category_item_and_unit_with_an_index():
    buffer = io.BytesIO()
    paths = write_archive(
        buffer,
        [
            entry("班额统计表.pdf", b"a"),
            entry("班额统计表.pdf", b"b"),
            entry("x.pdf", b"c", "东乡"),
        ],
        [index_row()],
        title="示例县 台账",
    )
    names = zipfile.ZipFile(buffer).namelist()
    assert names == paths
    assert names[-1] == INDEX_NAME
    assert "2 政府保障程度/2.5.1 小学班额不超过 45 人/城关一小/班额统计表.pdf" in names
    assert "2 政府保障程度/2.5.1 小学班额不超过 45 人/城关一小/班额统计表（2）.pdf" in names
    assert "2 政府保障程度/2.5.1 小学班额不超过 45 人/东乡/x.pdf" in names
    book = load_workbook(io.BytesIO(zipfile.ZipFile(buffer).read(INDEX_NAME)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "示例县 台账"
    assert rows[1][:5] == ("编码", "指标", "要求", "佐证材料要求", "文件")
    assert rows[2][0] == "2.5.1" and "城关一小/班额统计表.pdf" in rows[2][4]


def test_chinese_names_are_stored_as_utf8_in_the_zip():
    buffer = io.BytesIO()
    write_archive(buffer, [entry("班额统计表.pdf", b"a")], [], title="t")
    infos = zipfile.ZipFile(buffer).infolist()
    assert all(info.flag_bits & 0x800 for info in infos)  # the UTF-8 name flag


def test_unsafe_signs_and_long_names_are_cleaned():
    assert safe_part('a/b\\c:d*e?f"g<h>i|j') == "a_b_c_d_e_f_g_h_i_j"
    assert safe_part("..") == "_"
    long = safe_part("很" * 100 + ".pdf", 20)
    assert len(long) == 20 and long.endswith(".pdf")
