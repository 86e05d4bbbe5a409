"""Per-unit indicator values: resource × scale / students (docs/standards.md §1, §2)."""

from __future__ import annotations

import polars as pl

from junheng.evaluation.standard import Indicator, Standard
from junheng.evaluation.units import unit_resource

VALUE = "value__"


def value_column(indicator: Indicator) -> str:
    return VALUE + indicator.key


def indicator_value(indicator: Indicator) -> pl.Expr:
    """The indicator of a unit; e.g. 生均教学仪器设备值 = 万元 × 10000 / students (元)."""
    resource = pl.col(unit_resource(indicator.resource))
    return (resource * indicator.scale / pl.col("students")).alias(value_column(indicator))


def with_values(units: pl.DataFrame, standard: Standard) -> pl.DataFrame:
    return units.with_columns(indicator_value(i) for i in standard.indicators)


def long_values(units: pl.DataFrame, standard: Standard) -> pl.DataFrame:
    """One row per unit and indicator: the shape the inequality measures group over."""
    parts = [
        units.select(
            "county_code",
            "year",
            "level",
            "township",
            "unit_code",
            "school_name",
            pl.col("students").cast(pl.Float64).alias("weight"),
            pl.lit(indicator.key).alias("indicator"),
            pl.col(value_column(indicator)).alias("x"),
        )
        for indicator in standard.indicators
    ]
    return pl.concat(parts)
