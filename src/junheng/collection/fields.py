"""The yearly record's fields come from the school-data template, the one source of columns.

The template's Chinese headers are the files' contract (docs/school-data-template.md); a page
names a column in its reader's language (`column_label`: the column's `header_en` in English,
issue 14 §7) and shows a choice's value (小学, 城区, 公办…) by its translation (`choice_label`)."""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext

from junheng.evaluation.template import AMOUNT, CHOICE, CODE, COLUMNS, COUNT, Column
from junheng.web.languages import english

# Identity columns are the record's keys (school, year), not its fields.
IDENTITY = ("year", "county_code", "county_name", "school_code")
YEARLY_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.key not in IDENTITY)
NUMBER_KEYS = tuple(c.key for c in YEARLY_COLUMNS if c.kind in (COUNT, AMOUNT))

COLUMN_BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
COLUMN_BY_HEADER: dict[str, Column] = {c.header: c for c in COLUMNS}
# the registry's words for a school's classification (its audit snapshot's "type")
CHOICE_KEYS = {c.key for c in COLUMNS if c.kind == CHOICE} | {"type"}


def column_label(column: Column | str) -> str:
    """A template column (or its key, or its Chinese header) as the page's reader calls it: the
    English name in English, else the template's header; any other text as it is."""
    if isinstance(column, str):
        found = COLUMN_BY_KEY.get(column) or COLUMN_BY_HEADER.get(column)
        if found is None:
            return column
        column = found
    if english() and column.header_en:
        return column.header_en
    return column.header


# the label at the time it is shown (module-level dicts of labels, e.g. the audit's)
column_label_lazy = lazy(column_label, str)
LABELS: dict[str, Any] = {c.key: column_label_lazy(c) for c in COLUMNS}


def choice_label(key: str, value: Any) -> Any:
    """A value of a choice column (学校类型 小学, 城乡分类 城区…) in the page's language (the
    registry's choices are in the catalogue); any other value as it is."""
    if key in CHOICE_KEYS and isinstance(value, str) and value:
        return gettext(value)
    return value


def model_field(column: Column) -> models.Field:
    if column.kind == COUNT and column.unknown_when_empty:
        # empty is "not reported" (docs/school-data-template.md "Additions"), never 0
        return models.PositiveIntegerField(column.header, null=True, blank=True)
    if column.kind == COUNT:
        return models.PositiveIntegerField(column.header, default=0)
    if column.kind == AMOUNT:
        return models.FloatField(column.header, default=0, validators=[MinValueValidator(0)])
    if column.kind == CHOICE:
        choices = [(c, c) for c in column.choices]
        return models.CharField(
            column.header, max_length=20, choices=choices, default=column.default or ""
        )
    if column.kind == CODE:
        return models.CharField(column.header, max_length=column.digits, blank=True)
    return models.CharField(column.header, max_length=100)
