"""The school-data template's words on a page, in the reader's language (issue 14 §7): a
column's name (stored previews and rows carry its key or its Chinese header, which the files
keep), a choice's value, an indicator named by its Chinese name."""

from __future__ import annotations

from typing import Any

from django import template

from junheng.assessment.summaries import indicator_name
from junheng.collection import fields

register = template.Library()


@register.filter
def column_label(column: Any) -> str:
    """A template column's key or Chinese header → its name in the page's language."""
    return fields.column_label(str(column)) if column else ""


@register.filter
def choice_label(value: Any, key: str) -> Any:
    """`{{ value|choice_label:key }}`: a choice column's value (小学, 城区…) translated."""
    return fields.choice_label(key, value)


@register.filter
def indicator_label(name: str, standard: Any) -> str:
    """An indicator named by its Chinese name (as a comparison carries it) in the page's
    language: the standard file's `name_en`."""
    for indicator in getattr(standard, "indicators", ()):
        if indicator.name == name:
            return indicator_name(indicator)
    return name
