"""The pages of background jobs: the user's recent jobs, one job's page (which polls its
progress with htmx until the job ends), the result's download, and starting the evaluation
workbook. Who may see a job is the selectors' question; a job outside it is a 404.

Other apps start their jobs with `job_started` (the self-report's and bulletins' files, the
evidence archive, large imports); a page that asks before starting one renders
`jobs/start.html` (title, about, note, the action to POST to, the way back)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from junheng.access import EVALUATE
from junheng.access.web import get_scoped_or_404, require
from junheng.assessment.evaluation import STANDARDS
from junheng.jobs import selectors, services
from junheng.jobs.background import EVALUATION_WORKBOOK
from junheng.jobs.choices import JobStatus
from junheng.jobs.kinds import kind_label
from junheng.jobs.models import Job
from junheng.refusals import Refusal, refusal_text
from junheng.registry.models import County
from junheng.web.downloads import private_file

DEFAULT_STANDARD = "quality-2017"


def _job(request: HttpRequest, pk: UUID) -> Job:
    return get_scoped_or_404(selectors.visible_jobs(user=request.user), request.user, pk=pk)


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.my_jobs(user=request.user)
    return render(
        request,
        "jobs/list.html",
        {
            "jobs": [(job, kind_label(job.kind)) for job in jobs],
            "targets": selectors.workbook_targets(user=request.user),
            "default_standard": DEFAULT_STANDARD,
        },
    )


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "jobs/detail.html", {"job": job, "label": kind_label(job.kind)})


@login_required
@require_GET
def job_progress(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The progress fragment the job's page polls; once the job has ended it carries no
    polling attribute, so htmx stops asking."""
    return render(request, "jobs/_progress.html", {"job": _job(request, pk)})


@login_required
@require_GET
def job_download(request: HttpRequest, pk: UUID) -> HttpResponse:
    job = _job(request, pk)
    if not job.has_file:
        raise Http404("the job has no file")
    return private_file(
        job.result, job.result_content_type, name=job.result_name, fallback=job.ascii_name()
    )


def job_started(
    request: HttpRequest,
    *,
    kind: str,
    county: County,
    school: Any = None,
    params: dict[str, Any] | None = None,
    refused_to: str,
) -> HttpResponse:
    """Start a job from a page of any app and show it: off to the job's page, which shows its
    progress and then its result (and survives a reload). A job that has already ended with a
    page of the app as its result (the immediate backend runs it right here) goes straight to
    that page. A refusal to start is a message on the page `refused_to`."""
    try:
        job = services.job_start(
            actor=request.user, kind=kind, county=county, school=school, params=params
        )
    except Refusal as refusal:
        messages.error(request, refusal_text(refusal))
        return redirect(refused_to)
    if job.status == JobStatus.SUCCEEDED and job.result_url:
        if job.message():
            messages.success(request, job.message())
        return redirect(job.result_url)
    return redirect(job)


@require(EVALUATE)
@require_POST
def evaluation_workbook_start(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Start making the county's evaluation workbook in the background; off to the job's page."""
    county = get_scoped_or_404(County, request.user, EVALUATE, code=code)
    standard = request.POST.get("standard") or DEFAULT_STANDARD
    if standard not in STANDARDS:
        return HttpResponseBadRequest("unknown standard")
    return job_started(
        request,
        kind=EVALUATION_WORKBOOK,
        county=county,
        params={"year": year, "standard": standard},
        refused_to=reverse("jobs:list"),
    )
