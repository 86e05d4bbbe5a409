"""Inequality across the units of one county, year, level and indicator — vectorised.

The official measure is the enrolment-weighted coefficient of variation (差异系数,
docs/standards.md §1): mean = Σ R_i / Σ P_i, S = sqrt(Σ (P_i/P)(x_i − mean)²), CV = S / mean. The
others are for the bureau's own analysis: the unweighted CV (a common implementation error,
shown for comparison), the enrolment-weighted Gini, Theil T with its between/within-township
decomposition, the McLoone index and the max/min ratio; and each unit's share of the weighted
variance, which names the schools to fix first.

Input: the long frame of `indicators.long_values` (group columns, township, weight, x).
"""

from __future__ import annotations

import polars as pl

GROUP = ("county_code", "year", "level", "indicator")


def _safe_ratio(numerator: pl.Expr, denominator: pl.Expr, when_zero: float | None) -> pl.Expr:
    return (
        pl.when(denominator != 0)
        .then(numerator / denominator)
        .otherwise(pl.lit(when_zero, dtype=pl.Float64))
    )


def _x_ln_x_over(x: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """x · ln(x / reference), with 0 · ln 0 = 0."""
    return pl.when(x > 0).then(x * (x / reference).log()).otherwise(0.0)


def inequality(long: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(measures per group, each unit's share of its group's weighted variance)."""
    group = list(GROUP)
    w, x = pl.col("weight"), pl.col("x")
    total = w.sum().over(group)
    mean = ((w * x).sum().over(group) / total).alias("mean")
    frame = long.sort([*group, "x"]).with_columns(total.alias("total"), mean)
    mu, big_w = pl.col("mean"), pl.col("total")
    cumulative = w.cum_sum().over(group)
    township_mean = (w * x).sum().over([*group, "township"]) / w.sum().over([*group, "township"])
    frame = frame.with_columns(
        cumulative.alias("cum"),
        township_mean.alias("township_mean"),
        (w * (x - mu) ** 2).alias("sq"),
    )
    cum = pl.col("cum")
    variance = pl.col("sq").sum() / big_w.first()
    measures = frame.group_by(group, maintain_order=True).agg(
        pl.len().alias("units"),
        big_w.first().alias("students"),
        mu.first().alias("mean"),
        variance.sqrt().alias("sd"),
        x.mean().alias("unweighted_mean"),
        x.std(ddof=0).alias("unweighted_sd"),
        x.min().alias("min"),
        x.max().alias("max"),
        # Gini = Σ w_i x_i (C_{i−1} + C_i − W) / (W² μ), units sorted by x
        (w * x * (cum - w + cum - big_w)).sum().alias("gini_num"),
        # Theil T = Σ (w_i/W)(x_i/μ) ln(x_i/μ) = within + between townships
        _x_ln_x_over(x, mu).mul(w).sum().alias("theil_num"),
        _x_ln_x_over(x, pl.col("township_mean")).mul(w).sum().alias("theil_within_num"),
        # McLoone: what the units below the weighted median have, over the median for them
        x.filter(cum >= big_w / 2).first().alias("median"),
    )
    measures = measures.with_columns(
        _safe_ratio(pl.col("sd"), pl.col("mean"), 0.0).alias("cv"),
        _safe_ratio(pl.col("unweighted_sd"), pl.col("unweighted_mean"), 0.0).alias("unweighted_cv"),
        # the sum cancels to 0 for equal values; rounding can leave −1e−19, never a real value
        _safe_ratio(pl.col("gini_num"), pl.col("students") ** 2 * pl.col("mean"), 0.0)
        .clip(lower_bound=0.0)
        .alias("gini"),
        _safe_ratio(pl.col("theil_num"), pl.col("students") * pl.col("mean"), 0.0).alias("theil"),
        _safe_ratio(pl.col("theil_within_num"), pl.col("students") * pl.col("mean"), 0.0).alias(
            "theil_within"
        ),
        _safe_ratio(pl.col("max"), pl.col("min"), None).alias("max_min_ratio"),
    ).with_columns((pl.col("theil") - pl.col("theil_within")).alias("theil_between"))
    below = (
        frame.join(measures.select([*group, "median"]), on=group)
        .filter(pl.col("x") < pl.col("median"))
        .group_by(group)
        .agg((w * x).sum().alias("below_sum"), w.sum().alias("below_weight"))
    )
    measures = (
        measures.join(below, on=group, how="left")
        .with_columns(
            pl.when(pl.col("below_weight").is_null())
            .then(1.0)
            .otherwise(
                _safe_ratio(pl.col("below_sum"), pl.col("median") * pl.col("below_weight"), None)
            )
            .alias("mcloone")
        )
        .drop("gini_num", "theil_num", "theil_within_num", "below_sum", "below_weight")
    )
    contributions = frame.select(
        *group,
        "unit_code",
        "school_name",
        "township",
        "x",
        pl.col("mean"),
        _safe_ratio(pl.col("sq"), pl.col("sq").sum().over(group), 0.0).alias("variance_share"),
    )
    return measures, contributions


def top_contributors(contributions: pl.DataFrame, n: int = 5) -> pl.DataFrame:
    """The n units with the largest share of each group's weighted variance."""
    return (
        contributions.filter(pl.col("variance_share") > 0)
        .sort([*GROUP, "variance_share"], descending=[False] * len(GROUP) + [True])
        .group_by(list(GROUP), maintain_order=True)
        .head(n)
    )
