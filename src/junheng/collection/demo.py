"""The demo county: registry, two years of data and one account per role.

Only in demo mode (JUNHENG_DEMO=1); every record is written through the services, so the demo
has the audit trail and statuses a real county would have.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from junheng.accounts.choices import Role
from junheng.accounts.models import User
from junheng.checklists.national import BUILTIN as CHECKLISTS
from junheng.checklists.services import checklist_load_builtin
from junheng.collection import services
from junheng.collection.models import SchoolYear
from junheng.collection.template_rows import figures_from_row
from junheng.demo_data import generate
from junheng.evaluation.levels import TEACHING_POINT
from junheng.registry.models import County, School, Township

DEMO_PASSWORD = "junheng-demo"
DEMO_USERS = ("county_admin", "township_officer", "principal", "inspector")
DEMO_SEED = 2025
DEMO_YEARS = (2024, 2025)
DEMO_SCHOOLS = 80


class DemoNotAllowed(Exception):
    pass


def demo_accounts_text() -> str:
    return (
        "示范账号 / demo accounts (密码 / password: junheng-demo):\n"
        "  county_admin      县教育局管理员 / county bureau\n"
        "  township_officer  乡镇教办 / township office\n"
        "  principal         校长 / principal\n"
        "  inspector         督学·包校干部 / inspector\n"
    )


@transaction.atomic
def load_demo_county() -> County:
    """Create the demo county once; a second call leaves it as it is."""
    if not settings.DEMO:
        raise DemoNotAllowed("demo data and demo accounts exist only with JUNHENG_DEMO=1")
    existing = User.objects.filter(username="county_admin").first()
    if existing is not None and existing.county is not None:
        return existing.county
    frame = generate(
        counties=1, seed=DEMO_SEED, years=DEMO_YEARS, schools_per_county=DEMO_SCHOOLS
    ).sort("year", "school_type", "school_code")
    rows = frame.to_dicts()
    first = rows[0]
    county = County.objects.create(
        code=first["county_code"],
        name=first["county_name"],
        inspection_date=timezone.localdate() + dt.timedelta(days=120),
    )
    admin = _user("county_admin", "王建华", Role.COUNTY_ADMIN, county=county)
    schools = _registry(county, rows)
    for year in DEMO_YEARS:
        for row in sorted(
            (r for r in rows if r["year"] == year), key=lambda r: r["school_type"] == TEACHING_POINT
        ):
            services.school_year_save(
                actor=admin,
                school=schools[row["school_code"]],
                year=year,
                figures=figures_from_row(row),
                expected_version=None,
                comment="示范数据 / demo data",
            )
    _approve_year(admin, county, DEMO_YEARS[0])
    township = _busiest_township(county)
    principal_school = (
        School.objects.filter(township=township).exclude(school_type=TEACHING_POINT).first()
    )
    _user("township_officer", "张敏", Role.TOWNSHIP_OFFICER, county=county, township=township)
    _user("principal", "李文静", Role.PRINCIPAL, county=county, school=principal_school)
    inspector = _user("inspector", "赵志强", Role.INSPECTOR, county=county)
    inspector.assigned_schools.set(School.objects.filter(county=county).order_by("code")[:6])
    for key in CHECKLISTS:
        checklist_load_builtin(actor=admin, county=county, key=key)
    # the latest year is under way: some schools have submitted, one township has passed
    latest = SchoolYear.objects.filter(school__county=county, year=DEMO_YEARS[-1])
    for record in latest.exclude(school__township=township).order_by("school__code")[::3]:
        services.school_year_submit(actor=admin, record=record)
    return county


def _user(username: str, last_name: str, role: str, **scope: Any) -> User:
    user = User(username=username, last_name=last_name, role=role, **scope)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _registry(county: County, rows: list[dict[str, Any]]) -> dict[str, School]:
    townships: dict[str, Township] = {}
    schools: dict[str, School] = {}
    for row in sorted(rows, key=lambda r: r["school_type"] == TEACHING_POINT):
        if row["school_code"] in schools:
            continue
        if row["township"] not in townships:
            townships[row["township"]] = Township.objects.create(
                county=county, name=row["township"]
            )
        schools[row["school_code"]] = School.objects.create(
            county=county,
            township=townships[row["township"]],
            code=row["school_code"],
            name=row["school_name"],
            school_type=row["school_type"],
            location=row["location"],
            ownership=row["ownership"],
            affiliation=row["affiliation"],
            parent=schools.get(row["parent_school_code"] or ""),
        )
    return schools


def _approve_year(admin: User, county: County, year: int) -> None:
    for record in SchoolYear.objects.filter(school__county=county, year=year):
        services.school_year_submit(actor=admin, record=record)
        services.school_year_review(actor=admin, record=record)
        services.school_year_approve(actor=admin, record=record)
    services.county_year_lock(actor=admin, county=county, year=year)


def _busiest_township(county: County) -> Township:
    return max(county.townships.all(), key=lambda t: t.schools.count())
