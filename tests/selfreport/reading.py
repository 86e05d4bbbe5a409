"""Reading the documents back as a reader's software would: Word files with python-docx, PDF
files with a small reader of their own objects (pypdf, pdfminer and poppler are not in the
project's environment): the page texts through each font's ToUnicode map, and the fonts with
their embedded font files (/FontFile, /FontFile2, /FontFile3).

Also the words no official document may contain (docs/standards.md §6)."""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass

import docx
from docx.oxml.ns import qn

# Software vocabulary and internal keys; and the wording a bureau does not use in these
# documents (issue 12 §4: 评估单位 → 参评学校（学部）, 学生当量 → 折合学生数, 超标 → 差异系数超过
# 规定值, 校均班额 → 平均班额; no 达标 for a part).
FORBIDDEN = (
    "Junheng",
    "junheng",
    "均衡系统",
    "评估核心",
    "系统",
    "软件",
    "示例单价",
    "quality-2017",
    "basic-2012",
    "preview",
    "committed",
    "→",
    "_",
    "per_100",
    "None",
    "nan",
    "评估单位",
    "学生当量",
    "超标",
    "校均班额",
    "校际达标",
    "达标",
)


def forbidden_in(text: str) -> list[str]:
    return [word for word in FORBIDDEN if word in text]


