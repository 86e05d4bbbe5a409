"""`{% load rectification_extras %}{{ row.rate|percent }}`: a share as 41.7%, — for none."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.1f}".removesuffix(".0")
    return f"{text}%"
