"""The data the ledgers' tests read: problems (one with formula payloads, photos as found and
as proof) in every school of the personas' world, visits with findings and photos, a
checklist assignment with its file per school, and the county's inspection date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile

from junheng.inspections.models import Finding, Visit, VisitPhoto
from junheng.rectification.choices import PhotoStage, Status
from junheng.rectification.models import Problem
from rectification.builders import jpeg_bytes, photo_of, problem_at

TODAY = dt.date.today()
PAYLOADS = ('=HYPERLINK("http://x","点我")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)")


@dataclass
class Ledgers:
    problems: dict[str, Problem]  # by school label A1, A2, A3, B1
    visits: dict[str, Visit]


def visit_at(school, *, days_ago: int, visitor, finding: str = "", photo: bool = False) -> Visit:
    visit = Visit.objects.create(
        county=school.county,
        school=school,
        date=TODAY - dt.timedelta(days=days_ago),
        visitor=visitor,
        checked=f"检查{school.name}功能室",
    )
    if finding:
        Finding.objects.create(visit=visit, position=1, text=finding)
    if photo:
        data = jpeg_bytes(8, 6)
        made = VisitPhoto(
            visit=visit, content_type="image/jpeg", size=len(data), original_name="走访.jpg"
        )
        made.file.save(f"visits/test/{visit.pk}.jpg", ContentFile(data), save=True)
    return visit


def ledger_data(world) -> Ledgers:
    schools = {
        "A1": world.school,
        "A2": world.sibling,
        "A3": world.far_school,
        "B1": world.foreign_school,
    }
    world.county.inspection_date = TODAY + dt.timedelta(days=40)
    world.county.save(update_fields=["inspection_date"])
    problems = {}
    for number, (label, school) in enumerate(schools.items()):
        problems[label] = problem_at(
            school,
            description=f"{school.name}实验室器材不足",
            measure="补充器材",
            deadline=TODAY + dt.timedelta(days=10 * number - 5),
            responsible=world.principal if label == "A1" else None,
        )
    payload = problems["A1"]
    payload.description, payload.measure, payload.proof = PAYLOADS[:3]
    payload.checklist_item = PAYLOADS[3]
    payload.status = Status.CLOSED
    payload.save()
    photo_of(payload, PhotoStage.PROBLEM)
    photo_of(payload, PhotoStage.PROOF)
    photo_of(payload, PhotoStage.PROOF)
    visits = {
        label: visit_at(
            school,
            days_ago=5 * (index + 1),
            visitor=world.inspector if label in ("A2", "A3") else world.county_admin,
            finding=f"{school.name}图书室未开放",
            photo=True,
        )
        for index, (label, school) in enumerate(schools.items())
    }
    return Ledgers(problems=problems, visits=visits)
