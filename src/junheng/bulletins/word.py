"""A document (`layout.Document`) as a Word file: A4 with the margins of GB/T 9704, real styles
(Title, Heading 1–3, Normal) in the official documents' fonts (`fonts`), page numbers 「— 1 —」
in the footer, tables whose header row repeats on every page and whose rows never split across
pages, and the chart as a picture."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from junheng.bulletins import fonts
from junheng.bulletins.layout import BULLETIN, Document, Section, signature_indents

RED = (0xC0, 0x00, 0x00)
BODY_SIZE = 16  # 三号
LINE = 29  # points: 22 lines in the 225 mm type area
INDENT = 2 * BODY_SIZE  # two characters
# The paragraph properties the schema puts after w:pBdr (CT_PPr's order): a border goes before.
AFTER_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _fonts(style: Any, east_asian: str, size: float, bold: bool = False) -> None:

    style.font.name = fonts.LATIN
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:ascii"), fonts.LATIN)
    rfonts.set(qn("w:hAnsi"), fonts.LATIN)


def _run_font(run: Any, east_asian: str) -> None:

    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _styles(word: Any) -> None:

    styles = word.styles
    role = fonts.ROLE
    normal = styles["Normal"]
    _fonts(normal, role["body"].word, BODY_SIZE)
    normal.paragraph_format.line_spacing = Pt(LINE)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    title = styles["Title"]
    _fonts(title, role["title"].word, 22)  # 二号
    title.font.color.rgb = RGBColor(0, 0, 0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(LINE)
    # no rule under the Title (python-docx's default template draws one)
    borders = title.element.pPr.find(qn("w:pBdr"))
    if borders is not None:
        title.element.pPr.remove(borders)
    for name, font, size, indent in (
        ("Heading 1", role["heading"].word, BODY_SIZE, True),
        ("Heading 2", role["subheading"].word, BODY_SIZE, True),
        ("Heading 3", role["title"].word, 18, False),  # 小二: a bulletin item's headline
    ):
        heading = styles[name]
        _fonts(heading, font, size)
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.line_spacing = Pt(LINE if indent else 32)
        heading.paragraph_format.space_before = Pt(0 if indent else 12)
        heading.paragraph_format.space_after = Pt(0 if indent else 6)
        heading.paragraph_format.first_line_indent = Pt(INDENT) if indent else None
        heading.paragraph_format.keep_with_next = True
        if not indent:
            heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _fonts(table_text, role["body"].word, 10.5)  # 五号
    table_text.paragraph_format.line_spacing = 1.0
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    small = styles.add_style("Closing", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    _fonts(small, role["body"].word, 14)  # 四号
    small.paragraph_format.line_spacing = Pt(24)


def _page(word: Any) -> None:
    """A4 with GB/T 9704's margins (type area 156 × 225 mm) and 「— n —」 at the foot."""

    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    footer._p.append(field)
    footer.add_run(" —")
    for run in footer.runs:
        run.font.size = Pt(14)
        _run_font(run, "宋体")


def _border(paragraph: Any, side: str, color: str = "000000", size: int = 6) -> None:
    """A rule above or below a paragraph (size in eighths of a point)."""

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # where the schema puts it: before the properties that follow pBdr
        ppr.insert_element_before(borders, *AFTER_BORDERS)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "4")
    line.set(qn("w:color"), color)
    borders.append(line)


def _two_ends(word: Any, left: str, right: str, style: str = "Normal") -> Any:
    """A line with text at the left and at the right margin (a right tab stop)."""

    paragraph = word.add_paragraph(f"{left}\t{right}", style=style)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    return paragraph


def _centered(word: Any, text: str, style: str = "Normal") -> Any:

    paragraph = word.add_paragraph(text, style=style)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _red(paragraph: Any, size: float) -> None:

    for run in paragraph.runs:
        run.font.color.rgb = RGBColor(*RED)
        run.font.size = Pt(size)


