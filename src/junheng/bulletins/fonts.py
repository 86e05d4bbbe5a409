"""The fonts of the bureau's documents, as official documents use them (GB/T 9704): the title
in 方正小标宋简体, the text in 仿宋_GB2312, first-level headings in 黑体, second-level ones in
楷体_GB2312.

- The Word file names these fonts: it is opened on the bureau's own computers, where they are
  usually installed (Word shows a similar font where one is missing).
- The PDF is drawn here and embeds what it uses: each role's official font when this machine
  has it, else the fallback named in `ROLES` (Noto Serif CJK SC / Noto Sans CJK SC, which the
  set-up installs). `pdf_fonts()` says which; the pages print `fonts_note()`.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from junheng.web.languages import english


@dataclass(frozen=True)
class FontRole:
    """One use of a font in a document: the official font's names (as fontconfig may know
    it), the name Word is given, and the fallback of the PDF."""

    key: str
    label: Any  # 标题, 正文… (translated lazily)
    word: str  # the name in the Word file
    official: tuple[str, ...]  # accepted installed family names, first preferred
    fallback: str
    fallback_bold: bool = False


ROLES = (
    FontRole(
        "title",
        gettext_lazy("标题"),
        "方正小标宋简体",
        ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "小标宋"),
        "Noto Serif CJK SC",
        fallback_bold=True,
    ),
    FontRole(
        "body",
        gettext_lazy("正文"),
        "仿宋_GB2312",
        ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"),
        "Noto Serif CJK SC",
    ),
    FontRole("heading", gettext_lazy("一级标题"), "黑体", ("黑体", "SimHei"), "Noto Sans CJK SC"),
    FontRole(
        "subheading",
        gettext_lazy("二级标题"),
        "楷体_GB2312",
        ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"),
        "Noto Serif CJK SC",
        fallback_bold=True,
    ),
)
ROLE = {role.key: role for role in ROLES}
# The fonts' own English names, for a page in English (the documents name them in Chinese).
FONT_NAMES_EN = {
    "方正小标宋简体": "FZXiaoBiaoSong-B05S",
    "方正小标宋_GBK": "FZXiaoBiaoSong-B05",
    "小标宋": "XiaoBiaoSong",
    "仿宋_GB2312": "FangSong_GB2312",
    "仿宋": "FangSong",
    "黑体": "SimHei",
    "楷体_GB2312": "KaiTi_GB2312",
    "楷体": "KaiTi",
}
# The Latin text of a Word file (numbers, units).
LATIN = "Times New Roman"
# The family a PDF uses when fontconfig cannot be asked.
LAST_RESORT = "Noto Sans CJK SC"


@cache
def installed_families() -> frozenset[str]:
    """The font families fontconfig knows on this machine (empty when it cannot be asked)."""
    if not shutil.which("fc-list"):
        return frozenset()
    try:
        listing = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, check=True, timeout=20
        ).stdout.decode("utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names = set()
    for line in listing.splitlines():
        names.update(name.strip() for name in line.split(",") if name.strip())
    return frozenset(names)


@dataclass(frozen=True)
class PdfFont:
    """The font a role is drawn in in the PDF, and whether it is the official one."""

    role: FontRole
    family: str
    official: bool
    bold: bool


def pdf_fonts(families: frozenset[str] | None = None) -> dict[str, PdfFont]:
    """Each role's family in the PDF: the first official name installed, else the fallback
    (else the last resort, when even the fallback is missing)."""
    families = installed_families() if families is None else families
    chosen = {}
    for role in ROLES:
        found = next((name for name in role.official if name in families), None)
        if found is not None:
            chosen[role.key] = PdfFont(role, found, True, False)
        elif role.fallback in families or not families:
            chosen[role.key] = PdfFont(role, role.fallback, False, role.fallback_bold)
        else:
            chosen[role.key] = PdfFont(role, LAST_RESORT, False, role.fallback_bold)
    return chosen


def font_css(fonts: dict[str, PdfFont] | None = None) -> str:
    """The PDF's font rules (added to print.css): which family each part of a document uses."""
    fonts = fonts or pdf_fonts()

    def rule(selector: str, key: str) -> str:
        font = fonts[key]
        weight = "bold" if font.bold else "normal"
        return f'{selector} {{ font-family: "{font.family}"; font-weight: {weight}; }}'

    return "\n".join(
        [
            rule("body, .page-number", "body"),
            rule(".doc-title, .masthead .name, .letterhead .mark, .item-title", "title"),
            rule("h2.level-1, .column", "heading"),
            rule("h3.level-2", "subheading"),
            f'@page {{ @bottom-center {{ font-family: "{fonts["body"].family}"; }} }}',
        ]
    )


def font_name(name: str) -> str:
    """A font's name as the reader's language knows it (仿宋_GB2312 → FangSong_GB2312)."""
    if english():
        return FONT_NAMES_EN.get(name, name)
    return name


def fonts_note() -> str:
    """What a page says of the documents' fonts: the Word file's, and the PDF's on this
    machine (naming each fallback used in place of an official font)."""
    sep = _("、")
    word = sep.join(f"{role.label} {font_name(role.word)}" for role in ROLES)
    pdf = []
    for font in pdf_fonts().values():
        if font.official:
            pdf.append(f"{font.role.label} {font_name(font.family)}")
        else:
            pdf.append(
                _("%(label)s %(family)s（本机未安装%(official)s）")
                % {
                    "label": font.role.label,
                    "family": font.family,
                    "official": font_name(font.role.word),
                }
            )
    return _(
        "Word 文件字体：%(word)s（打开文件的电脑未安装时，Word 以相近字体显示）。"
        "PDF 文件嵌入所用字体：%(pdf)s。"
    ) % {"word": word, "pdf": sep.join(pdf)}
