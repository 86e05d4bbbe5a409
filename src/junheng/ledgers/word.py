"""问题整改台账 as a Word ledger with the photos: A4 landscape, the bulletins' styles and page
numbers (`junheng.bulletins.word`), one table whose heading row repeats on every page and whose
rows never split, each problem with its photos as found and its proof.

The photos were checked and re-encoded when they were uploaded (`junheng.photos`); here they are
only made small (a ledger's cell is 3 cm wide) so that a county's ledger stays a file one can
mail, and written as JPEG or PNG, the formats Word takes.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Mm

from junheng.bulletins import fonts
from junheng.bulletins.word import _page, _run_font, _styles
from junheng.ledgers.problems import ProblemLine, problem_lines
from junheng.ledgers.sheets import Heading, person_name, table_date
from junheng.rectification.choices import PhotoStage
from junheng.rectification.models import ProblemPhoto

Progress = Callable[[int, int], None]

# (heading, width in cm): 25.7 cm of type area across an A4 page turned landscape
COLUMNS = (
    ("序号", 1.0),
    ("学校（单位）", 2.6),
    ("问题描述", 4.6),
    ("来源及发现日期", 2.4),
    ("整改措施", 4.0),
    ("责任人", 1.6),
    ("整改期限", 2.0),
    ("整改状态", 1.6),
    ("问题照片", 3.0),
    ("整改佐证", 3.0),
)
PHOTO_WIDTH = Cm(2.7)
PHOTO_PIXELS = 480  # the longer side of a photo in the ledger
PHOTOS_PER_CELL = 3


def problems_docx(
    *,
    user: Any,
    county: Any,
    query: dict[str, str],
    heading: Heading,
    progress: Progress | None = None,
) -> bytes:
    """The Word ledger of the problems the reader sees (narrowed by the list's filters)."""
    lines = problem_lines(user=user, query=query, today=heading.today)
    photos = _photos([line.problem.pk for line in lines])
    word = WordDocument()
    _styles(word)
    _page(word)
    _landscape(word)
    word.core_properties.title = f"{county.name}问题整改台账"
    word.core_properties.author = county.name
    word.add_paragraph(f"{county.name}问题整改台账", style="Title")
    word.add_paragraph(heading.line(), style="Table Text")
    table = _table(word)
    for done, line in enumerate(lines, start=1):
        _problem_row(word, table, line, photos.get(line.problem.pk, {}))
        if progress is not None:
            progress(done, len(lines))
    closed = sum(1 for line in lines if line.problem.is_closed)
    overdue = sum(1 for line in lines if line.overdue)
    note = word.add_paragraph(
        f"共 {len(lines)} 个问题，已销号 {closed} 个，逾期未整改 {overdue} 个。", style="Table Text"
    )
    note.alignment = None
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _landscape(word: Any) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(20)
    section.footer_distance = Mm(10)


def _photos(problem_ids: list[int]) -> dict[int, dict[str, list[ProblemPhoto]]]:
    """Every photo of the problems, by problem and stage, in one query."""
    found: dict[int, dict[str, list[ProblemPhoto]]] = defaultdict(lambda: defaultdict(list))
    for photo in ProblemPhoto.objects.filter(problem_id__in=problem_ids).order_by("pk"):
        found[photo.problem_id][photo.stage].append(photo)
    return found


def _table(word: Any) -> Any:
    """The table with its heading row, repeated on every page (tblHeader)."""
    table = word.add_table(rows=1, cols=len(COLUMNS), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _keep_row(table.rows[0], header=True)
    for cell, (text, width) in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.width = Cm(width)
        paragraph = cell.paragraphs[0]
        paragraph.style = word.styles["Table Text"]
        run = paragraph.add_run(text)
        run.font.bold = True
        _run_font(run, fonts.ROLE["heading"].word)
    return table


def _keep_row(row: Any, *, header: bool = False) -> None:
    """A row never split across pages; the heading row repeated (cantSplit before tblHeader,
    the schema's order)."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _problem_row(word: Any, table: Any, line: ProblemLine, photos: dict[str, list]) -> None:
    problem = line.problem
    found = f"{line.labels[0]}\n{table_date(line.found)}"
    texts = [
        str(line.number),
        problem.unit_name,
        problem.description,
        found,
        problem.measure,
        person_name(problem.responsible),
        table_date(problem.deadline),
        line.labels[2] + ("（逾期）" if line.overdue else ""),
    ]
    row = table.add_row()
    _keep_row(row)
    cells = row.cells
    for cell, text, (_, width) in zip(cells, texts, COLUMNS, strict=False):
        cell.width = Cm(width)
        cell.text = ""
        cell.paragraphs[0].style = word.styles["Table Text"]
        cell.paragraphs[0].add_run(text)
    for cell, stage, (_, width) in (
        (cells[8], PhotoStage.PROBLEM, COLUMNS[8]),
        (cells[9], PhotoStage.PROOF, COLUMNS[9]),
    ):
        cell.width = Cm(width)
        _photo_cell(word, cell, photos.get(stage, []))


def _photo_cell(word: Any, cell: Any, photos: list[ProblemPhoto]) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = word.styles["Table Text"]
    if not photos:
        paragraph.add_run("—")
        return
    for index, photo in enumerate(photos[:PHOTOS_PER_CELL]):
        target = paragraph if index == 0 else cell.add_paragraph(style="Table Text")
        image = _small_image(photo)
        if image is None:
            target.add_run("（照片文件缺失）")
        else:
            target.add_run().add_picture(io.BytesIO(image), width=PHOTO_WIDTH)
    if len(photos) > PHOTOS_PER_CELL:
        cell.add_paragraph(f"另有 {len(photos) - PHOTOS_PER_CELL} 张", style="Table Text")


def _small_image(photo: ProblemPhoto) -> bytes | None:
    """The photo made small, as JPEG (PNG when it has transparency); None when its file is
    gone or unreadable (the ledger says so instead of failing)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with photo.file.open("rb") as handle, Image.open(handle) as image:
            image.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
            buffer = io.BytesIO()
            if image.mode in ("RGBA", "LA") or "transparency" in image.info:
                image.save(buffer, "PNG")
            else:
                image.convert("RGB").save(buffer, "JPEG", quality=80)
            return buffer.getvalue()
    except (OSError, UnidentifiedImageError, ValueError):
        return None