def _masthead(word: Any, document: Document) -> None:
    head = document.masthead
    name = word.add_paragraph(head.name, style="Title")
    _red(name, 26)  # 一号
    issue = _centered(word, head.issue + ("（草稿）" if document.draft else ""))
    issue.paragraph_format.space_after = 0
    line = _two_ends(word, head.editor, head.date)
    _border(line, "bottom", "C00000", 18)
    line.paragraph_format.space_after = 12
    if document.foreword:
        note = word.add_paragraph()
        note.paragraph_format.first_line_indent = Pt(INDENT)
        lead = note.add_run("编者按：")
        _run_font(lead, fonts.ROLE["heading"].word)
        body = note.add_run(document.foreword)
        _run_font(body, fonts.ROLE["subheading"].word)


def _letterhead(word: Any, document: Document) -> None:
    head = document.letterhead
    mark = word.add_paragraph(head.mark, style="Title")
    _red(mark, 30)
    mark.paragraph_format.space_after = 24
    number = _centered(word, head.number or ("（草稿）" if document.draft else ""))
    _border(number, "bottom", "C00000", 12)
    number.paragraph_format.space_after = 24


def _table(word: Any, rows: list[list[str]]) -> None:
    """The table with its header row repeated on each page (tblHeader) and no row split
    across pages (cantSplit)."""

    table = word.add_table(rows=0, cols=len(rows[0]), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, values in enumerate(rows):
        row = table.add_row()
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.style = word.styles["Table Text"]
            run = paragraph.add_run(value)
            if index == 0:
                run.font.bold = True
                _run_font(run, fonts.ROLE["heading"].word)
    for properties in table._tbl.iter(qn("w:trPr")):
        # Word wants cantSplit before tblHeader, as the schema orders them
        properties[:] = sorted(properties, key=lambda e: e.tag != qn("w:cantSplit"))


def _section(word: Any, section: Section, kind: str) -> None:

    if section.heading:
        heading = word.add_heading(section.heading, level=section.level)
        if kind == BULLETIN and section.level == 1:
            heading.paragraph_format.first_line_indent = None
            heading.paragraph_format.space_before = Pt(12)
    for text in section.paragraphs:
        paragraph = word.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(INDENT)
    if section.chart is not None:
        image = section.chart.png()
        if image is not None:
            _centered(word, "").add_run().add_picture(io.BytesIO(image), width=Cm(15))
    if section.table:
        _table(word, section.table)
    for note in section.notes:
        paragraph = word.add_paragraph(note, style="Table Text")
        paragraph.alignment = None


def _signature(word: Any, document: Document) -> None:

    sign_right, date_right = signature_indents(document.signature, document.date)
    word.add_paragraph("")
    for text, right in ((document.signature, sign_right), (document.date, date_right)):
        paragraph = word.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(right * BODY_SIZE)


def _closing(word: Any, document: Document) -> None:
    """The 报尾 of a bulletin or the 版记 of a 公文, between two rules."""
    lines = [word.add_paragraph(text, style="Closing") for text in document.closing]
    left, right = document.closing_end
    if left or right:
        lines.append(_two_ends(word, left, right, style="Closing"))
    if not lines:
        return
    lines[0].paragraph_format.space_before = Pt(24)
    _border(lines[0], "top", size=8)
    _border(lines[-1], "bottom", size=8)


def to_docx(document: Document) -> bytes:
    """The document as a Word file."""

    word = WordDocument()
    _styles(word)
    _page(word)
    properties = word.core_properties
    properties.title = document.title or (
        f"{document.masthead.name}{document.masthead.issue}" if document.masthead else ""
    )
    properties.author = document.signature or (
        document.masthead.editor if document.masthead else ""
    )
    properties.comments = ""
    if document.masthead is not None:
        _masthead(word, document)
    if document.letterhead is not None:
        _letterhead(word, document)
    if document.title:
        word.add_paragraph(document.title, style="Title")
        if document.draft and document.letterhead is None:
            _centered(word, "（草稿）")
    if document.addressee:
        word.add_paragraph(f"{document.addressee}：")
    for text in document.opening:
        word.add_paragraph(text).paragraph_format.first_line_indent = Pt(INDENT)
    for section in document.sections:
        _section(word, section, document.kind)
    if document.signature or document.date:
        _signature(word, document)
    _closing(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
