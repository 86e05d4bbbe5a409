"""What a workbook may hold, measured before anything in it is parsed.

An xlsx is a zip of XML files: 150 KB can expand into a million rows or shared strings, and a
parser given such a file ties up a worker for as long as it takes. So before openpyxl opens a
workbook, every member is decompressed as a stream and counted — its uncompressed size (each
member and the sum, measured as it is read: the archive's own directory can lie), the rows of
each worksheet with their last row number and column, the shared strings — and the file is
refused the moment a count passes its limit, having read no more than the limit.

XML with a document type declaration is refused as well (the door of entity expansion: the
"billion laughs" and external entities); no workbook Excel, WPS or LibreOffice writes has one,
and openpyxl parses through defusedxml besides. XML members must be UTF-8, so the counting
sees every tag.

The counts are bounds, not a parse: the reader then asks openpyxl for no more than the rows and
columns measured here (`Shape.last_row`, `Shape.last_column`), so a sheet whose first row is
numbered 1,048,576 cannot make it produce a million empty rows either.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from junheng.evaluation.errors import DataError, InputProblem

MB = 1024 * 1024
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
# No limit on the rows of a csv or parquet file read by the CLI (a sheet stays within Excel's).
UNBOUNDED_ROWS = 1_000_000_000
# Rows of a file that are not school rows: title rows, the header, units, totals, notes.
NON_DATA_ROWS = 100
# Rows a sheet may number beyond its data: a bureau's template formatted down to row 10,000.
SPARE_SHEET_ROWS = 10_000
# Columns an uploaded sheet may use: the template has 32, a bureau's sheet adds a few notes.
UPLOAD_COLUMNS = 200
# The shared strings an upload may hold: at least this many (a file's other sheets: lists,
# lookups), else this many per row (a template row has a few texts of its own: names, codes).
UPLOAD_SHARED_STRINGS = 50_000
UPLOAD_STRINGS_PER_ROW = 20
# The uncompressed bytes an uploaded member may hold: this much, and per row allowed (a template
# row is about 1.5 KB of XML, 32 cells with their references and styles).
UPLOAD_BASE_BYTES = 8 * MB
UPLOAD_BYTES_PER_ROW = 4 * 1024

CHUNK = 1024 * 1024
# A tag is never longer than this; an open tag carried over a longer stretch is malformed.
MAX_TAG = 64 * 1024

_NAME = rb"<(?:[A-Za-z_][\w.-]*:)?"
_ROW = re.compile(_NAME + rb"row(?=[\s/>])([^>]*)>")
_CELL_COLUMN = re.compile(_NAME + rb"c\s[^>]*?\br\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?\d")
_ROW_NUMBER = re.compile(rb"(?:^|\s)r\s*=\s*[\"'](\d{1,9})[\"']")
_SHARED_STRING = re.compile(_NAME + rb"si(?=[\s/>])")
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)[\"']")
_UTF8_NAMES = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}


@dataclass(frozen=True)
class ReadLimits:
    """The most a school-data or checklist file may hold. The defaults are Excel's own limits
    for a workbook and none for the rows of a csv or parquet file (the CLI reads what a bureau
    can save, a national file too); an upload is read with `upload_limits`."""

    max_rows: int = UNBOUNDED_ROWS  # data rows (school rows, checklist items) of one file
    max_columns: int = EXCEL_COLUMNS
    max_member_bytes: int = 2048 * MB
    max_unzipped_bytes: int = 4096 * MB
    max_members: int = 10_000
    max_shared_strings: int = 5_000_000
    # why max_rows is what it is, in the reader's words (e.g. "您可修改的 1 所学校 × 10 个年度")
    rows_reason_zh: str = ""
    rows_reason_en: str = ""

    @property
    def max_sheet_rows(self) -> int:
        """The last row number a sheet may use, blank formatted rows included."""
        return min(EXCEL_ROWS, self.max_rows + NON_DATA_ROWS + SPARE_SHEET_ROWS)

    @property
    def max_filled_rows(self) -> int:
        """The rows with any value a sheet may have: the data and the rows around them."""
        return self.max_rows + NON_DATA_ROWS


def upload_limits(
    max_rows: int, *, reason_zh: str = "", reason_en: str = "", columns: int = UPLOAD_COLUMNS
) -> ReadLimits:
    """The limits of an uploaded file that may hold at most `max_rows` data rows."""
    max_rows = max(1, max_rows)
    member_bytes = UPLOAD_BASE_BYTES + (max_rows + NON_DATA_ROWS) * UPLOAD_BYTES_PER_ROW
    return ReadLimits(
        max_rows=max_rows,
        max_columns=columns,
        max_member_bytes=member_bytes,
        max_unzipped_bytes=2 * member_bytes + UPLOAD_BASE_BYTES,
        max_members=1_000,
        max_shared_strings=max(
            UPLOAD_SHARED_STRINGS, (max_rows + NON_DATA_ROWS) * UPLOAD_STRINGS_PER_ROW
        ),
        rows_reason_zh=reason_zh,
        rows_reason_en=reason_en,
    )


@dataclass
class Shape:
    """What the measuring found: the last row number and column any worksheet uses."""

    last_row: int = 0
    last_column: int = 0
    rows: int = 0  # row elements of the fullest sheet
    shared_strings: int = 0
    members: dict[str, int] = field(default_factory=dict)  # name -> uncompressed bytes


def too_many_rows(name: str, limits: ReadLimits, row: int | None = None) -> DataError:
    """The refusal of a file holding more data rows than `limits` allow."""
    why_zh = f"（{limits.rows_reason_zh}）" if limits.rows_reason_zh else ""
    why_en = f" ({limits.rows_reason_en})" if limits.rows_reason_en else ""
    return refusal(
        name,
        f"数据超过 {limits.max_rows:,} 行{why_zh}，未读取；请只导入您范围内的数据",
        f"more than {limits.max_rows:,} data rows{why_en}; the file was not read",
        row=row,
    )


def too_many_columns(name: str, limits: ReadLimits, row: int | None = None) -> DataError:
    return refusal(
        name,
        f"工作表超过 {limits.max_columns:,} 列，未读取",
        f"the sheet has more than {limits.max_columns:,} columns; the file was not read",
        row=row,
    )


def refusal(name: str, zh: str, en: str, row: int | None = None) -> DataError:
    return DataError([InputProblem(name, row, None, zh, en)])


def measure_workbook(name: str, data: bytes, limits: ReadLimits) -> Shape:
    """The workbook's shape, or DataError naming the file and the first limit it passes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _measure(name, archive, limits)
    except DataError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, OSError) as exc:
        raise refusal(
            name,
            "无法作为 Excel 工作簿打开（文件损坏、不完整或不是 .xlsx）",
            f"cannot open as an Excel workbook (damaged, truncated or not .xlsx): "
            f"{exc.__class__.__name__}",
        ) from exc
    except (NotImplementedError, RuntimeError, ValueError) as exc:
        # an unsupported compression method, an encrypted member, a bad header
        raise refusal(
            name,
            "无法读取该工作簿（压缩方式不受支持或已加密）",
            f"cannot read the workbook (unsupported compression or encrypted): "
            f"{exc.__class__.__name__}",
        ) from exc


