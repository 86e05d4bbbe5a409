"""What of the surveys a user's scope reaches, asked of the access policy (`junheng.access`):
the surveys and responses they see, one survey to view or manage, the counties they may create
surveys in, the schools of a survey in their scope, and that scope in words.

A county admin sees the county's surveys and all their responses; a township officer the
township's schools', a principal the school's, an inspector the assigned schools'. Only the
county's admins manage a survey. An object out of the user's scope is a 404; one the user
sees but may not manage, a 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from junheng.access import MANAGE, VIEW, restrict
from junheng.access.policy import scope_kind
from junheng.access.web import get_scoped_or_404
from junheng.registry.models import County, School
from junheng.surveys.models import Response, Survey


def surveys_seen(*, user: Any) -> QuerySet[Survey]:
    """The surveys the user may view (their county's)."""
    return restrict(Survey, user, VIEW)


def responses_seen(*, user: Any) -> QuerySet[Response]:
    """The responses the user may count: of the county, township, school or assigned schools."""
    return restrict(Response, user, VIEW)


def survey_get(*, user: Any, pk: int, action: str = VIEW) -> Survey:
    """A survey the user may do the action to: 404 outside their scope, 403 where they see it
    but may not (a township officer asking to manage the county's survey)."""
    return get_scoped_or_404(Survey.objects.select_related("county"), user, action, pk=pk)


def manageable_counties(*, user: Any) -> QuerySet[County]:
    """The counties in which the user may create surveys."""
    return restrict(County, user, MANAGE)


# what the user reads of one survey: by scope kind, what the figures cover ---------------------

# in Chinese (the exports' words); `Results.scope_shown` gives the page's
SCOPE_WORDS = {"county": gettext_noop("全县"), "assigned": gettext_noop("负责的学校")}


def scope_label(*, user: Any) -> str:
    """What the user's results cover, in words: the county, a township, a school, the schools
    assigned to them."""
    kind = scope_kind(user)
    if kind == "township":
        return str(user.township.name) if user.township else ""
    if kind == "school":
        return str(user.school.name) if user.school else ""
    return SCOPE_WORDS.get(kind, "")


def scoped_responses(*, user: Any, survey: Survey) -> QuerySet[Response]:
    """The survey's responses the user may count."""
    return responses_seen(user=user).filter(survey=survey)


def scoped_schools(*, user: Any, survey: Survey) -> QuerySet[School]:
    """The survey's schools the user sees."""
    return (
        survey.schools.filter(pk__in=restrict(School, user, VIEW).values("pk"))
        .select_related("township")
        .order_by("township__name", "code")
    )


def school_in_scope(*, user: Any, pk: int) -> School:
    """A school the user sees, or 404."""
    return get_scoped_or_404(School.objects.select_related("township", "county"), user, pk=pk)
