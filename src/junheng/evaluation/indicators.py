"""Per-unit indicator values: resource × scale / students (docs/standards.md §1, §2)."""

from __future__ import annotations

import polars as pl

from junheng.evaluation.inequality import GROUP_KEY, TOWNSHIP_KEY, UNIT
from junheng.evaluation.levels import LEVELS
from junheng.evaluation.standard import Indicator, Standard
from junheng.evaluation.units import unit_resource

VALUE = "value__"
# The columns of the long frame that name a unit's group, township and school.
LONG_NAMES = ("county_code", "year", "level", "township", "unit_code", "school_name")


def value_column(indicator: Indicator) -> str:
    return VALUE + indicator.key


def indicator_value(indicator: Indicator) -> pl.Expr:
    """The indicator of a unit; e.g. 生均教学仪器设备值 = 万元 × 10000 / students (元)."""
    resource = pl.col(unit_resource(indicator.resource))
    return (resource * indicator.scale / pl.col("students")).alias(value_column(indicator))


def with_values(units: pl.DataFrame, standard: Standard) -> pl.DataFrame:
    return units.with_columns(indicator_value(i) for i in standard.indicators)


def long_values(units: pl.DataFrame, standard: Standard, *, names: bool = True) -> pl.DataFrame:
    """One row per unit and indicator: the shape the inequality measures group over, with
    the integer keys of its groups and townships (`inequality.with_keys`) numbered on the
    units: in the order of (county, year, level, indicator), as their columns sort. Without
    `names`, a row has its unit's index in `units` instead of the unit's codes and names."""
    indicators = standard.indicators
    # the levels in the order their names sort: every level of any standard, so that a frame
    # without units still has a mapping
    level_rank = {level: rank for rank, level in enumerate(sorted({*LEVELS, *units["level"]}))}
    indicator_rank = {key: rank for rank, key in enumerate(sorted(i.key for i in indicators))}
    keyed = units.select(
        *LONG_NAMES,
        pl.int_range(pl.len(), dtype=pl.UInt32).alias(UNIT),
        pl.col("students").cast(pl.Float64).alias("weight"),
        (
            (pl.struct("county_code", "year").rank("dense").cast(pl.Int64) - 1) * len(level_rank)
            + pl.col("level").replace_strict(level_rank, return_dtype=pl.Int64)
        ).alias("__unit_group"),
        pl.col("township").rank("dense").cast(pl.Int64).alias(TOWNSHIP_KEY),
        *(pl.col(value_column(i)) for i in indicators),
    )
    parts = [
        keyed.select(
            *(LONG_NAMES if names else (UNIT,)),
            "weight",
            pl.lit(indicator.key).alias("indicator"),
            pl.col(value_column(indicator)).alias("x"),
            (pl.col("__unit_group") * len(indicator_rank) + indicator_rank[indicator.key]).alias(
                GROUP_KEY
            ),
            TOWNSHIP_KEY,
        )
        for indicator in indicators
    ]
    return pl.concat(parts)
