"""What-if: change a school's figures in memory and see the verdicts change at once.

Nothing is saved. The changed rows go through the same reader, checks and evaluation as the
dashboard and the CLI, so a what-if number is exactly what the real data would give.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from django.utils.translation import get_language

from junheng.assessment.evaluation import county_records, rows_data, standard_named
from junheng.collection.template_rows import records_rows
from junheng.evaluation import DataError, Evaluation, evaluate
from junheng.evaluation.template import AMOUNT, COLUMNS, COUNT
from junheng.registry.models import County

# The figures a bureau can change in a what-if: the school's students and resources.
EDITABLE = tuple(c for c in COLUMNS if c.kind in (COUNT, AMOUNT) and "classes" not in c.key)


@dataclass(frozen=True)
class WhatIf:
    before: Evaluation
    after: Evaluation | None
    problems: list[str]


def _evaluate_rows(rows: list[dict[str, Any]], county: County, year: int, standard: str):
    data = rows_data(rows, f"{county.code}-{year}-what-if.parquet")
    return evaluate(data, standard_named(standard))


def what_if(
    *, county: County, year: int, standard: str, school_code: str, changes: dict[str, Any]
) -> WhatIf:
    """The county's evaluation as it is, and with `changes` applied to one school's row."""
    rows = records_rows(county_records(county=county, year=year))
    before = _evaluate_rows(rows, county, year, standard)
    changed = [dict(row, **changes) if row["school_code"] == school_code else row for row in rows]
    try:
        after = _evaluate_rows(changed, county, year, standard)
    except DataError as error:
        english = (get_language() or "").startswith("en")
        return WhatIf(before, None, [p.en if english else p.zh for p in error.problems])
    return WhatIf(before, after, [])


def comparison(result: WhatIf, school_code: str) -> dict[str, Any]:
    """Before and after, side by side: county verdict, each level's CVs, the school's units."""
    after = result.after
    county_before = result.before.counties.row(0, named=True)
    county_after = after.counties.row(0, named=True) if after is not None else None
    indicators = []
    if after is not None:
        joined = result.before.indicators.join(
            after.indicators.select("level", "indicator", pl.col("cv").alias("cv_after")),
            on=["level", "indicator"],
            how="left",
        )
        standard = result.before.standard
        for row in joined.iter_rows(named=True):
            indicators.append(
                {
                    "level": row["level"],
                    "name": standard.indicator(row["indicator"]).name,
                    "cv": row["cv"],
                    "cv_after": row["cv_after"],
                    "cv_max": row.get("cv_max"),
                }
            )
    units = []
    if after is not None and result.before.standard.has_thresholds:
        mine = pl.col("unit_code") == school_code
        keep = ["level", "met_count", "pass"]
        joined = (
            result.before.units.filter(mine)
            .select(keep)
            .join(
                after.units.filter(mine).select(
                    "level",
                    pl.col("met_count").alias("met_after"),
                    pl.col("pass").alias("pass_after"),
                ),
                on="level",
                how="left",
            )
        )
        units = joined.to_dicts()
    return {
        "pass_before": county_before["pass"],
        "pass_after": county_after["pass"] if county_after else None,
        "indicators": indicators,
        "units": units,
    }
