"""Evaluate school data against a standard: units → values → CVs → verdicts, in one pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from junheng.evaluation.compliance import with_compliance
from junheng.evaluation.indicators import long_values, with_values
from junheng.evaluation.inequality import inequality, top_contributors
from junheng.evaluation.levels import LEVELS
from junheng.evaluation.standard import Standard, load_standard
from junheng.evaluation.template_checks import read_school_data
from junheng.evaluation.template_files import Source
from junheng.evaluation.units import build_units

COUNTY = ("county_code", "year")
LEVEL_GROUP = ("county_code", "year", "level")
# A CV equal to its limit passes; the tolerance absorbs floating-point error only.
CV_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Evaluation:
    """The result of evaluating one data set (any number of counties and years).

    - `units`: one row per evaluated unit (a school at one level): students, resources,
      `value__<indicator>`, and where the standard has thresholds `meets__*`, `gap__*`,
      `met_count`, `pass`.
    - `indicators`: one row per county, year, level and indicator: the weighted mean and CV,
      its limit and verdict (per-indicator standards), and the analysis measures.
    - `levels`: one row per county, year and level: units, students, composite CV where the
      standard limits it, and `cv_pass`.
    - `counties`: one row per county and year with the verdict.
    - `excluded`: schools left out of the computation, with the reason.
    - `contributors`: per indicator the units with the largest share of the weighted variance.
    """

    standard: Standard
    units: pl.DataFrame
    indicators: pl.DataFrame
    levels: pl.DataFrame
    counties: pl.DataFrame
    excluded: pl.DataFrame
    contributors: pl.DataFrame


def _level_order() -> pl.Expr:
    return pl.col("level").replace_strict(
        {level: rank for rank, level in enumerate(LEVELS)}, return_dtype=pl.Int8
    )


def evaluate(data: pl.DataFrame, standard: Standard) -> Evaluation:
    """Evaluate checked school data (from `read_school_data`) against a standard."""
    units, excluded = build_units(data, standard)
    units = with_compliance(with_values(units, standard), standard)
    units = units.sort([*COUNTY, _level_order(), "unit_code"])
    # the long frame (a row per unit and indicator) names its units by index: its text
    # columns would be most of a national evaluation's memory
    measures, contributions = inequality(long_values(units, standard, names=False), units)
    indicators = _indicator_verdicts(measures, standard)
    levels = _level_verdicts(units, indicators, standard)
    counties = _county_verdicts(units, levels, standard)
    order = [*COUNTY, _level_order()]
    indicator_rank = pl.col("indicator").replace_strict(
        {ind.key: rank for rank, ind in enumerate(standard.indicators)}, return_dtype=pl.Int16
    )
    return Evaluation(
        standard=standard,
        units=units,
        indicators=indicators.sort([*order, indicator_rank]),
        levels=levels.sort(order),
        counties=counties.sort(list(COUNTY)),
        excluded=excluded.sort("county_code", "year", "school_code"),
        contributors=top_contributors(contributions).sort(
            [*order, indicator_rank, pl.col("variance_share")],
            descending=[False, False, False, False, True],
        ),
    )


def _cv_limit(standard: Standard) -> pl.Expr:
    expr = pl.lit(None, dtype=pl.Float64)
    for level, limit in standard.cv_max.items():
        expr = pl.when(pl.col("level") == level).then(pl.lit(limit)).otherwise(expr)
    return expr


def _indicator_verdicts(measures: pl.DataFrame, standard: Standard) -> pl.DataFrame:
    if standard.cv_mode != "per_indicator":
        return measures
    return measures.with_columns(_cv_limit(standard).alias("cv_max")).with_columns(
        (pl.col("cv") <= pl.col("cv_max") + CV_TOLERANCE).alias("cv_pass")
    )


def _level_verdicts(
    units: pl.DataFrame, indicators: pl.DataFrame, standard: Standard
) -> pl.DataFrame:
    group = list(LEVEL_GROUP)
    counts = units.group_by(group).agg(
        pl.col("county_name").first(),
        pl.len().alias("schools"),
        pl.col("students").sum(),
    )
    if standard.cv_mode == "per_indicator":
        verdicts = indicators.group_by(group).agg(pl.col("cv_pass").all())
    else:
        # basic-2012 《差异系数测算说明》: composite CV = plain mean of the indicator CVs
        verdicts = (
            indicators.group_by(group)
            .agg(pl.col("cv").mean().alias("composite_cv"))
            .with_columns(_cv_limit(standard).alias("composite_cv_max"))
            .with_columns(
                (pl.col("composite_cv") <= pl.col("composite_cv_max") + CV_TOLERANCE).alias(
                    "cv_pass"
                )
            )
        )
    return counts.join(verdicts, on=group)


def _county_verdicts(units: pl.DataFrame, levels: pl.DataFrame, standard: Standard) -> pl.DataFrame:
    group = list(COUNTY)
    per_level = levels.group_by(group).agg(
        pl.col("county_name").first(),
        pl.col("cv_pass").all().alias("cv_pass"),
        pl.col("schools").sum().alias("units"),
        pl.col("students").sum(),
    )
    if standard.has_thresholds:
        schools = units.group_by(group).agg(
            pl.col("pass").all().alias("schools_pass"),
            (~pl.col("pass")).sum().cast(pl.Int64).alias("failing_units"),
        )
        per_level = per_level.join(schools, on=group).with_columns(
            (pl.col("cv_pass") & pl.col("schools_pass")).alias("pass")
        )
    else:
        per_level = per_level.with_columns(pl.col("cv_pass").alias("pass"))
    return per_level


def evaluate_files(files: Sequence[Source], standard: str | Path | Standard) -> Evaluation:
    """Read, check and evaluate template files; DataError / StandardError on bad input."""
    loaded = standard if isinstance(standard, Standard) else load_standard(standard)
    return evaluate(read_school_data(files), loaded)
