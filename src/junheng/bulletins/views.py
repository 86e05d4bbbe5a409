"""Pages of bulletins and notices: lists, a document as it will print, the bureau's editing
and publishing, the Word and PDF (made as background jobs: `background`), and the county's
document settings. Every write
goes through a service.

A bulletin and a notice share the shape of creating and downloading: those views take the
`kind` (from the URL configuration) and find what differs in `KINDS`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import MANAGE
from junheng.access.web import require
from junheng.bulletins import documents, drafting, selectors, services
from junheng.bulletins.background import DOCUMENT_FILE
from junheng.bulletins.fonts import fonts_note
from junheng.bulletins.forms import (
    BulletinForm,
    DocumentSettingsForm,
    ItemFormSet,
    NoticeForm,
    NoticePublishForm,
    PublishForm,
)
from junheng.collection.selectors import acting_county_or_404
from junheng.jobs.views import job_started
from junheng.refusals import Refusal, refusal_text


@dataclass(frozen=True)
class Kind:
    """What differs between the pages of a bulletin and of a notice."""

    name: str  # the template's name for the object
    find: Callable[..., Any]  # (user=, pk=, action=) → the object, or 404
    document: Callable[[Any], documents.Document]
    create: Callable[..., Any]  # (actor=, county=) → a new draft
    edit_url: str
    detail_url: str
    created: Promise


KINDS = {
    "bulletin": Kind(
        name="bulletin",
        find=selectors.bulletin_for,
        document=documents.bulletin_document,
        create=services.bulletin_create,
        edit_url="bulletins:edit",
        detail_url="bulletins:detail",
        created=gettext_lazy("已生成简报草稿，请撰写各栏目的稿件"),
    ),
    "notice": Kind(
        name="notice",
        find=selectors.notice_for,
        document=documents.notice_document,
        create=services.notice_create,
        edit_url="bulletins:notice_edit",
        detail_url="bulletins:notice_detail",
        created=gettext_lazy("已根据排名起草通报，请修改后发布"),
    ),
}


@login_required
@require_GET
def bulletin_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "bulletins/list.html",
        {
            "bulletins": selectors.bulletin_list(user=request.user),
            "notices": selectors.notice_list(user=request.user),
            "bureau": selectors.writes_documents(user=request.user),
        },
    )


# --- the same for bulletins and notices -------------------------------------------------------


@require(MANAGE)
@require_POST
def document_create(request: HttpRequest, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    try:
        created = spec.create(actor=request.user, county=acting_county_or_404(user=request.user))
    except Refusal as error:
        raise PermissionDenied(refusal_text(error)) from error
    messages.success(request, spec.created)
    return redirect(spec.edit_url, pk=created.pk)


@login_required
@require_POST
def document_download(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """Start making the document in Word (`fmt` docx) or PDF (pdf) in the background, for
    whoever sees it; off to the job's page, which shows the steps and then the download."""
    spec = KINDS[kind]
    found = spec.find(user=request.user, pk=pk)
    return job_started(
        request,
        kind=DOCUMENT_FILE,
        county=found.county,
        params={"kind": kind, "pk": found.pk, "fmt": fmt},
        refused_to=reverse(spec.detail_url, args=[found.pk]),
    )


# --- bulletins ---------------------------------------------------------------------------------


