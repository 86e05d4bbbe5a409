"""Bulletins and notices as documents: one structure (`Document`) rendered to the page, to
Word (.docx, with real Title/Heading/Normal styles so that staff edit it as their own) and to
PDF (WeasyPrint with Noto Sans CJK SC embedded)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from junheng.bulletins.charts import township_chart
from junheng.bulletins.figures import chinese_date, progress_paragraphs, township_table
from junheng.bulletins.models import Bulletin, Notice
from junheng.web.downloads import DOCX_TYPE, PDF_TYPE

PRINT_CSS = Path(__file__).with_name("print.css")
NUMERALS = "一二三四五六七八九十"
# A line of a notice that opens a numbered part (一、表扬) is a heading in Word.
HEADING_LINE = re.compile(rf"^[{NUMERALS}]+、")


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] | None = None  # the header row first
    chart_svg: str = ""


@dataclass
class Document:
    masthead: str  # 义务教育优质均衡发展工作简报 / 示例县教育局
    issue: str  # 第12期 (a bulletin) or "" (a notice)
    publisher: str
    date: str  # 2025年6月1日
    title: str  # a notice's own title (关于……的通报), "" for a bulletin
    sections: list[Section]
    draft: bool

    @property
    def file_stem(self) -> str:
        name = f"{self.masthead}{self.issue}" if self.issue else self.title
        return re.sub(r'[\\/:*?"<>|\s]+', "", name) or "document"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def bulletin_document(bulletin: Bulletin) -> Document:
    figures = bulletin.figures or {}
    sections = [
        Section(
            "工作进展",
            progress_paragraphs(figures),
            township_table(figures) if figures.get("townships") else None,
            township_chart(figures) if figures.get("townships") else "",
        )
    ]
    for heading, text in (("工作动态", bulletin.news), ("政策解读", bulletin.policy)):
        if text.strip():
            sections.append(Section(heading, _paragraphs(text)))
    for number, section in enumerate(sections):
        section.heading = f"{NUMERALS[number]}、{section.heading}"
    day = bulletin.issue_date or timezone.localdate()
    return Document(
        masthead=bulletin.title,
        issue=bulletin.issue_label,
        publisher=bulletin.editor,
        date=chinese_date(day.isoformat()),
        title="",
        sections=sections,
        draft=not bulletin.is_published,
    )


def notice_document(notice: Notice) -> Document:
    """The notice's text as it was edited: a line opening 一、二、… starts a section."""
    sections: list[Section] = [Section("")]
    for line in _paragraphs(notice.body):
        if HEADING_LINE.match(line):
            sections.append(Section(line))
        else:
            sections[-1].paragraphs.append(line)
    day = (notice.published_at or timezone.now()).astimezone(timezone.get_current_timezone())
    return Document(
        masthead=f"{notice.county.name}教育局",
        issue="",
        publisher=f"{notice.county.name}教育局",
        date=chinese_date(day.date().isoformat()),
        title=notice.title,
        sections=[s for s in sections if s.heading or s.paragraphs],
        draft=not notice.is_published,
    )


# --- Word ----------------------------------------------------------------------------------------

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"


def _fonts(style, latin: str, east_asian: str, size: float, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = latin
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def to_docx(document: Document) -> bytes:
    """The document in Word: the masthead in the Title style, sections as Heading 1, text as
    Normal, the figures as a Table Grid table (the chart's numbers)."""
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    word = WordDocument()
    styles = word.styles
    _fonts(styles["Normal"], "Times New Roman", BODY_FONT, 14)
    styles["Normal"].paragraph_format.line_spacing = Pt(28)
    _fonts(styles["Title"], "Times New Roman", TITLE_FONT, 26, bold=True)
    styles["Title"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    _fonts(styles["Heading 1"], "Times New Roman", HEADING_FONT, 16, bold=False)
    styles["Heading 1"].font.color.rgb = RGBColor(0, 0, 0)
    _fonts(styles["Heading 2"], "Times New Roman", HEADING_FONT, 15, bold=False)
    styles["Heading 2"].font.color.rgb = RGBColor(0, 0, 0)
    props = word.core_properties
    props.title = document.title or f"{document.masthead}{document.issue}"
    props.author = document.publisher

    masthead = word.add_paragraph(document.masthead, style="Title")
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.issue:
        issue = word.add_paragraph(document.issue + ("（草稿）" if document.draft else ""))
        issue.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif document.draft:
        word.add_paragraph("（草稿）").alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph(f"{document.publisher}　　　　{document.date}")
    if document.title:
        heading = word.add_heading(document.title, level=1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in document.sections:
        if section.heading:
            word.add_heading(section.heading, level=2 if document.title else 1)
        for text in section.paragraphs:
            paragraph = word.add_paragraph(text)
            paragraph.paragraph_format.first_line_indent = Pt(28)
        if section.table:
            table = word.add_table(rows=0, cols=len(section.table[0]), style="Table Grid")
            for index, row in enumerate(section.table):
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = value
                    if index == 0:
                        for run in cell.paragraphs[0].runs:
                            run.font.bold = True
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- PDF -----------------------------------------------------------------------------------------


def to_pdf(document: Document) -> bytes:
    """The document as PDF: the print template and print.css, fonts embedded by WeasyPrint."""
    from weasyprint import CSS, HTML

    html = render_to_string("bulletins/print.html", {"document": document})
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])


# --- a format chosen by name --------------------------------------------------------------------

# The file formats a document is downloaded in: (renderer, content type).
FORMATS = {"docx": (to_docx, DOCX_TYPE), "pdf": (to_pdf, PDF_TYPE)}


def rendered(document: Document, fmt: str) -> tuple[bytes, str]:
    """The document in a format of `FORMATS`, with its content type."""
    render, content_type = FORMATS[fmt]
    return render(document), content_type
