"""The `junheng evaluate` JSON contract (docs/evaluate-json.md) as Python data."""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from junheng.evaluation import Evaluation
from junheng.evaluation.compliance import gap_column, meets_column
from junheng.evaluation.indicators import value_column
from junheng.evaluation.levels import LEVELS

# What a county's `pass` judges: the resource part of the standard (资源配置 / 校际均衡), never
# the county's recognition (docs/evaluate-json.md, docs/standards.md §2).
PASS_COVERS = "resource_allocation"

ANALYSIS_KEYS = (
    "unweighted_cv",
    "gini",
    "theil",
    "theil_between",
    "theil_within",
    "mcloone",
    "max_min_ratio",
    "min",
    "max",
)


def _number(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def gap_key(resource: str, level: str) -> str:
    """The template column a gap is reported in: `{level}_backbone_teachers`, `sports_area`."""
    return resource.format(level=level)


def evaluation_to_dict(evaluation: Evaluation, *, analysis: bool = False) -> dict[str, Any]:
    """The contract's document; with `analysis`, each indicator and level also carries the
    measures beyond the standard (Gini, Theil, McLoone, …) and the top variance contributors."""
    per_county_schools = _schools_by_county(evaluation)
    per_county_indicators = evaluation.indicators.partition_by(
        ["county_code", "year"], as_dict=True
    )
    per_county_levels = evaluation.levels.partition_by(["county_code", "year"], as_dict=True)
    contributors = (
        evaluation.contributors.partition_by(["county_code", "year"], as_dict=True)
        if analysis
        else {}
    )
    counties = []
    for county in evaluation.counties.iter_rows(named=True):
        key = (county["county_code"], county["year"])
        levels = _levels(
            per_county_levels[key],
            per_county_indicators[key],
            contributors.get(key),
            evaluation,
            analysis,
        )
        counties.append(
            {
                "county_code": county["county_code"],
                "county_name": county["county_name"],
                "year": county["year"],
                "pass": county["pass"],
                "pass_covers": PASS_COVERS,
                "levels": levels,
                "schools": per_county_schools.get(key, []),
            }
        )
    return {"standard": evaluation.standard.id, "counties": counties}


def _levels(
    levels: pl.DataFrame,
    indicators: pl.DataFrame,
    contributors: pl.DataFrame | None,
    evaluation: Evaluation,
    analysis: bool,
) -> dict[str, Any]:
    standard = evaluation.standard
    result: dict[str, Any] = {}
    by_level = {row["level"]: row for row in levels.iter_rows(named=True)}
    for level in LEVELS:
        if level not in by_level:
            continue
        row = by_level[level]
        entry: dict[str, Any] = {
            "schools": row["schools"],
            "students": row["students"],
            "cv_pass": row["cv_pass"],
        }
        if standard.cv_mode == "composite":
            entry["composite_cv"] = row["composite_cv"]
            entry["composite_cv_max"] = row["composite_cv_max"]
        entry["indicators"] = {}
        for item in indicators.filter(pl.col("level") == level).iter_rows(named=True):
            indicator = {"mean": item["mean"], "cv": item["cv"]}
            if standard.cv_mode == "per_indicator":
                indicator["cv_max"] = item["cv_max"]
                indicator["cv_pass"] = item["cv_pass"]
            if analysis:
                indicator["analysis"] = {k: _number(item[k]) for k in ANALYSIS_KEYS}
                if contributors is not None:
                    indicator["analysis"]["top_contributors"] = [
                        {
                            "school_code": c["unit_code"],
                            "school_name": c["school_name"],
                            "value": c["x"],
                            "variance_share": c["variance_share"],
                        }
                        for c in contributors.filter(
                            (pl.col("level") == level) & (pl.col("indicator") == item["indicator"])
                        ).iter_rows(named=True)
                    ]
            entry["indicators"][item["indicator"]] = indicator
        result[level] = entry
    return result


def _schools_by_county(evaluation: Evaluation) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Every unit's entry, grouped by county and year, in one pass over positional rows."""
    standard = evaluation.standard
    indicators = standard.indicators
    keys = [i.key for i in indicators]
    thresholds = standard.has_thresholds
    columns = ["county_code", "year", "unit_code", "level", "students"]
    columns += [value_column(i) for i in indicators]
    if thresholds:
        columns += [meets_column(i) for i in indicators] + [gap_column(i) for i in indicators]
        columns += ["met_count", "pass"]
    n = len(indicators)
    gap_keys = {level: [gap_key(i.resource, level) for i in indicators] for level in LEVELS}
    rounds_up = [i.rounds_up for i in indicators]
    grouped: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in evaluation.units.select(columns).iter_rows():
        county, year, code, level, students = row[:5]
        entry: dict[str, Any] = {
            "school_code": code,
            "level": level,
            "students": students,
            "values": dict(zip(keys, row[5 : 5 + n], strict=True)),
        }
        if thresholds:
            entry["meets"] = dict(zip(keys, row[5 + n : 5 + 2 * n], strict=True))
            entry["met_count"] = row[5 + 3 * n]
            entry["pass"] = row[5 + 3 * n + 1]
            entry["gaps"] = {
                name: (int(gap) if whole else gap)
                for name, gap, whole in zip(
                    gap_keys[level], row[5 + 2 * n : 5 + 3 * n], rounds_up, strict=True
                )
                if gap is not None
            }
        grouped.setdefault((county, year), []).append(entry)
    return grouped
