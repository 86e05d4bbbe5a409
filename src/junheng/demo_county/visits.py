"""督导走访 over the past months: the inspector's visits to the schools assigned to them (two of
them not visited within the county's 30 days), the township officer's to its schools, the
bureau's own; findings recorded, photos taken, and the latest finding at the principal's
school turned into a problem on the day of the visit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from junheng.accounts.models import User
from junheng.demo_county.clock import Timeline
from junheng.demo_county.files import photo_png
from junheng.demo_county.people import Cast
from junheng.inspections import services as inspections
from junheng.registry.models import School

INSPECTED_SCHOOLS = 6

# The days ago of the inspector's visits, school by school (the principal's school first): the
# third and fifth schools have not been visited for more than 30 days.
INSPECTOR_VISITS = ((85, 40, 8), (100, 65, 20), (90, 50), (80, 12), (70, 44), (60, 25))
OFFICER_VISITS = (55, 33, 16)
BUREAU_VISITS = (45,)

CHECKED = (
    "查看功能教室配备和使用记录、课表执行情况",
    "核查在校生数与学籍系统、班额和教师配备",
    "检查校园安全、食堂卫生和留守儿童关爱台账",
    "听课两节，查阅教研活动记录和作业管理",
)
FINDINGS = (
    ("美术专用教室兼作会议室，使用登记不全",),
    ("一年级两个班学生数超过 50 人",),
    ("食堂留样记录缺少两天", "消防器材检查记录未按月填写"),
    (),
    ("教师作业批改记录不全",),
)
CONVERTED = "音乐专用教室门窗损坏，雨天漏水"


def inspected_schools(cast: Cast, schools: list[School]) -> list[School]:
    """The inspector's schools: the principal's, two more of the officer's township, and
    schools of other townships."""
    township = [s for s in schools if s.township_id == cast.township.pk and s != cast.school]
    others = [s for s in schools if s.township_id != cast.township.pk]
    return [cast.school, *township[:2], *others[::7]][:INSPECTED_SCHOOLS]


def cadre_assign(cast: Cast, schools: list[School]) -> None:
    """The bureau assigns the inspector their schools (包校)."""
    inspections.cadre_assign(
        actor=cast.admin, cadre=cast.inspector, schools=inspected_schools(cast, schools)
    )


def _visit(actor: User, school: School, day: dt.date, index: int, findings: Any = None) -> Any:
    photos = []
    if index % 3 == 0:
        photos = [SimpleUploadedFile(f"走访照片{index}.png", photo_png(index), "image/png")]
    return inspections.visit_create(
        actor=actor,
        school=school,
        date=day,
        checked=CHECKED[index % len(CHECKED)],
        companions="县督导室 刘洋" if index % 2 else "",
        findings=FINDINGS[index % len(FINDINGS)] if findings is None else findings,
        photos=photos,
    )


def visits(timeline: Timeline, cast: Cast, schools: list[School]) -> None:
    """Every visit on its day."""
    index = 0
    for school, days_ago in zip(inspected_schools(cast, schools), INSPECTOR_VISITS, strict=False):
        for days in days_ago:
            timeline.at(
                days,
                lambda school=school, days=days, index=index: _visit(
                    cast.inspector, school, timeline.day(days), index
                ),
            )
            index += 1
    township = [s for s in schools if s.township_id == cast.township.pk] or [cast.school]
    for position, days in enumerate(OFFICER_VISITS):
        school = township[position % len(township)]
        timeline.at(
            days,
            lambda school=school, days=days, index=index: _visit(
                cast.officer, school, timeline.day(days), index
            ),
        )
        index += 1
    others = [s for s in schools if s.township_id != cast.township.pk] or schools
    for position, days in enumerate(BUREAU_VISITS):
        school = others[position % len(others)]
        timeline.at(
            days,
            lambda school=school, days=days, index=index: _visit(
                cast.admin, school, timeline.day(days), index
            ),
        )
        index += 1

    def converted() -> None:
        """The inspector's latest visit to the principal's school: its finding becomes a
        problem of the school at once, its principal responsible."""
        visit = _visit(cast.inspector, cast.school, timeline.today - dt.timedelta(days=3), 1, [])
        finding = inspections.finding_add(actor=cast.inspector, visit=visit, text=CONVERTED)
        inspections.finding_to_problem(
            actor=cast.inspector,
            finding=finding,
            deadline=timeline.today + dt.timedelta(days=20),
            responsible=cast.closest(school=cast.school),
            measure="一周内维修门窗，报送维修前后照片",
        )

    timeline.at(3, converted)