def _measure(name: str, archive: zipfile.ZipFile, limits: ReadLimits) -> Shape:
    entries = archive.infolist()
    if len(entries) > limits.max_members:
        raise refusal(
            name,
            f"工作簿内部文件过多（{len(entries):,} 个，上限 {limits.max_members:,} 个），未读取",
            f"the workbook holds {len(entries):,} parts (at most {limits.max_members:,})",
        )
    shape = Shape()
    total = 0
    for info in entries:
        if info.is_dir():
            continue
        size = _measure_member(name, archive, info, limits, shape, total)
        shape.members[info.filename] = size
        total += size
    return shape


def _measure_member(
    name: str,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: ReadLimits,
    shape: Shape,
    total_before: int,
) -> int:
    counter = _XmlCounter(name, info.filename, limits, shape)
    size = 0
    member_limit = _megabytes(limits.max_member_bytes)
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > limits.max_member_bytes:
                raise refusal(
                    name,
                    f"工作簿中的「{info.filename}」解压后超过 {member_limit}，"
                    "可能是压缩炸弹，未读取",
                    f"{info.filename} expands beyond {member_limit} "
                    "(a zip bomb?); the file was not read",
                )
            if total_before + size > limits.max_unzipped_bytes:
                raise refusal(
                    name,
                    f"工作簿解压后超过 {_megabytes(limits.max_unzipped_bytes)}，"
                    "可能是压缩炸弹，未读取",
                    f"the workbook expands beyond {_megabytes(limits.max_unzipped_bytes)} "
                    "(a zip bomb?); the file was not read",
                )
            counter.feed(chunk)
    counter.close()
    return size


