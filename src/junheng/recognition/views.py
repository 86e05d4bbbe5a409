"""Pages of the road to recognition: the road (stages, countdown, the county's facts), the
forms that edit them, and the mock inspection draws (list, new, detail, compare, export, delete).

Access at the door (`junheng.access.web`): the road is read by everyone of the county, its
forms and the draws' writes by the county's admins (MANAGE), the draws by the roles that see
the county's evaluation (EVALUATE), each draw's schools scoped to the reader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import EVALUATE, MANAGE
from junheng.access.web import require
from junheng.recognition import selectors, services
from junheng.recognition.choices import STAGE_BODY, STAGE_ORDER, Stage
from junheng.recognition.exports import draw_workbook, workbook_name
from junheng.recognition.forms import (
    CompareForm,
    CoverageForm,
    DrawForm,
    ProfileForm,
    RecognitionForm,
    StageForm,
)
from junheng.recognition.readiness import draw_comparison, draw_readiness
from junheng.refusals import Refusal, refusal_text
from junheng.web.downloads import XLSX_TYPE, download


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 2000 <= int(value) <= 2100 else None


@login_required
@require_GET
def road(request: HttpRequest) -> HttpResponse:
    page = selectors.road(user=request.user, year=_year(request.GET.get("year")))
    return render(request, "recognition/road.html", {"road": page})


def _yearly_edit(
    request: HttpRequest,
    year: int,
    *,
    form_class: type[ProfileForm] | type[CoverageForm],
    instance: Callable[..., Any],
    save: Callable[..., Any],
    saved: str,
    template: str,
    anchor: str = "",
) -> HttpResponse:
    """The form of one of the county's yearly rows (its facts, its 双普 figures)."""
    county = selectors.page_county(user=request.user, action=MANAGE)
    if _year(str(year)) is None:
        raise Http404
    form = form_class(request.POST or None, instance=instance(county=county, year=year))
    if request.method == "POST" and form.is_valid():
        try:
            save(
                actor=request.user,
                county=county,
                year=year,
                figures=form.figures(),
                notes=form.cleaned_data["notes"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, saved)
            return redirect(f"{_road_url()}?year={year}{anchor}")
    context = {"form": form, "county": county, "year": year}
    if form_class is ProfileForm:
        context["totals"] = selectors.school_totals(county=county, year=year)
    return render(request, template, context)


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, year: int) -> HttpResponse:
    return _yearly_edit(
        request,
        year,
        form_class=ProfileForm,
        instance=selectors.profile_for,
        save=services.profile_save,
        saved=_("县情已保存"),
        template="recognition/profile_form.html",
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def coverage_edit(request: HttpRequest, year: int) -> HttpResponse:
    return _yearly_edit(
        request,
        year,
        form_class=CoverageForm,
        instance=selectors.coverage_for,
        save=services.coverage_save,
        saved=_("普及情况已保存"),
        template="recognition/coverage_form.html",
        anchor="#coverage",
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def recognition_edit(request: HttpRequest) -> HttpResponse:
    county = selectors.page_county(user=request.user, action=MANAGE)
    form = RecognitionForm(request.POST or None, instance=selectors.recognition_of(county=county))
    if request.method == "POST" and form.is_valid():
        try:
            services.recognition_save(
                actor=request.user,
                county=county,
                basic_year=form.cleaned_data["basic_year"],
                basic_document=form.cleaned_data["basic_document"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("认定情况已保存"))
            return redirect("recognition:road")
    return render(request, "recognition/recognition_form.html", {"form": form, "county": county})


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def stage_edit(request: HttpRequest, stage: str) -> HttpResponse:
    if stage not in STAGE_ORDER:
        raise Http404
    county = selectors.page_county(user=request.user, action=MANAGE)
    current = next(row for row in selectors.stage_rows(county=county) if row.stage == stage)
    form = StageForm(
        request.POST or None,
        initial={
            "planned_date": current.planned_date,
            "done_date": current.done_date,
            "body": current.body or STAGE_BODY[stage],
            "note": current.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.stage_save(
                actor=request.user,
                county=county,
                stage=stage,
                planned_date=data["planned_date"],
                done_date=data["done_date"],
                body=data["body"],
                note=data["note"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("阶段日期已保存"))
            return redirect("recognition:road")
    context = {
        "form": form,
        "county": county,
        "stage": current,
        "is_province": stage == Stage.PROVINCE,
    }
    return render(request, "recognition/stage_form.html", context)


# --- the mock inspection draws ----------------------------------------------------------------


@require(EVALUATE)
@require_GET
def draw_list(request: HttpRequest) -> HttpResponse:
    county = selectors.page_county(user=request.user, action=EVALUATE)
    draws = selectors.draws_seen(user=request.user).filter(county=county)
    context = {
        "county": county,
        "draws": draws,
        "compare_form": CompareForm(draws=draws),
        "manages": selectors.may_manage(user=request.user, county=county),
    }
    return render(request, "recognition/draw_list.html", context)


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def draw_create(request: HttpRequest) -> HttpResponse:
    county = selectors.page_county(user=request.user, action=MANAGE)
    years = selectors.page_years(county=county)
    form = DrawForm(
        request.POST or None,
        years=years,
        standards=selectors.standard_choices(),
        initial={"year": selectors.default_year(county=county)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draw = services.draw_create(
                actor=request.user,
                county=county,
                size=data["size"],
                year=data["year"],
                standard=data["standard"],
                name=data["name"],
                seed=data["seed"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已抽取 %(n)s 所学校") % {"n": draw.drawn.count()})
            return redirect("recognition:draw_detail", pk=draw.pk)
    context = {"form": form, "county": county, "schools": selectors.school_count(county=county)}
    return render(request, "recognition/draw_form.html", context)


@require(EVALUATE)
@require_GET
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draw = selectors.draw_get(user=request.user, pk=pk)
    context = {
        "readiness": draw_readiness(user=request.user, draw=draw),
        "strata": selectors.strata_rows(draw=draw),
        "manages": selectors.may_manage(user=request.user, county=draw.county),
    }
    return render(request, "recognition/draw_detail.html", context)


@require(EVALUATE)
@require_GET
def draw_export(request: HttpRequest, pk: int) -> HttpResponse:
    draw = selectors.draw_get(user=request.user, pk=pk)
    readiness = draw_readiness(user=request.user, draw=draw)
    content = draw_workbook(readiness, strata=selectors.strata_rows(draw=draw))
    name, fallback = workbook_name(draw)
    return download(content, XLSX_TYPE, name, fallback)


@require(MANAGE)
@require_POST
def draw_delete(request: HttpRequest, pk: int) -> HttpResponse:
    draw = selectors.draw_get(user=request.user, pk=pk, action=MANAGE)
    try:
        services.draw_delete(actor=request.user, draw=draw)
    except Refusal as error:
        messages.error(request, refusal_text(error))
        return redirect("recognition:draw_detail", pk=pk)
    messages.success(request, _("已删除抽取：%(name)s") % {"name": draw.name})
    return redirect("recognition:draws")


@require(EVALUATE)
@require_GET
def draw_compare(request: HttpRequest) -> HttpResponse:
    county = selectors.page_county(user=request.user, action=EVALUATE)
    draws = selectors.draws_seen(user=request.user).filter(county=county)
    first, second = request.GET.get("first", ""), request.GET.get("second", "")
    comparison = None
    if first.isdigit() and second.isdigit():
        comparison = draw_comparison(
            user=request.user,
            first=selectors.draw_get(user=request.user, pk=int(first)),
            second=selectors.draw_get(user=request.user, pk=int(second)),
        )
    form = CompareForm(request.GET or None, draws=draws)
    context = {"form": form, "comparison": comparison, "county": county}
    return render(request, "recognition/draw_compare.html", context)


def _road_url() -> str:
    return reverse("recognition:road")
