"""Helpers of the planner tests: costs from the documented example with changes, and small
counties built with the evaluation tests' template factory."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
import pytest

from evaluation.factory import read
from junheng.evaluation import Standard, load_standard
from junheng.planning import Costs
from junheng.planning.costs import example_text, parse_costs

EXAMPLE: dict[str, Any] = tomllib.loads(example_text())


def costs_document(**changes: Mapping[str, Any]) -> dict[str, Any]:
    """The example costs document with tables updated: costs_document(plan={"years": 1})."""
    document = copy.deepcopy(EXAMPLE)
    for table, values in changes.items():
        document.setdefault(table, {}).update(values)
    return document


def make_costs(**changes: Mapping[str, Any]) -> Costs:
    return parse_costs(costs_document(**changes))


def county(rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """Checked template data of the rows, as `read_school_data` gives it."""
    return read(rows)


@pytest.fixture(scope="session")
def quality() -> Standard:
    return load_standard("quality-2017")