def _items_initial(bulletin: Any) -> list[dict[str, str]]:
    return [
        {"column": item.column, "headline": item.headline, "body": item.body}
        for item in bulletin.items.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_for(user=request.user, pk=pk, action=MANAGE)
    if bulletin.is_published:
        messages.info(request, _("已发布的简报不能再修改"))
        return redirect("bulletins:detail", pk=pk)
    form = BulletinForm(
        request.POST or None,
        initial={name: getattr(bulletin, name) for name in BulletinForm.base_fields},
    )
    items = ItemFormSet(request.POST or None, initial=_items_initial(bulletin), prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        written = [
            services.ItemText(row["column"], row.get("headline", ""), row.get("body", ""))
            for row in items.cleaned_data
            if row and not row.get("DELETE")
        ]
        try:
            services.bulletin_update(
                actor=request.user, bulletin=bulletin, items=written, **form.cleaned_data
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已保存"))
            return redirect("bulletins:detail", pk=pk)
    return render(
        request, "bulletins/edit.html", {"form": form, "items": items, "bulletin": bulletin}
    )


@login_required
@require_GET
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_for(user=request.user, pk=pk)
    bureau = selectors.writes_documents(user=request.user)
    return render(
        request,
        "bulletins/detail.html",
        {
            "bulletin": bulletin,
            "document": documents.bulletin_document(bulletin),
            "bureau": bureau,
            "next_number": selectors.next_number(bulletin.county) if bureau else None,
            "publish": PublishForm(),
            "fonts_note": fonts_note(),
        },
    )


@login_required
@require_POST
def bulletin_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_for(user=request.user, pk=pk, action=MANAGE)
    try:
        services.bulletin_refresh(actor=request.user, bulletin=bulletin)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("进展数据已更新"))
    return redirect("bulletins:detail", pk=pk)


@login_required
@require_POST
def bulletin_publish(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_for(user=request.user, pk=pk, action=MANAGE)
    form = PublishForm(request.POST)
    first = form.cleaned_data.get("first_number") if form.is_valid() else None
    try:
        bulletin = services.bulletin_publish(
            actor=request.user, bulletin=bulletin, first_number=first
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("已发布：%(issue)s") % {"issue": bulletin.issue_label})
    return redirect("bulletins:detail", pk=pk)


@login_required
@require_POST
def bulletin_delete(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_for(user=request.user, pk=pk, action=MANAGE)
    try:
        services.bulletin_delete(actor=request.user, bulletin=bulletin)
    except Refusal as error:
        messages.error(request, refusal_text(error))
        return redirect("bulletins:detail", pk=pk)
    messages.info(request, _("草稿已删除"))
    return redirect("bulletins:list")


# --- notices ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_for(user=request.user, pk=pk, action=MANAGE)
    if notice.is_published:
        messages.info(request, _("已发布的通报不能再修改"))
        return redirect("bulletins:notice_detail", pk=pk)
    form = NoticeForm(
        request.POST or None,
        initial={name: getattr(notice, name) for name in NoticeForm.base_fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_update(actor=request.user, notice=notice, **form.cleaned_data)
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已保存"))
            return redirect("bulletins:notice_detail", pk=pk)
    return render(request, "bulletins/notice_edit.html", {"form": form, "notice": notice})


@login_required
@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_for(user=request.user, pk=pk)
    bureau = selectors.writes_documents(user=request.user)
    return render(
        request,
        "bulletins/notice.html",
        {
            "notice": notice,
            "warnings": [
                drafting.warning_shown(w) for w in (notice.figures or {}).get("warnings", [])
            ],
            "document": documents.notice_document(notice),
            "bureau": bureau,
            "publish": NoticePublishForm(),
            "fonts_note": fonts_note(),
        },
    )


@login_required
@require_POST
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_for(user=request.user, pk=pk, action=MANAGE)
    form = NoticePublishForm(request.POST)
    number = form.cleaned_data.get("number") if form.is_valid() else None
    try:
        notice = services.notice_publish(actor=request.user, notice=notice, number=number)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("通报已发布：%(number)s") % {"number": notice.document_number})
    return redirect("bulletins:notice_detail", pk=pk)


# --- the county's document settings -----------------------------------------------------------


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def document_settings(request: HttpRequest) -> HttpResponse:
    county = acting_county_or_404(user=request.user)
    current = selectors.settings_for(user=request.user, county=county)
    form = DocumentSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_settings_update(
                actor=request.user, county=county, values=form.cleaned_data
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("公文设置已保存"))
            return redirect("bulletins:settings")
    return render(
        request, "bulletins/settings.html", {"form": form, "county": county, "saved": current.pk}
    )
