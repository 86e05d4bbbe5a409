"""The shape of the bureau's documents, one structure for the page, Word and PDF.

Three kinds, each in its customary form (docs/standards.md §6):

- a work bulletin (工作简报): the 刊头 (`Masthead`: 刊名, 第N期, 编印单位, 日期), an optional
  编者按 (`foreword`), columns (栏目, level-1 sections) each holding news items under their own
  headlines (level-3 sections), and the 报尾 (`closing`: 报：… 送：… 发：…, and 共印 N 份);
- a notice (通报), a 公文 after GB/T 9704: the 版头 (`Letterhead`: 发文机关标志 and 发文字号),
  the title, the 主送机关 (`addressee`), the text, the 落款 (`signature`) and 成文日期 (`date`)
  at the end, and the 版记 (`closing`: 抄送, 印发机关 and 印发日期);
- a self-evaluation report (自评报告): the title, the text in numbered parts, the 落款 and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from junheng.bulletins.charts import Chart

BULLETIN, NOTICE, REPORT = "bulletin", "notice", "report"
NUMERALS = "一二三四五六七八九十"


def numeral(number: int) -> str:
    """一 … 十, 十一 … 九十九: the numbers of headings (一、 and （一）)."""
    if number <= 10:
        return NUMERALS[number - 1]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def text_width(text: str) -> float:
    """A text's width in characters (a Latin letter or digit is half a character)."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


def signature_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents (in characters) of the 落款 and the date, after GB/T 9704 7.3.5.2: the
    signature two characters from the right, the date's first character two characters right
    of the signature's; a date longer than that stays two from the right, the signature
    moving left."""
    sign, day = text_width(signature), text_width(date)
    sign_right = 2.0
    date_right = sign_right + sign - day - 2
    if date_right < 2:
        date_right = 2.0
        sign_right = date_right + day + 2 - sign
    return sign_right, date_right


@dataclass
class Section:
    """A heading and what follows it. Levels: 1 一、 (a part; a bulletin's 栏目), 2 （一）,
    3 a bulletin item's headline. The table's first row is its header."""

    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] | None = None
    chart: Chart | None = None
    level: int = 1
    notes: list[str] = field(default_factory=list)  # small print under the table

    @property
    def chart_svg(self) -> str:
        return self.chart.svg() if self.chart is not None else ""


@dataclass
class Masthead:
    """A bulletin's 刊头."""

    name: str  # 义务教育优质均衡发展工作简报
    issue: str  # 第12期
    editor: str  # 编印单位
    date: str  # 2026年5月10日


@dataclass
class Letterhead:
    """A 公文's 版头: the issuing body's mark (red) and the document number."""

    mark: str  # 示例县教育局文件
    number: str  # 示教发〔2026〕3号; "" until it is published


@dataclass
class Document:
    kind: str  # BULLETIN, NOTICE or REPORT
    title: str  # the document's title; "" for a bulletin
    sections: list[Section]
    masthead: Masthead | None = None
    letterhead: Letterhead | None = None
    addressee: str = ""  # 主送机关, printed with its colon
    foreword: str = ""  # 编者按
    opening: list[str] = field(default_factory=list)  # paragraphs before the first heading
    signature: str = ""  # 落款
    date: str = ""  # 成文日期
    closing: list[str] = field(default_factory=list)  # 报尾 / 版记 lines
    closing_end: tuple[str, str] = ("", "")  # the last line of the 报尾 / 版记: left, right
    draft: bool = False

    @property
    def file_stem(self) -> str:
        if self.masthead is not None:
            name = f"{self.masthead.name}{self.masthead.issue}"
        else:
            name = self.title
        return re.sub(r'[\\/:*?"<>|\s]+', "", name) or "document"

    @property
    def heading_sections(self) -> list[Section]:
        return [section for section in self.sections if section.heading]
