"""Pages of the audit trail: read-only; nothing here changes or deletes an entry. The history
narrows by year, school, person, action and dates; its export holds the same rows."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from junheng.audit import selectors
from junheng.audit.exports import history_workbook
from junheng.refusals import Refusal, refusal_text
from junheng.web.downloads import XLSX_TYPE, download


class HistoryFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=1949, max_value=2100)
    school = forms.IntegerField(required=False, min_value=1)
    actor = forms.IntegerField(required=False, min_value=1)
    action = forms.CharField(required=False, max_length=40)
    since = forms.DateField(required=False)
    until = forms.DateField(required=False)
    page = forms.IntegerField(required=False, min_value=1)


def _filters(request: HttpRequest) -> tuple[selectors.HistoryFilters, int]:
    """The filters of the query (a value that does not parse is left out, not an error)."""
    form = HistoryFilterForm(request.GET)
    form.is_valid()
    cleaned = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    fields = ("year", "school", "actor", "action", "since", "until")
    values = {field: cleaned.get(field) for field in fields}
    values["action"] = values["action"] or ""
    filters = selectors.HistoryFilters(**values)
    return filters, cleaned.get("page") or 1


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    filters, page = _filters(request)
    data = selectors.history(user=request.user, filters=filters, page=page)
    return render(request, "audit/history.html", {"history": data})


@login_required
@require_GET
def school_history(request: HttpRequest, pk: int) -> HttpResponse:
    filters, page = _filters(request)
    data = selectors.school_history(user=request.user, pk=pk, filters=filters, page=page)
    return render(request, "audit/history.html", {"history": data, "school": data.school})


@login_required
@require_GET
def history_export(request: HttpRequest) -> HttpResponse:
    filters, _page = _filters(request)
    entries = selectors.history_entries(user=request.user, filters=filters)
    return _export(request, entries, "操作记录", "history", "collection:history")


@login_required
@require_GET
def school_history_export(request: HttpRequest, pk: int) -> HttpResponse:
    school = selectors.history_school(user=request.user, pk=pk)
    filters, _page = _filters(request)
    entries = selectors.history_entries(user=request.user, filters=filters, school=school)
    name = f"{school.name}操作记录"
    return _export(
        request, entries, name, f"history-{school.code}", "collection:school_history", pk
    )


def _export(
    request: HttpRequest, entries, name: str, fallback: str, back: str, *args
) -> HttpResponse:
    try:
        body = history_workbook(entries)
    except Refusal as error:
        messages.error(request, refusal_text(error))
        response = redirect(back, *args)
        response["Location"] += "?" + request.GET.urlencode()
        return response
    return download(body, XLSX_TYPE, f"{name}.xlsx", f"{fallback}.xlsx")
