"""Evidence uploads are checked by content, not by name: what is accepted, and every kind of
file that is refused, each with its own Chinese message."""

from __future__ import annotations

import io

import pytest

from checklists import samples
from junheng.checklist_core.uploads import Limits, UploadRejected, check_upload

SMALL = Limits(max_bytes=5 * 1024 * 1024, max_unzipped=3 * 1024 * 1024, ratio_floor=512 * 1024)


def _photo(seed: int) -> bytes:
    """A real photo's worth of detail (noise does not compress, as a photo's pixels do not)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((320, 240), 60 + seed).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def check(name: str, data: bytes, limits: Limits | None = None):
    return check_upload(name, io.BytesIO(data), len(data), limits)


def refusal(name: str, data: bytes, limits: Limits | None = None) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        check(name, data, limits)
    return caught.value


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("县域学校布局规划.pdf", samples.PDF, "pdf"),
        ("音乐教室.JPG", samples.JPEG, "jpeg"),
        ("音乐教室.jpeg", samples.JPEG, "jpeg"),
        ("美术教室.png", samples.PNG, "png"),
        ("工作方案.docx", samples.DOCX, "docx"),
        ("统计表.xlsx", samples.xlsx_bytes(), "xlsx"),
        ("汇报.pptx", samples.PPTX, "pptx"),
        ("旧文件.doc", samples.DOC, "doc"),
        ("旧表格.xls", samples.XLS, "xls"),
        ("照片.zip", samples.ZIP, "zip"),
        ("说明.txt", samples.TXT, "txt"),
        ("说明（GBK）.txt", samples.TXT_GBK, "txt"),
        ("2024.12.01 会议纪要.pdf", samples.PDF, "pdf"),
    ],
)
def test_allowed_kinds_are_accepted_when_the_content_matches(name, data, kind):
    accepted = check(name, data)
    assert accepted.kind.key == kind
    assert accepted.name == name


@pytest.mark.parametrize(
    ("name", "data", "reason", "words"),
    [
        ("程序.exe", samples.PE, "executable", "可执行文件"),
        ("报告.pdf", samples.ELF, "executable", "ELF"),
        ("报告.pdf", samples.PE, "executable", "PE"),
        ("报告.docx", samples.MACHO, "executable", "Mach-O"),
        ("说明.txt", samples.SCRIPT, "executable", "脚本"),
        ("安装.sh", samples.SCRIPT, "executable", "可执行文件或脚本"),
        ("说明.txt", samples.HTML, "html", "网页"),
        ("页面.html", samples.HTML, "html", "网页"),
        ("图.svg", samples.SVG_SCRIPT, "svg_script", "SVG 图片含脚本"),
        ("图.png", samples.SVG_SCRIPT, "svg_script", "SVG 图片含脚本"),
        ("图.svg", samples.SVG_PLAIN, "svg", "不允许上传 SVG"),
        ("报告.pdf.exe", samples.PE, "double_extension", "双重扩展名"),
        ("报告.pdf.docx", samples.DOCX, "double_extension", "双重扩展名"),
        ("照片.jpg.zip", samples.ZIP, "double_extension", "双重扩展名"),
        ("报告.docx", samples.PDF, "mismatch", "文件内容是PDF，与扩展名「.docx」不符"),
        ("照片.jpg", samples.PNG, "mismatch", "与扩展名「.jpg」不符"),
        ("表格.xlsx", samples.DOCX, "mismatch", "Word 文档"),
        ("文档.doc", samples.XLS, "mismatch", "不符"),
        ("演示.doc", samples.PPT, "unknown", "无法识别"),
        ("资料.zip", samples.DOCX, "mismatch", "不符"),
        ("空.pdf", b"", "empty", "空文件"),
        ("../../etc/passwd.txt", samples.TXT, "path", "路径"),
        ("..\\..\\boot.ini.txt", samples.TXT, "path", "路径"),
        ("a/b.pdf", samples.PDF, "path", "路径"),
        (".htaccess", samples.TXT, "path", "路径"),
        ("报告\x00.pdf", samples.PDF, "path", "控制字符"),
        ("没有扩展名", samples.PDF, "extension", "没有扩展名"),
        ("压缩.rar", b"Rar!\x1a\x07\x00", "extension", "不支持的文件类型"),
        ("宏.xlsx", samples.XLSM_AS_XLSX, "macro", "宏"),
        ("脚本.pdf", samples.PDF_SCRIPT, "pdf_script", "PDF 文件含脚本"),
        ("二进制.txt", b"\x01\x02\x00\x00binary", "unknown", "二进制"),
        ("损坏.zip", b"PK\x03\x04garbage", "corrupt", "损坏"),
    ],
)
def test_refused_uploads_say_why_in_chinese(name, data, reason, words):
    error = refusal(name, data)
    assert error.reason == reason, error.zh
    assert words in error.zh


def test_an_oversized_file_is_refused_before_its_content_is_read():
    error = refusal("大.pdf", samples.PDF + b"\x00" * (6 * 1024 * 1024), SMALL)
    assert error.reason == "too_large" and "不能超过 5.0 MB" in error.zh


def test_a_zip_expanding_beyond_the_limit_is_a_zip_bomb():
    error = refusal("炸弹.zip", samples.zeros_zip(4), SMALL)
    assert error.reason == "zip_bomb" and "压缩炸弹" in error.zh


def test_an_abnormal_compression_ratio_is_a_zip_bomb_even_under_the_size_limit():
    limits = Limits(max_unzipped=100 * 1024 * 1024, ratio_floor=1024 * 1024, max_ratio=100)
    error = refusal("炸弹.zip", samples.zeros_zip(2), limits)
    assert error.reason == "zip_bomb" and "压缩比" in error.zh


def test_a_docx_is_checked_for_bombs_too():
    bomb = samples.zeros_zip(
        4,
        "word/media/big.bin",
        {"[Content_Types].xml": samples.CONTENT_TYPES, "word/document.xml": b"<w/>"},
    )
    assert refusal("方案.docx", bomb, SMALL).reason == "zip_bomb"


def test_nested_archives_count_against_the_same_budget_and_depth():
    assert refusal("套娃.zip", samples.nested_zip(5)).reason == "zip_bomb"
    assert check("两层.zip", samples.nested_zip(1)).kind.key == "zip"


def test_a_zip_whose_directory_lies_about_sizes_is_refused():
    assert refusal("伪装.zip", samples.lying_zip()).reason == "corrupt"


def test_an_encrypted_zip_cannot_be_checked_and_is_refused():
    error = refusal("加密.zip", samples.encrypted_zip())
    assert error.reason == "encrypted" and "加密" in error.zh


def test_a_normal_zip_of_photos_passes_the_bomb_checks():
    data = samples.zip_bytes({f"照片{n}.jpg": _photo(n) for n in range(20)})
    assert check("照片.zip", data, SMALL).kind.key == "zip"


# --- checked by what they are (issue 13 §4) -------------------------------------------------


def pdf_of(*objects: bytes, root: int = 1) -> bytes:
    """A PDF with a classic cross-reference table over the given objects (numbered from 1)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, xref)
    )
    return out.getvalue()


