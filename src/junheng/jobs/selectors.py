"""Every read of background jobs, scoped to the user through the access policy."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from junheng.access import MANAGE, VIEW, restrict
from junheng.assessment.evaluation import county_years, evaluable_counties
from junheng.jobs.models import Job

RECENT = 50


def visible_jobs(*, user: Any) -> QuerySet[Job]:
    """The jobs the user may see: those they started, and every job of the county for those who
    run it (MANAGE: its county admins). Nobody else in the same scope sees a job, because its
    result was made with its starter's view of the data."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    own_or_run = Q(started_by=user.pk) | Q(pk__in=restrict(Job, user, MANAGE).values("pk"))
    return restrict(Job.objects.filter(own_or_run), user, VIEW).select_related(
        "county", "school", "started_by"
    )


def my_jobs(*, user: Any, limit: int = RECENT) -> list[Job]:
    """The user's own most recent jobs, newest first."""
    return list(visible_jobs(user=user).filter(started_by=user.pk).order_by("-created_at")[:limit])


def job_for_task(job_id: str | UUID) -> Job:
    """The job a task function works on, with what it is about (county, school, starter)."""
    return Job.objects.select_related("county", "school", "started_by").get(pk=job_id)


def workbook_targets(*, user: Any, limit: int = 20) -> list[dict[str, Any]]:
    """The counties whose evaluation workbook the user may have made, with their years."""
    targets = []
    for county in evaluable_counties(user=user).order_by("code")[:limit]:
        # county_years repeats a year per school (SchoolYear's ordering defeats its distinct())
        years = sorted(set(county_years(county=county)), reverse=True)
        if years:
            targets.append({"county": county, "years": years[:5]})
    return targets
