"""The county's self-evaluation report (自评报告) as a `bulletins.layout.Document`, printed to
Word and PDF as the bureau's other documents are.

It is the county people's government's report (docs/standards.md §6): 「××县人民政府关于县域
义务教育优质均衡发展的自评报告」, signed by the government with the date, in the customary five
parts — 一、基本情况 (`basics`), 二、主要做法与成效 (the bureau's narrative saved with the
report), 三、指标达成情况 (`achievement`: each part of the standard and the county's verdict of
all of them), 四、存在问题 and 五、下一步整改措施 (`measures`). Always in Chinese, whatever the
page's language. No software vocabulary: it is an official document.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone, translation

from junheng.assessment.evaluation import county_evaluation, standard_named
from junheng.assessment.parts import county_verdict
from junheng.bulletins.figures import chinese_date
from junheng.bulletins.layout import NUMERALS, REPORT, Document, Section
from junheng.bulletins.programme import programme_phrase
from junheng.registry.models import County
from junheng.selfreport.achievement import achievement_sections
from junheng.selfreport.basics import basics_section
from junheng.selfreport.measures import measures_sections, open_problems, problems_sections
from junheng.selfreport.selectors import report_costs, saved_report
from junheng.selfreport.wording import PENDING, government, ourselves

# A line of the narrative that opens a sub-part: （一）…
SUBHEADING = re.compile(rf"^（[{NUMERALS}]+）")
SUBHEADING_MAX = 40

SECTION_HEADINGS = (
    "一、基本情况",
    "二、主要做法与成效",
    "三、指标达成情况",
    "四、存在问题",
    "五、下一步整改措施",
)


def report_title(county: County, standard: str) -> str:
    """示例县人民政府关于县域义务教育优质均衡发展的自评报告."""
    return f"{government(county)}关于县域{programme_phrase(standard)}的自评报告"


def practice_sections(text: str) -> list[Section]:
    """二、主要做法与成效 from the narrative: a short line opening （一） is a sub-heading."""
    sections = [Section("二、主要做法与成效")]
    for line in (line.strip() for line in text.replace("\r\n", "\n").split("\n")):
        if not line:
            continue
        if SUBHEADING.match(line) and len(line) <= SUBHEADING_MAX:
            sections.append(Section(line, level=2))
        else:
            sections[-1].paragraphs.append(line)
    if len(sections) == 1 and not sections[0].paragraphs:
        sections[0].paragraphs.append(PENDING)
    return sections


def opening(county: County, standard: str) -> list[str]:
    rules = standard_named(standard)
    return [
        f"根据《{rules.name}》（{rules.document}）的要求，{ourselves(county)}对照评估内容，"
        "逐项开展了自查自评。现将自评情况报告如下。"
    ]


def self_report(
    *, county: County, year: int, standard: str, today: dt.date | None = None
) -> Document | None:
    """The report for the county's year under a standard; None when the county has no school
    data that year. Raises what `county_evaluation` raises on data it cannot evaluate."""
    with translation.override("zh-hans"):
        evaluation = county_evaluation(county=county, year=year, standard=standard)
        if evaluation is None:
            return None
        today = today or timezone.localdate()
        verdict = county_verdict(county=county, year=year, standard=standard)
        problems = open_problems(county)
        saved = saved_report(county=county, year=year, standard=standard)
        sections = [
            basics_section(county, year),
            *practice_sections(saved.practice if saved is not None else ""),
            *achievement_sections(verdict, evaluation),
            *problems_sections(county, verdict, problems, today),
            *measures_sections(county, verdict, problems, report_costs(saved)),
        ]
        return Document(
            kind=REPORT,
            title=report_title(county, standard),
            opening=opening(county, standard),
            sections=sections,
            signature=government(county),
            date=chinese_date(today.isoformat()),
        )
