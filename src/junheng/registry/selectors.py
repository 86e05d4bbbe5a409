"""Every read of the registry, scoped to the user through `restrict`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from junheng.access import MANAGE, VIEW, may
from junheng.access.web import get_scoped_or_404
from junheng.collection.models import SchoolYear
from junheng.registry.models import PARENT_TYPES, County, School, Township


def township_list(*, user: Any) -> QuerySet[Township]:
    """The townships the user sees schools of."""
    return Township.objects.restrict(user, VIEW).order_by("name")


def school_list(
    *,
    user: Any,
    township: Township | None = None,
    school_type: str = "",
    search: str = "",
) -> QuerySet[School]:
    """The user's schools, optionally of one township or type, or matching a name or code."""
    schools = School.objects.restrict(user, VIEW).select_related("township", "parent")
    if township is not None:
        schools = schools.filter(township=township)
    if school_type:
        schools = schools.filter(school_type=school_type)
    if search.strip():
        term = search.strip()
        schools = schools.filter(Q(name__icontains=term) | Q(code__startswith=term))
    return schools.order_by("township__name", "code")


@dataclass(frozen=True)
class SchoolDetail:
    school: School
    years: list[SchoolYear]
    teaching_points: list[School]
    can_manage: bool


def school_detail(*, user: Any, pk: int) -> SchoolDetail:
    """One school the user sees (404 otherwise) with its years and teaching points."""
    school = get_scoped_or_404(
        School.objects.select_related("county", "township", "parent"), user, VIEW, pk=pk
    )
    years = (
        SchoolYear.objects.restrict(user, VIEW).filter(school=school).select_related("updated_by")
    )
    points = School.objects.restrict(user, VIEW).filter(parent=school).order_by("code")
    return SchoolDetail(
        school=school,
        years=list(years.order_by("-year")),
        teaching_points=list(points),
        can_manage=may(user, MANAGE, school),
    )


@dataclass(frozen=True)
class SchoolEditing:
    school: School
    townships: QuerySet[Township]
    parents: QuerySet[School]


def school_for_edit(*, user: Any, pk: int) -> SchoolEditing:
    """A school the user may change the registry facts of, with the choices for the form;
    404 otherwise, also for a school the user only sees."""
    school = get_object_or_404(
        School.objects.restrict(user, MANAGE).select_related("township", "parent"), pk=pk
    )
    townships = Township.objects.filter(county=school.county_id).order_by("name")
    parents = (
        School.objects.filter(county=school.county_id, school_type__in=PARENT_TYPES)
        .exclude(pk=school.pk)
        .order_by("code")
    )
    return SchoolEditing(school=school, townships=townships, parents=parents)


@dataclass(frozen=True)
class SchoolAdding:
    county: County
    townships: QuerySet[Township]
    parents: QuerySet[School]


def managed_county(*, user: Any) -> County | None:
    """The county whose registry the user may add schools to (their own), if any."""
    counties = County.objects.restrict(user, MANAGE)
    county_id = getattr(user, "county_id", None)
    return (counties.filter(pk=county_id) if county_id else counties).order_by("code").first()


def school_for_create(*, user: Any) -> SchoolAdding:
    """The county a new school goes to, with the choices for the form; 404 for a user who
    manages no county's registry."""
    county = managed_county(user=user)
    if county is None:
        raise Http404
    return SchoolAdding(
        county=county,
        townships=Township.objects.filter(county=county).order_by("name"),
        parents=School.objects.filter(county=county, school_type__in=PARENT_TYPES).order_by("code"),
    )
