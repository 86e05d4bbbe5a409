"""Inequality across the units of one county, year, level and indicator — vectorised.

The official measure is the enrolment-weighted coefficient of variation (差异系数,
docs/standards.md §1): mean = Σ R_i / Σ P_i, S = sqrt(Σ (P_i/P)(x_i − mean)²), CV = S / mean. The
others are for the bureau's own analysis: the unweighted CV (a common implementation error,
shown for comparison), the enrolment-weighted Gini, Theil T with its between/within-township
decomposition, the McLoone index and the max/min ratio; and each unit's share of the weighted
variance, which names the schools to fix first.

Input: the long frame of `indicators.long_values` (group columns, township, weight, x).

At national scale the long frame has over a million rows; every window, group and sort runs on
one integer key per group (`GROUP_KEY`, numbered in the order of the group's columns, so that
rows are sorted and grouped exactly as by the columns themselves) and one per township,
instead of hashing four text columns again in each.
"""

from __future__ import annotations

import polars as pl

GROUP = ("county_code", "year", "level", "indicator")
GROUP_KEY = "__group"
TOWNSHIP_KEY = "__township"
ROW = "__row"
UNIT = "__unit"


def with_keys(long: pl.DataFrame, *, township: bool = True) -> pl.DataFrame:
    """The long frame with `GROUP_KEY` (and `TOWNSHIP_KEY`) where it lacks them
    (`indicators.long_values` numbers them from the units, a seventh of the rows)."""
    keys = []
    if GROUP_KEY not in long.columns:
        keys.append(pl.struct(GROUP).rank("dense").cast(pl.Int64).alias(GROUP_KEY))
    if township and TOWNSHIP_KEY not in long.columns:
        keys.append(pl.col("township").rank("dense").cast(pl.Int64).alias(TOWNSHIP_KEY))
    return long.with_columns(keys) if keys else long


def _safe_ratio(numerator: pl.Expr, denominator: pl.Expr, when_zero: float | None) -> pl.Expr:
    return (
        pl.when(denominator != 0)
        .then(numerator / denominator)
        .otherwise(pl.lit(when_zero, dtype=pl.Float64))
    )


def _x_ln_x_over(x: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """x · ln(x / reference), with 0 · ln 0 = 0."""
    return pl.when(x > 0).then(x * (x / reference).log()).otherwise(0.0)


def _named(
    long: pl.DataFrame, units: pl.DataFrame | None, rows: pl.Series, columns: list[str]
) -> pl.DataFrame:
    """`columns` of the long frame's `rows`: from the long frame itself, or where it carries
    only each row's unit (`UNIT`), from that unit's row of `units`."""
    if units is None:
        return long.select(columns)[rows]
    picked = units.select(c for c in columns if c != "indicator")[long.get_column(UNIT)[rows]]
    return picked.with_columns(long.get_column("indicator")[rows]).select(columns)


def inequality(
    long: pl.DataFrame, units: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(measures per group, each unit's share of its group's weighted variance). The long
    frame names its groups and units itself, or, with `units`, by each row's unit index
    (`indicators.long_values(..., names=False)`: a national long frame without its text)."""
    long = with_keys(long)
    key = pl.col(GROUP_KEY)
    # one integer for a township within its group: a window over one column, not two
    townships = long.get_column(TOWNSHIP_KEY).max() or 0
    by_township = key * (townships + 1) + pl.col(TOWNSHIP_KEY).fill_null(townships + 1)
    w, x = pl.col("weight"), pl.col("x")
    total = w.sum().over(key)
    mean = ((w * x).sum().over(key) / total).alias("mean")
    # Sorting marks the key sorted, and Polars then sums each group as a slice, pairwise:
    # another rounding than the hash group-by of the four columns the published figures were
    # computed with. `* 1` drops the mark, so that every figure stays the same to the last bit.
    # Only the columns the measures compute with are sorted (the names are taken afterwards,
    # by row): a national long frame's text columns are most of its memory.
    frame = (
        long.select(GROUP_KEY, TOWNSHIP_KEY, "weight", "x")
        .with_row_index(ROW)
        .sort([GROUP_KEY, "x"])
        .with_columns(key * 1)
        .with_columns(total.alias("total"), mean)
    )
    mu, big_w = pl.col("mean"), pl.col("total")
    cumulative = w.cum_sum().over(key)
    township_mean = (w * x).sum().over(by_township) / w.sum().over(by_township)
    frame = frame.with_columns(
        cumulative.alias("cum"),
        township_mean.alias("township_mean"),
        (w * (x - mu) ** 2).alias("sq"),
    )
    cum = pl.col("cum")
    variance = pl.col("sq").sum() / big_w.first()
    measures = frame.group_by(GROUP_KEY, maintain_order=True).agg(
        pl.col(ROW).first(),
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
        frame.filter(x < x.filter(cum >= big_w / 2).first().over(key))
        .group_by(GROUP_KEY)
        .agg((w * x).sum().alias("below_sum"), w.sum().alias("below_weight"))
    )
    measures = pl.concat(
        [_named(long, units, measures.get_column(ROW), list(GROUP)), measures.drop(ROW)],
        how="horizontal",
    )
    measures = (
        measures.join(below, on=GROUP_KEY, how="left")
        .with_columns(
            pl.when(pl.col("below_weight").is_null())
            .then(1.0)
            .otherwise(
                _safe_ratio(pl.col("below_sum"), pl.col("median") * pl.col("below_weight"), None)
            )
            .alias("mcloone")
        )
        .drop(GROUP_KEY, "gini_num", "theil_num", "theil_within_num", "below_sum", "below_weight")
    )
    shares = frame.select(
        ROW,
        GROUP_KEY,
        "x",
        pl.col("mean"),
        _safe_ratio(pl.col("sq"), pl.col("sq").sum().over(key), 0.0).alias("variance_share"),
    )
    del frame
    names = _named(
        long, units, shares.get_column(ROW), [*GROUP, "unit_code", "school_name", "township"]
    )
    contributions = pl.concat(
        [shares.select(GROUP_KEY), names, shares.select("x", "mean", "variance_share")],
        how="horizontal",
    )
    return measures, contributions


def top_contributors(contributions: pl.DataFrame, n: int = 5) -> pl.DataFrame:
    """The n units with the largest share of each group's weighted variance."""
    contributions = with_keys(contributions, township=False)
    # ordered on the key and the share alone; the names are taken for the rows kept only
    kept = (
        contributions.select(GROUP_KEY, "variance_share")
        .with_row_index(ROW)
        .filter(pl.col("variance_share") > 0)
        .sort([GROUP_KEY, "variance_share"], descending=[False, True])
        .group_by(GROUP_KEY, maintain_order=True)
        .head(n)
        .get_column(ROW)
    )
    return contributions[kept].drop(GROUP_KEY)
