"""Small builders of registry, users and yearly data for the web tests."""

from __future__ import annotations

from typing import Any

from junheng.accounts.models import User
from junheng.collection.models import SchoolYear
from junheng.registry.models import County, School, Township

PASSWORD = "correct-horse-battery-9"

PRIMARY_FIGURES: dict[str, Any] = {
    "township": "城关镇",
    "school_name": "",
    "school_type": "小学",
    "parent_school_code": "",
    "location": "城区",
    "ownership": "公办",
    "affiliation": "县属",
    "primary_students": 400,
    "junior_students": 0,
    "senior_students": 0,
    "primary_classes": 10,
    "junior_classes": 0,
    "primary_teachers": 26,
    "junior_teachers": 0,
    "primary_qualified_teachers": 24,
    "junior_qualified_teachers": 0,
    "primary_senior_title_teachers": 12,
    "junior_senior_title_teachers": 0,
    "primary_backbone_teachers": 5,
    "junior_backbone_teachers": 0,
    "primary_pe_art_teachers": 4,
    "junior_pe_art_teachers": 0,
    "teaching_room_area": 2000.0,
    "sports_area": 3200.0,
    "equipment_value": 90.0,
    "computers": 60,
    "books": 12000,
    "multimedia_classrooms": 10,
}


def make_county(code: str = "610101", name: str = "示例县") -> County:
    return County.objects.create(code=code, name=name)


def make_township(county: County, name: str = "城关镇") -> Township:
    return Township.objects.get_or_create(county=county, name=name)[0]


def make_school(
    township: Township, code: str, name: str | None = None, school_type: str = "小学", **extra: Any
) -> School:
    return School.objects.create(
        county=township.county,
        township=township,
        code=code,
        name=name or f"学校{code[-4:]}",
        school_type=school_type,
        location=extra.pop("location", "城区"),
        **extra,
    )


def make_user(username: str, role: str, **scope: Any) -> User:
    assigned = scope.pop("assigned_schools", ())
    user = User(username=username, role=role, **scope)
    user.set_password(PASSWORD)
    user.save()
    if assigned:
        user.assigned_schools.set(assigned)
    return user


def figures_for(school: School, **changes: Any) -> dict[str, Any]:
    figures = dict(PRIMARY_FIGURES, township=school.township.name, school_name=school.name)
    figures.update(school_type=school.school_type, location=school.location)
    figures.update(changes)
    return figures


def make_school_year(school: School, year: int = 2025, **changes: Any) -> SchoolYear:
    """A record written directly (no service): for arranging a test's starting state."""
    return SchoolYear.objects.create(school=school, year=year, **figures_for(school, **changes))
