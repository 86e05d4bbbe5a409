"""Pages of the ledgers: the ledgers the reader may take, a ledger's download (at once for a
small scope), starting it in the background, and one school's file (一校一档).

Each ledger's door is its page's: `require(ledger.action)` (a visit density or a ranking only
for those who run the county), the rows scoped by `junheng.access` inside the ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import VIEW
from junheng.access.web import get_scoped_or_404, require
from junheng.collection.selectors import acting_county_or_404
from junheng.jobs.services import job_start
from junheng.ledgers.background import SCHOOL_FILE
from junheng.ledgers.catalogue import (
    LEDGERS,
    build_ledger,
    is_large,
    ledger_named,
    ledgers_for,
)
from junheng.ledgers.school_file import school_file_counts
from junheng.refusals import Refusal, refusal_text
from junheng.registry import selectors as registry_selectors
from junheng.registry.models import School
from junheng.web.downloads import download as file_download


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The ledgers the reader may take, each with the filters the query string carries (the
    problem list's, the visit list's, N days, the ranking's order); `?school=` opens that
    school's file."""
    user = request.user
    wanted = request.GET.get("school", "")
    if wanted.isdigit():
        school = get_scoped_or_404(School, user, VIEW, pk=int(wanted))
        return redirect("ledgers:school_file", pk=school.pk)
    county = acting_county_or_404(user=user)
    rows = []
    for ledger in ledgers_for(user):
        query = ledger.query(request.GET)
        rows.append(
            {
                "ledger": ledger,
                "query": urlencode(query),
                "fields": sorted(query.items()),
                "download": reverse(f"ledgers:{ledger.name}") if ledger.direct else "",
                "start": reverse(f"ledgers:{ledger.name}_start"),
            }
        )
    return render(
        request,
        "ledgers/index.html",
        {
            "county": county,
            "rows": rows,
            "large": is_large(user=user, county=county),
            "days": request.GET.get("days", ""),
            "sort": request.GET.get("sort", ""),
            "schools": registry_selectors.school_list(user=user).order_by("township__name", "code"),
        },
    )


def download_view(name: str) -> Callable[..., HttpResponse]:
    """The view downloading the ledger at once; a large scope is sent to the ledgers' page,
    where it is built in the background."""
    ledger = ledger_named(name)

    @require(ledger.action)
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        user = request.user
        county = acting_county_or_404(user=user)
        query = ledger.query(request.GET)
        if is_large(user=user, county=county):
            messages.info(request, _("范围内学校较多，台账改在后台生成：请点击「后台生成」。"))
            return redirect(f"{reverse('ledgers:index')}?{urlencode(query)}")
        today = timezone.localdate()
        content = build_ledger(ledger, user=user, county=county, query=query, today=today)
        return file_download(
            content,
            ledger.content_type,
            ledger.file_name(county, today),
            ledger.ascii_name(county, today),
        )

    view.__name__ = f"{name}_download"
    return view


def start_view(name: str) -> Callable[..., HttpResponse]:
    """The view starting the ledger as a background job; off to the job's page."""
    ledger = ledger_named(name)

    @require(ledger.action)
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        user = request.user
        county = acting_county_or_404(user=user)
        try:
            job = job_start(
                actor=user,
                kind=ledger.job_kind,
                county=county,
                params={"query": ledger.query(request.POST)},
            )
        except Refusal as refusal:
            messages.error(request, refusal_text(refusal))
            return redirect("ledgers:index")
        return redirect(job)

    view.__name__ = f"{name}_start"
    return view


DOWNLOADS = {name: download_view(name) for name, ledger in LEDGERS.items() if ledger.direct}
STARTS = {name: start_view(name) for name in LEDGERS}


@login_required
@require_http_methods(["GET", "POST"])
def school_file(request: HttpRequest, pk: int) -> HttpResponse:
    """一校一档 of a school the reader sees: what it holds, and (POST) building it."""
    user = request.user
    school = get_scoped_or_404(School.objects.select_related("county", "township"), user, pk=pk)
    if request.method == "POST":
        try:
            job = job_start(actor=user, kind=SCHOOL_FILE, county=school.county, school=school)
        except Refusal as refusal:
            messages.error(request, refusal_text(refusal))
            return redirect("ledgers:school_file", pk=school.pk)
        return redirect(job)
    return render(
        request,
        "ledgers/school_file.html",
        {"school": school, "counts": school_file_counts(user=user, school=school)},
    )
