"""一校一档: one school's file, as a zip — an index workbook and the files behind it.

The index (一校一档目录.xlsx) holds the school's registry facts and 包校 cadres, its yearly data
(the template's fields, the latest three years), its verdict against each standard with the gap
of every indicator (`junheng.assessment`: the numbers of `junheng evaluate`; the school rule of
docs/standards.md §2, "Resource allocation"), its problems (as the 问题整改台账), its visits
(as the 走访记录) and the list of the files. The files: the latest version of every piece of
evidence of the school's checklist assignments (佐证材料/<指标>/…), the photos of its problems
(问题照片/问题#n/…) and of its visits (走访照片/<日期>/…).

Everything is what the reader may see of the school (`junheng.access`): a principal's file of
their school, an inspector's of an assigned school. Built by a background job (`background`),
which reports a step per file.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from junheng.access import VIEW, restrict
from junheng.assessment import summaries
from junheng.assessment.evaluation import STANDARDS, county_evaluation, standard_named
from junheng.checklist_core.archive import folder_name, safe_part
from junheng.checklists.models import Evidence, EvidenceVersion
from junheng.collection.fields import YEARLY_COLUMNS
from junheng.collection.models import SchoolYear
from junheng.evaluation.errors import DataError
from junheng.inspections.models import Visit, VisitPhoto
from junheng.ledgers.problems import COLUMNS as PROBLEM_COLUMNS
from junheng.ledgers.problems import problem_lines
from junheng.ledgers.sheets import (
    DECIMAL,
    INTEGER,
    WRAP,
    Column,
    Heading,
    Sheet,
    person_name,
    workbook_bytes,
)
from junheng.ledgers.visits import VISIT_COLUMNS, visit_rows
from junheng.rectification.choices import PhotoStage
from junheng.rectification.models import ProblemPhoto

INDEX_NAME = "一校一档目录.xlsx"
YEARS_SHOWN = 3
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FileEntry:
    """A file of the school's file: where it goes in the zip, what it is, how to read it."""

    folder: str  # 佐证材料 / 问题照片 / 走访照片, then its own folder
    name: str
    kind: str
    about: str
    stored: Any  # a FieldFile


