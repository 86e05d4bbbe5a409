"""Files sent to the browser: generated downloads under their Chinese names, and stored private
files (evidence, photos) that are never served from MEDIA_URL."""

from __future__ import annotations

from typing import Any, BinaryIO
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
ZIP_TYPE = "application/zip"
HTML_TYPE = "text/html; charset=utf-8"


def attachment_header(filename: str, fallback: str) -> str:
    """Content-Disposition of a download: the real name, Chinese intact, as RFC 5987/6266
    `filename*`, after a plain ASCII `filename` for old clients."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(content: bytes | str, content_type: str, name: str, fallback: str) -> HttpResponse:
    """Generated content as an attachment named `name` (`fallback`: its ASCII name)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment_header(name, fallback)
    return response


def file_download(handle: BinaryIO, content_type: str, name: str, fallback: str) -> FileResponse:
    """A file handle (a spooled archive) streamed as an attachment."""
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = attachment_header(name, fallback)
    return response


def private_file(
    stored: Any,
    content_type: str,
    *,
    name: str | None = None,
    fallback: str = "",
) -> FileResponse:
    """A stored file to someone the caller has checked may see it: inline (a photo) when no
    name is given, else as an attachment; never sniffed, never run as a page."""
    response = FileResponse(stored.open("rb"), content_type=content_type)
    if name is None:
        response["Content-Disposition"] = "inline"
        response["Cache-Control"] = "private, max-age=3600"
    else:
        response["Content-Disposition"] = attachment_header(name, fallback or "file")
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
