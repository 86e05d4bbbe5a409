"""Import of the school-data template: upload → dry-run preview → confirm → all-or-nothing.

The file is checked by the same reader as `junheng evaluate`, then against the database and
the user's scope. The preview lists every problem by row and column, and what would be created
and changed; the commit re-checks the stored file and applies every row in one transaction, or
none. The pages and the batch's life (store, claim, discard) are the generic flow's
(`junheng.web.imports`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils import translation

from junheng.access import CHANGE, MANAGE, may
from junheng.audit.services import audit_record
from junheng.collection.labels import status_zh
from junheng.collection.models import EDITABLE_STATUSES, ImportBatch, SchoolYear
from junheng.collection.rules import CollectionError, correctable, is_locked
from junheng.collection.services import school_year_save
from junheng.collection.template_rows import figures_from_row
from junheng.collection.validation import english_text, figure_warnings, storage_problems
from junheng.evaluation import InputProblem, SourceFile
from junheng.evaluation.levels import TEACHING_POINT
from junheng.evaluation.template import HEADERS
from junheng.evaluation.template_checks import check_school_data
from junheng.evaluation.template_files import FILE, ROW
from junheng.evaluation.workbook_limits import ReadLimits, upload_limits
from junheng.registry.models import County, School, Township
from junheng.web import imports as flow

# A file holds at most this many years of each school it may hold.
YEARS_PER_FILE = 10
# The new schools a file of a user who may add schools may hold (a county's first import).
NEW_SCHOOLS_PER_FILE = 2_000


@dataclass
class RowChange:
    row: int
    school_code: str
    school_name: str
    year: int
    new_school: bool = False
    fields: list[tuple[str, str, Any, Any]] = field(default_factory=list)  # key, header, old, new


@dataclass
class RowWarning:
    """A warning (经验校验) of a row: imported all the same, it needs a 说明 to be submitted."""

    row: int
    school_code: str
    school_name: str
    year: int
    column: str | None
    zh: str
    en: str


@dataclass
class ImportPlan:
    problems: list[InputProblem]
    creates: list[RowChange]
    changes: list[RowChange]
    unchanged: list[RowChange]
    rows: list[dict[str, Any]]
    warnings: list[RowWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, Any]:
        """The plan as the preview stores it; a problem's English names the template's columns
        and school types in English (the page's English; the CLI's words are its own)."""
        with translation.override("en"):
            problems = [dict(asdict(p), en=english_text(p.en)) for p in self.problems]
        return {
            "problems": problems,
            "creates": [asdict(c) for c in self.creates],
            "changes": [asdict(c) for c in self.changes],
            "unchanged": len(self.unchanged),
            "warnings": [asdict(w) for w in self.warnings],
        }


class ImportFailed(flow.ImportFailed, CollectionError):
    """The stored file no longer passes at the commit: no data were imported."""


def import_limits(*, actor: Any, county: County) -> ReadLimits:
    """What the actor's file may hold: the rows of the schools they may change (and of new
    ones, when they may add schools), `YEARS_PER_FILE` years each; a file beyond it is refused
    before it is parsed."""
    schools = School.objects.restrict(actor, CHANGE).filter(county=county).count()
    if may(actor, MANAGE, county):
        reason_zh = f"本县 {schools:,} 所学校及至多 {NEW_SCHOOLS_PER_FILE:,} 所新学校"
        reason_en = f"the county's {schools:,} schools and up to {NEW_SCHOOLS_PER_FILE:,} new"
        schools += NEW_SCHOOLS_PER_FILE
    else:
        reason_zh = f"您可修改的 {schools:,} 所学校"
        reason_en = f"the {schools:,} school(s) you may change"
    return upload_limits(
        schools * YEARS_PER_FILE,
        reason_zh=f"{reason_zh} × {YEARS_PER_FILE} 个年度",
        reason_en=f"{reason_en} × {YEARS_PER_FILE} years",
    )


def plan_import(
    *,
    actor: Any,
    county: County,
    name: str,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """What importing the file would do, and every reason it cannot. Rows whose keys could be
    read are checked against the database even when the file has other problems, so that
    each row names its own cause (a parent school's row of another county, a locked year).
    `progress(done, total)` is told of each row checked (a background job's page shows it)."""
    limits = import_limits(actor=actor, county=county)
    frame, file_problems = check_school_data([SourceFile(name, data)], limits)
    problems: list[InputProblem] = []
    creates: list[RowChange] = []
    changes: list[RowChange] = []
    unchanged: list[RowChange] = []
    keys = ("year", "county_code", "school_code")
    rows = [row for row in frame.to_dicts() if all(row[k] is not None for k in keys)]
    schools = {s.code: s for s in School.objects.filter(county=county).select_related("county")}
    changeable = set(School.objects.restrict(actor, CHANGE).values_list("pk", flat=True))
    county_records = SchoolYear.objects.filter(
        school__county=county, year__in={row["year"] for row in rows}
    )
    records = {(r.school_id, r.year): r for r in county_records}
    correctable_records = set(correctable(actor, county_records).values_list("pk", flat=True))
    adds_schools = may(actor, MANAGE, county)
    locked_years = {year for year in {row["year"] for row in rows} if is_locked(county, year)}

    def problem(row: dict[str, Any], key: str, zh: str, en: str) -> None:
        problems.append(InputProblem(row[FILE], row[ROW], HEADERS[key], zh, en))

    for done, row in enumerate(rows):
        if progress is not None:
            progress(done, len(rows))
        stored = storage_problems(row)
        for key, zh, en in stored:
            problem(row, key, zh, en)
        if stored:
            continue
        if row["county_code"] != county.code:
            problem(
                row,
                "county_code",
                f"不是本县（{county.name} {county.code}）的数据",
                f"not data of this county ({county.code})",
            )
            continue
        if row["year"] in locked_years:
            problem(
                row,
                "year",
                f"{row['year']} 年度数据已审核锁定，不能导入",
                f"{row['year']} is approved and locked",
            )
            continue
        school = schools.get(row["school_code"])
        change = RowChange(row[ROW], row["school_code"], row["school_name"], row["year"])
        figures = figures_from_row(row)
        if school is None:
            if not adds_schools:
                problem(
                    row,
                    "school_code",
                    f"学校标识码 {row['school_code']} 不在本县学校名录中（新增学校请联系县教育局）",
                    f"school {row['school_code']} is not in the county's registry",
                )
                continue
            change.new_school = True
            change.fields = [(k, HEADERS[k], None, v) for k, v in figures.items()]
            creates.append(change)
            continue
        if not school.is_compulsory:  # docs/standards.md §4: in the registry, never in the data
            problem(
                row,
                "school_code",
                f"学校标识码 {school.code} 是{school.school_type}，不填报义务教育学校基本情况数据",
                f"school {school.code} is a {_type_in_english(school)}: it has no compulsory data",
            )
            continue
        if school.pk not in changeable:
            problem(
                row,
                "school_code",
                f"无权修改学校 {school.name}（{school.code}）的数据",
                f"you may not change the data of school {school.code}",
            )
            continue
        record = records.get((school.pk, row["year"]))
        if record is None:
            change.fields = [(k, HEADERS[k], None, v) for k, v in figures.items()]
            creates.append(change)
            continue
        if record.status not in EDITABLE_STATUSES and record.pk not in correctable_records:
            problem(
                row,
                "school_code",
                f"该校 {row['year']} 年度数据状态为「{status_zh(record)}」，不能通过导入修改",
                f"the school's {row['year']} data are {record.status} and cannot be imported over",
            )
            continue
        before = record.figures()
        change.fields = [
            (k, HEADERS[k], before[k], v) for k, v in figures.items() if before[k] != v
        ]
        (changes if change.fields else unchanged).append(change)
    if file_problems:
        return ImportPlan(file_problems + problems, [], [], [], [])
    planned = {(c.school_code, c.year) for c in creates + changes + unchanged}
    warnings = _row_warnings([r for r in rows if (r["school_code"], r["year"]) in planned], county)
    return ImportPlan(problems, creates, changes, unchanged, rows, warnings)


def _row_warnings(rows: list[dict[str, Any]], county: County) -> list[RowWarning]:
    """Each planned row's warnings, against the school's year before: its row in the file if
    there is one, else its record."""
    in_file = {(r["school_code"], r["year"]): figures_from_row(r) for r in rows}
    stored = {
        (r.school.code, r.year): r.figures()
        for r in SchoolYear.objects.filter(
            school__county=county, year__in={row["year"] - 1 for row in rows}
        ).select_related("school")
    }
    warnings = []
    for row in rows:
        key = (row["school_code"], row["year"] - 1)
        previous = in_file.get(key) or stored.get(key)
        for w in figure_warnings(figures=figures_from_row(row), previous=previous):
            warnings.append(
                RowWarning(
                    row[ROW],
                    row["school_code"],
                    row["school_name"],
                    row["year"],
                    w.column,
                    w.zh,
                    w.en,
                )
            )
    return warnings


def _type_in_english(school: School) -> str:
    """The school's type in English, as a refusal's English half names it (kindergarten)."""
    with translation.override("en"):
        return str(school.get_school_type_display()).lower()


def import_preview(
    *,
    actor: Any,
    county: County,
    name: str,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
) -> ImportBatch:
    """Store the upload and its dry-run plan; nothing of the data is changed. `progress`
    (done, total) is told of the rows as they are checked: the check only reads, so it runs
    outside the transaction that stores the batch, where a job's progress can be seen."""
    plan = plan_import(actor=actor, county=county, name=name, data=data, progress=progress)
    batch = ImportBatch(created_by=actor, county=county, original_name=name, preview=plan.summary())
    with transaction.atomic():
        return flow.batch_store(batch, data)


@transaction.atomic
def import_commit(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Apply every row of a previewed batch, or nothing: the file is checked again first."""
    batch = flow.batch_claim(actor=actor, batch=batch, refusal=CollectionError)
    data = flow.batch_data(batch)
    plan = plan_import(actor=actor, county=batch.county, name=batch.original_name, data=data)
    if not plan.ok:
        raise ImportFailed(plan.problems)
    # schools before their teaching points, so that a new point finds its new parent
    ordered = sorted(plan.rows, key=lambda r: r["school_type"] == TEACHING_POINT)
    for row in ordered:
        school = _school_for(actor, batch.county, row)
        record = SchoolYear.objects.filter(school=school, year=row["year"]).first()
        school_year_save(
            actor=actor,
            school=school,
            year=row["year"],
            figures=figures_from_row(row),
            expected_version=record.version if record else None,
            checked=True,  # plan_import above checked every row of the file
            comment=f"导入 {batch.original_name} 第 {row[ROW]} 行",
        )
    return flow.batch_mark_committed(
        actor=actor,
        batch=batch,
        summary={"created": len(plan.creates), "changed": len(plan.changes)},
    )


def import_discard(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Give up a previewed batch: nothing of it is imported, and it cannot be committed later."""
    return flow.batch_discard(actor=actor, batch=batch, refusal=CollectionError)


def _school_for(actor: Any, county: County, row: dict[str, Any]) -> School:
    school = School.objects.filter(county=county, code=row["school_code"]).first()
    if school is not None:
        return school
    township, _ = Township.objects.get_or_create(county=county, name=row["township"])
    parent = None
    if row.get("parent_school_code"):
        parent = School.objects.filter(county=county, code=row["parent_school_code"]).first()
    school = School.objects.create(
        county=county,
        township=township,
        code=row["school_code"],
        name=row["school_name"],
        school_type=row["school_type"],
        location=row["location"],
        ownership=row["ownership"],
        affiliation=row["affiliation"],
        parent=parent,
    )
    audit_record(
        actor=actor,
        action="create",
        obj=school,
        before=None,
        after={"code": school.code, "name": school.name, "type": school.school_type},
        school=school,
    )
    return school
