"""Bulletins and notices as documents (`layout.Document`), rendered to the page, to Word
(`word.to_docx`) and to PDF (`pdf.to_pdf`): a bulletin with its 刊头, 编者按, columns of
headlined items and 报尾; a notice as a 公文 with its 版头, 主送, 落款, 成文日期 and 版记."""

from __future__ import annotations

import re

from django.utils import timezone, translation

from junheng.bulletins.charts import township_chart_of
from junheng.bulletins.choices import Column
from junheng.bulletins.figures import chinese_date, progress_paragraphs, township_table
from junheng.bulletins.layout import (
    BULLETIN,
    NOTICE,
    NUMERALS,
    Document,
    Letterhead,
    Masthead,
    Section,
)
from junheng.bulletins.models import Bulletin, DocumentSettings, Notice
from junheng.bulletins.selectors import document_settings
from junheng.web.downloads import DOCX_TYPE, PDF_TYPE

# A line of a notice that opens a numbered part (一、表扬) or a sub-part (（一）).
HEADING_LINE = re.compile(rf"^[{NUMERALS}]+、")
SUBHEADING_LINE = re.compile(rf"^（[{NUMERALS}]+）")


def paragraphs_of(text: str) -> list[str]:
    """A text's non-empty lines, each a paragraph."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def column_heading(column: str) -> str:
    """【工作动态】: in Chinese whatever the page's language (the document is Chinese)."""
    with translation.override("zh-hans"):
        return f"【{Column(column).label}】"


def bulletin_document(bulletin: Bulletin) -> Document:
    """The bulletin: 刊头, 编者按, its columns in their order (工作进展 opening with the
    figures, table and chart), each item under its headline, then the 报尾."""
    figures = bulletin.figures or {}
    items = list(bulletin.items.all())
    sections: list[Section] = []
    for column in Column.values:
        mine = [item for item in items if item.column == column]
        progress = column == Column.PROGRESS and bool(figures)
        if not mine and not progress:
            continue
        heading = Section(column_heading(column), level=1)
        if progress:
            heading.paragraphs = progress_paragraphs(figures)
            if figures.get("townships"):
                heading.chart = township_chart_of(figures)
                heading.table = township_table(figures)
        sections.append(heading)
        sections += [Section(item.headline, paragraphs_of(item.body), level=3) for item in mine]
    day = bulletin.issue_date or timezone.localdate()
    closing = [
        f"{label}：{text}"
        for label, text in (
            ("报", bulletin.report_to),
            ("送", bulletin.send_to),
            ("发", bulletin.issue_to),
        )
        if text.strip()
    ]
    return Document(
        kind=BULLETIN,
        title="",
        sections=sections,
        masthead=Masthead(
            name=bulletin.masthead_name,
            issue=f"第{bulletin.number}期" if bulletin.number else "",
            editor=bulletin.editor,
            date=chinese_date(day.isoformat()),
        ),
        foreword=" ".join(paragraphs_of(bulletin.foreword)),
        closing=closing,
        closing_end=("", f"（共印 {bulletin.copies} 份）" if bulletin.copies else ""),
        draft=not bulletin.is_published,
    )


def notice_sections(body: str) -> list[Section]:
    """The notice's text as it was edited: a line opening 一、 starts a part, （一） a sub-part."""
    sections: list[Section] = [Section("")]
    for line in paragraphs_of(body):
        if HEADING_LINE.match(line):
            sections.append(Section(line, level=1))
        elif SUBHEADING_LINE.match(line) and len(line) <= 30:
            sections.append(Section(line, level=2))
        else:
            sections[-1].paragraphs.append(line)
    return [s for s in sections if s.heading or s.paragraphs]


def notice_document(notice: Notice, settings: DocumentSettings | None = None) -> Document:
    """The notice as a 公文 (GB/T 9704): what publishing froze on it, and for a draft the
    county's settings where the notice leaves them blank."""
    settings = settings or document_settings(notice.county)
    day = notice.issue_date or timezone.localdate()
    date = chinese_date(day.isoformat())
    printer = notice.printer or settings.printer
    return Document(
        kind=NOTICE,
        title=notice.title,
        sections=notice_sections(notice.body),
        letterhead=Letterhead(
            mark=notice.issuer_mark or settings.issuer_mark, number=notice.document_number
        ),
        addressee=notice.addressee or settings.addressee,
        signature=notice.signature or settings.issuer,
        date=date,
        closing=[f"抄送：{notice.cc.rstrip('。')}。"] if notice.cc.strip() else [],
        closing_end=(printer, f"{date}印发"),
        draft=not notice.is_published,
    )


# --- the files ---------------------------------------------------------------------------------


def to_docx(document: Document) -> bytes:
    from junheng.bulletins.word import to_docx as render

    return render(document)


def to_pdf(document: Document) -> bytes:
    from junheng.bulletins.pdf import to_pdf as render

    return render(document)


# The file formats a document is downloaded in: (renderer, content type).
FORMATS = {"docx": (to_docx, DOCX_TYPE), "pdf": (to_pdf, PDF_TYPE)}


def rendered(document: Document, fmt: str) -> tuple[bytes, str]:
    """The document in a format of `FORMATS`, with its content type."""
    render, content_type = FORMATS[fmt]
    return render(document), content_type
