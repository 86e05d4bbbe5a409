"""An Office file (docx, xlsx, pptx) checked by what it holds: nothing that runs, nothing hidden
inside, nothing Office fetches or opens by itself (issue 13 §4).

A docx, xlsx or pptx is a zip of parts listed in `[Content_Types].xml` and tied together by
relationships (`_rels/*.rels`). `uploads` has already measured the zip (its size, ratio and
nesting) when `check_office` looks at the parts:

- Macros: a VBA project (`vbaProject.bin`, Word's `vbaData.xml` and `attachedToolbars.bin`),
  Excel 4.0 macro sheets and dialog sheets, or a macro-enabled content type (what a .docm,
  .xlsm or .pptm renamed to .docx declares).
- Controls and objects: ActiveX controls, OLE objects (an `oleObject` relationship, or any
  part that is an OLE compound file: `oleObject1.bin`, an embedded .doc or .xls, a packaged
  file), and any part whose content is a program (Windows PE, ELF, Mach-O, a script).
  An embedded Office Open XML file — the workbook behind a chart — is allowed, and checked in
  turn by the same rules.
- Links out: a relationship whose target is outside the file (`TargetMode="External"`) makes
  Office fetch it when the file opens — a remote template, a linked picture or object, a
  frame, a sub-document, over http(s), `file:` or a `\\\\server` share — and is refused,
  whatever its address; so are an Excel workbook's links to other workbooks (`externalLinks`,
  DDE links among them). A hyperlink is the exception when it points to a web page or a mail
  address (http, https, mailto): it is only followed if the reader clicks it, like an address
  written in the text; a hyperlink to a file or a share is refused.
- Fields that run programs: a Word DDE or DDEAUTO field (`{ DDEAUTO c:\\windows\\...\\cmd.exe
  "/k ..." }`) asks another program to start and answer when the document opens; refused in
  the body, headers, footers, notes and comments, also when its instruction is split across
  runs or written with character references.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from junheng.checklist_core.filetypes import EXECUTABLE_MAGIC as PROGRAM_MAGIC
from junheng.checklist_core.filetypes import OLE_MAGIC

CONTENT_TYPES = "[Content_Types].xml"
MACRO_PARTS = frozenset(["vbaproject.bin", "vbadata.xml", "attachedtoolbars.bin"])
MACRO_FOLDERS = ("xl/macrosheets/", "xl/dialogsheets/")
MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata", "macrosheet", "dialogsheet")
EXTERNAL_WORKBOOKS = "xl/externallinks/"
OPEN_XML = (".docx", ".xlsx", ".pptx")
HYPERLINK = "/hyperlink"
OLE_OBJECT = "/oleobject"
CLICKED_SCHEMES = ("http://", "https://", "mailto:")
MAX_XML = 8 * 1024 * 1024  # a content-types or relationships part larger than this is not Office's
MAX_DEPTH = 3
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# a field's instruction is in w:instrText runs or a w:fldSimple's w:instr; neither name can be
# escaped, so a part without these bytes holds no field and is not parsed
FIELD_MARKER = b"instr"
# the field's kind is its instruction's first word
DDE_FIELD = re.compile(r"^[\s{]*DDE(?:AUTO)?(?![\w])", re.IGNORECASE)
MAX_WORD_XML = 64 * 1024 * 1024  # a Word part with fields is parsed up to this size

MACRO, ACTIVEX, OLE, PROGRAM, LINK, DDE, CORRUPT = (
    "macro",
    "office_activex",
    "office_ole",
    "office_program",
    "office_link",
    "office_dde",
    "corrupt",
)
MESSAGES = {
    MACRO: (
        "文件含宏（VBA 或 Excel 4.0 宏表），不允许上传；"
        "请另存为不含宏的格式（.docx、.xlsx、.pptx）",
        "the file has macros",
    ),
    ACTIVEX: (
        "文件含 ActiveX 控件，不允许上传；请删除控件后另存",
        "the file has ActiveX controls",
    ),
    OLE: (
        "文件内嵌了对象（OLE 对象、Office 97-2003 文件或打包的其他文件），不允许上传；"
        "请删除嵌入的对象后另存",
        "the file embeds an OLE object",
    ),
    DDE: (
        "文档含 DDE 字段，打开时会启动其他程序，不允许上传；"
        "请在 Word 中按 Alt+F9 显示域代码，删除 DDE/DDEAUTO 字段后另存",
        "the document has a DDE field",
    ),
    CORRUPT: (
        "Office 文件的内部结构无法读取（已损坏或不是 Word、Excel、PowerPoint 保存的文件）",
        "the Office file's structure cannot be read",
    ),
}


class OfficeRefused(ValueError):
    """The Office file holds what may not be uploaded; `zh` and `en` say what."""

    def __init__(self, reason: str, zh: str, en: str) -> None:
        super().__init__(zh)
        self.reason, self.zh, self.en = reason, zh, en


def _refused(reason: str) -> OfficeRefused:
    return OfficeRefused(reason, *MESSAGES[reason])


def check_office(archive: zipfile.ZipFile, *, depth: int = 1) -> None:
    """Refuse (OfficeRefused) an Office Open XML file holding macros, controls, OLE objects,
    programs or links out; embedded Office Open XML files are checked in turn."""
    parts = [info for info in archive.infolist() if not info.is_dir()]
    for info in parts:
        _check_name(info.filename.lower())
    for info in parts:
        name = info.filename.lower()
        if name == CONTENT_TYPES.lower():
            _check_content_types(_xml(archive, info))
        elif name.endswith(".rels"):
            _check_relationships(_xml(archive, info), info.filename)
        elif name.startswith("word/") and name.endswith(".xml"):
            _check_fields(archive, info)
            _check_part(archive, info, depth)
        else:
            _check_part(archive, info, depth)


def _check_name(name: str) -> None:
    path = "/" + name
    if path.rsplit("/", 1)[-1] in MACRO_PARTS or name.startswith(MACRO_FOLDERS):
        raise _refused(MACRO)
    if "/activex/" in path:
        raise _refused(ACTIVEX)
    if name.startswith(EXTERNAL_WORKBOOKS):
        raise OfficeRefused(
            LINK,
            "工作簿链接了其他工作簿（外部链接），打开时会读取外部文件，不允许上传；"
            "请在 Excel「数据 › 编辑链接」中断开链接后另存",
            "the workbook links to other workbooks",
        )


def _xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Element:
    if info.file_size > MAX_XML:
        raise _refused(CORRUPT)
    with archive.open(info) as part:
        data = part.read(MAX_XML + 1)
    if len(data) > MAX_XML:
        raise _refused(CORRUPT)
    try:
        return fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        raise _refused(CORRUPT) from None


def _check_content_types(root: Element) -> None:
    for element in root.iter():
        content_type = (element.get("ContentType") or "").lower()
        if any(marker in content_type for marker in MACRO_TYPES):
            raise _refused(MACRO)
        if "activex" in content_type:
            raise _refused(ACTIVEX)
        if "oleobject" in content_type:
            raise _refused(OLE)


def _check_relationships(root: Element, part: str) -> None:
    for element in root.iter():
        if not element.tag.endswith("Relationship"):
            continue
        kind = (element.get("Type") or "").lower()
        target = (element.get("Target") or "").strip()
        if kind.endswith(OLE_OBJECT):
            raise _refused(OLE)
        if (element.get("TargetMode") or "").lower() != "external":
            continue
        if kind.endswith(HYPERLINK) and target.lower().startswith(CLICKED_SCHEMES):
            continue  # followed only when the reader clicks it
        shown = target if len(target) <= 80 else target[:77] + "…"
        raise OfficeRefused(
            LINK,
            f"文件含指向外部的链接（{shown}），打开时会自动访问该地址或文件，不允许上传；"
            "请删除该链接（外部模板、链接的图片或对象）后另存",
            f"the file links outside itself ({shown}) in {part}",
        )


def _check_fields(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a Word part holding a DDE or DDEAUTO field. The instruction texts are read in
    document order and joined within a field, so a split `DDE` + `AUTO` is still seen; a
    nested field's instruction starts a new one."""
    if info.file_size > MAX_WORD_XML:
        raise _refused(CORRUPT)
    with archive.open(info) as part:
        data = part.read(MAX_WORD_XML + 1)
    if len(data) > MAX_WORD_XML:
        raise _refused(CORRUPT)
    if FIELD_MARKER not in data:
        return
    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        raise _refused(CORRUPT) from None
    pieces: list[str] = []
    for element in root.iter():
        if element.tag == WORD_NS + "instrText":
            pieces.append(element.text or "")
        elif element.tag == WORD_NS + "fldChar":
            pieces.append("\n")  # a field begins, separates or ends: instructions apart
        elif element.tag == WORD_NS + "fldSimple":
            pieces.append("\n" + (element.get(WORD_NS + "instr") or "") + "\n")
    if any(DDE_FIELD.match(instruction) for instruction in "".join(pieces).split("\n")):
        raise _refused(DDE)


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, depth: int) -> None:
    with archive.open(info) as part:
        head = part.read(8)
    if head.startswith(OLE_MAGIC):
        raise _refused(OLE)
    for magic, label in PROGRAM_MAGIC:
        if head.startswith(magic):
            raise OfficeRefused(
                PROGRAM,
                f"文件内嵌了可执行程序或脚本（{label}），不允许上传",
                f"the file embeds an executable ({label})",
            )
    if "/embeddings/" not in "/" + info.filename.lower():
        return
    # an embedded file must itself be Office Open XML (a chart's workbook), checked the same way
    if not (info.filename.lower().endswith(OPEN_XML) and head.startswith(b"PK\x03\x04")):
        raise _refused(OLE)
    if depth >= MAX_DEPTH:
        raise _refused(OLE)
    try:
        with zipfile.ZipFile(io.BytesIO(archive.read(info))) as inner:
            check_office(inner, depth=depth + 1)
    except OfficeRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise _refused(CORRUPT) from None
