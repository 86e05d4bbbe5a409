"""Pages of yearly data: the year's overview, data entry and approval, the county's lock,
import (upload → preview → commit) and export. Every write goes through a service."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import CHANGE, can
from junheng.collection import exports, imports, selectors, services
from junheng.collection.forms import (
    ActionForm,
    ImportForm,
    OverviewFilterForm,
    ProblemSortForm,
    SchoolYearForm,
    UnlockForm,
)
from junheng.collection.models import SchoolYear
from junheng.registry import selectors as registry_selectors
from junheng.registry.refusals import refusal_text


def _apply(action: str, actor: Any, record: SchoolYear, comment: str) -> None:
    if action == "submit":
        services.school_year_submit(actor=actor, record=record)
        return
    service = {
        "review": services.school_year_review,
        "approve": services.school_year_approve,
        "return": services.school_year_return,
    }[action]
    service(actor=actor, record=record, comment=comment)


DONE = {
    "submit": gettext_lazy("已上报，等待乡镇审核"),
    "review": gettext_lazy("已审核通过，报县教育局审核"),
    "approve": gettext_lazy("县审核已通过"),
    "return": gettext_lazy("已退回学校修改"),
}


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return redirect("collection:year", year=selectors.default_year(user=request.user))


@login_required
@require_GET
def year_overview(request: HttpRequest, year: int) -> HttpResponse:
    form = OverviewFilterForm(
        request.GET or None, townships=registry_selectors.township_list(user=request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    data = selectors.year_overview(
        user=request.user,
        year=year,
        township=filters.get("township"),
        status=filters.get("status", ""),
    )
    return render(
        request,
        "collection/year_overview.html",
        {"form": form, "overview": data},
    )


@login_required
@require_http_methods(["GET", "POST"])
def school_year(request: HttpRequest, year: int, school_pk: int) -> HttpResponse:
    page = selectors.school_year_page(user=request.user, school_pk=school_pk, year=year)
    form = SchoolYearForm(
        request.POST if request.method == "POST" else None,
        initial=page.initial,
        read_only=not page.editable,
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.school_year_save(
                actor=request.user,
                school=page.school,
                year=year,
                figures=form.figures(),
                expected_version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except services.InvalidFigures as error:
            form.add_error(None, refusal_text(error))
            form.add_problems(error.problems)
        except services.ConcurrentEdit as error:
            conflict = True
            form.add_error(None, refusal_text(error))
        except services.CollectionError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已保存"))
            return redirect("collection:school_year", year=year, school_pk=school_pk)
    return render(
        request,
        "collection/school_year.html",
        {"page": page, "form": form, "conflict": conflict},
    )


@login_required
@require_POST
def school_year_act(request: HttpRequest, year: int, school_pk: int) -> HttpResponse:
    record = selectors.school_year_record(user=request.user, school_pk=school_pk, year=year)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作无效，请重试"))
    else:
        action = form.cleaned_data["action"]
        try:
            _apply(action, request.user, record, form.cleaned_data["comment"])
        except services.CollectionError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, DONE[action])
    return redirect("collection:school_year", year=year, school_pk=school_pk)


@login_required
@require_POST
def county_year_lock(request: HttpRequest, year: int) -> HttpResponse:
    county = selectors.user_county(user=request.user)
    selectors.check_year(year)
    try:
        services.county_year_lock(actor=request.user, county=county, year=year)
    except services.CollectionError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("%(year)s 年度数据已锁定") % {"year": year})
    return redirect("collection:year", year=year)


@login_required
@require_POST
def county_year_unlock(request: HttpRequest, year: int) -> HttpResponse:
    county = selectors.user_county(user=request.user)
    selectors.check_year(year)
    form = UnlockForm(request.POST)
    try:
        services.county_year_unlock(
            actor=request.user,
            county=county,
            year=year,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except services.CollectionError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("%(year)s 年度数据已解锁，可以修改") % {"year": year})
    return redirect("collection:year", year=year)


@login_required
@require_GET
def export(request: HttpRequest, year: int) -> HttpResponse:
    records = selectors.export_records(user=request.user, year=year)
    name, fallback = exports.export_filenames(selectors.acting_county(user=request.user), year)
    response = HttpResponse(exports.template_workbook(records), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = exports.attachment_header(name, fallback)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    if not can(request.user, CHANGE):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = imports.import_preview(
            actor=request.user,
            county=selectors.user_county(user=request.user),
            name=upload.name,
            data=upload.read(),
        )
        return redirect("collection:import_preview", pk=batch.pk)
    return render(
        request,
        "collection/import_upload.html",
        {
            "form": form,
            "batches": selectors.import_batches(user=request.user),
            "max_mb": settings.IMPORT_MAX_BYTES // 1_048_576,
        },
    )


@login_required
@require_GET
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    sort = ProblemSortForm(request.GET)
    preview = selectors.import_preview_page(
        user=request.user,
        pk=pk,
        sort=(sort.cleaned_data["sort"] if sort.is_valid() else "") or "row",
    )
    return render(request, "collection/import_preview.html", {"preview": preview})


@login_required
@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_batch(user=request.user, pk=pk)
    try:
        batch = imports.import_commit(actor=request.user, batch=batch)
    except imports.ImportFailed as error:
        preview = selectors.import_preview_page(user=request.user, pk=pk)
        return render(
            request,
            "collection/import_preview.html",
            {"preview": preview, "failure": error, "failure_text": refusal_text(error)},
            status=409,
        )
    except services.CollectionError as error:
        messages.error(request, refusal_text(error))
        return redirect("collection:import_preview", pk=pk)
    written = batch.preview["creates"] + batch.preview["changes"]
    messages.success(
        request,
        _("导入完成：新建 %(created)s 条，修改 %(changed)s 条")
        % {"created": len(batch.preview["creates"]), "changed": len(batch.preview["changes"])},
    )
    if written:
        return redirect("collection:year", year=max(row["year"] for row in written))
    return redirect("collection:overview")


@login_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_batch(user=request.user, pk=pk)
    try:
        imports.import_discard(actor=request.user, batch=batch)
    except services.CollectionError as error:
        messages.error(request, refusal_text(error))
        return redirect("collection:import_preview", pk=pk)
    messages.info(request, _("已放弃该导入，未写入任何数据"))
    return redirect("collection:import")
