"""The `junheng evaluate` JSON contract (shared/spec/evaluate-json.md) as Python data."""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from junheng.evaluation import Evaluation
from junheng.evaluation.compliance import gap_column, meets_column
from junheng.evaluation.indicators import value_column
from junheng.evaluation.levels import LEVELS

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
    per_county_units = evaluation.units.partition_by(["county_code", "year"], as_dict=True)
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
                "levels": levels,
                "schools": _schools(per_county_units[key], evaluation),
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


def _schools(units: pl.DataFrame, evaluation: Evaluation) -> list[dict[str, Any]]:
    standard = evaluation.standard
    indicators = standard.indicators
    thresholds = standard.has_thresholds
    schools = []
    for unit in units.iter_rows(named=True):
        level = unit["level"]
        entry: dict[str, Any] = {
            "school_code": unit["unit_code"],
            "level": level,
            "students": unit["students"],
            "values": {i.key: unit[value_column(i)] for i in indicators},
        }
        if thresholds:
            entry["meets"] = {i.key: unit[meets_column(i)] for i in indicators}
            entry["met_count"] = unit["met_count"]
            entry["pass"] = unit["pass"]
            gaps = {}
            for i in indicators:
                gap = unit[gap_column(i)]
                if gap is not None:
                    gaps[gap_key(i.resource, level)] = int(gap) if i.rounds_up else gap
            entry["gaps"] = gaps
        schools.append(entry)
    return schools
