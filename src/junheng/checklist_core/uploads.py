"""Checking an evidence file before it is stored: its name, size and content, not its name alone.

Accepted: PDF, JPG/PNG, Word/Excel/PowerPoint (docx, xlsx, pptx and the old OLE doc, xls),
ZIP and plain text, when the content is what the extension says. Refused, each with its own
message in Chinese: empty and oversized files, names with a path or control characters,
double extensions (报告.pdf.exe), executables (ELF, PE, Mach-O, scripts with #!), HTML,
SVG (with a script or not), content that does not match the extension, zip bombs (the
uncompressed total and the compression ratio of zip, docx, xlsx and pptx are measured by
decompressing, not taken from the archive's own directory), encrypted archives.

Checked by what they are (issue 13 §4): a PDF is parsed (`pdfs`: scripts, launch actions and
embedded files refused, also behind escaped names and in compressed object streams); a zip's
entries, nested zips' too, may not be executables or web pages (by name or by content); a JPG
or PNG is measured before it is decoded (pixel bombs refused) and re-encoded without its
metadata (`junheng.photos`): `Accepted.content` holds the bytes to store instead of the upload;
a docx, xlsx or pptx — uploaded or packed in a zip — may hold no macros, ActiveX controls, OLE
objects or programs, no links Office follows by itself and no DDE fields (`office`).

The kinds, the forbidden extensions and the first bytes of programs and web pages are tables in
`filetypes`; this module applies them.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from junheng import photos
from junheng.checklist_core.filetypes import (
    ALLOWED_TEXT,
    ARCHIVE_FORBIDDEN,
    EXECUTABLE_EXTENSIONS,
    HTML_MARKERS,
    KIND_OF_EXTENSION,
    KINDS,
    KNOWN_EXTENSIONS,
    MACRO_ENABLED,
    OLE_MAGIC,
    OLE_STREAMS,
    WEB_EXTENSIONS,
    FileKind,
    active_label,
)
from junheng.checklist_core.office import OfficeRefused, check_office
from junheng.checklist_core.pdfs import PdfRefused, check_pdf

MB = 1024 * 1024
HEAD = 8192
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The size limits of one upload; a zip's uncompressed total and ratio are bounded too."""

    max_bytes: int = 50 * MB
    max_unzipped: int = 200 * MB
    max_ratio: float = 100.0
    ratio_floor: int = 10 * MB  # ratios count only once this much is uncompressed
    max_entries: int = 10_000
    max_depth: int = 3


class UploadRejected(ValueError):
    """The file is refused; `zh` (shown to the user) and `en` say why, `reason` is a key."""

    def __init__(self, reason: str, zh: str, en: str) -> None:
        super().__init__(zh)
        self.reason, self.zh, self.en = reason, zh, en


@dataclass(frozen=True)
class Accepted:
    kind: FileKind
    extension: str
    name: str  # the name as given, normalised (NFC, stripped)
    content: bytes | None = None  # a photo re-encoded: store these bytes, not the upload's


def _size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{size / 1024:.0f} KB"


def check_name(name: str) -> tuple[str, str]:
    """(normalised name, lower-case extension) of an acceptable name, else UploadRejected.
    Web extensions (html, svg, xml) pass here: `check_upload` refuses them after looking at
    the content, to say whether an SVG carries a script."""
    clean = unicodedata.normalize("NFC", name or "").strip()
    if not clean:
        raise UploadRejected("name", "文件没有名称", "the file has no name")
    if (
        "/" in clean
        or "\\" in clean
        or clean.startswith(".")
        or ".." in clean
        or (len(clean) > 1 and clean[1] == ":")
        or any(unicodedata.category(c)[0] == "C" for c in clean)
    ):
        raise UploadRejected(
            "path",
            f"文件名「{clean}」含路径、「..」或控制字符，请重命名后上传",
            "the file name contains a path, '..' or control characters",
        )
    if len(clean) > 200:
        raise UploadRejected("name", "文件名过长（超过 200 个字符）", "the file name is too long")
    stem, dot, extension = clean.rpartition(".")
    if not dot or not stem:
        raise UploadRejected(
            "extension",
            f"文件名「{clean}」没有扩展名；允许的类型：{ALLOWED_TEXT}",
            "the file name has no extension",
        )
    extension = extension.lower()
    inner = [part.strip().lower() for part in stem.split(".")[1:]]
    if any(part in KNOWN_EXTENSIONS for part in inner):
        raise UploadRejected(
            "double_extension",
            f"文件名「{clean}」含双重扩展名，可能是伪装的文件，请重命名后上传",
            "the file name has a double extension",
        )
    if extension in EXECUTABLE_EXTENSIONS:
        raise UploadRejected(
            "executable",
            f"不允许上传可执行文件或脚本（.{extension}）",
            f"executables and scripts (.{extension}) are not allowed",
        )
    if extension not in KIND_OF_EXTENSION and extension not in WEB_EXTENSIONS:
        raise UploadRejected(
            "extension",
            f"不支持的文件类型「.{extension}」；允许的类型：{ALLOWED_TEXT}",
            f"file type .{extension} is not allowed",
        )
    return clean, extension


