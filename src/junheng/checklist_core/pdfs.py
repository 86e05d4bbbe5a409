"""A PDF checked by what it holds: no script, no launch action, no embedded file.

Two looks, both needed:
1. The raw bytes, with every PDF name decoded (`/J#61vaScript` is `/JavaScript`, `/L#61unch` is
   `/Launch`): this finds what is written in the open, even in a file too broken to parse.
2. The parsed file (pypdf): every object the cross-reference tables list, those inside
   compressed object streams included, walked for the same names — this finds what the raw
   bytes hide in compressed streams. A PDF that cannot be parsed (or is encrypted with a
   password) cannot be checked this way and is refused.

Refused names: /JavaScript and /JS (scripts, an /OpenAction or /AA running one), /Launch (runs a
program), /EmbeddedFile(s) (files inside the PDF), /RichMedia (Flash and the like), /GoToE
(jumps into an embedded file).
"""

from __future__ import annotations

import re
from typing import Any, BinaryIO

CHUNK = 1024 * 1024
OVERLAP = 256  # a name cut by a chunk's end is whole in the next window
MAX_OBJECTS = 500_000

SCRIPT, LAUNCH, EMBEDDED = "pdf_script", "pdf_launch", "pdf_embedded"
FORBIDDEN = {
    "/JavaScript": SCRIPT,
    "/JS": SCRIPT,
    "/Launch": LAUNCH,
    "/EmbeddedFile": EMBEDDED,
    "/EmbeddedFiles": EMBEDDED,
    "/RichMedia": EMBEDDED,
    "/GoToE": EMBEDDED,
}
MESSAGES = {
    SCRIPT: ("PDF 文件含脚本（JavaScript），不允许上传", "the PDF contains JavaScript"),
    LAUNCH: ("PDF 文件含启动程序的动作（Launch），不允许上传", "the PDF has a launch action"),
    EMBEDDED: ("PDF 文件内嵌了其他文件，不允许上传", "the PDF embeds other files"),
    "pdf_unreadable": (
        "PDF 文件已损坏或已加密，无法检查其内容，不允许上传；请重新导出后上传",
        "the PDF is damaged or encrypted and cannot be checked",
    ),
}
_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]{1,127}")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class PdfRefused(ValueError):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.zh, self.en = MESSAGES[reason]
        super().__init__(self.zh)


def check_pdf(handle: BinaryIO) -> None:
    """Raise PdfRefused when the PDF holds a script, a launch action or an embedded file, or
    cannot be parsed to be sure it does not."""
    _scan_raw(handle)
    _walk_parsed(handle)


def decoded_name(raw: bytes) -> str:
    """A PDF name as the reader understands it: #xx escapes replaced by their byte."""
    if b"#" in raw:
        raw = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    return raw.decode("latin-1")


def _scan_raw(handle: BinaryIO) -> None:
    handle.seek(0)
    tail = b""
    while chunk := handle.read(CHUNK):
        window = tail + chunk
        for raw in _NAME.findall(window):
            reason = FORBIDDEN.get(decoded_name(raw))
            if reason:
                raise PdfRefused(reason)
        tail = window[-OVERLAP:]


def _walk_parsed(handle: BinaryIO) -> None:
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    handle.seek(0)
    try:
        reader = PdfReader(handle, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfRefused("pdf_unreadable")
        numbers = [(n, g) for g, table in reader.xref.items() for n in table]
        numbers += [(n, 0) for n in reader.xref_objStm]
        if len(numbers) > MAX_OBJECTS:
            raise PdfRefused("pdf_unreadable")
        for number, generation in numbers:
            obj = reader.get_object(IndirectObject(number, generation, reader))
            _refuse_names(obj, depth=0)
        _refuse_names(reader.trailer, depth=0)
    except PdfRefused:
        raise
    except Exception:  # pypdf raises many kinds for a damaged file
        raise PdfRefused("pdf_unreadable") from None
    finally:
        handle.seek(0)


def _refuse_names(obj: Any, depth: int) -> None:
    """Walk one object's direct content (not following references: every object is walked
    on its own) for a forbidden name, as a key or a value."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if depth > 64 or isinstance(obj, IndirectObject):
        return
    if isinstance(obj, NameObject):
        reason = FORBIDDEN.get(str(obj))
        if reason:
            raise PdfRefused(reason)
    elif isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            reason = FORBIDDEN.get(str(key))
            if reason:
                raise PdfRefused(reason)
            _refuse_names(value, depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            _refuse_names(value, depth + 1)
