"""The ledgers the app carries out: each with its name, title, file format, the action
(junheng.access) its reader needs — the same as the page it comes from — the filters it reads
from a query string, and the function that builds it.

A ledger is built in Chinese whatever the page's language (an official document), for the
reader's scope, on the day given. Small scopes download it at once; a scope of more than
`DIRECT_SCHOOLS` schools builds it in the background (`background`), as does the Word ledger
with its photos and the school's file (一校一档).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from junheng.access import MANAGE, VIEW, can
from junheng.jobs.models import in_language
from junheng.ledgers.plan import plan_workbook
from junheng.ledgers.problems import problems_workbook
from junheng.ledgers.rankings import rankings_workbook
from junheng.ledgers.school_file import school_file_zip
from junheng.ledgers.sheets import heading_for
from junheng.ledgers.visits import density_workbook, visits_workbook
from junheng.ledgers.word import problems_docx
from junheng.registry.models import School
from junheng.web.downloads import DOCX_TYPE, XLSX_TYPE, ZIP_TYPE

# A reader whose scope holds more schools than this gets the ledgers from a background job.
# Measured at 1,000 schools (5,000 problems, 10,000 visits; 2 shared vCPU, SQLite, 2026-12):
# the problems ledger 1.5 s, the visits 3.7 s, the plan 1.8 s — too long for a request, and
# longer still with photos; a fifth of that county answers in well under a second.
DIRECT_SCHOOLS = 200
TYPES = {"xlsx": XLSX_TYPE, "docx": DOCX_TYPE, "zip": ZIP_TYPE}
PROBLEM_FILTERS = ("township", "school", "source", "stage", "body", "status", "overdue", "mine")
Progress = Callable[[int, int], None]


def _without_progress(build: Callable[..., bytes]) -> Callable[..., bytes]:
    """A workbook is written in one step: it reports no progress of its own."""

    def built(*, progress: Progress | None = None, **arguments: Any) -> bytes:
        return build(**arguments)

    return built


@dataclass(frozen=True)
class Ledger:
    name: str
    zh: str
    en: str
    fmt: str  # xlsx | docx
    action: str  # what the reader must be allowed (junheng.access), as on the ledger's page
    filters: tuple[str, ...]  # the query keys it reads (those of its page)
    build: Callable[..., bytes]  # (user, county, query, heading, progress) -> the file
    direct: bool = True  # may be downloaded at once by a reader of a small scope
    about: tuple[str, str] = ("", "")  # what it holds (Chinese, English), for its page

    def label(self) -> str:
        return in_language(self.zh, self.en)

    def description(self) -> str:
        return in_language(*self.about)

    @property
    def job_kind(self) -> str:
        return f"ledger_{self.name}"

    @property
    def content_type(self) -> str:
        return TYPES[self.fmt]

    def file_name(self, county: Any, today: dt.date) -> str:
        return f"{county.name}{self.zh}（{today.isoformat()}）.{self.fmt}"

    def ascii_name(self, county: Any, today: dt.date) -> str:
        return f"ledger-{self.name}-{county.code}-{today.isoformat()}.{self.fmt}"

    def query(self, data: Mapping[str, Any]) -> dict[str, str]:
        """The ledger's own filters from a query string (or a job's params)."""
        return {key: str(data[key]) for key in self.filters if data.get(key) not in (None, "")}


LEDGERS: dict[str, Ledger] = {
    ledger.name: ledger
    for ledger in (
        Ledger(
            "problems",
            "问题整改台账",
            "Problems and rectification ledger",
            "xlsx",
            VIEW,
            PROBLEM_FILTERS,
            _without_progress(problems_workbook),
            about=(
                "编号、学校、评估指标条目、问题描述、来源与阶段、发现日期、整改期限、责任人、"
                "整改措施、状态、销号日期、佐证数量",
                "Number, school, checklist item, description, source and stage, dates found "
                "and due, responsible person, measure, state, date closed, proof photos",
            ),
        ),
        Ledger(
            "problems_docx",
            "问题整改台账（含照片）",
            "Problems ledger with photos (Word)",
            "docx",
            VIEW,
            PROBLEM_FILTERS,
            problems_docx,
            direct=False,
            about=(
                "A4 横向，表头每页重复，附问题照片和整改佐证照片",
                "A4 landscape, the heading repeated on every page, with the photos of each "
                "problem and of its proof",
            ),
        ),
        Ledger(
            "visits",
            "走访记录",
            "Visits ledger",
            "xlsx",
            VIEW,
            ("township", "school", "start", "end"),
            _without_progress(visits_workbook),
            about=(
                "走访日期、学校、走访人、检查内容、发现的问题及转为问题情况、照片数",
                "Date, school, visitor, what was checked, findings and the problems made of "
                "them, photos",
            ),
        ),
        Ledger(
            "plan",
            "倒排计划",
            "Countdown plan",
            "xlsx",
            VIEW,
            (),
            _without_progress(plan_workbook),
            about=(
                "未完成的评估指标任务和未销号问题，按期限从督导检查日期倒排；附迎检各阶段安排",
                "Checklist assignments not done and problems not closed, by deadline back "
                "from the inspection date; the stages of the road to recognition",
            ),
        ),
        Ledger(
            "density",
            "走访密度",
            "Visit density",
            "xlsx",
            MANAGE,
            ("days", "start", "end"),
            _without_progress(density_workbook),
            about=(
                "超过 N 天未走访的学校（N 可选，默认为本县包校走访频次）",
                "Schools not visited for over N days (N a filter; by default the county's "
                "visit frequency)",
            ),
        ),
        Ledger(
            "rankings",
            "整改排名",
            "Rankings",
            "xlsx",
            MANAGE,
            ("sort",),
            _without_progress(rankings_workbook),
            about=(
                "乡镇和学校按整改率、逾期问题、数据完成度排列，并列名次注明",
                "Townships and schools by rectification rate, overdue problems and data "
                "completeness; ties marked",
            ),
        ),
    )
}


def ledger_named(name: str) -> Ledger:
    return LEDGERS[name]


def ledgers_for(user: Any) -> list[Ledger]:
    """The ledgers the user may take (asked of the policy)."""
    return [ledger for ledger in LEDGERS.values() if can(user, ledger.action)]


def is_large(*, user: Any, county: Any) -> bool:
    """Whether the reader's scope is too large for a ledger to be built inside a request."""
    schools = School.objects.restrict(user, VIEW).filter(county=county)
    return schools[: DIRECT_SCHOOLS + 1].count() > DIRECT_SCHOOLS


def build_ledger(
    ledger: Ledger,
    *,
    user: Any,
    county: Any,
    query: Mapping[str, Any],
    today: dt.date,
    progress: Progress | None = None,
) -> bytes:
    """The ledger's file for the reader, in Chinese (an official document)."""
    with translation.override("zh-hans"):
        return ledger.build(
            user=user,
            county=county,
            query=ledger.query(query),
            heading=heading_for(user, county, today),
            progress=progress,
        )


def build_school_file(
    *, user: Any, school: Any, today: dt.date, progress: Progress | None = None
) -> bytes:
    """一校一档 of the school, for the reader, in Chinese."""
    with translation.override("zh-hans"):
        return school_file_zip(
            user=user,
            school=school,
            heading=heading_for(user, school.county, today),
            progress=progress,
        )
