"""Every write of the inspections app: a visit with its findings and photos, a finding turned
into a problem in one step, the bureau's assignment of cadres to schools (包校), the county's
包校 visit frequency, and the daily reminders of the visits it finds overdue.

One transaction each, with its audit entry inside; a finding becomes a problem through
`rectification.services.problem_create`, so the problem's rules hold here too (who may be
named responsible among them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from junheng.access import CADRE, MANAGE, may, may_be_named
from junheng.audit.services import audit_record
from junheng.inspections.models import (
    DEFAULT_VISIT_EVERY_DAYS,
    MAX_VISIT_EVERY_DAYS,
    Finding,
    Visit,
    VisitFrequency,
    VisitPhoto,
)
from junheng.inspections.selectors import (
    OverdueVisit,
    finding_source,
    may_visit,
    overdue_visits,
    visit_every_days,
    writes_visit,
)
from junheng.rectification import images
from junheng.rectification.choices import NotificationKind
from junheng.rectification.models import Notification, Problem
from junheng.rectification.rules import visit_reminder_text as reminder_wording
from junheng.rectification.services import check_photos, problem_create
from junheng.refusals import NotAllowed, Refusal
from junheng.registry.models import County, School

MAX_FINDINGS = 30

__all__ = [
    "InspectionError",
    "NotAllowed",
    "cadre_assign",
    "finding_add",
    "finding_to_problem",
    "visit_create",
    "visit_frequency_set",
    "visit_reminder_text",
    "visit_reminders_send",
]


class InspectionError(Refusal):
    """A refused action on a visit or an assignment, with its message in Chinese and English."""


def _ensure_visits(actor: Any, school: School) -> None:
    if not may_visit(actor, school):
        raise NotAllowed("无权记录对该学校的走访", "not allowed to record visits to this school")


@transaction.atomic
def visit_create(
    *,
    actor: Any,
    school: School,
    date: dt.date,
    checked: str,
    companions: str = "",
    findings: Iterable[str] = (),
    photos: Iterable[Any] = (),
) -> Visit:
    """Record a visit the actor made: what was checked, each finding, photos."""
    _ensure_visits(actor, school)
    if date > timezone.localdate():
        raise InspectionError("走访日期不能晚于今天", "the visit date cannot be in the future")
    if not checked.strip():
        raise InspectionError("请填写检查内容", "say what was checked")
    texts = [t.strip() for t in findings if t.strip()]
    if len(texts) > MAX_FINDINGS:
        raise InspectionError(
            f"一次走访最多记录 {MAX_FINDINGS} 条发现", f"at most {MAX_FINDINGS} findings"
        )
    checked_photos = check_photos(photos)
    visit = Visit.objects.create(
        county=school.county,
        school=school,
        date=date,
        visitor=actor,
        companions=companions.strip(),
        checked=checked.strip(),
    )
    for position, text in enumerate(texts, 1):
        Finding.objects.create(visit=visit, position=position, text=text)
    for photo in checked_photos:
        row = VisitPhoto(
            visit=visit,
            content_type=photo.kind.content_type,
            size=len(photo.data),
            original_name=photo.name,
        )
        name = images.random_name(f"visits/{school.county.code}", photo.kind.extension)
        row.file.save(name, ContentFile(photo.data), save=False)
        row.save()
    audit_record(
        actor=actor,
        action="visit",
        obj=visit,
        before=None,
        after={
            "date": date.isoformat(),
            "checked": visit.checked,
            "findings": texts,
            "photos": len(checked_photos),
        },
        school=school,
    )
    return visit


@transaction.atomic
def finding_add(*, actor: Any, visit: Visit, text: str) -> Finding:
    """A further finding of a visit, by its visitor (or the county bureau)."""
    if not writes_visit(actor, visit):
        raise NotAllowed("只有走访人可以补充发现", "only the visitor adds findings")
    _ensure_visits(actor, visit.school)
    if not text.strip():
        raise InspectionError("请填写发现的问题", "describe the finding")
    position = (
        visit.findings.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    finding = Finding.objects.create(visit=visit, position=position, text=text.strip())
    audit_record(
        actor=actor,
        action="finding",
        obj=visit,
        before=None,
        after={"finding": finding.text},
        school=visit.school,
    )
    return finding


@transaction.atomic
def finding_to_problem(
    *,
    actor: Any,
    finding: Finding,
    deadline: dt.date | None,
    responsible: Any,
    measure: str = "",
) -> Problem:
    """Turn a finding into a problem of the visited school, in one step; the responsible
    person must be someone who may be named for that school."""
    finding = (
        Finding.objects.select_for_update()
        .select_related("visit", "visit__school")
        .get(pk=finding.pk)
    )
    if finding.problem_id is not None:
        raise InspectionError("该发现已转为问题", "the finding is already a problem")
    visit = finding.visit
    _ensure_visits(actor, visit.school)
    problem = problem_create(
        actor=actor,
        county=visit.county,
        school=visit.school,
        source=finding_source(actor),
        description=finding.text,
        measure=measure,
        responsible=responsible,
        deadline=deadline,
        comment=f"{visit.date.isoformat()} 走访发现",
    )
    finding.problem = problem
    finding.save(update_fields=["problem"])
    return problem


@transaction.atomic
def cadre_assign(*, actor: Any, cadre: Any, schools: Iterable[School]) -> Any:
    """The bureau assigns a cadre their schools (包校): an inspector then sees exactly those."""
    county = cadre.county
    if county is None or not may(actor, MANAGE, county):
        raise NotAllowed("只有县教育局可以安排包校", "only the county bureau assigns schools")
    if not may_be_named(cadre, CADRE, county=county):
        raise InspectionError(
            "只能为督学或县教育局人员安排包校", "only inspectors and bureau staff are assigned"
        )
    schools = list(schools)
    if any(s.county_id != county.pk for s in schools):
        raise InspectionError("只能安排本县的学校", "only schools of the county")
    before = sorted(cadre.assigned_schools.values_list("code", flat=True))
    after = sorted(s.code for s in schools)
    if before == after:
        return cadre
    cadre.assigned_schools.set(schools)
    audit_record(
        actor=actor,
        action="assign",
        obj=cadre,
        before={"assigned_schools": before},
        after={"assigned_schools": after},
        county=county,
    )
    return cadre


@transaction.atomic
def visit_frequency_set(*, actor: Any, county: County, every_days: int) -> VisitFrequency:
    """The bureau sets the county's 包校 visit frequency: each cadre visits each of their
    schools at least once in `every_days` days (1 to `MAX_VISIT_EVERY_DAYS`)."""
    if not may(actor, MANAGE, county):
        raise NotAllowed(
            "只有县教育局可以设置包校走访频次", "only the county bureau sets the visit frequency"
        )
    if not 1 <= every_days <= MAX_VISIT_EVERY_DAYS:
        raise InspectionError(
            f"走访频次应为 1 至 {MAX_VISIT_EVERY_DAYS} 天",
            f"the visit frequency is 1 to {MAX_VISIT_EVERY_DAYS} days",
        )
    # a county without a row has had the default all along: the audit shows it as the before
    setting, _made = VisitFrequency.objects.select_for_update().get_or_create(
        county=county, defaults={"every_days": DEFAULT_VISIT_EVERY_DAYS}
    )
    before = setting.every_days
    if before == every_days:
        return setting
    setting.every_days = every_days
    setting.updated_by = actor
    setting.save()
    audit_record(
        actor=actor,
        action="visit_frequency",
        obj=setting,
        before={"every_days": before},
        after={"every_days": every_days},
        county=county,
    )
    return setting


def visit_reminder_text(overdue: OverdueVisit, every_days: int) -> str:
    """The reminder as it is stored: in Chinese (shown again in English on an English page by
    `rectification.selectors.notification_text`)."""
    with translation.override("zh-hans"):
        return reminder_wording(
            overdue.school.name,
            every_days,
            overdue.days_since,
            overdue.last_visit.isoformat() if overdue.last_visit else None,
        )


@transaction.atomic
def visit_reminders_send(*, today: dt.date | None = None, county: County | None = None) -> int:
    """The daily in-app reminders of overdue 包校 visits: the cadre of each school behind the
    county's frequency (`selectors.overdue_visits`) gets one reminder per school and day, so
    running it again the same day adds nothing. Returns the number of new reminders."""
    today = today or timezone.localdate()
    counties = [county] if county is not None else County.objects.order_by("pk")
    created = 0
    for each in counties:
        every_days = visit_every_days(each)
        for overdue in overdue_visits(county=each, today=today, every_days=every_days):
            _note, made = Notification.objects.get_or_create(
                recipient=overdue.cadre,
                school=overdue.school,
                problem=None,
                kind=NotificationKind.VISIT_DUE,
                day=today,
                defaults={"text": visit_reminder_text(overdue, every_days)},
            )
            created += made
    return created
