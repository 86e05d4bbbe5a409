"""Evidence uploads are checked by content, not by name: what is accepted, and every kind of
file that is refused, each with its own Chinese message."""

from __future__ import annotations

import io

import pytest

from checklists import samples
from junheng.checklist_core.uploads import Limits, UploadRejected, check_upload

SMALL = Limits(max_bytes=5 * 1024 * 1024, max_unzipped=3 * 1024 * 1024, ratio_floor=512 * 1024)


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
    data = samples.zip_bytes({f"照片{n}.jpg": samples.JPEG * 200 for n in range(20)})
    assert check("照片.zip", data, SMALL).kind.key == "zip"
