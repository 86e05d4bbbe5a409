"""A NUL character in an imported file (issue 13 §5, found by benchmarks/attack.py: a 500 on
PostgreSQL, whose text and JSON hold no NUL): the preview names the cell and stores nothing
that PostgreSQL refuses, whichever column holds it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from junheng.collection import imports
from junheng.collection.models import ImportBatch, SchoolYear
from junheng.collection.template_rows import record_row
from junheng.evaluation.template import HEADERS, KEYS

YEAR = 2025


def csv_file(*rows: dict[str, Any]) -> bytes:
    lines = [",".join(HEADERS[k] for k in KEYS)]
    lines += [",".join("" if r[k] is None else str(r[k]) for k in KEYS) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def row_of(school, **changes: Any) -> dict[str, Any]:
    return {**record_row(SchoolYear.objects.get(school=school, year=YEAR)), **changes}


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("school_name", "城关\x00一小"),
        ("township", "城关\x00镇"),
        ("primary_students", "4\x0000"),
        ("school_code", "61010\x0000001"),
    ],
)
def test_a_nul_in_any_cell_is_a_problem_of_its_row_and_the_preview_is_stored(world, column, value):
    data = csv_file(row_of(world.school, **{column: value}), row_of(world.sibling))

    batch = imports.import_preview(
        actor=world.county_admin, county=world.county, name="空字符.csv", data=data
    )

    stored = ImportBatch.objects.get(pk=batch.pk).preview
    assert "\\u0000" not in json.dumps(stored)
    assert [p["row"] for p in stored["problems"]] == [2]
    assert stored["problems"][0]["column"] == HEADERS[column]
    shown = stored["problems"][0]["zh"]
    assert "NUL" in shown or "\u2400" in shown  # named, or shown where it was quoted


def test_the_message_names_the_nul_in_a_text_cell(world):
    data = csv_file(row_of(world.school, school_name="城关\x00一小"))

    plan = imports.plan_import(
        actor=world.county_admin, county=world.county, name="空字符.csv", data=data
    )

    [problem] = plan.problems
    assert "空字符（NUL）" in problem.zh and "NUL" in problem.en