class _XmlCounter:
    """Counts the rows, cells' columns and shared strings of one XML member, chunk by chunk
    (a tag cut by a chunk's end is carried to the next), refusing at the first limit."""

    def __init__(self, name: str, member: str, limits: ReadLimits, shape: Shape) -> None:
        self.name, self.member, self.limits, self.shape = name, member, limits, shape
        self.started = False
        self.is_xml = False
        self.tail = b""
        self.rows = 0

    def feed(self, chunk: bytes) -> None:
        if not self.started:
            self.started = True
            self.is_xml = self._check_start(chunk)
        if not self.is_xml:
            return
        buffer = self.tail + chunk
        cut = buffer.rfind(b"<")
        if cut != -1 and buffer.find(b">", cut) == -1:
            buffer, self.tail = buffer[:cut], buffer[cut:]
            if len(self.tail) > MAX_TAG:
                self._refuse_malformed()
        else:
            self.tail = b""
        self._count(buffer)

    def close(self) -> None:
        if self.is_xml and self.tail:
            self._count(self.tail)

    def _check_start(self, chunk: bytes) -> bool:
        head = chunk[:512]
        if head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00\x00<")):
            self._refuse_encoding()
        head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        if not head.startswith(b"<"):
            return False  # a picture or another binary part: counted by size only
        declared = _DECLARED_ENCODING.match(head)
        if declared and declared.group(1).lower() not in _UTF8_NAMES:
            self._refuse_encoding()
        return True

    def _count(self, text: bytes) -> None:
        limits, shape = self.limits, self.shape
        if _DOCTYPE.search(text):
            raise refusal(
                self.name,
                f"工作簿中的「{self.member}」含 XML 文档类型或实体声明（可能是实体扩展攻击），"
                "未读取",
                f"{self.member} declares a document type or entities (an entity expansion "
                "attack?); the file was not read",
            )
        strings = len(_SHARED_STRING.findall(text))
        if strings:
            shape.shared_strings += strings
            if shape.shared_strings > limits.max_shared_strings:
                raise refusal(
                    self.name,
                    f"工作簿的共享字符串超过 {limits.max_shared_strings:,} 个，未读取",
                    f"the workbook holds more than {limits.max_shared_strings:,} shared "
                    "strings; the file was not read",
                )
        rows = _ROW.findall(text)
        if rows:
            self.rows += len(rows)
            shape.rows = max(shape.rows, self.rows)
            numbers = [int(m.group(1)) for attrs in rows if (m := _ROW_NUMBER.search(attrs))]
            last = max([*numbers, self.rows])
            shape.last_row = max(shape.last_row, last)
            if self.rows > limits.max_sheet_rows or last > limits.max_sheet_rows:
                raise too_many_rows(self.name, limits)
        letters = set(_CELL_COLUMN.findall(text))
        if letters:
            last_column = max(_column_index(letter) for letter in letters)
            shape.last_column = max(shape.last_column, last_column)
            if last_column > limits.max_columns:
                raise too_many_columns(self.name, limits)

    def _refuse_encoding(self) -> None:
        raise refusal(
            self.name,
            f"工作簿中的「{self.member}」不是 UTF-8 编码的 XML，未读取",
            f"{self.member} is not XML in UTF-8; the file was not read",
        )

    def _refuse_malformed(self) -> None:
        raise refusal(
            self.name,
            f"工作簿中的「{self.member}」格式错误（标签过长），未读取",
            f"{self.member} is malformed (a tag longer than {MAX_TAG // 1024} KB)",
        )


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + (letter - 64)
    return index


def _megabytes(size: int) -> str:
    return f"{size / MB:,.1f} MB"