# --- Word ------------------------------------------------------------------------------------


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph of the body, in order."""
    word = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in word.paragraphs]


def docx_text(data: bytes) -> str:
    """Every paragraph, table cell, header and footer text."""
    word = docx.Document(io.BytesIO(data))
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    for section in word.sections:
        lines += [p.text for p in section.footer.paragraphs]
        lines += [p.text for p in section.header.paragraphs]
    return "\n".join(lines)


def docx_tables(data: bytes):
    return docx.Document(io.BytesIO(data)).tables


def row_flags(table) -> list[tuple[bool, bool]]:
    """(repeats as header, cannot split) of each row of a python-docx table."""
    flags = []
    for row in table.rows:
        properties = row._tr.trPr
        header = properties is not None and properties.find(qn("w:tblHeader")) is not None
        cant_split = properties is not None and properties.find(qn("w:cantSplit")) is not None
        flags.append((header, cant_split))
    return flags


def docx_page_size_mm(data: bytes) -> list[tuple[float, float]]:
    word = docx.Document(io.BytesIO(data))
    return [(round(s.page_width.mm, 1), round(s.page_height.mm, 1)) for s in word.sections]


def docx_has_page_numbers(data: bytes) -> bool:
    word = docx.Document(io.BytesIO(data))
    for section in word.sections:
        xml = section.footer._element.xml
        if "PAGE" in xml and ("fldSimple" in xml or "instrText" in xml):
            return True
    return False


def docx_images(data: bytes) -> int:
    word = docx.Document(io.BytesIO(data))
    return len(word.inline_shapes)


# --- PDF -------------------------------------------------------------------------------------

OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b(.*?)endobj", re.S)


def _stream(body: bytes) -> bytes:
    head, _, rest = body.partition(b"stream")
    rest = rest[re.match(rb"\r?\n", rest).end() :]
    length = re.search(rb"/Length\s+(\d+)\s*(?![\d\s]*R)", head)
    raw = rest[: int(length.group(1))] if length else rest.rsplit(b"endstream", 1)[0]
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw


def pdf_objects(data: bytes) -> dict[int, bytes]:
    """Every object of the file by number, those packed in object streams included."""
    found = {int(m.group(1)): m.group(3) for m in OBJECT.finditer(data)}
    for body in list(found.values()):
        head = body.split(b"stream", 1)[0]
        if b"/ObjStm" not in head:
            continue
        count = int(re.search(rb"/N\s+(\d+)", head).group(1))
        first = int(re.search(rb"/First\s+(\d+)", head).group(1))
        raw = _stream(body)
        numbers = list(map(int, raw[:first].split()))
        pairs = [(numbers[2 * i], numbers[2 * i + 1]) for i in range(count)]
        for i, (number, offset) in enumerate(pairs):
            end = pairs[i + 1][1] if i + 1 < count else len(raw) - first
            found[number] = raw[first + offset : first + end]
    return found


def _ref(body: bytes, key: bytes) -> int | None:
    found = re.search(rb"/" + key + rb"\s+(\d+)\s+0\s+R", body)
    return int(found.group(1)) if found else None


def _cmap(raw: bytes) -> dict[int, str]:
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", raw, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", raw, re.S):
        pattern = rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>"
        for low, high, dst in re.findall(pattern, block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(start + i)
    return table


def _font_maps(objects: dict[int, bytes], resources: bytes) -> dict[bytes, dict[int, str]]:
    font_ref = _ref(resources, b"Font")
    fonts = objects[font_ref] if font_ref else resources
    maps = {}
    for name, ref in re.findall(rb"/([\w.+-]+)\s+(\d+)\s+0\s+R", fonts):
        unicode_ref = _ref(objects.get(int(ref), b""), b"ToUnicode")
        if unicode_ref:
            maps[name] = _cmap(_stream(objects[unicode_ref]))
    return maps


def _xobjects(objects: dict[int, bytes], resources: bytes) -> dict[bytes, int]:
    found = re.search(rb"/XObject\s*<<(.*?)>>", resources, re.S)
    if found is None:
        ref = _ref(resources, b"XObject")
        if ref is None:
            return {}
        body = objects[ref]
    else:
        body = found.group(1)
    return {name: int(ref) for name, ref in re.findall(rb"/([\w.+-]+)\s+(\d+)\s+0\s+R", body)}


TOKEN = re.compile(
    rb"/([\w.+-]+)\s+[\d.]+\s+Tf|(\[(?:<[0-9A-Fa-f]*>|[\s\d.+-])*\])\s*TJ"
    rb"|<([0-9A-Fa-f]*)>\s*Tj|\b(Tm|Td|TD|T\*)\b"
    rb"|/([\w.+-]+)\s+Do\b",
    re.S,
)


def _text_of(objects: dict[int, bytes], contents: bytes, resources: bytes, depth: int = 0) -> str:
    """The text a content stream draws, following the forms (XObjects) it draws."""
    maps = _font_maps(objects, resources)
    forms = _xobjects(objects, resources)
    current: dict[int, str] = {}
    out: list[str] = []
    for found in TOKEN.finditer(contents):
        if found.group(1):
            current = maps.get(found.group(1), {})
        elif found.group(4):
            out.append("\n")
        elif found.group(5):
            form = objects.get(forms.get(found.group(5), -1), b"")
            if b"/Form" in form.split(b"stream", 1)[0] and depth < 8:
                own = _ref(form.split(b"stream", 1)[0], b"Resources")
                inner = objects[own] if own else resources
                out.append(_text_of(objects, _stream(form), inner, depth + 1))
        else:
            hexes = (
                re.findall(rb"<([0-9A-Fa-f]*)>", found.group(2))
                if found.group(2)
                else [found.group(3)]
            )
            for chunk in hexes:
                out += [current.get(int(chunk[i : i + 4], 16), "") for i in range(0, len(chunk), 4)]
    return "".join(out)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, a line per positioned run (Tm / Td), in drawing order."""
    objects = pdf_objects(data)
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", next(b for b in objects.values() if b"/Kids" in b))
    pages = []
    for ref in re.findall(rb"(\d+)\s+0\s+R", kids.group(1)):
        page = objects[int(ref)]
        resources = objects[_ref(page, b"Resources")]
        pages.append(_text_of(objects, _stream(objects[_ref(page, b"Contents")]), resources))
    return pages


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def compact(text: str) -> str:
    """The text without line breaks and spaces (a PDF breaks lines where the page does)."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class PdfFont:
    name: str  # the PostScript name without its subset tag: Noto-Serif-CJK-SC-Bold
    embedded: bool  # a /FontFile, /FontFile2 or /FontFile3 holds its glyphs


def pdf_fonts(data: bytes) -> list[PdfFont]:
    """The fonts of the file's font descriptors."""
    found = []
    for body in pdf_objects(data).values():
        if b"/FontDescriptor" not in body:
            continue
        name = re.search(rb"/FontName\s*/([^\s/<>\[\]]+)", body)
        if name is None:
            continue
        embedded = re.search(rb"/FontFile[23]?\s+\d+\s+0\s+R", body) is not None
        found.append(PdfFont(name.group(1).decode().split("+")[-1], embedded))
    return found


def pdf_page_size_pt(data: bytes) -> set[tuple[int, int]]:
    sizes = set()
    for body in pdf_objects(data).values():
        for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", body):
            x0, y0, x1, y1 = (float(v) for v in box.split())
            sizes.add((round(x1 - x0), round(y1 - y0)))
    return sizes
