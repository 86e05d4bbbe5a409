"""Pages of bulletins and notices: lists, a document as it will print, the bureau's editing
and publishing, and the Word and PDF downloads. Every write goes through a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import MANAGE, can
from junheng.bulletins import documents, selectors, services
from junheng.bulletins.forms import BulletinForm, NoticeForm, PublishForm
from junheng.bulletins.services import next_number
from junheng.collection.exports import attachment_header
from junheng.collection.selectors import user_county
from junheng.registry.refusals import refusal_text


def _download(content: bytes, content_type: str, stem: str, suffix: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment_header(stem + suffix, f"junheng-document{suffix}")
    return response


def _bureau(request: HttpRequest) -> None:
    if not can(request.user, MANAGE):
        raise PermissionDenied


@login_required
@require_GET
def bulletin_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "bulletins/list.html",
        {
            "bulletins": selectors.bulletin_list(user=request.user),
            "notices": selectors.notice_list(user=request.user),
            "bureau": can(request.user, MANAGE),
        },
    )


@login_required
@require_POST
def bulletin_create(request: HttpRequest) -> HttpResponse:
    _bureau(request)
    try:
        bulletin = services.bulletin_create(
            actor=request.user, county=user_county(user=request.user)
        )
    except services.BulletinError as error:
        raise PermissionDenied(refusal_text(error)) from error
    messages.success(request, _("已生成简报草稿，请撰写工作动态和政策解读"))
    return redirect("bulletins:edit", pk=bulletin.pk)


@login_required
@require_GET
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_for(user=request.user, pk=pk)
    bureau = can(request.user, MANAGE)
    return render(
        request,
        "bulletins/detail.html",
        {
            "bulletin": bulletin,
            "document": documents.bulletin_document(bulletin),
            "bureau": bureau,
            "next_number": next_number(bulletin.county) if bureau else None,
            "publish": PublishForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_for(user=request.user, pk=pk, action=MANAGE)
    if bulletin.is_published:
        messages.info(request, _("已发布的简报不能再修改"))
        return redirect("bulletins:detail", pk=pk)
    form = BulletinForm(
        request.POST or None,
        initial={
            "title": bulletin.title,
            "editor": bulletin.editor,
            "news": bulletin.news,
            "policy": bulletin.policy,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.bulletin_update(actor=request.user, bulletin=bulletin, **form.cleaned_data)
        except services.BulletinError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已保存"))
            return redirect("bulletins:detail", pk=pk)
    return render(request, "bulletins/edit.html", {"form": form, "bulletin": bulletin})


@login_required
@require_POST
def bulletin_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_for(user=request.user, pk=pk, action=MANAGE)
    try:
        services.bulletin_refresh(actor=request.user, bulletin=bulletin)
    except services.BulletinError as error:
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
    except services.BulletinError as error:
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
    except services.BulletinError as error:
        messages.error(request, refusal_text(error))
        return redirect("bulletins:detail", pk=pk)
    messages.info(request, _("草稿已删除"))
    return redirect("bulletins:list")


@login_required
@require_GET
def bulletin_docx(request: HttpRequest, pk: int) -> HttpResponse:
    document = documents.bulletin_document(selectors.bulletin_for(user=request.user, pk=pk))
    return _download(documents.to_docx(document), documents.DOCX_TYPE, document.file_stem, ".docx")


@login_required
@require_GET
def bulletin_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = documents.bulletin_document(selectors.bulletin_for(user=request.user, pk=pk))
    return _download(documents.to_pdf(document), "application/pdf", document.file_stem, ".pdf")


# --- notices ----------------------------------------------------------------------------------


@login_required
@require_POST
def notice_create(request: HttpRequest) -> HttpResponse:
    _bureau(request)
    try:
        notice = services.notice_create(actor=request.user, county=user_county(user=request.user))
    except services.BulletinError as error:
        raise PermissionDenied(refusal_text(error)) from error
    messages.success(request, _("已根据排名起草通报，请修改后发布"))
    return redirect("bulletins:notice_edit", pk=notice.pk)


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
            "bureau": can(request.user, MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_for(user=request.user, pk=pk, action=MANAGE)
    if notice.is_published:
        messages.info(request, _("已发布的通报不能再修改"))
        return redirect("bulletins:notice_detail", pk=pk)
    form = NoticeForm(request.POST or None, initial={"title": notice.title, "body": notice.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_update(actor=request.user, notice=notice, **form.cleaned_data)
        except services.BulletinError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已保存"))
            return redirect("bulletins:notice_detail", pk=pk)
    return render(request, "bulletins/notice_edit.html", {"form": form, "notice": notice})


@login_required
@require_POST
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_for(user=request.user, pk=pk, action=MANAGE)
    try:
        services.notice_publish(actor=request.user, notice=notice)
    except services.BulletinError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("通报已发布"))
    return redirect("bulletins:notice_detail", pk=pk)


@login_required
@require_GET
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    document = documents.notice_document(selectors.notice_for(user=request.user, pk=pk))
    return _download(documents.to_docx(document), documents.DOCX_TYPE, document.file_stem, ".docx")


@login_required
@require_GET
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = documents.notice_document(selectors.notice_for(user=request.user, pk=pk))
    return _download(documents.to_pdf(document), "application/pdf", document.file_stem, ".pdf")