def check_upload(name: str, handle: BinaryIO, size: int, limits: Limits | None = None) -> Accepted:
    """Check a file given as a seekable binary handle and its size; Accepted or UploadRejected."""
    limits = limits or Limits()
    clean, extension = check_name(name)
    if size <= 0:
        raise UploadRejected("empty", f"文件「{clean}」是空文件", "the file is empty")
    if size > limits.max_bytes:
        raise UploadRejected(
            "too_large",
            f"文件过大（{_size_text(size)}），单个文件不能超过 {_size_text(limits.max_bytes)}",
            "the file is too large",
        )
    handle.seek(0)
    head = handle.read(HEAD)
    _refuse_active_content(head)
    if extension in WEB_EXTENSIONS:
        if extension in ("svg", "svgz"):
            raise UploadRejected(
                "svg", "不允许上传 SVG 图片，请转换为 JPG 或 PNG", "SVG images are not allowed"
            )
        raise UploadRejected(
            "html",
            f"不允许上传网页或 XML 文件（.{extension}）",
            f"web pages and XML (.{extension}) are not allowed",
        )
    detected = _detect(head, handle, limits)
    expected = KIND_OF_EXTENSION[extension]
    if detected.key != expected.key:
        raise UploadRejected(
            "mismatch",
            f"文件内容是{detected.name}，与扩展名「.{extension}」不符，请确认文件后重新上传",
            f"the content is {detected.key}, not .{extension}",
        )
    if detected.key == "pdf":
        try:
            check_pdf(handle)
        except PdfRefused as error:
            raise UploadRejected(error.reason, error.zh, error.en) from None
    content = _reencoded_photo(handle) if detected.key in ("jpeg", "png") else None
    handle.seek(0)
    return Accepted(detected, extension, clean, content)


def _reencoded_photo(handle: BinaryIO) -> bytes:
    handle.seek(0)
    try:
        return photos.reencoded(handle.read())
    except photos.PhotoRejected as error:
        raise UploadRejected(error.reason, error.zh, error.en) from None


def _refuse_active_content(head: bytes) -> None:
    label = active_label(head)
    if label == "SVG_SCRIPT":
        raise UploadRejected(
            "svg_script", "SVG 图片含脚本，不允许上传", "the SVG image contains a script"
        )
    if label == "SVG":
        raise UploadRejected(
            "svg", "不允许上传 SVG 图片，请转换为 JPG 或 PNG", "SVG images are not allowed"
        )
    if label == "HTML":
        raise UploadRejected(
            "html", "文件内容是网页（HTML），不允许上传", "the content is an HTML page"
        )
    if label:
        raise UploadRejected(
            "executable",
            f"文件内容是可执行程序或脚本（{label}），不允许上传",
            f"the content is an executable ({label})",
        )


def _detect(head: bytes, handle: BinaryIO, limits: Limits) -> FileKind:
    if head.startswith(b"%PDF-"):
        return KINDS["pdf"]  # checked by parsing once it is known to be wanted
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"]
    if head.startswith(OLE_MAGIC):
        return _ole_kind(handle)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(handle, limits)
    return _text_kind(handle)


def _scan(handle: BinaryIO, needles: tuple[bytes, ...]) -> bool:
    """Whether any needle occurs in the file (read in chunks that overlap)."""
    handle.seek(0)
    overlap = max(len(n) for n in needles) - 1
    tail = b""
    while chunk := handle.read(CHUNK):
        window = tail + chunk
        if any(n in window for n in needles):
            return True
        tail = window[-overlap:] if overlap else b""
    return False


def _ole_kind(handle: BinaryIO) -> FileKind:
    for key, streams in OLE_STREAMS.items():
        if _scan(handle, streams):
            return KINDS[key]
    raise UploadRejected(
        "unknown",
        "无法识别的 Office 97-2003 文件（不是 doc 或 xls）",
        "an OLE file that is neither doc nor xls",
    )


def _zip_kind(handle: BinaryIO, limits: Limits) -> FileKind:
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            _check_archive(archive, limits, depth=1, budget=[limits.max_unzipped])
    except UploadRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise UploadRejected(
            "corrupt", "压缩文件已损坏或格式不正确", "the archive is damaged"
        ) from None
    if "[Content_Types].xml" in names:
        _check_office(handle)
        for prefix, key in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(name.startswith(prefix) for name in names):
                return KINDS[key]
    return KINDS["zip"]


