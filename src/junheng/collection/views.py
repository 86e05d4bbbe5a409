"""Pages of yearly data: the year's overview with its batch of transitions, data entry and
approval, the county's lock, a new year started from the last, export, and the import (the
generic flow of `junheng.web.imports`, filled in by `IMPORT`). Every write goes through a
service; access is asked at the door (`require`) or by the selectors, never checked here by
hand."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import APPROVE, CHANGE, REVIEW
from junheng.access.web import require
from junheng.collection import exports, imports, selectors, services
from junheng.collection.forms import (
    ActionForm,
    BatchForm,
    ImportForm,
    OverviewFilterForm,
    SchoolYearForm,
    UnlockForm,
)
from junheng.collection.models import ImportBatch, SchoolYear
from junheng.refusals import Refusal, refusal_text
from junheng.registry import selectors as registry_selectors
from junheng.web.downloads import XLSX_TYPE, download
from junheng.web.imports import ImportFlow, ImportTexts


def _apply_transition(action: str, actor: Any, record: SchoolYear, comment: str) -> None:
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
        page_number=request.GET.get("page"),
    )
    # the counts, the lock's blockers and the batch actions are the whole year's; the table
    # shows a page of it
    return render(
        request,
        "collection/year_overview.html",
        {"form": form, "overview": data, "page": data.page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def school_year(request: HttpRequest, year: int, school_pk: int) -> HttpResponse:
    page = selectors.school_year_page(user=request.user, school_pk=school_pk, year=year)
    form = SchoolYearForm(
        request.POST if request.method == "POST" else None,
        initial=page.initial,
        read_only=not page.editable,
        warnings=page.warnings,
        notes=page.notes,
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
                notes=form.notes(),
            )
        except services.InvalidFigures as error:
            form.add_error(None, refusal_text(error))
            form.add_problems(error.problems)
        except services.ConcurrentEdit as error:
            conflict = True
            form.add_error(None, refusal_text(error))
        except Refusal as error:
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
            _apply_transition(action, request.user, record, form.cleaned_data["comment"])
        except Refusal as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, DONE[action])
    return redirect("collection:school_year", year=year, school_pk=school_pk)


BATCH_DONE = {
    "review": gettext_lazy("已审核通过 %(count)s 条数据，报县教育局审核"),
    "approve": gettext_lazy("县审核已通过 %(count)s 条数据"),
    "return": gettext_lazy("已退回 %(count)s 条数据给学校修改"),
}


@require(REVIEW)
@require_POST
def school_years_batch(request: HttpRequest, year: int) -> HttpResponse:
    """Pass, approve or return the records ticked on the year overview, all or nothing."""
    form = BatchForm(request.POST)
    back = reverse("collection:year", args=[year])
    if not form.is_valid():
        messages.error(request, _("操作无效，请重试"))
        return redirect(back)
    data = form.cleaned_data
    records = selectors.batch_records(user=request.user, year=year, pks=data["records"])
    try:
        moved = services.school_years_transition(
            actor=request.user, records=records, name=data["action"], comment=data["comment"]
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, BATCH_DONE[data["action"]] % {"count": len(moved)})
    filters = {key: data[key] for key in ("township", "status") if data.get(key)}
    return redirect(f"{back}?{urlencode(filters)}" if filters else back)


@require(APPROVE)
@require_POST
def county_year_start(request: HttpRequest, year: int) -> HttpResponse:
    county = selectors.acting_county_or_404(user=request.user)
    selectors.check_year(year)
    try:
        created = services.county_year_start(actor=request.user, county=county, year=year)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(
            request,
            _("已按 %(previous)s 年度数据生成 %(year)s 年度草稿 %(count)s 条，请各校核对修改后上报")
            % {"previous": year - 1, "year": year, "count": len(created)},
        )
    return redirect("collection:year", year=year)


@require(APPROVE)
@require_POST
def county_year_lock(request: HttpRequest, year: int) -> HttpResponse:
    county = selectors.acting_county_or_404(user=request.user)
    selectors.check_year(year)
    try:
        services.county_year_lock(actor=request.user, county=county, year=year)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("%(year)s 年度数据已锁定") % {"year": year})
    return redirect("collection:year", year=year)


@require(APPROVE)
@require_POST
def county_year_unlock(request: HttpRequest, year: int) -> HttpResponse:
    county = selectors.acting_county_or_404(user=request.user)
    selectors.check_year(year)
    form = UnlockForm(request.POST)
    try:
        services.county_year_unlock(
            actor=request.user,
            county=county,
            year=year,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(
            request,
            _(
                "%(year)s 年度数据已解锁：县教育局可以更正数据（更正后的数据需重新县审核），"
                "或退回学校修改；全部县审核通过后可再次锁定"
            )
            % {"year": year},
        )
    return redirect("collection:year", year=year)


@login_required
@require_GET
def export(request: HttpRequest, year: int) -> HttpResponse:
    records = selectors.export_records(user=request.user, year=year)
    name, fallback = exports.export_filenames(selectors.acting_county(user=request.user), year)
    return download(exports.template_workbook(records), XLSX_TYPE, name, fallback)


# import: the generic flow (junheng.web.imports) with the template's plan ---------------------


def _imported(batch: ImportBatch) -> tuple[str, str]:
    """After the commit: what was written, and the year it was written to."""
    creates, changes = batch.preview["creates"], batch.preview["changes"]
    message = _("导入完成：新建 %(created)s 条，修改 %(changed)s 条") % {
        "created": len(creates),
        "changed": len(changes),
    }
    written = creates + changes
    if written:
        return message, reverse("collection:year", args=[max(row["year"] for row in written)])
    return message, reverse("collection:overview")


IMPORT = ImportFlow(
    namespace="collection",
    action=CHANGE,
    form_class=ImportForm,
    upload_template="collection/import_upload.html",
    preview_template="collection/import_preview.html",
    texts=ImportTexts(
        title=gettext_lazy("数据导入"),
        intro=gettext_lazy(
            "上传按《学校基本情况表》模板填写的文件：先预览检查，确认后才写入；"
            "有任何问题则不导入任何数据。"
        ),
        confirm=gettext_lazy("确认按预览写入以上数据？"),
        checked=gettext_lazy(
            "检查通过，尚未写入任何数据。请核对下面的变化，确认后点「确认导入」。"
        ),
        discarded=gettext_lazy("已放弃该导入，未写入任何数据"),
    ),
    county_of=lambda user: selectors.acting_county_or_404(user=user),
    preview_file=imports.import_preview,
    commit_batch=imports.import_commit,
    discard_batch=imports.import_discard,
    user_batches=selectors.import_batches,
    user_batch=selectors.import_batch,
    preview_page=selectors.import_preview_page,
    committed=_imported,
)
