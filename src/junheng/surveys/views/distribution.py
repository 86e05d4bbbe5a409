"""The bureau's pages that distribute a survey: the quotas per group and school, issuing
one-time tokens (their printable QR sheet), voiding a batch, open links."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import MANAGE
from junheng.refusals import Refusal, refusal_text
from junheng.surveys import selectors, services
from junheng.surveys.forms.distribution import (
    BatchForm,
    IssueForm,
    OpenLinkForm,
    QuotasForm,
    quota_field_name,
)
from junheng.surveys.public_address import unreachable_host
from junheng.surveys.qr import qr_data_uri
from junheng.surveys.views.tabs import page, survey_context

# quotas -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_quotas(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    groups = selectors.groups_of(survey)
    schools = selectors.covered_schools(survey=survey)
    targets = selectors.quotas_grid(survey=survey)
    suggestion = {}
    if request.method == "GET" and request.GET.get("suggest"):
        suggestion = selectors.suggested_parent_quotas(survey=survey)
        if not suggestion:
            messages.warning(request, _("请先在「设置」中填写常住人口、抽样比例和家长最低占比"))
        for group in groups:
            if group.is_parents:
                targets.update({(group.pk, s): n for s, n in suggestion.items()})
    form = QuotasForm(request.POST or None, groups=groups, schools=schools, initial_targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.quotas_save(actor=request.user, survey=survey, targets=form.targets())
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("样本量已保存"))
            return redirect("surveys:progress", pk=survey.pk)
    rows = [
        (school, [form[quota_field_name(g, school)] for g in groups if g.per_school])
        for school in schools
    ]
    county_fields = [form[quota_field_name(g, None)] for g in groups if not g.per_school]
    context = survey_context(request, survey, "quotas")
    context.update(
        form=form,
        rows=rows,
        school_groups=[g for g in groups if g.per_school],
        county_fields=county_fields,
        required=survey.required_sample(),
        suggested=bool(suggestion),
    )
    return page(request, "surveys/quotas.html", context)


# distribution -------------------------------------------------------------------------------


def public_url(request: HttpRequest, path: str) -> str:
    """The address a respondent's phone opens: under SURVEY_PUBLIC_URL when the bureau works
    on an address the public cannot reach (an intranet), else under the request's own."""
    base = getattr(settings, "SURVEY_PUBLIC_URL", "")
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


def unreachable_address(request: HttpRequest) -> str | None:
    """The host the QR codes would point to when the public cannot reach it (a warning on
    the pages that print them), else None."""
    return unreachable_host(public_url(request, "/"))


def _open_links(request: HttpRequest, survey: Any) -> list[dict[str, Any]]:
    links = []
    for group in selectors.groups_of(survey):
        url = (
            public_url(request, reverse("surveys:open", args=[group.open_slug]))
            if group.open_slug
            else ""
        )
        links.append({"group": group, "url": url, "qr": qr_data_uri(url) if url else ""})
    return links


def _distribution(request: HttpRequest, survey: Any, form: Any, status: int = 200):
    context = survey_context(request, survey, "distribution")
    context.update(
        form=form,
        batches=selectors.batches(survey=survey),
        links=_open_links(request, survey),
        unreachable=unreachable_address(request),
    )
    return page(request, "surveys/distribution.html", context, status=status)


@login_required
@require_GET
def survey_distribution(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    return _distribution(request, survey, IssueForm(survey=survey))


@login_required
@require_POST
def tokens_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue tokens and answer with their printable sheet: the only time they are shown."""
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = IssueForm(request.POST, survey=survey)
    if form.is_valid():
        try:
            batch, issued = services.tokens_issue(
                actor=request.user,
                survey=survey,
                group=form.cleaned_data["group"],
                schools=list(form.cleaned_data["schools"]),
                count=form.cleaned_data["count"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            cards = []
            for item in issued:
                url = public_url(request, reverse("surveys:answer", args=[item.token]))
                cards.append({"item": item, "url": url, "qr": qr_data_uri(url)})
            sections: dict[Any, list[dict[str, Any]]] = {}
            for card in cards:
                sections.setdefault(card["item"].school, []).append(card)
            response = page(
                request,
                "surveys/token_sheet.html",
                {
                    "survey": survey,
                    "batch": batch,
                    "sections": list(sections.items()),
                    "unreachable": unreachable_address(request),
                },
            )
            add_never_cache_headers(response)
            return response
    return _distribution(request, survey, form, status=400)


@login_required
@require_POST
def batch_void(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = BatchForm(request.POST, survey=survey)
    if not form.is_valid():
        messages.error(request, _("操作无效，请重试"))
    else:
        try:
            n = services.token_batch_void(
                actor=request.user, survey=survey, batch=form.cleaned_data["batch"]
            )
        except Refusal as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("已作废 %(n)s 个未使用的二维码") % {"n": n})
    return redirect("surveys:distribution", pk=survey.pk)


@login_required
@require_POST
def open_link(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = OpenLinkForm(request.POST, survey=survey)
    if not form.is_valid():
        messages.error(request, _("操作无效，请重试"))
    else:
        try:
            services.open_link_set(
                actor=request.user,
                group=form.cleaned_data["group"],
                enabled=form.cleaned_data["enabled"],
            )
        except Refusal as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("公开链接已更新"))
    return redirect(f"{reverse('surveys:distribution', args=[survey.pk])}#open-links")