def _check_archive(archive: zipfile.ZipFile, limits: Limits, depth: int, budget: list[int]) -> None:
    """Decompress every entry, counting: the total and the ratio are measured, not declared."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise UploadRejected(
            "zip_bomb",
            f"压缩包内文件过多（{len(entries)} 个），不能超过 {limits.max_entries} 个",
            "too many entries in the archive",
        )
    compressed = sum(info.compress_size for info in entries) or 1
    # an Office file's parts are its own (XML); a plain archive's entries are files to check
    plain = "[Content_Types].xml" not in {info.filename for info in entries}
    total = 0
    for info in entries:
        if info.flag_bits & 0x1:
            raise UploadRejected(
                "encrypted",
                "压缩包已加密，无法检查内容，请解除密码后上传",
                "the archive is encrypted",
            )
        if info.is_dir():
            continue
        if plain:
            _refuse_entry_name(info.filename)
        nested = info.filename.lower().endswith((".zip", ".docx", ".xlsx", ".pptx", ".jar"))
        keep = io.BytesIO() if nested else None
        with archive.open(info) as entry:
            size = 0
            first = True
            while chunk := entry.read(CHUNK):
                if first and plain:
                    _refuse_entry_content(info.filename, chunk[:HEAD])
                first = False
                size += len(chunk)
                total += len(chunk)
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise UploadRejected(
                        "zip_bomb",
                        f"压缩包解压后超过 {_size_text(limits.max_unzipped)}，"
                        "可能是压缩炸弹，不允许上传",
                        "the archive expands beyond the limit (zip bomb)",
                    )
                if total > limits.ratio_floor and total / compressed > limits.max_ratio:
                    raise UploadRejected(
                        "zip_bomb",
                        f"压缩包压缩比异常（超过 {limits.max_ratio:.0f} 倍），"
                        "可能是压缩炸弹，不允许上传",
                        "the archive's compression ratio is abnormal (zip bomb)",
                    )
                if keep is not None:
                    keep.write(chunk)
        if keep is not None and _is_zip(keep):
            if depth >= limits.max_depth:
                raise UploadRejected(
                    "zip_bomb",
                    f"压缩包嵌套超过 {limits.max_depth} 层，不允许上传",
                    "archives nested too deep",
                )
            with zipfile.ZipFile(keep) as inner:
                _check_archive(inner, limits, depth + 1, budget)
            if plain and info.filename.lower().endswith((".docx", ".xlsx", ".pptx")):
                _check_office(keep, inside=info.filename)  # a packed Office file: the same rules


def _check_office(handle: BinaryIO, inside: str = "") -> None:
    """The Office file's parts (`office`): no macros, controls, OLE objects, programs or
    links out; `inside` names the archive's entry when the file was packed in a zip."""
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            check_office(archive)
    except OfficeRefused as error:
        where = f"压缩包中的「{inside}」：" if inside else ""
        raise UploadRejected(error.reason, where + error.zh, error.en) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise UploadRejected(
            "corrupt", "压缩文件已损坏或格式不正确", "the archive is damaged"
        ) from None


def _refuse_entry_name(name: str) -> None:
    base = name.rstrip("/").rsplit("/", 1)[-1]
    parts = [part.strip().lower() for part in base.split(".")[1:]]
    if parts and parts[-1] in MACRO_ENABLED:
        raise UploadRejected(
            "macro",
            f"压缩包中的「{name}」是含宏的 Office 文件，不允许上传",
            f"the archive holds {name}, a macro-enabled Office file",
        )
    if any(part in ARCHIVE_FORBIDDEN for part in parts):
        kind = "网页" if parts[-1] in WEB_EXTENSIONS else "可执行文件或脚本"
        raise UploadRejected(
            "archive_executable",
            f"压缩包中的「{name}」是{kind}，不允许上传",
            f"the archive holds {name}, an executable, script or web page",
        )


def _refuse_entry_content(name: str, head: bytes) -> None:
    label = active_label(head)
    if label:
        kind = (
            "网页或 SVG 图片"
            if label in ("HTML", "SVG", "SVG_SCRIPT")
            else f"可执行程序（{label}）"
        )
        raise UploadRejected(
            "archive_executable",
            f"压缩包中的「{name}」内容是{kind}，不允许上传",
            f"the archive holds {name}, whose content is {label}",
        )


def _is_zip(buffer: io.BytesIO) -> bool:
    buffer.seek(0)
    return buffer.read(4) in (b"PK\x03\x04", b"PK\x05\x06")


def _text_kind(handle: BinaryIO) -> FileKind:
    handle.seek(0)
    data = handle.read()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in data:
        raise UploadRejected("unknown", "无法识别的文件内容（二进制文件）", "unrecognised binary")
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        lowered = text.lstrip("\ufeff \t\r\n").lower()
        if lowered.startswith("#!"):
            raise UploadRejected(
                "executable",
                "文件内容是可执行程序或脚本（脚本），不允许上传",
                "the content is a script",
            )
        if any(lowered.startswith(m.decode()) for m in HTML_MARKERS) or "<script" in lowered:
            raise UploadRejected(
                "html", "文件内容是网页（HTML），不允许上传", "the content is an HTML page"
            )
        return KINDS["txt"]
    raise UploadRejected("unknown", "无法识别的文件内容", "unrecognised content")
