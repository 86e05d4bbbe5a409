"""`{{ text|shown }}`: a survey's text in the page's language (`junheng.surveys.wording`)."""

from __future__ import annotations

from django import template

from junheng.surveys import wording

register = template.Library()


@register.filter
def shown(text: str | None) -> str:
    return wording.shown(text)
