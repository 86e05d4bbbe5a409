"""Number formatting for the pages: fixed decimals, signed changes, percentages, names."""

from __future__ import annotations

import math
from typing import Any

from django import template

from junheng.assessment.summaries import indicator_name as _indicator_name
from junheng.assessment.summaries import level_name as _level_name
from junheng.web import languages
from junheng.web.languages import english

register = template.Library()


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@register.filter
def fixed(value: Any, digits: int = 2) -> str:
    number = _number(value)
    return "—" if number is None else f"{number:,.{int(digits)}f}"


@register.filter
def signed(value: Any, digits: int = 3) -> str:
    number = _number(value)
    return "—" if number is None else f"{number:+.{int(digits)}f}"


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    number = _number(value)
    return "—" if number is None else f"{number * 100:.{int(digits)}f}%"


@register.filter
def level_name(value: str) -> str:
    return _level_name(value)


@register.filter
def indicator_name(key: str, standard: Any) -> str:
    try:
        return _indicator_name(standard.indicator(key))
    except KeyError:
        return key


@register.filter
def in_language(text: str | None) -> str:
    """The half of the core's bilingual 「中文 / English」 text in the page's language."""
    return languages.in_language(text)


@register.filter
def document_number(text: str | None) -> str:
    """A document number (教督〔2017〕6号) as the page's reader cites it: in English the
    issuer's pinyin, the year and the number (Jiaodu [2017] No. 6)."""

    from junheng.reports.labels import document_number_en

    if english():
        return document_number_en(text)
    return text or ""


@register.filter
def suggestion_indicator(suggestion: Any) -> str:
    """A proposed problem's indicator in the page's language (`rectification.gaps`)."""

    from junheng.rectification.gaps import suggestion_in_language

    return suggestion_in_language(suggestion, english())[0]


@register.filter
def suggestion_gap(suggestion: Any) -> str:
    """A proposed problem's gap in the page's language: 「缺少… 3 人」, 「Short of …: 3
    teachers」."""

    from junheng.rectification.gaps import suggestion_in_language

    return suggestion_in_language(suggestion, english())[1]
