"""`{% load checklist_format %}`: numbers as a checklist writes them, and the figures' names."""

from __future__ import annotations

from typing import Any

from django import template

from junheng.checklist_core.figures import FIGURES
from junheng.checklist_core.model import COMPARISONS, format_number
from junheng.checklists import english

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
    if figure is None:
        return key
    return figure.name_en or figure.name if english.english() else figure.name


@register.filter
def figure_method(key: str) -> str:
    figure = FIGURES.get(key)
    if figure is None:
        return ""
    return figure.method_en or figure.method if english.english() else figure.method


@register.filter
def evidence_text(requirement: str) -> str:
    """An evidence requirement (佐证材料) in the reader's language."""
    return english.evidence_text(requirement)


@register.filter
def evidence_join(requirements: Any) -> str:
    """Evidence requirements in the reader's language, one after another (「；」 / "; ")."""
    shown = [english.evidence_text(r) for r in requirements or ()]
    return ("; " if english.english() else "；").join(shown)


@register.filter
def item_line(text: str) -> str:
    """「2.3.1 每 12 个班音乐专用教室数」 (an item's code and stored title, as a to-do reads)
    in the reader's language: the title in English while it is a shipped file's."""
    return english.item_line(text)


@register.filter
def filesize(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`{{ errors|lookup:a.pk }}`: a dict's value, or an empty list."""
    return mapping.get(key, []) if hasattr(mapping, "get") else []
