"""What every staff page of one survey shares: its tabs' context and the render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import render

from junheng.access import MANAGE, may


def page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):
    return render(request, template, context, status=status)


def survey_context(request: HttpRequest, survey: Any, tab: str) -> dict[str, Any]:
    return {
        "survey": survey,
        "tab": tab,
        "manage": may(request.user, MANAGE, survey),  # shows the managing tabs
        "formula": survey.formula_text(),
    }
