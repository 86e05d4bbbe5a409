"""Who may be named for work on an object: one rule for a problem's responsible person, a
checklist item's assignee, a verifier and a cadre's schools.

A person may be named only where their own scope covers the object's place: a principal for
their school, a township officer for their township (and its schools), a county admin for the
county, an inspector for the schools assigned to them — and only for the duties of their role
(`policy.DUTY_ROLES`). Otherwise naming someone would hand them an object outside their scope
(a principal made responsible for another school's problem could open and move it).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from junheng.access.policy import (
    CADRE,
    COUNTY_ADMIN,
    DUTY_ROLES,
    INSPECTOR,
    PRINCIPAL,
    TOWNSHIP_OFFICER,
)


def _place_condition(county: Any, township: Any, school: Any) -> Q:
    """The users whose own scope covers the place (a school, else a township, else the county)."""
    county_wide = Q(role=COUNTY_ADMIN, county=county)
    if school is not None:
        return (
            county_wide
            | Q(role=TOWNSHIP_OFFICER, township_id=school.township_id)
            | Q(role=PRINCIPAL, school=school)
            | Q(role=INSPECTOR, county=county, assigned_schools=school)
        )
    if township is not None:
        return county_wide | Q(role=TOWNSHIP_OFFICER, township=township)
    return county_wide


def nameable_people(
    duty: str, *, county: Any, township: Any = None, school: Any = None
) -> QuerySet[Any]:
    """The active users who may be named for the duty on an object at this place."""
    from django.contrib.auth import get_user_model

    # A cadre's scope is made by the assignment itself: any of the county's cadres may be given
    # any of its schools.
    where = Q(county=county) if duty == CADRE else _place_condition(county, township, school)
    return (
        get_user_model()
        .objects.filter(
            where,
            role__in=DUTY_ROLES[duty],
            is_active=True,
            is_superuser=False,
        )
        .distinct()
        .order_by("role", "last_name", "username")
    )


def nameable_people_in_county(duty: str, *, county: Any) -> QuerySet[Any]:
    """The active users who may be named for the duty on some object of the county: the union
    of `nameable_people` over the county and its townships and schools (a form's choices
    before the place is chosen; `may_be_named` then checks the person against the place)."""
    from django.contrib.auth import get_user_model

    where = (
        Q(county=county)
        if duty == CADRE
        else Q(role=COUNTY_ADMIN, county=county)
        | Q(role=TOWNSHIP_OFFICER, township__county=county)
        | Q(role=PRINCIPAL, school__county=county)
        | Q(role=INSPECTOR, county=county, assigned_schools__county=county)
    )
    return (
        get_user_model()
        .objects.filter(where, role__in=DUTY_ROLES[duty], is_active=True, is_superuser=False)
        .distinct()
        .order_by("role", "last_name", "username")
    )


def may_be_named(
    person: Any, duty: str, *, county: Any, township: Any = None, school: Any = None
) -> bool:
    """Whether the person may be named for the duty on an object at this place."""
    if person is None or getattr(person, "pk", None) is None:
        return False
    return (
        nameable_people(duty, county=county, township=township, school=school)
        .filter(pk=person.pk)
        .exists()
    )
