"""Pages of visits: the list, recording a visit, a visit with its findings (each turned into
a problem in one step), photos, and for the bureau visit density, the cadres' schools and the
county's 包校 visit frequency."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import MANAGE, VISIT
from junheng.access.web import require
from junheng.collection.selectors import acting_county_or_404
from junheng.inspections import selectors, services
from junheng.inspections.forms import (
    CadreForm,
    DensityForm,
    FindingForm,
    FindingProblemForm,
    VisitFilterForm,
    VisitForm,
    VisitFrequencyForm,
)
from junheng.inspections.models import MAX_VISIT_EVERY_DAYS
from junheng.refusals import NotAllowed, Refusal, refusal_text
from junheng.registry import selectors as registry_selectors
from junheng.web.downloads import private_file


@login_required
@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = VisitFilterForm(
        request.GET or None,
        townships=registry_selectors.township_list(user=user),
        schools=registry_selectors.school_list(user=user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    return render(
        request,
        "inspections/list.html",
        {
            "form": form,
            "visits": selectors.visit_list(user=user, **filters)[:500],
            "can_visit": selectors.visitable_schools(user).exists(),
        },
    )


@require(VISIT)
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    schools = selectors.schools_to_visit(user=user)
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        schools=schools,
        initial={"school": request.GET.get("school")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_create(
                actor=user,
                school=data["school"],
                date=data["date"],
                checked=data["checked"],
                companions=data["companions"],
                findings=form.finding_texts(),
                photos=data["photos"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("走访已记录"))
            return redirect("inspections:detail", pk=visit.pk)
    return render(request, "inspections/form.html", {"form": form})


@login_required
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.visit_page(user=request.user, pk=pk)
    return render(
        request,
        "inspections/detail.html",
        {
            "page": page,
            "visit": page.visit,
            "people": page.people,
            "default_responsible": page.default_responsible,
            "default_deadline": timezone.localdate() + timedelta(days=30),
        },
    )


@login_required
@require_POST
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_for(user=request.user, pk=pk)
    form = FindingForm(request.POST)
    try:
        services.finding_add(
            actor=request.user,
            visit=visit,
            text=form.cleaned_data["text"] if form.is_valid() else "",
        )
    except NotAllowed as error:
        raise PermissionDenied(refusal_text(error)) from error
    except Refusal as error:
        messages.error(request, refusal_text(error))
    return redirect("inspections:detail", pk=pk)


@login_required
@require_POST
def finding_problem(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.convertible_finding(user=request.user, pk=pk)
    form = FindingProblemForm(request.POST, people=selectors.finding_people(visit=finding.visit))
    if not form.is_valid():
        messages.error(request, _("请检查整改期限和责任人"))
        return redirect("inspections:detail", pk=finding.visit_id)
    try:
        problem = services.finding_to_problem(
            actor=request.user,
            finding=finding,
            deadline=form.cleaned_data["deadline"],
            responsible=form.cleaned_data["responsible"],
            measure=form.cleaned_data["measure"],
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
        return redirect("inspections:detail", pk=finding.visit_id)
    messages.success(request, _("已转为问题 #%(pk)s") % {"pk": problem.pk})
    return redirect("rectification:detail", pk=problem.pk)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A visit's photo, for those who see the visit (MEDIA_URL is not served)."""
    found = selectors.photo_for(user=request.user, pk=pk)
    return private_file(found.file, found.content_type)


@require(MANAGE)
@require_GET
def density(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    county = acting_county_or_404(user=user)
    every_days = selectors.visit_every_days(county)
    form = DensityForm(request.GET or None)
    start, end, days = form.period(today, default_days=every_days)
    if not request.GET:  # show the period counted
        form = DensityForm(initial={"start": start, "end": end, "days": days})
    data = selectors.density(
        user=user,
        county=county,
        start=start,
        end=end,
        days=days,
        today=today,
        only_overdue=form.only_overdue(),
    )
    return render(
        request,
        "inspections/density.html",
        {
            "form": form,
            "density": data,
            "frequency_form": VisitFrequencyForm(initial={"every_days": every_days}),
        },
    )


@require(MANAGE)
@require_POST
def frequency(request: HttpRequest) -> HttpResponse:
    """The bureau sets the county's 包校 visit frequency (from the density page)."""
    user = request.user
    form = VisitFrequencyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写 1 至 %(max)s 之间的天数") % {"max": MAX_VISIT_EVERY_DAYS})
        return redirect("inspections:density")
    try:
        services.visit_frequency_set(
            actor=user,
            county=acting_county_or_404(user=user),
            every_days=form.cleaned_data["every_days"],
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("包校走访频次已保存"))
    return redirect("inspections:density")


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def cadres(request: HttpRequest) -> HttpResponse:
    user = request.user
    county = acting_county_or_404(user=user)
    initial = {}
    wanted = request.GET.get("cadre", "")
    chosen = selectors.county_cadres(county).filter(pk=wanted).first() if wanted.isdigit() else None
    if chosen is not None:
        initial = {"cadre": chosen.pk, "schools": list(chosen.assigned_schools.all())}
    form = CadreForm(
        request.POST or None,
        cadres=selectors.county_cadres(county),
        schools=selectors.assignable_schools(user=user, county=county),
        initial=initial,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.cadre_assign(
                    actor=user,
                    cadre=form.cleaned_data["cadre"],
                    schools=form.cleaned_data["schools"],
                )
            except Refusal as error:
                messages.error(request, refusal_text(error))
            else:
                messages.success(request, _("包校安排已保存"))
        else:
            messages.error(request, _("请选择包校干部"))
        return redirect("inspections:cadres")
    return render(
        request,
        "inspections/cadres.html",
        {"form": form, "board": selectors.cadre_board(user=user, county=county)},
    )
