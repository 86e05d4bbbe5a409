"""The self-evaluation report's page and its Word and PDF downloads, for the county's admins
only (anyone else, principals included, gets a 404)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from junheng.access import MANAGE, restrict
from junheng.assessment.evaluation import STANDARDS, county_years, standard_named
from junheng.bulletins import documents
from junheng.evaluation.errors import DataError
from junheng.registry.models import County
from junheng.selfreport.builder import self_report
from junheng.web.downloads import download

DEFAULT_STANDARD = "quality-2017"


def report_county(user: Any, code: str) -> County:
    """The county, if the user runs it (its county admins); a 404 otherwise."""
    return get_object_or_404(restrict(County, user, MANAGE), code=code)


def _standard(request: HttpRequest) -> str:
    standard = request.GET.get("standard", DEFAULT_STANDARD)
    if standard not in STANDARDS:
        raise Http404("unknown standard")
    return standard


def _document(request: HttpRequest, code: str, year: int) -> documents.Document:
    county = report_county(request.user, code)
    try:
        document = self_report(county=county, year=year, standard=_standard(request))
    except DataError as error:
        raise Http404("the year's data cannot be evaluated") from error
    if document is None:
        raise Http404("no data for that year")
    return document


@login_required
@require_GET
def report_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    county = report_county(request.user, code)
    standard = _standard(request)
    return render(
        request,
        "selfreport/page.html",
        {
            "county": county,
            "year": year,
            "years": county_years(county=county),
            "has_data": year in county_years(county=county),
            "standard": standard,
            "standards": [(name, standard_named(name).name) for name in STANDARDS],
        },
    )


@login_required
@require_GET
def report_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    """The report in Word (`fmt` docx) or PDF (pdf)."""
    document = _document(request, code, year)
    content, content_type = documents.rendered(document, fmt)
    return download(content, content_type, f"{document.file_stem}.{fmt}", f"self-report.{fmt}")
