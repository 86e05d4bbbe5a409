"""Small builders of the recognition tests: a checklist assignment with or without evidence,
an open problem, a visit (rows written directly, for arranging a test's starting state)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from junheng.checklists.models import (
    Assignment,
    Checklist,
    ChecklistItem,
    Evidence,
    EvidenceVersion,
)
from junheng.inspections.models import Visit
from junheng.rectification.models import Problem


def checklist_of(county: Any) -> Checklist:
    found = Checklist.objects.filter(county=county, key="test").first()
    return found or Checklist.objects.create(
        county=county, key="test", name="测试指标", origin="builtin"
    )


def assignment(school: Any, person: Any, *, code: str, with_evidence: bool) -> Assignment:
    checklist = checklist_of(school.county)
    item = ChecklistItem.objects.create(
        checklist=checklist, code=code, sort_key=code, depth=1, title=f"指标 {code}"
    )
    made = Assignment.objects.create(
        item=item,
        unit_kind="school",
        township=school.township,
        school=school,
        person=person,
        deadline=dt.date(2025, 9, 1),
    )
    if with_evidence:
        evidence = Evidence.objects.create(assignment=made, title="台账.pdf")
        version = EvidenceVersion(
            evidence=evidence,
            number=1,
            original_name="台账.pdf",
            kind="pdf",
            size=4,
            sha256="0" * 64,
            uploaded_by=person,
        )
        version.file.save("ledger.pdf", ContentFile(b"%PDF"), save=False)
        version.save()
    return made


def problem(school: Any, *, status: str = "open") -> Problem:
    return Problem.objects.create(
        county=school.county,
        township=school.township,
        school=school,
        source="county",
        description="功能室不足",
        status=status,
    )


def visit(school: Any, visitor: Any, date: dt.date) -> Visit:
    return Visit.objects.create(
        county=school.county, school=school, date=date, visitor=visitor, checked="办学条件"
    )
