"""`{% load checklist_format %}`: numbers as a checklist writes them, and the figures' names."""

from __future__ import annotations

from typing import Any

from django import template

from junheng.checklist_core.figures import FIGURES
from junheng.checklist_core.model import COMPARISONS, format_number

register = template.Library()


@register.filter
def num(value: Any) -> str:
    """12.0 → 12, 0.4567 → 0.4567, None → —."""
    if value is None or value == "":
        return "—"
    return format_number(round(float(value), 4))


@register.filter
def comparison(value: str) -> str:
    return COMPARISONS.get(value, value)


@register.filter
def figure_name(key: str) -> str:
    figure = FIGURES.get(key)
    return figure.name if figure else key


@register.filter
def figure_method(key: str) -> str:
    figure = FIGURES.get(key)
    return figure.method if figure else ""


@register.filter
def filesize(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`{{ errors|lookup:a.pk }}`: a dict's value, or an empty list."""
    return mapping.get(key, []) if hasattr(mapping, "get") else []
