"""Who may see and do what in the surveys, in one place: every role question of the app is
answered here and nowhere else (the services' write guard and the pages ask these functions).

A county admin manages the county's surveys and sees all their responses; a township officer
sees the township's schools', a principal the school's, an inspector the assigned schools'.
An object out of the user's scope is a 404.
"""

# access: to be moved to junheng.access

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from junheng.access import (
    COUNTY_ADMIN,
    INSPECTOR,
    MANAGE,
    PRINCIPAL,
    TOWNSHIP_OFFICER,
    VIEW,
)
from junheng.registry.models import County, School
from junheng.surveys.models import Response, Survey


def surveys_seen(*, user: Any) -> QuerySet[Survey]:
    """The surveys the user may view (their county's)."""
    return Survey.objects.restrict(user, VIEW)


def responses_seen(*, user: Any) -> QuerySet[Response]:
    """The responses the user may count: of the county, township, school or assigned schools."""
    return Response.objects.restrict(user, VIEW)


def survey_get(*, user: Any, pk: int, action: str = VIEW) -> Survey:
    """A survey the user may view (or manage), or 404."""
    return get_object_or_404(Survey.objects.restrict(user, action).select_related("county"), pk=pk)


def can_manage(*, user: Any, survey: Survey) -> bool:
    """Whether the user may change the survey (its county's admins)."""
    return Survey.objects.restrict(user, MANAGE).filter(pk=survey.pk).exists()


def manageable_counties(*, user: Any) -> QuerySet[County]:
    """The counties in which the user may create surveys."""
    return County.objects.restrict(user, MANAGE)


def scope_label(*, user: Any) -> str:
    """What the user's results cover, in words: the county, a township, a school."""
    role = getattr(user, "role", "")
    if user.is_superuser or role == COUNTY_ADMIN:
        return "全县"
    if role == TOWNSHIP_OFFICER and user.township:
        return str(user.township.name)
    if role == PRINCIPAL and user.school:
        return str(user.school.name)
    if role == INSPECTOR:
        return "负责的学校"
    return ""


def scoped_responses(*, user: Any, survey: Survey) -> QuerySet[Response]:
    return responses_seen(user=user).filter(survey=survey)


def scoped_schools(*, user: Any, survey: Survey) -> QuerySet[School]:
    """The survey's schools the user sees."""
    return (
        survey.schools.filter(pk__in=School.objects.restrict(user, VIEW).values("pk"))
        .select_related("township")
        .order_by("township__name", "code")
    )


def school_in_scope(*, user: Any, pk: int) -> School:
    return get_object_or_404(
        School.objects.restrict(user, VIEW).select_related("township", "county"), pk=pk
    )