PAGES = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
)


def catalog(extra: bytes = b"") -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"


def js_in_an_object_stream() -> bytes:
    """OpenAction → object 4, a JavaScript action kept only in a compressed object stream
    (object 5), listed by a cross-reference stream: the raw bytes never show it."""
    import zlib

    action = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    header = b"4 0 "
    stream = zlib.compress(header + action)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    bodies = {
        1: catalog(b"/OpenAction 4 0 R"),
        2: PAGES[0],
        3: PAGES[1],
        5: b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(stream))
        + stream
        + b"\nendstream",
    }
    offsets = {}
    for number, body in bodies.items():
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    offsets[6] = out.tell()
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for number in range(1, 7):
        if number == 4:
            rows.append(b"\x02" + (5).to_bytes(4, "big") + (0).to_bytes(2, "big"))
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    data = b"".join(rows)
    out.write(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(data)
        + data
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6]
    )
    return out.getvalue()


def test_a_real_pdf_is_parsed_and_accepted():
    assert check("方案.pdf", pdf_of(catalog(), *PAGES)).kind.key == "pdf"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (pdf_of(catalog(b"/OpenAction << /S /J#61vaScript /JS (x) >>"), *PAGES), "pdf_script"),
        (pdf_of(catalog(b"/OpenAction << /S /L#61unch /F (calc.exe) >>"), *PAGES), "pdf_launch"),
        (pdf_of(catalog(b"/AA << /O << /S /JavaScript /J#53 (x) >> >>"), *PAGES), "pdf_script"),
        (
            pdf_of(catalog(b"/Names << /E#6dbeddedFiles << /Names [] >> >>"), *PAGES),
            "pdf_embedded",
        ),
        (js_in_an_object_stream(), "pdf_script"),
        (b"%PDF-1.4\nnot really a pdf at all\n", "pdf_unreadable"),
    ],
    ids=["escaped-javascript", "escaped-launch", "additional-action", "embedded", "objstm", "bad"],
)
def test_a_pdf_with_active_content_is_refused_however_it_is_written(data, reason):
    error = refusal("报告.pdf", data)
    assert error.reason == reason, error.zh
    assert "不允许上传" in error.zh


