"""What an evidence file may be and what it may not: the kinds accepted (by extension, with
their names in Chinese), the extensions and first bytes of programs, scripts and web pages, and
what an archive may not hold. `uploads` checks a file against these tables; `active_label`
names the active content a file's first bytes are.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    key: str
    name: str
    extensions: tuple[str, ...]
    content_type: str


KINDS: dict[str, FileKind] = {
    kind.key: kind
    for kind in (
        FileKind("pdf", "PDF", ("pdf",), "application/pdf"),
        FileKind("jpeg", "JPG 图片", ("jpg", "jpeg"), "image/jpeg"),
        FileKind("png", "PNG 图片", ("png",), "image/png"),
        FileKind(
            "docx",
            "Word 文档",
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileKind(
            "xlsx",
            "Excel 工作簿",
            ("xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        FileKind(
            "pptx",
            "PowerPoint 演示文稿",
            ("pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        FileKind("doc", "Word 97-2003 文档", ("doc",), "application/msword"),
        FileKind("xls", "Excel 97-2003 工作簿", ("xls",), "application/vnd.ms-excel"),
        FileKind("zip", "ZIP 压缩包", ("zip",), "application/zip"),
        FileKind("txt", "文本文件", ("txt",), "text/plain; charset=utf-8"),
    )
}
KIND_OF_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}
ALLOWED_TEXT = "PDF、JPG、PNG、Word（doc/docx）、Excel（xls/xlsx）、PowerPoint（pptx）、ZIP、TXT"

EXECUTABLE_EXTENSIONS = frozenset(
    [
        "exe",
        "com",
        "bat",
        "cmd",
        "scr",
        "pif",
        "msi",
        "msp",
        "dll",
        "sys",
        "cpl",
        "jar",
        "js",
        "jse",
        "vbs",
        "vbe",
        "wsf",
        "wsh",
        "ps1",
        "psm1",
        "sh",
        "bash",
        "zsh",
        "csh",
        "ksh",
        "py",
        "pyc",
        "pl",
        "rb",
        "php",
        "php3",
        "php5",
        "phtml",
        "asp",
        "aspx",
        "jsp",
        "cgi",
        "elf",
        "bin",
        "run",
        "app",
        "apk",
        "deb",
        "rpm",
        "lnk",
        "reg",
        "hta",
        "gadget",
        "vb",
    ]
)
WEB_EXTENSIONS = frozenset(["html", "htm", "xhtml", "shtml", "mht", "mhtml", "svg", "svgz", "xml"])
KNOWN_EXTENSIONS = (
    frozenset(KIND_OF_EXTENSION)
    | EXECUTABLE_EXTENSIONS
    | WEB_EXTENSIONS
    | {
        "rar",
        "7z",
        "gz",
        "tar",
        "ppt",
        "xlsm",
        "docm",
        "pptm",
        "rtf",
        "wps",
        "et",
        "csv",
        "gif",
        "bmp",
        "tif",
        "tiff",
        "mp4",
        "avi",
        "mp3",
    }
)

EXECUTABLE_MAGIC = (
    (b"\x7fELF", "ELF"),
    (b"MZ", "Windows（PE）"),
    (b"\xfe\xed\xfa\xce", "Mach-O"),
    (b"\xfe\xed\xfa\xcf", "Mach-O"),
    (b"\xce\xfa\xed\xfe", "Mach-O"),
    (b"\xcf\xfa\xed\xfe", "Mach-O"),
    (b"\xca\xfe\xba\xbe", "Mach-O"),
    (b"#!", "脚本"),
)
HTML_MARKERS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<meta",
    b"<a href",
    b"<img",
    b"<?php",
)
SCRIPT_MARKERS = (b"<script", b"javascript:", b"onload", b"onerror", b"onclick", b"<foreignobject")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_STREAMS = {
    "doc": ("WordDocument".encode("utf-16-le"),),
    "xls": ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le")),
}
# what an archive may not hold, by the entry's name (its content is sniffed too): programs,
# scripts, installers, shortcuts and web pages
ARCHIVE_FORBIDDEN = frozenset(
    [
        "exe",
        "com",
        "bat",
        "cmd",
        "scr",
        "pif",
        "msi",
        "msp",
        "dll",
        "cpl",
        "jar",
        "js",
        "jse",
        "vbs",
        "vbe",
        "wsf",
        "wsh",
        "ps1",
        "psm1",
        "sh",
        "bash",
        "hta",
        "lnk",
        "reg",
        "apk",
        "html",
        "htm",
        "xhtml",
        "shtml",
        "mht",
        "mhtml",
        "svg",
        "svgz",
    ]
)


# Office files that carry macros by their very format (a zip may not hold them either)
MACRO_ENABLED = frozenset(["docm", "xlsm", "pptm", "dotm", "xltm", "potm", "ppsm", "xlam", "ppam"])


def active_label(head: bytes) -> str | None:
    """What active content the file's first bytes are: an executable's label, "SVG",
    "SVG_SCRIPT" or "HTML"; None for none."""
    for magic, label in EXECUTABLE_MAGIC:
        if head.startswith(magic):
            return label
    sniff = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if b"<svg" in sniff[:4096] and sniff.startswith((b"<svg", b"<?xml", b"<!doctype svg", b"<!--")):
        return "SVG_SCRIPT" if any(m in head.lower() for m in SCRIPT_MARKERS) else "SVG"
    if any(sniff.startswith(marker) for marker in HTML_MARKERS):
        return "HTML"
    return None
