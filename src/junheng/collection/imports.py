"""Import of the school-data template: upload → dry-run preview → confirm → all-or-nothing.

The file is checked by the same reader as `junheng evaluate`, then against the database and
the user's scope. The preview lists every problem by row and column, and what would be created
and changed; the commit re-checks the stored file and applies every row in one transaction, or
none.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from junheng.access import APPROVE, CHANGE, MANAGE, can
from junheng.audit.services import audit_record
from junheng.collection.choices import ImportStatus
from junheng.collection.labels import status_zh
from junheng.collection.models import EDITABLE_STATUSES, ImportBatch, SchoolYear
from junheng.collection.services import CollectionError, is_locked, school_year_save
from junheng.collection.template_rows import figures_from_row
from junheng.evaluation import DataError, InputProblem, SourceFile, read_school_data
from junheng.evaluation.levels import TEACHING_POINT
from junheng.evaluation.template import HEADERS
from junheng.evaluation.template_files import FILE, ROW
from junheng.registry.models import County, School, Township


@dataclass
class RowChange:
    row: int
    school_code: str
    school_name: str
    year: int
    new_school: bool = False
    fields: list[tuple[str, str, Any, Any]] = field(default_factory=list)  # key, header, old, new


@dataclass
class ImportPlan:
    problems: list[InputProblem]
    creates: list[RowChange]
    changes: list[RowChange]
    unchanged: list[RowChange]
    rows: list[dict[str, Any]]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, Any]:
        return {
            "problems": [asdict(p) for p in self.problems],
            "creates": [asdict(c) for c in self.creates],
            "changes": [asdict(c) for c in self.changes],
            "unchanged": len(self.unchanged),
        }


class ImportFailed(CollectionError):
    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__(
            "导入文件有误，未导入任何数据", "the file has problems; nothing was imported"
        )
        self.problems = problems


def plan_import(*, actor: Any, county: County, name: str, data: bytes) -> ImportPlan:
    """What importing the file would do, and every reason it cannot."""
    try:
        frame = read_school_data([SourceFile(name, data)])
    except DataError as error:
        return ImportPlan(error.problems, [], [], [], [])
    problems: list[InputProblem] = []
    creates: list[RowChange] = []
    changes: list[RowChange] = []
    unchanged: list[RowChange] = []
    rows = frame.to_dicts()
    schools = {s.code: s for s in School.objects.filter(county=county).select_related("county")}
    changeable = set(School.objects.restrict(actor, CHANGE).values_list("pk", flat=True))
    records = {
        (r.school_id, r.year): r
        for r in SchoolYear.objects.filter(
            school__county=county, year__in={row["year"] for row in rows}
        )
    }
    locked_years = {year for year in {row["year"] for row in rows} if is_locked(county, year)}

    def problem(row: dict[str, Any], key: str, zh: str, en: str) -> None:
        problems.append(InputProblem(row[FILE], row[ROW], HEADERS[key], zh, en))

    for row in rows:
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
            if not can(actor, MANAGE):
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
        if record.status not in EDITABLE_STATUSES and not can(actor, APPROVE):
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
    return ImportPlan(problems, creates, changes, unchanged, rows)


@transaction.atomic
def import_preview(*, actor: Any, county: County, name: str, data: bytes) -> ImportBatch:
    """Store the upload and its dry-run plan; nothing of the data is changed."""
    plan = plan_import(actor=actor, county=county, name=name, data=data)
    batch = ImportBatch(created_by=actor, county=county, original_name=name, preview=plan.summary())
    batch.file.save(f"{timezone.now():%Y%m%d%H%M%S}.upload", ContentFile(data), save=False)
    batch.save()
    return batch


@transaction.atomic
def import_commit(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Apply every row of a previewed batch, or nothing: the file is checked again first."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW or batch.created_by_id != actor.pk:
        raise CollectionError("该导入已处理或不属于您", "this import was already handled")
    with batch.file.open("rb") as handle:
        data = handle.read()
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
            comment=f"导入 {batch.original_name} 第 {row[ROW]} 行",
        )
    before = {"status": batch.status}
    batch.status, batch.committed_at = ImportStatus.COMMITTED, timezone.now()
    batch.save(update_fields=["status", "committed_at"])
    audit_record(
        actor=actor,
        action="import",
        obj=batch,
        before=before,
        after={
            "status": batch.status,
            "file": batch.original_name,
            "created": len(plan.creates),
            "changed": len(plan.changes),
        },
        county=batch.county,
    )
    return batch


@transaction.atomic
def import_discard(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Give up a previewed batch: nothing of it is imported, and it cannot be committed later."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW or batch.created_by_id != actor.pk:
        raise CollectionError("该导入已处理或不属于您", "this import was already handled")
    batch.status = ImportStatus.DISCARDED
    batch.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="discard",
        obj=batch,
        before={"status": ImportStatus.PREVIEW},
        after={"status": batch.status, "file": batch.original_name},
        county=batch.county,
    )
    return batch


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
