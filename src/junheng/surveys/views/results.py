"""The pages of what came in: the progress against the quotas, the satisfaction results in the
user's scope (or at one school of it) and their workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from junheng.surveys import exports, selectors
from junheng.surveys.selectors.results import MIN_RESPONSES
from junheng.surveys.views.tabs import page, survey_context
from junheng.web.downloads import XLSX_TYPE, download


@login_required
@require_GET
def survey_progress(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    context = survey_context(request, survey, "progress")
    context["progress"] = selectors.progress(user=request.user, survey=survey)
    return page(request, "surveys/progress.html", context)


@login_required
@require_GET
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    results = selectors.results(user=request.user, survey=survey)
    context = survey_context(request, survey, "results")
    context.update(results=results, charts=results.charts(), min_responses=MIN_RESPONSES)
    return page(request, "surveys/results.html", context)


@login_required
@require_GET
def school_results(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    school = selectors.school_in_scope(user=request.user, pk=school_pk)
    results = selectors.results(user=request.user, survey=survey, school=school)
    context = survey_context(request, survey, "results")
    context.update(
        results=results,
        charts=results.charts(),
        min_responses=MIN_RESPONSES,
        covered=selectors.is_covered(survey=survey, school=school),
    )
    return page(request, "surveys/results.html", context)


@login_required
@require_GET
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    results = selectors.results(user=request.user, survey=survey)
    return download(
        exports.results_workbook(results),
        XLSX_TYPE,
        f"{survey.title}-{survey.year}-{results.scope}-满意度结果（本县自测）.xlsx",
        f"survey-{survey.pk}-results.xlsx",
    )
