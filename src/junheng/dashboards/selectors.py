"""What the dashboards read besides the evaluation (`junheng.assessment`): where the home page
leads each user, and the county or school a page is about, within the user's scope (404
outside it, as if it did not exist)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from junheng.access import EVALUATE, VIEW, can, may
from junheng.access.web import get_scoped_or_404
from junheng.assessment.evaluation import county_years, evaluable_counties
from junheng.registry.models import County, School


def landing(*, user: Any) -> tuple[str, tuple[Any, ...]] | None:
    """The page the home page leads to: the latest year of the county's evaluation for those
    who may see it; the latest year of their own school for those who may not (a principal);
    None when there is no data yet."""
    school = user.school if not can(user, EVALUATE) and user.school_id else None
    if school is not None:
        years = county_years(county=school.county)
        if years:
            return "dashboards:school", (school.county.code, years[0], school.code)
    county = user.county or County.objects.restrict(user, VIEW).first()
    if county is not None:
        years = county_years(county=county)
        if years:
            return "dashboards:county", (county.code, years[0])
    return None


def evaluable_county(*, user: Any, code: str) -> County:
    """The county of that code whose evaluation the user may see (404 otherwise)."""
    return get_object_or_404(evaluable_counties(user=user), code=code)


def school_in_scope(*, user: Any, county_code: str, school_code: str) -> School:
    """The school of that code in the county of that code, if the user sees it (404
    otherwise)."""
    return get_scoped_or_404(
        School.objects.select_related("county", "township"),
        user,
        VIEW,
        county__code=county_code,
        code=school_code,
    )


def may_try_what_if(*, user: Any, county: County) -> bool:
    """Whether the user may try changes on the county's schools (who sees its evaluation)."""
    return may(user, EVALUATE, county)
