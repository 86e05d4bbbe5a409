"""A document (`layout.Document`) as PDF: the print template and print.css drawn by WeasyPrint,
with the fonts `fonts.font_css` chooses embedded."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from junheng.bulletins.fonts import font_css
from junheng.bulletins.layout import Document, signature_indents

PRINT_CSS = Path(__file__).with_name("print.css")


def print_html(document: Document) -> str:
    """The HTML WeasyPrint draws (the page's markup, with the signature's indents)."""
    sign_right, date_right = signature_indents(document.signature, document.date)
    return render_to_string(
        "bulletins/print.html",
        {"document": document, "sign_right": sign_right, "date_right": date_right},
    )


def to_pdf(document: Document) -> bytes:
    """The document as PDF."""
    from weasyprint import CSS, HTML

    return HTML(string=print_html(document)).write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS)), CSS(string=font_css())]
    )