def test_javascript_in_a_compressed_stream_is_invisible_in_the_raw_bytes():
    data = js_in_an_object_stream()
    assert b"JavaScript" not in data
    assert refusal("报告.pdf", data).reason == "pdf_script"


def test_pdfs_written_by_pypdf_with_a_script_or_an_attachment_are_refused():
    from pypdf import PdfWriter
    from pypdf.actions import JavaScript

    for add in (
        lambda w: w.add_open_action(JavaScript("app.alert(1);")),
        lambda w: w.add_attachment("setup.exe", b"MZ" + b"\0" * 60),
    ):
        writer = PdfWriter()
        writer.add_blank_page(width=72, height=72)
        add(writer)
        buffer = io.BytesIO()
        writer.write(buffer)
        assert refusal("报告.pdf", buffer.getvalue()).reason in ("pdf_script", "pdf_embedded")


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ({"setup.exe": samples.PE}, "setup.exe"),
        ({"资料/安装.bat": b"@echo off"}, "安装.bat"),
        ({"a.js": b"alert(1)"}, "a.js"),
        ({"页面/index.html": samples.HTML}, "网页"),
        ({"说明.txt": samples.PE}, "可执行程序"),
        ({"说明.txt": samples.HTML}, "网页"),
        ({"readme.pdf.exe": samples.PE}, "readme.pdf.exe"),
    ],
)
def test_an_archive_holding_executables_or_web_pages_is_refused(entries, words):
    error = refusal("资料.zip", samples.zip_bytes({"照片.jpg": samples.JPEG, **entries}))
    assert error.reason == "archive_executable"
    assert words in error.zh


def test_executables_in_a_nested_archive_are_found_too():
    inner = samples.zip_bytes({"tools/setup.exe": samples.PE})
    error = refusal("资料.zip", samples.zip_bytes({"更多.zip": inner}))
    assert error.reason == "archive_executable" and "setup.exe" in error.zh


def pixel_bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A PNG whose header claims width × height black-and-white pixels, deflated to ~50 KB."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_pixel_bomb_is_refused_before_it_is_decoded():
    import time

    data = pixel_bomb()
    assert len(data) < 150_000
    started = time.perf_counter()
    error = refusal("照片.png", data)
    assert time.perf_counter() - started < 1.0
    assert error.reason == "pixel_bomb" and "百万像素" in error.zh


def test_a_picture_just_over_the_pixel_limit_names_its_size():
    error = refusal("照片.png", pixel_bomb(8000, 5001))
    assert error.reason == "pixel_bomb" and "8000 × 5001" in error.zh


def test_a_photo_is_re_encoded_without_its_metadata():
    from PIL import Image

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 1.0, 2.0), 3: "E", 4: (114.0, 5.0, 6.0)}  # GPS
    exif[0x0112] = 6  # rotated: the camera was held upright
    photo = samples.image_bytes("JPEG", (40, 30), exif=exif.tobytes())
    assert Image.open(io.BytesIO(photo)).getexif().get(0x8825)

    accepted = check("教室.jpg", photo)

    assert accepted.content is not None and accepted.content != photo
    stored = Image.open(io.BytesIO(accepted.content))
    assert stored.format == "JPEG" and dict(stored.getexif()) == {}
    assert stored.size == (30, 40)  # turned upright before the orientation was dropped


def test_a_png_keeps_its_kind_and_loses_its_text_chunks():
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    accepted = check("图.png", samples.image_bytes("PNG", (5, 5), pnginfo=info))

    stored = Image.open(io.BytesIO(accepted.content))
    assert stored.format == "PNG" and "Comment" not in stored.info


def test_a_damaged_image_is_refused():
    error = refusal("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40)
    assert error.reason == "image_damaged" and "损坏" in error.zh


def test_an_accepted_evidence_photo_is_stored_re_encoded(world):
    import datetime as dt

    from junheng.checklists import services
    from junheng.checklists.choices import UnitKind
    from junheng.checklists.models import EvidenceVersion

    quality = services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    item = quality.items.get(code="2.3.1")
    assignment = services.assignment_create(
        actor=world.county_admin,
        item=item,
        unit_kind=UnitKind.SCHOOL,
        school=world.school,
        person=world.principal,
        deadline=dt.date(2099, 1, 1),
    )
    from PIL import Image

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 1.0, 2.0)}
    photo = samples.image_bytes("JPEG", (8, 8), exif=exif.tobytes())

    version = services.evidence_upload(
        actor=world.principal,
        assignment=assignment,
        name="照片.jpg",
        handle=io.BytesIO(photo),
        size=len(photo),
        requirement="音乐专用教室照片",
    )

    version = EvidenceVersion.objects.get(pk=version.pk)
    with version.file.open("rb") as handle:
        stored = handle.read()
    assert stored != photo and version.size == len(stored)
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}
