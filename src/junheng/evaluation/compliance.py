"""Each unit against the thresholds: meets, met_count, pass and gaps (quality-2017 第六条)."""

from __future__ import annotations

import polars as pl

from junheng.evaluation.indicators import value_column
from junheng.evaluation.standard import Indicator, Standard
from junheng.evaluation.units import unit_resource

MEETS = "meets__"
GAP = "gap__"
# A value equal to its threshold meets it; the tolerance absorbs binary floating-point error
# (e.g. 23 rooms for 1,000 students is 2.3 per 100, computed as 2.2999999999999998).
RELATIVE_TOLERANCE = 1e-9


def meets_column(indicator: Indicator) -> str:
    return MEETS + indicator.key


def gap_column(indicator: Indicator) -> str:
    return GAP + indicator.key


def _threshold(indicator: Indicator) -> pl.Expr:
    """The unit's threshold for its level (null where the standard sets none)."""
    expr = pl.lit(None, dtype=pl.Float64)
    for level, value in indicator.threshold.items():
        expr = pl.when(pl.col("level") == level).then(pl.lit(value)).otherwise(expr)
    return expr


def _at_least(value: pl.Expr, bound: pl.Expr) -> pl.Expr:
    return value >= bound - RELATIVE_TOLERANCE * pl.max_horizontal(bound.abs(), pl.lit(1.0))


def with_compliance(units: pl.DataFrame, standard: Standard) -> pl.DataFrame:
    """Add meets__*, gap__*, met_count and pass; unchanged where the standard has no rule."""
    rule = standard.school_rule
    if rule is None:
        return units
    columns = []
    for indicator in standard.indicators:
        threshold = _threshold(indicator)
        value = pl.col(value_column(indicator))
        meets = _at_least(value, threshold)
        # how much of the resource the unit lacks: threshold × students / scale − what it has
        need = threshold * pl.col("students") / indicator.scale - pl.col(
            unit_resource(indicator.resource)
        )
        if indicator.rounds_up:
            need = (need - RELATIVE_TOLERANCE).ceil()
        columns += [
            meets.alias(meets_column(indicator)),
            pl.when(meets).then(None).otherwise(need).alias(gap_column(indicator)),
            _at_least(value, threshold * rule.floor_ratio).alias(f"floor__{indicator.key}"),
        ]
    units = units.with_columns(columns)
    met = pl.sum_horizontal(pl.col(meets_column(i)).cast(pl.Int32) for i in standard.indicators)
    above_floor = pl.all_horizontal(pl.col(f"floor__{i.key}") for i in standard.indicators)
    return units.with_columns(
        met.alias("met_count"),
        ((met >= rule.min_met) & above_floor).alias("pass"),
    ).drop(f"floor__{i.key}" for i in standard.indicators)
