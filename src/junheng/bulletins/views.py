"""Pages of bulletins and notices: lists, a document as it will print, the bureau's editing
and publishing, and the Word and PDF downloads. Every write goes through a service.

A bulletin and a notice share their pages' shape: the views that are the same for both take
the `kind` (from the URL configuration) and find what differs in `KINDS`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import MANAGE
from junheng.access.web import require
from junheng.bulletins import documents, selectors, services
from junheng.bulletins.forms import BulletinForm, NoticeForm, PublishForm
from junheng.collection.selectors import acting_county_or_404
from junheng.refusals import Refusal, refusal_text
from junheng.web.downloads import download


@dataclass(frozen=True)
class Kind:
    """What differs between the pages of a bulletin and of a notice."""

    name: str  # the template's name for the object
    find: Callable[..., Any]  # (user=, pk=, action=) → the object, or 404
    document: Callable[[Any], documents.Document]
    create: Callable[..., Any]  # (actor=, county=) → a new draft
    update: Callable[..., Any]  # (actor, obj, fields) → the saved draft
    form: type[forms.Form]
    detail_url: str
    edit_url: str
    edit_template: str
    created: Promise
    locked: Promise


KINDS = {
    "bulletin": Kind(
        name="bulletin",
        find=selectors.bulletin_for,
        document=documents.bulletin_document,
        create=services.bulletin_create,
        update=lambda actor, obj, fields: services.bulletin_update(
            actor=actor, bulletin=obj, **fields
        ),
        form=BulletinForm,
        detail_url="bulletins:detail",
        edit_url="bulletins:edit",
        edit_template="bulletins/edit.html",
        created=gettext_lazy("已生成简报草稿，请撰写工作动态和政策解读"),
        locked=gettext_lazy("已发布的简报不能再修改"),
    ),
    "notice": Kind(
        name="notice",
        find=selectors.notice_for,
        document=documents.notice_document,
        create=services.notice_create,
        update=lambda actor, obj, fields: services.notice_update(actor=actor, notice=obj, **fields),
        form=NoticeForm,
        detail_url="bulletins:notice_detail",
        edit_url="bulletins:notice_edit",
        edit_template="bulletins/notice_edit.html",
        created=gettext_lazy("已根据排名起草通报，请修改后发布"),
        locked=gettext_lazy("已发布的通报不能再修改"),
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
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    found = spec.find(user=request.user, pk=pk, action=MANAGE)
    if found.is_published:
        messages.info(request, spec.locked)
        return redirect(spec.detail_url, pk=pk)
    form = spec.form(
        request.POST or None,
        initial={name: getattr(found, name) for name in spec.form.base_fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            spec.update(request.user, found, form.cleaned_data)
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已保存"))
            return redirect(spec.detail_url, pk=pk)
    return render(request, spec.edit_template, {"form": form, spec.name: found})


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """The document in Word (`fmt` docx) or PDF (pdf), named after it."""
    spec = KINDS[kind]
    document = spec.document(spec.find(user=request.user, pk=pk))
    content, content_type = documents.rendered(document, fmt)
    return download(content, content_type, f"{document.file_stem}.{fmt}", f"junheng-document.{fmt}")


# --- bulletins ---------------------------------------------------------------------------------


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
@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_for(user=request.user, pk=pk)
    return render(
        request,
        "bulletins/notice.html",
        {
            "notice": notice,
            "document": documents.notice_document(notice),
            "bureau": selectors.writes_documents(user=request.user),
        },
    )


@login_required
@require_POST
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_for(user=request.user, pk=pk, action=MANAGE)
    try:
        services.notice_publish(actor=request.user, notice=notice)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("通报已发布"))
    return redirect("bulletins:notice_detail", pk=pk)
