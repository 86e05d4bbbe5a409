"""Every write of the road to recognition: the county's facts and 双普 figures of a year, its
recognition facts, a stage's dates, and the mock inspection draws. Only the county's admins
write (the access policy's MANAGE on the county); one transaction each, with its audit entry
inside."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from junheng.access import MANAGE, may
from junheng.assessment.evaluation import STANDARDS
from junheng.audit.services import audit_change, audit_record
from junheng.checklists.autoscoring import county_figures_rescore
from junheng.checklists.services import county_inspection_date_set
from junheng.recognition import coverage, sampling
from junheng.recognition.choices import STAGE_ORDER, Body, Stage
from junheng.recognition.models import (
    CountyCoverage,
    CountyProfile,
    CountyRecognition,
    DrawnSchool,
    MockDraw,
    RecognitionStage,
    default_draw_name,
)
from junheng.refusals import NotAllowed, Refusal
from junheng.registry.models import County, School

FIRST_RECOGNITION_YEAR = 2013  # the first counties were recognised under the 2012 standard
MAX_DRAW = 500
MAX_SEED = 2**63 - 1


class RecognitionError(Refusal):
    """A refused change of the road to recognition, in Chinese and English."""


def _refuse_unless_manages(actor: Any, county: County) -> None:
    if not may(actor, MANAGE, county):
        raise NotAllowed(
            "只有本县教育局管理员可以修改迎检进程", "only the county's admins change the road"
        )


def _check_year(year: int) -> None:
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise RecognitionError("年度不在有效范围内", "the year is out of range")


# --- the county's facts -----------------------------------------------------------------------


def _yearly_save(
    model: type[CountyProfile] | type[CountyCoverage],
    *,
    actor: Any,
    county: County,
    year: int,
    figures: dict[str, Any],
    notes: str,
    comment: str,
) -> tuple[Any, bool]:
    """Enter (or correct) a row of the county's figures of a year, audited: a figure left out
    stays as it was, one given as None is cleared. Returns the row and whether it changed."""
    _refuse_unless_manages(actor, county)
    _check_year(year)
    unknown = set(figures) - set(model.FIGURES)
    if unknown:
        raise ValueError(f"not a figure of {model.__name__}: {sorted(unknown)}")
    if any(value is not None and value < 0 for value in figures.values()):
        raise RecognitionError("数值不能为负数", "figures cannot be negative")
    found = model.objects.select_for_update().filter(county=county, year=year).first()
    found = found or model(county=county, year=year)
    before = found.snapshot() if found.pk else None
    for name, value in figures.items():
        setattr(found, name, value)
    found.notes = notes.strip()
    if isinstance(found, CountyCoverage):
        labels = {f.name: str(f.verbose_name) for f in CountyCoverage._meta.fields}
        wrong = coverage.problems(found.values(), labels)
        if wrong:
            raise RecognitionError("；".join(p.zh for p in wrong), "; ".join(p.en for p in wrong))
    if before is not None and found.snapshot() == before:
        return found, False
    found.updated_by = actor
    found.save()
    audit_change(
        actor=actor,
        obj=found,
        before=before,
        after=found.snapshot(),
        county=county,
        year=year,
        comment=comment,
    )
    return found, True


@transaction.atomic
def profile_save(
    *,
    actor: Any,
    county: County,
    year: int,
    figures: dict[str, Decimal | None],
    notes: str = "",
) -> CountyProfile:
    """Enter (or correct) the county's facts of a year; a figure left out stays as it was,
    one given as None is cleared."""
    profile, _changed = _yearly_save(
        CountyProfile,
        actor=actor,
        county=county,
        year=year,
        figures=figures,
        notes=notes,
        comment="县情",
    )
    return profile


@transaction.atomic
def coverage_save(
    *,
    actor: Any,
    county: County,
    year: int,
    figures: dict[str, Any],
    notes: str = "",
) -> CountyCoverage:
    """Enter (or correct) the county's 双普 figures of a year (docs/standards.md §4); a figure
    left out stays as it was, one given as None is cleared. Figures that cannot all be true
    are refused (`coverage.problems`). The checklists' items scored on these figures are
    scored again from them, in the same transaction."""
    found, changed = _yearly_save(
        CountyCoverage,
        actor=actor,
        county=county,
        year=year,
        figures=figures,
        notes=notes,
        comment="学前和高中阶段教育普及情况",
    )
    if changed:
        county_figures_rescore(actor=actor, county=county, year=year)
    return found


@transaction.atomic
def recognition_save(
    *, actor: Any, county: County, basic_year: int | None, basic_document: str = ""
) -> CountyRecognition:
    """Record the year the county was recognised for basic balance and its document number."""
    _refuse_unless_manages(actor, county)
    if basic_year is not None and not (
        FIRST_RECOGNITION_YEAR <= basic_year <= timezone.localdate().year
    ):
        raise RecognitionError(
            f"认定年份应在 {FIRST_RECOGNITION_YEAR} 年至今年之间",
            f"the year of recognition must be between {FIRST_RECOGNITION_YEAR} and this year",
        )
    found = CountyRecognition.objects.select_for_update().filter(county=county).first()
    found = found or CountyRecognition(county=county)
    before = found.snapshot() if found.pk else None
    found.basic_year = basic_year
    found.basic_document = basic_document.strip()
    if before is not None and found.snapshot() == before:
        return found
    found.updated_by = actor
    found.save()
    audit_change(
        actor=actor,
        obj=found,
        before=before,
        after=found.snapshot(),
        county=county,
        comment="基本均衡认定",
    )
    return found


# --- the stages -------------------------------------------------------------------------------


@transaction.atomic
def stage_save(
    *,
    actor: Any,
    county: County,
    stage: str,
    planned_date: dt.date | None,
    done_date: dt.date | None,
    body: str,
    note: str = "",
) -> RecognitionStage:
    """Set a stage's dates and body. The province stage's planned date is the county's
    督导检查日期: it is written through to `County.inspection_date` (audited), in the same
    transaction."""
    _refuse_unless_manages(actor, county)
    if stage not in STAGE_ORDER:
        raise RecognitionError("没有这个阶段", "no such stage")
    if body not in Body.values:
        raise RecognitionError("请选择实施单位", "choose the body holding the stage")
    if done_date is not None and done_date > timezone.localdate():
        raise RecognitionError("完成日期不能晚于今天", "the date done cannot be in the future")
    county = County.objects.select_for_update().get(pk=county.pk)
    row = RecognitionStage.objects.select_for_update().filter(county=county, stage=stage).first()
    row = row or RecognitionStage(county=county, stage=stage)
    before = row.snapshot() if row.pk else None
    if stage == Stage.PROVINCE and before is not None:
        planned = county.inspection_date
        before["planned_date"] = planned.isoformat() if planned else None
    row.planned_date, row.done_date, row.body, row.note = planned_date, done_date, body, note
    row.note = row.note.strip()
    if stage == Stage.PROVINCE and county.inspection_date != planned_date:
        county_inspection_date_set(actor=actor, county=county, date=planned_date)
    if before is not None and row.snapshot() == before:
        return row
    row.save()
    audit_record(
        actor=actor,
        action="change" if before is not None else "create",
        obj=row,
        before=before,
        after=row.snapshot(),
        county=county,
        comment=_stage_name(stage),
    )
    return row


# --- the mock inspection draws ----------------------------------------------------------------


def new_seed() -> int:
    """A fresh seed, short enough to read out and type again."""
    return secrets.randbelow(10**9)


@transaction.atomic
def draw_create(
    *,
    actor: Any,
    county: County,
    size: int,
    year: int,
    standard: str,
    name: str = "",
    seed: int | None = None,
) -> MockDraw:
    """Draw `size` of the county's schools by stratum (`recognition.sampling`), from the seed
    given or a new one, and keep the draw. A size larger than the county draws every school."""
    _refuse_unless_manages(actor, county)
    _check_year(year)
    if not 1 <= size <= MAX_DRAW:
        raise RecognitionError(
            f"抽取学校数应在 1 至 {MAX_DRAW} 之间", f"draw between 1 and {MAX_DRAW} schools"
        )
    if standard not in STANDARDS:
        raise RecognitionError("没有这个评估标准", "no such standard")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise RecognitionError("随机种子应为非负整数", "the seed must be a non-negative integer")
    candidates = [
        sampling.Candidate(id=s.pk, code=s.code, location=s.location, school_type=s.school_type)
        # docs/standards.md §4: kindergartens and senior high schools are never drawn
        for s in School.objects.compulsory().filter(county=county).order_by("code")
    ]
    if not candidates:
        raise RecognitionError("本县学校名录中没有学校", "the county's registry has no school")
    seed = new_seed() if seed is None else seed
    result = sampling.draw(candidates, size, seed)
    made = timezone.localtime()
    draw = MockDraw.objects.create(
        county=county,
        name=name.strip() or default_draw_name(made),
        year=year,
        standard=standard,
        size=size,
        seed=seed,
        strata=[
            {"location": c.location, "group": c.group, "schools": c.schools, "drawn": c.drawn}
            for c in result.strata
        ],
        created_by=actor,
    )
    DrawnSchool.objects.bulk_create(
        DrawnSchool(
            draw=draw,
            school_id=candidate.id,
            position=position,
            location=candidate.location,
            group=sampling.type_group(candidate.school_type),
        )
        for position, candidate in enumerate(result.drawn, 1)
    )
    audit_record(
        actor=actor,
        action="create",
        obj=draw,
        before=None,
        after=draw.snapshot(),
        county=county,
        year=year,
        comment="模拟抽校",
    )
    return draw


@transaction.atomic
def draw_delete(*, actor: Any, draw: MockDraw) -> None:
    """Delete a kept draw (its schools with it)."""
    _refuse_unless_manages(actor, draw.county)
    audit_record(
        actor=actor,
        action="delete",
        obj=draw,
        before=draw.snapshot(),
        after=None,
        county=draw.county,
        year=draw.year,
        comment="模拟抽校",
    )
    draw.delete()


__all__ = [
    "NotAllowed",
    "RecognitionError",
    "coverage_save",
    "draw_create",
    "draw_delete",
    "new_seed",
    "profile_save",
    "recognition_save",
    "stage_save",
]


def _stage_name(stage: str) -> str:
    """The stage's name as the audit trail stores it: in Chinese, whatever the language of the
    page the change came from (the history page shows it in its reader's language)."""
    with translation.override("zh-hans"):
        return str(Stage(stage).label)
