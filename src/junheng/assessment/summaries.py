"""Turn an Evaluation into what the dashboard pages show: plain dicts and chart data.

Scoping: a county's CVs and verdict are county facts every county user may see; rows that
name schools (matrix, contributors, excluded, downloads) keep only the schools the user may see.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from junheng.evaluation import Evaluation
from junheng.evaluation.compliance import gap_column, meets_column
from junheng.evaluation.indicators import value_column
from junheng.evaluation.levels import LEVEL_NAMES, LEVEL_NAMES_EN, LEVELS
from junheng.evaluation.standard import Indicator
from junheng.reports.contract import gap_key
from junheng.reports.labels import gap_unit
from junheng.web.languages import english


def level_name(level: str) -> str:
    """A level's name in the page's language (the core names levels in Chinese and English)."""
    names = LEVEL_NAMES_EN if english() else LEVEL_NAMES
    return names.get(level, level)


def indicator_name(indicator: Indicator) -> str:
    """An indicator's name in the page's language (the standard file's `name_en`)."""
    return indicator.name_in(english())


def scoped(evaluation: Evaluation, codes: set[str]) -> Evaluation:
    """The evaluation with only the named schools' rows (county figures unchanged)."""
    keep = list(codes)
    return dataclasses.replace(
        evaluation,
        units=evaluation.units.filter(pl.col("unit_code").is_in(keep)),
        contributors=evaluation.contributors.filter(pl.col("unit_code").is_in(keep)),
        excluded=evaluation.excluded.filter(pl.col("school_code").is_in(keep)),
    )


def cell_class(value: float | None, threshold: float | None, floor_ratio: float) -> str:
    """met / near (at least the floor share of the threshold) / below, for the matrix colours."""
    if value is None or threshold is None:
        return ""
    if value >= threshold * (1 - 1e-9):
        return "met"
    if value >= threshold * floor_ratio * (1 - 1e-9):
        return "near"
    return "below"


def level_summaries(evaluation: Evaluation, previous: Evaluation | None) -> list[dict[str, Any]]:
    """Per level: verdict, indicators with CV, limit, analysis and last year's CV."""
    standard = evaluation.standard
    last_year: dict[tuple[str, str], float] = {}
    if previous is not None:
        for row in previous.indicators.iter_rows(named=True):
            last_year[(row["level"], row["indicator"])] = row["cv"]
    summaries = []
    for level in evaluation.levels.iter_rows(named=True):
        rows = evaluation.indicators.filter(pl.col("level") == level["level"])
        indicators = []
        for row in rows.iter_rows(named=True):
            indicator = standard.indicator(row["indicator"])
            before = last_year.get((level["level"], row["indicator"]))
            indicators.append(
                {
                    "key": indicator.key,
                    "name": indicator_name(indicator),
                    "unit": _(indicator.unit),  # 人, 间… as the forms' units
                    "mean": row["mean"],
                    "cv": row["cv"],
                    "cv_max": row.get("cv_max"),
                    "cv_pass": row.get("cv_pass"),
                    "threshold": indicator.threshold.get(level["level"]),
                    "gini": row["gini"],
                    "theil": row["theil"],
                    "theil_between_share": (row["theil_between"] / row["theil"])
                    if row["theil"]
                    else 0.0,
                    "mcloone": row["mcloone"],
                    "max_min_ratio": row["max_min_ratio"],
                    "unweighted_cv": row["unweighted_cv"],
                    "previous_cv": before,
                    "cv_change": (row["cv"] - before) if before is not None else None,
                }
            )
        summaries.append(
            {
                "level": level["level"],
                "name": level_name(level["level"]),
                "schools": level["schools"],
                "students": level["students"],
                "cv_pass": level["cv_pass"],
                "composite_cv": level.get("composite_cv"),
                "composite_cv_max": level.get("composite_cv_max"),
                "indicators": indicators,
                "chart": {
                    "id": f"cv-{level['level']}",
                    "title": _("%(level)s各指标差异系数") % {"level": level_name(level["level"])},
                    "series": {"cv": _("差异系数"), "limit": _("上限"), "previous": _("上年")},
                    "names": [i["name"] for i in indicators],
                    "cv": [round(i["cv"], 4) for i in indicators],
                    "limit": [i["cv_max"] for i in indicators]
                    if standard.cv_mode == "per_indicator"
                    else [level.get("composite_cv_max")] * len(indicators),
                    "previous": [
                        round(i["previous_cv"], 4) if i["previous_cv"] is not None else None
                        for i in indicators
                    ],
                },
            }
        )
    return summaries


def matrix(evaluation: Evaluation) -> list[dict[str, Any]]:
    """One row per unit: its values with met / near / below, met count and verdict."""
    standard = evaluation.standard
    floor = standard.school_rule.floor_ratio if standard.school_rule else 1.0
    rows = []
    for unit in evaluation.units.iter_rows(named=True):
        cells = []
        for indicator in standard.indicators:
            value = unit[value_column(indicator)]
            threshold = indicator.threshold.get(unit["level"])
            cells.append(
                {
                    "value": value,
                    "threshold": threshold,
                    "class": cell_class(value, threshold, floor),
                }
            )
        rows.append(
            {
                "code": unit["unit_code"],
                "name": unit["school_name"],
                "township": unit["township"],
                "level": level_name(unit["level"]),
                "level_key": unit["level"],
                "students": unit["students"],
                "cells": cells,
                "met_count": unit.get("met_count"),
                "pass": unit.get("pass"),
            }
        )
    return rows


def townships(evaluation: Evaluation) -> list[dict[str, Any]]:
    """Townships compared: units, students, failing units and mean met count."""
    units = evaluation.units
    aggregations = [pl.len().alias("units"), pl.col("students").sum()]
    if evaluation.standard.has_thresholds:
        aggregations += [
            (~pl.col("pass")).sum().alias("failing"),
            pl.col("met_count").mean().alias("mean_met"),
        ]
    table = units.group_by("township").agg(aggregations).sort("township")
    return table.to_dicts()


def unit_details(evaluation: Evaluation, code: str) -> list[dict[str, Any]]:
    """A school's units: every indicator's value against its threshold, and the gaps."""
    standard = evaluation.standard
    floor = standard.school_rule.floor_ratio if standard.school_rule else 1.0
    details = []
    for level in LEVELS:
        found = evaluation.units.filter((pl.col("unit_code") == code) & (pl.col("level") == level))
        if found.height == 0:
            continue
        unit = found.row(0, named=True)
        indicators = []
        for indicator in standard.indicators:
            value = unit[value_column(indicator)]
            threshold = indicator.threshold.get(level)
            gap = unit.get(gap_column(indicator)) if standard.has_thresholds else None
            column = gap_key(indicator.resource, level)
            indicators.append(
                {
                    "name": indicator_name(indicator),
                    "unit": _(indicator.unit),  # 人, 间… as the forms' units
                    "value": value,
                    "threshold": threshold,
                    "meets": unit.get(meets_column(indicator)),
                    "class": cell_class(value, threshold, floor),
                    "ratio": (value / threshold) if threshold else None,
                    "gap": gap,
                    "gap_unit": _(gap_unit(column)),  # 人, 万元… as collection.forms's units
                    "rounds_up": indicator.rounds_up,
                }
            )
        details.append(
            {
                "level": level,
                "name": level_name(level),
                "students": unit["students"],
                "share": unit["share"],
                "met_count": unit.get("met_count"),
                "pass": unit.get("pass"),
                "indicators": indicators,
            }
        )
    return details
