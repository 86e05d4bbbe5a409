"""Small real files of every accepted kind, and of every kind an upload must refuse."""

from __future__ import annotations

import io
import struct
import zipfile

from openpyxl import Workbook


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(kind: str, size: tuple[int, int] = (4, 3), **options) -> bytes:
    """A real image (uploads are decoded and re-encoded: a fake one is refused)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, kind, **options)
    return buffer.getvalue()


PDF = _pdf()
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
DOC = OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64
XLS = OLE + "Workbook".encode("utf-16-le") + b"\x00" * 64
PPT = OLE + "PowerPoint Document".encode("utf-16-le") + b"\x00" * 64
TXT = "城关一小 2025 年度工作总结\n".encode()
TXT_GBK = "城关一小 2025 年度工作总结\n".encode("gb18030")
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 60
PE = b"MZ\x90\x00" + b"\x00" * 60
MACHO = b"\xcf\xfa\xed\xfe" + b"\x00" * 60
SCRIPT = b"#!/bin/sh\nrm -rf /\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
SVG_PLAIN = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
PDF_SCRIPT = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF"


def zip_bytes(entries: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCX = zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"})
PPTX = zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<p/>"})
ZIP = zip_bytes({"说明.txt": TXT, "照片/1.jpg": JPEG})
XLSM_AS_XLSX = zip_bytes(
    {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b"x"}
)


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["学校", "班额"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zeros_zip(megabytes: int, name: str = "zeros.bin", extra: dict | None = None) -> bytes:
    return zip_bytes({**(extra or {}), name: b"\x00" * (megabytes * 1024 * 1024)})


def nested_zip(depth: int) -> bytes:
    data = zip_bytes({"a.txt": TXT})
    for level in range(depth):
        data = zip_bytes({f"level{level}.zip": data})
    return data


def lying_zip() -> bytes:
    """A zip whose directory claims a 10-byte entry that inflates to 2 MB."""
    data = bytearray(zip_bytes({"small.txt": b"\x00" * (2 * 1024 * 1024)}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = struct.pack("<I", 10)
    return bytes(data)


def encrypted_zip() -> bytes:
    data = bytearray(zip_bytes({"secret.txt": TXT}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        flags = struct.unpack("<H", data[at + offset : at + offset + 2])[0] | 0x1
        data[at + offset : at + offset + 2] = struct.pack("<H", flags)
    return bytes(data)
