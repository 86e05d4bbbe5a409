"""The evidence archive (台账) as one zip: 类别/指标/单位/文件, with an index workbook.

What an inspection team receives: a folder per category and item, in code order, a folder
per responsible unit (school, township or bureau office), the files under their own names,
and 目录.xlsx listing each item's requirement, files, score and who is responsible.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from junheng.workbooks import append_row

INDEX_NAME = "目录.xlsx"
PART_LIMIT = 60
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_part(text: str, limit: int = PART_LIMIT) -> str:
    """A folder or file name every unzip tool accepts: no separators or reserved signs."""
    cleaned = _UNSAFE.sub("_", text).strip().strip(".")
    cleaned = re.sub(r"\s+", " ", cleaned)
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        if dot and 0 < len(ext) <= 5:
            cleaned = stem[: limit - len(ext) - 1].rstrip() + "." + ext
        else:
            cleaned = cleaned[:limit].rstrip()
    return cleaned or "_"


def folder_name(code: str, title: str) -> str:
    return safe_part(f"{code} {title}", PART_LIMIT)


@dataclass(frozen=True)
class ArchiveFile:
    """One file of the archive: where it goes, and how to read it."""

    code: str  # the item's code, to list the file in the index
    category: str  # folder names
    item: str
    unit: str
    name: str
    open: Callable[[], BinaryIO]


@dataclass(frozen=True)
class IndexRow:
    code: str
    title: str
    requirement: str
    evidence: str
    score: str
    max_score: str
    met: str
    units: str
    people: str
    deadlines: str
    complete: str
    depth: int = 2
    files: list[str] = field(default_factory=list)


INDEX_COLUMNS = (
    ("编码", 10),
    ("指标", 44),
    ("要求", 40),
    ("佐证材料要求", 36),
    ("文件", 56),
    ("得分", 7),
    ("满分", 7),
    ("是否达标", 9),
    ("责任单位", 18),
    ("责任人", 12),
    ("截止日期", 12),
    ("佐证齐全", 9),
)


def write_archive(
    target: BinaryIO, files: Iterable[ArchiveFile], index: Sequence[IndexRow], *, title: str
) -> list[str]:
    """Write the zip to `target`; the paths written, in order (the index last)."""
    paths: list[str] = []
    by_code: dict[str, list[str]] = {}
    taken: set[str] = set()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for entry in files:
            folder = "/".join(safe_part(part) for part in (entry.category, entry.item, entry.unit))
            path = _unique(f"{folder}/{safe_part(entry.name, 120)}", taken)
            with entry.open() as source, archive.open(path, "w", force_zip64=True) as dest:
                shutil.copyfileobj(source, dest, 1024 * 1024)
            paths.append(path)
            by_code.setdefault(entry.code, []).append(path)
        archive.writestr(INDEX_NAME, index_workbook(index, by_code, title=title))
    return [*paths, INDEX_NAME]


def _unique(path: str, taken: set[str]) -> str:
    folder, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    candidate, number = path, 1
    while candidate.lower() in taken:
        number += 1
        renamed = f"{stem}（{number}）.{ext}" if dot and stem else f"{name}（{number}）"
        candidate = f"{folder}/{renamed}" if folder else renamed
    taken.add(candidate.lower())
    return candidate


def index_workbook(rows: Sequence[IndexRow], files: dict[str, list[str]], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "台账目录"
    append_row(sheet, [title])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    append_row(sheet, [header for header, _ in INDEX_COLUMNS])
    for index, (_, width) in enumerate(INDEX_COLUMNS, start=1):
        sheet.cell(row=2, column=index).font = Font(bold=True)
        sheet.cell(row=2, column=index).fill = PatternFill("solid", fgColor="DDE7F3")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    for row in rows:
        append_row(
            sheet,
            [
                row.code,
                row.title,
                row.requirement,
                row.evidence,
                "\n".join(files.get(row.code, [])),
                row.score,
                row.max_score,
                row.met,
                row.units,
                row.people,
                row.deadlines,
                row.complete,
            ],
        )
        number = sheet.max_row
        for column in (2, 3, 4, 5, 9, 10):
            sheet.cell(row=number, column=column).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
        if row.depth == 1:
            for column in range(1, len(INDEX_COLUMNS) + 1):
                sheet.cell(row=number, column=column).font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
