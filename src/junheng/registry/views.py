"""Pages of the registry: the user's schools, one school, and (county admins) its facts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from junheng.refusals import Refusal, refusal_text
from junheng.registry import selectors, services
from junheng.registry.forms import SchoolCreateForm, SchoolFilterForm, SchoolForm
from junheng.web.paging import page_of


@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    form = SchoolFilterForm(
        request.GET or None, townships=selectors.township_list(user=request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    schools = selectors.school_list(
        user=request.user,
        township=filters.get("township"),
        school_type=filters.get("school_type", ""),
        search=filters.get("q", ""),
    )
    can_add = selectors.managed_county(user=request.user) is not None
    page = page_of(request, schools)
    return render(
        request,
        "registry/school_list.html",
        {"form": form, "schools": page.object_list, "page": page, "can_add": can_add},
    )


@login_required
@require_http_methods(["GET", "POST"])
def school_create(request: HttpRequest) -> HttpResponse:
    adding = selectors.school_for_create(user=request.user)
    form = SchoolCreateForm(
        request.POST or None, townships=adding.townships, parents=adding.parents
    )
    if request.method == "POST" and form.is_valid():
        try:
            school = services.school_create(
                actor=request.user, county=adding.county, **form.cleaned_data
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已新增学校"))
            return redirect("registry:school_detail", pk=school.pk)
    return render(request, "registry/school_create.html", {"form": form, "county": adding.county})


@login_required
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors.school_detail(user=request.user, pk=pk)
    return render(
        request, "registry/school_detail.html", {"detail": detail, "school": detail.school}
    )


@login_required
@require_http_methods(["GET", "POST"])
def school_edit(request: HttpRequest, pk: int) -> HttpResponse:
    editing = selectors.school_for_edit(user=request.user, pk=pk)
    school = editing.school
    form = SchoolForm(
        request.POST or None,
        initial=SchoolForm.initial_for(school),
        townships=editing.townships,
        parents=editing.parents,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.school_update(actor=request.user, school=school, **form.cleaned_data)
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已保存学校名录信息"))
            return redirect("registry:school_detail", pk=school.pk)
    return render(request, "registry/school_form.html", {"form": form, "school": school})
