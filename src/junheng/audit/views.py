"""Pages of the audit trail: read-only; nothing here changes or deletes an entry."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from junheng.audit import selectors


class HistoryFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=1949, max_value=2100)
    page = forms.IntegerField(required=False, min_value=1)


def _filters(request: HttpRequest) -> dict:
    form = HistoryFilterForm(request.GET)
    cleaned = form.cleaned_data if form.is_valid() else {}
    return {"year": cleaned.get("year"), "page": cleaned.get("page") or 1}


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    data = selectors.history(user=request.user, **_filters(request))
    return render(request, "audit/history.html", {"history": data})


@login_required
@require_GET
def school_history(request: HttpRequest, pk: int) -> HttpResponse:
    data = selectors.school_history(user=request.user, pk=pk, **_filters(request))
    return render(request, "audit/history.html", {"history": data, "school": data.school})
