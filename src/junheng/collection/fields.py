"""The yearly record's fields come from the school-data template, the one source of columns."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from junheng.evaluation.template import AMOUNT, CHOICE, CODE, COLUMNS, COUNT, Column

# Identity columns are the record's keys (school, year), not its fields.
IDENTITY = ("year", "county_code", "county_name", "school_code")
YEARLY_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.key not in IDENTITY)
NUMBER_KEYS = tuple(c.key for c in YEARLY_COLUMNS if c.kind in (COUNT, AMOUNT))


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