def school_file_zip(
    *, user: Any, school: Any, heading: Heading, progress: Progress | None = None
) -> bytes:
    """The school's file (一校一档) as a zip: the files first, the index last."""
    entries = _files(user=user, school=school)
    total = len(entries) + 1
    buffer = io.BytesIO()
    taken: set[str] = set()
    paths: list[str] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for done, entry in enumerate(entries, start=1):
            path = _unique(f"{entry.folder}/{safe_part(entry.name, 120)}", taken)
            try:
                with entry.stored.open("rb") as source, archive.open(path, "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
            except OSError:  # a stored file gone missing: the index says so, the rest is kept
                path = ""
            paths.append(path)
            if progress is not None:
                progress(done, total)
        archive.writestr(INDEX_NAME, _index(user, school, heading, entries, paths))
    if progress is not None:
        progress(total, total)
    return buffer.getvalue()


def _unique(path: str, taken: set[str]) -> str:
    folder, _, name = path.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    candidate, number = path, 1
    while candidate.lower() in taken:
        number += 1
        renamed = f"{stem}（{number}）.{extension}" if dot and stem else f"{name}（{number}）"
        candidate = f"{folder}/{renamed}"
    taken.add(candidate.lower())
    return candidate


def school_file_counts(*, user: Any, school: Any) -> dict[str, int]:
    """How much the school's file holds of what the reader sees (four counts)."""
    return {
        "years": school.years.count(),
        "problems": restrict(school.problems.all(), user, VIEW).count(),
        "visits": restrict(Visit, user, VIEW).filter(school=school).count(),
        "evidence": restrict(Evidence, user, VIEW)
        .filter(assignment__school=school, versions__isnull=False)
        .distinct()
        .count(),
    }


# --- the files --------------------------------------------------------------------------------


def _files(*, user: Any, school: Any) -> list[FileEntry]:
    """Every file of the school the reader may see, in the order of the index."""
    entries: list[FileEntry] = []
    latest: dict[int, EvidenceVersion] = {}
    for version in (
        restrict(EvidenceVersion, user, VIEW)
        .filter(evidence__assignment__school=school)
        .select_related("evidence", "evidence__assignment__item")
        .order_by("evidence__assignment__item__sort_key", "evidence_id", "number")
    ):
        latest[version.evidence_id] = version  # the last, highest number wins
    for version in latest.values():
        item = version.evidence.assignment.item
        entries.append(
            FileEntry(
                folder=f"佐证材料/{folder_name(item.code, item.title)}",
                name=version.original_name,
                kind="佐证材料",
                about=f"{item.code} {version.evidence.requirement or version.evidence.title}"
                f"（第 {version.number} 版）",
                stored=version.file,
            )
        )
    visible = restrict(school.problems.all(), user, VIEW).values("pk")
    stages = dict(PhotoStage.choices)
    for photo in ProblemPhoto.objects.filter(problem__in=visible).order_by("problem_id", "pk"):
        entries.append(
            FileEntry(
                folder=f"问题照片/问题#{photo.problem_id}",
                name=f"{stages[photo.stage]}-{photo.original_name}",
                kind=str(stages[photo.stage]),
                about=f"问题 #{photo.problem_id}",
                stored=photo.file,
            )
        )
    for photo in (
        restrict(VisitPhoto, user, VIEW)
        .filter(visit__school=school)
        .select_related("visit", "visit__visitor")
        .order_by("visit__date", "pk")
    ):
        visit = photo.visit
        entries.append(
            FileEntry(
                folder=f"走访照片/{visit.date.isoformat()} {safe_part(person_name(visit.visitor))}",
                name=photo.original_name,
                kind="走访照片",
                about=f"{visit.date.isoformat()} 走访",
                stored=photo.file,
            )
        )
    return entries


# --- the index --------------------------------------------------------------------------------


def _index(user: Any, school: Any, heading: Heading, entries: list, paths: list[str]) -> bytes:
    query = {"school": str(school.pk)}
    problems = problem_lines(user=user, query=query, today=heading.today)
    title = f"{school.name}一校一档"
    sheets = [
        _facts_sheet(school, title),
        _data_sheet(school, title),
        _verdict_sheet(school, title),
        Sheet(
            "问题整改",
            f"{title}：问题整改台账",
            PROBLEM_COLUMNS,
            [line.values() for line in problems],
        ),
        Sheet("走访记录", f"{title}：走访记录", VISIT_COLUMNS, visit_rows(user=user, query=query)),
        Sheet(
            "文件清单",
            f"{title}：文件清单",
            [
                Column("序号", 6, INTEGER),
                Column("类别", 10),
                Column("说明", 40, WRAP),
                Column("原文件名", 30, WRAP),
                Column("压缩包内位置", 60, WRAP),
            ],
            [
                [n, e.kind, e.about, e.name, path or "（文件缺失）"]
                for n, (e, path) in enumerate(zip(entries, paths, strict=True), start=1)
            ],
        ),
    ]
    return workbook_bytes(sheets, heading)


def _facts_sheet(school: Any, title: str) -> Sheet:
    cadres = "、".join(person_name(p) for p in school.assigned_users.order_by("pk"))
    facts = [
        ("学校名称", school.name),
        ("学校标识码", school.code),
        ("乡镇", school.township.name),
        ("学校类型", school.get_school_type_display()),
        ("城乡分类", school.get_location_display()),
        ("办学性质", school.get_ownership_display()),
        ("隶属关系", school.get_affiliation_display()),
        ("所属学校", school.parent.name if school.parent_id else ""),
        ("包校干部", cadres),
    ]
    return Sheet("基本信息", title, [Column("项目", 16), Column("内容", 40, WRAP)], facts)


def _data_sheet(school: Any, title: str) -> Sheet:
    records = list(SchoolYear.objects.filter(school=school).order_by("-year")[:YEARS_SHOWN])
    records.reverse()
    columns = [Column("项目", 34)] + [Column(f"{r.year}年", 14) for r in records]
    rows: list[list[Any]] = [["数据状态", *(r.get_status_display() for r in records)]]
    for field in YEARLY_COLUMNS:
        rows.append([field.header, *(getattr(r, field.key) for r in records)])
    notes = [] if records else ["尚无年度数据。"]
    return Sheet("年度数据", f"{title}：年度数据", columns, rows, notes)


VERDICT_COLUMNS = (
    Column("评估标准", 22),
    Column("学段", 8),
    Column("指标", 34, WRAP),
    Column("单位", 10),
    Column("实际值", 10, DECIMAL),
    Column("标准值", 10, DECIMAL),
    Column("是否达标", 9),
    Column("差距", 10, DECIMAL),
    Column("差距单位", 9),
)


def _verdict_sheet(school: Any, title: str) -> Sheet:
    """The school's values against each standard's thresholds, the gaps, and the verdict of
    each of its levels, for its latest year of data."""
    year = (
        SchoolYear.objects.filter(school=school)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    rows: list[list[Any]] = []
    notes: list[str] = []
    if year is None:
        notes.append("尚无年度数据，无法评估。")
    for key in STANDARDS if year is not None else ():
        name = standard_named(key).name
        try:
            evaluation = county_evaluation(county=school.county, year=year, standard=key)
        except DataError as error:
            notes.append(f"{name}：{year}年全县数据有 {len(error.problems)} 处问题，暂无法评估。")
            continue
        units = summaries.unit_details(evaluation, school.code) if evaluation else []
        if not units:
            notes.append(f"{name}：本校不参与校际计算（或无该年度数据）。")
        for unit in units:
            for indicator in unit["indicators"]:
                meets = indicator["meets"]
                rows.append(
                    [
                        name,
                        unit["name"],
                        indicator["name"],
                        indicator["unit"],
                        indicator["value"],
                        indicator["threshold"],
                        "" if meets is None else ("达标" if meets else "未达标"),
                        indicator["gap"] or None,
                        indicator["gap_unit"] if indicator["gap"] else "",
                    ]
                )
            if unit["pass"] is not None:
                verdict = "达到" if unit["pass"] else "未达到"
                notes.append(
                    f"{name}·{unit['name']}：{verdict}逐校资源配置要求"
                    f"（达标指标 {unit['met_count']} 项）。"
                )
    if year is not None:
        notes.insert(0, f"数据年度：{year}年。")
    return Sheet("达标情况", f"{title}：达标情况与差距", VERDICT_COLUMNS, rows, notes)
