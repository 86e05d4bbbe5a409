"""The self-evaluation report's page (the verdict of every part, what the report still lacks,
the bureau's narrative and unit costs) and its Word and PDF, made as background jobs
(`background`), for the county's admins only: anyone else, principals included, gets a 404
(`selectors.report_county`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from junheng.assessment.evaluation import STANDARDS
from junheng.bulletins.fonts import fonts_note
from junheng.bulletins.programme import standard_choices
from junheng.evaluation.standard import load_standard
from junheng.jobs.views import job_started
from junheng.refusals import Refusal, refusal_text
from junheng.reports.labels import document_number_en
from junheng.selfreport import selectors, services
from junheng.selfreport.background import SELFREPORT_FILE
from junheng.selfreport.forms import SelfReportForm
from junheng.web.languages import english


def _standard(request: HttpRequest, county) -> str:
    standard = request.GET.get("standard") or selectors.default_standard(county)
    if standard not in STANDARDS:
        raise Http404("unknown standard")
    return standard


def _form(page: selectors.ReportPage, data=None) -> SelfReportForm:
    initial = {
        "standard": page.standard,
        "practice": page.saved.practice if page.saved else "",
        "teacher_transfers": page.costs.transfers,
    }
    own = page.saved.unit_costs if page.saved else {}
    initial.update({f"cost_{key}": value for key, value in own.items()})
    return SelfReportForm(data, initial=initial)


def _page_url(code: str, year: int, standard: str) -> str:
    return f"{reverse('selfreport:page', args=[code, year])}?standard={standard}"


@login_required
@require_GET
def report_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    county = selectors.report_county(user=request.user, code=code)
    page = selectors.report_page(
        user=request.user, code=code, year=year, standard=_standard(request, county)
    )
    return _render(request, page, _form(page))


def _standard_choices() -> list[tuple[str, str]]:
    """The standards as the bureau's documents name them; in English the standard file's
    English name and the document number as an English reader cites it."""
    if not english():
        return standard_choices()
    choices = []
    for key, _name in standard_choices():
        rules = load_standard(key)
        choices.append((key, f"{rules.name_en} ({document_number_en(rules.document)})"))
    return choices


def _render(request: HttpRequest, page: selectors.ReportPage, form: SelfReportForm):
    return render(
        request,
        "selfreport/page.html",
        {
            "page": page,
            "county": page.county,
            "year": page.year,
            "standard": page.standard,
            "standards": _standard_choices(),
            "form": form,
            "verdict": page.verdict,
            "parts": page.parts,
            "fonts_note": fonts_note(),
        },
    )


@login_required
@require_POST
def report_save(request: HttpRequest, code: str, year: int) -> HttpResponse:
    county = selectors.report_county(user=request.user, code=code)
    standard = request.POST.get("standard", "")
    if standard not in STANDARDS:
        raise Http404("unknown standard")
    page = selectors.report_page(user=request.user, code=code, year=year, standard=standard)
    form = _form(page, request.POST)
    if form.is_valid():
        try:
            services.self_report_save(
                actor=request.user,
                county=county,
                year=year,
                standard=standard,
                practice=form.cleaned_data["practice"],
                unit_costs=form.unit_costs(),
                teacher_transfers=form.cleaned_data["teacher_transfers"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已保存，下载的报告按此生成"))
            return redirect(_page_url(code, year, standard))
    return _render(request, page, form)


@login_required
@require_POST
def report_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    """Start making the report in Word (`fmt` docx) or PDF (pdf) in the background; off to the
    job's page, which shows the steps and then the download (issue 13 §2)."""
    county = selectors.report_county(user=request.user, code=code)
    standard = request.POST.get("standard") or selectors.default_standard(county)
    if standard not in STANDARDS:
        raise Http404("unknown standard")
    return job_started(
        request,
        kind=SELFREPORT_FILE,
        county=county,
        params={"year": year, "standard": standard, "fmt": fmt},
        refused_to=_page_url(code, year, standard),
    )
