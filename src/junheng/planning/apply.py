"""Apply a plan to the template data: what each school's row would hold once the plan is done.

The county's indicators after the plan are the evaluation core's verdict on these rows
(`junheng.evaluation.evaluate`), never the optimiser's own arithmetic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import polars as pl

from junheng.planning.costs import Costs
from junheng.planning.levers import physical_levers, teacher_columns, training_levers
from junheng.planning.result import Action, CountyPlan, Plan, Transfer

KEY = ("county_code", "year", "school_code")


def _template_columns(action: Action, costs: Costs) -> tuple[str, ...]:
    for lever in physical_levers(costs):
        if lever.key == action.lever:
            return lever.columns
    for lever in training_levers(costs):
        if lever.key == action.lever:
            return tuple(f"{action.level}_{c}" for c in lever.columns)
    kind = action.lever.removeprefix("hire_")
    return tuple(f"{action.level}_{c}" for c in teacher_columns(kind, costs))


def changes_frame(
    county_code: str,
    year: int,
    actions: Iterable[Action],
    transfers: Iterable[Transfer],
    costs: Costs,
) -> pl.DataFrame:
    """One row per school with the amount added to (or, for a transfer out, taken from) each
    template column; only the columns the plan touches."""
    delta: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for action in actions:
        for column in _template_columns(action, costs):
            delta[action.school_code][column] += action.quantity
    for move in transfers:
        for column in teacher_columns(move.kind, costs):
            delta[move.from_code][f"{move.level}_{column}"] -= move.teachers
            delta[move.to_code][f"{move.level}_{column}"] += move.teachers
    columns = sorted({c for changes in delta.values() for c in changes})
    rows = [
        {"county_code": county_code, "year": year, "school_code": code, **dict(changes)}
        for code, changes in delta.items()
    ]
    schema = {"county_code": pl.String, "year": pl.Int64, "school_code": pl.String}
    schema.update({c: pl.Float64 for c in columns})
    return pl.DataFrame(rows, schema=schema)


def apply_changes(data: pl.DataFrame, changes: pl.DataFrame) -> pl.DataFrame:
    """The template rows with `changes` added; each column keeps its type (counts stay whole)."""
    columns = [c for c in changes.columns if c not in KEY]
    if changes.height == 0 or not columns:
        return data
    changes = changes.with_columns(pl.col("year").cast(data.schema["year"]))
    suffixed = changes.rename({c: f"{c}__delta" for c in columns})
    joined = data.join(suffixed, on=list(KEY), how="left", maintain_order="left")
    updated = [
        pl.when(pl.col(f"{c}__delta").is_null())
        .then(pl.col(c))
        .otherwise((pl.col(c).fill_null(0) + pl.col(f"{c}__delta")).round(6).cast(data.schema[c]))
        .alias(c)
        for c in columns
    ]
    return joined.with_columns(updated).select(data.columns)


def apply_county_plan(data: pl.DataFrame, plan: CountyPlan, costs: Costs) -> pl.DataFrame:
    changes = changes_frame(plan.county_code, plan.year, plan.actions, plan.transfers, costs)
    return apply_changes(data, changes)


def apply_plan(data: pl.DataFrame, plan: Plan) -> pl.DataFrame:
    """The template data with every county's plan applied."""
    frames = [
        changes_frame(c.county_code, c.year, c.actions, c.transfers, plan.costs)
        for c in plan.counties
    ]
    frames = [f for f in frames if f.height]
    if not frames:
        return data
    return apply_changes(data, pl.concat(frames, how="diagonal_relaxed"))
