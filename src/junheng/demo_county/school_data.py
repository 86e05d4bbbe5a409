"""The county's registry and yearly data, entered as a bureau enters them: each year's template
workbook imported by the county admin (dry run, then commit: the import creates the townships
and schools, audited), the earlier year submitted, passed, approved and locked, the latest year
under way — the principal's school passed by its township, another returned with a comment,
others waiting for review, a third of the county submitted and one more township passed."""

from __future__ import annotations

import polars as pl

from junheng.accounts.models import User
from junheng.collection import services as collection
from junheng.collection.imports import import_commit, import_preview
from junheng.collection.models import SchoolYear
from junheng.collection.validation import unexplained
from junheng.demo_county.clock import Timeline
from junheng.demo_county.people import Cast
from junheng.registry.choices import SchoolType
from junheng.registry.models import County, School, Township
from junheng.template_writer import template_xlsx_bytes

RETURN_COMMENT = (
    "在校生数与学籍系统不一致（相差 12 人）；"
    "体育运动场馆面积请按新建运动场的测绘结果更正后重新上报。"
)


def year_import(admin: User, county: County, frame: pl.DataFrame, year: int) -> None:
    """Import the year's template workbook: dry run, then commit (every row or none)."""
    data = template_xlsx_bytes(frame.filter(pl.col("year") == year))
    name = f"{county.name}{year}年义务教育学校基本情况表.xlsx"
    batch = import_preview(actor=admin, county=county, name=name, data=data)
    problems = batch.preview.get("problems") or []
    if problems:
        raise RuntimeError(f"the demo's {year} workbook does not import: {problems[:3]}")
    import_commit(actor=admin, batch=batch)


# the 说明 a school writes for a figure the checks find unusual (经验校验) before submitting it
WARNING_NOTE = "已与学籍系统和学校台账核对，数据属实"


def explain_warnings(actor: User, records: list[SchoolYear]) -> list[SchoolYear]:
    """Each record's warnings explained by a 说明, as a school does on the data page before it
    may submit (collection.rules.ensure_explained); the records as they are afterwards."""
    explained = []
    for record in records:
        missing = unexplained(record)
        if missing:
            record = collection.school_year_save(
                actor=actor,
                school=record.school,
                year=record.year,
                figures=record.figures(),
                expected_version=record.version,
                notes={**(record.warning_notes or {}), **{w.code: WARNING_NOTE for w in missing}},
            )
        explained.append(record)
    return explained


def year_approve_and_lock(admin: User, county: County, year: int) -> None:
    """Every school's record submitted, then passed and approved in batches, the year locked."""
    records = explain_warnings(admin, _records(county, year))
    for record in records:
        collection.school_year_submit(actor=admin, record=record)
    for step in ("review", "approve"):
        collection.school_years_transition(actor=admin, records=records, name=step)
    collection.county_year_lock(actor=admin, county=county, year=year)


def busiest_township(county: County) -> Township:
    return max(county.townships.order_by("pk"), key=lambda t: t.schools.count())


def principal_school(township: Township) -> School:
    """The township's first school that is not a teaching point."""
    return township.schools.exclude(school_type=SchoolType.TEACHING_POINT).order_by("code")[0]


def _records(county: County, year: int) -> list[SchoolYear]:
    return list(
        SchoolYear.objects.filter(school__county=county, year=year)
        .select_related("school")
        .order_by("school__code")
    )


def year_under_way(timeline: Timeline, cast: Cast, year: int) -> None:
    """The latest year's steps of the last three weeks."""
    county, township = cast.county, cast.township

    def mine() -> list[SchoolYear]:
        return [r for r in _records(county, year) if r.school.township_id == township.pk]

    def own() -> SchoolYear:
        return next(r for r in mine() if r.school_id == cast.school.pk)

    def others() -> list[SchoolYear]:
        return [r for r in mine() if r.school_id != cast.school.pk]

    def elsewhere() -> list[SchoolYear]:
        return [r for r in _records(county, year) if r.school.township_id != township.pk]

    def passed_township() -> list[SchoolYear]:
        second = county.townships.exclude(pk=township.pk).order_by("name").first()
        return [r for r in elsewhere() if second and r.school.township_id == second.pk]

    def submit_elsewhere() -> None:
        chosen = {r.pk: r for r in [*elsewhere()[::3], *passed_township()]}
        for record in explain_warnings(cast.admin, list(chosen.values())):
            collection.school_year_submit(actor=cast.admin, record=record)

    def pass_township() -> None:
        records = passed_township()
        if records:
            collection.school_years_transition(actor=cast.admin, records=records, name="review")

    def submit_others(records: list[SchoolYear]) -> None:
        for record in explain_warnings(cast.officer, records):
            collection.school_year_submit(actor=cast.officer, record=record)

    def return_one() -> None:
        for record in others()[:1]:
            collection.school_year_return(actor=cast.officer, record=record, comment=RETURN_COMMENT)

    timeline.at(
        21,
        lambda: collection.school_year_submit(
            actor=cast.principal, record=explain_warnings(cast.principal, [own()])[0]
        ),
    )
    timeline.at(
        18,
        lambda: collection.school_year_review(
            actor=cast.officer, record=own(), comment="与学籍系统核对一致"
        ),
    )
    timeline.at(15, lambda: submit_others(others()[:1]))
    timeline.at(12, return_one)
    timeline.at(10, submit_elsewhere)
    timeline.at(8, pass_township)
    timeline.at(6, lambda: submit_others(others()[1:3]))
