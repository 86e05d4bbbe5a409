"""Evaluation units: a school at one level, after the standard's split, merge and exclusion rules.

docs/standards.md §3: a school teaching several levels becomes one unit per level; its teachers are
counted by the section they teach; its whole-school physical resources are shared out by
student-equivalents (小学 1 : 初中 1.1 : 高中 1.32 by default). Excluded schools (private,
directly-run, small teaching points, as the standard says) are listed with the reason.
"""

from __future__ import annotations

import polars as pl

from junheng.evaluation.levels import TEACHING_POINT
from junheng.evaluation.standard import PHYSICAL_RESOURCES, Standard
from junheng.evaluation.template_files import ROW

UNIT_KEY = ("county_code", "year", "unit_code", "level")
META = ("county_name", "township", "school_code", "school_name", "school_type", "location")
TEACHER_COLUMNS = (
    "teachers",
    "qualified_teachers",
    "senior_title_teachers",
    "backbone_teachers",
    "pe_art_teachers",
)
RESOURCE_COLUMNS = PHYSICAL_RESOURCES + TEACHER_COLUMNS


def unit_resource(resource: str) -> str:
    """The unit frame's column for a standard's resource: teacher columns lose their level."""
    return resource.replace("{level}_", "")


def build_units(data: pl.DataFrame, standard: Standard) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(units, excluded): one row per evaluated unit, and the schools left out with the reason."""
    rules = standard.units
    is_point = pl.col("school_type") == TEACHING_POINT
    point_students = pl.col("primary_students")
    own_min = rules.teaching_point_own_unit_min_students
    own_unit = (point_students >= own_min) if own_min is not None else pl.lit(False)
    merge = rules.smaller_teaching_points == "merge"

    reason = (
        pl.when(pl.col("ownership").is_in(list(rules.exclude_ownership)))
        .then(pl.lit("民办学校不参与计算 / private school: not included"))
        .when(pl.col("affiliation").is_in(list(rules.exclude_affiliation)))
        .then(pl.lit("省市直属学校不参与计算 / run by the province or city: not included"))
        .when(is_point & ~own_unit & pl.lit(not merge))
        .then(pl.lit(_point_reason(own_min)))
        .otherwise(None)
    )
    marked = data.with_columns(
        reason.alias("excluded_reason"),
        pl.when(is_point & ~own_unit & pl.lit(merge))
        .then(pl.col("parent_school_code"))
        .otherwise(pl.col("school_code"))
        .alias("unit_code"),
    )
    if merge:
        # a merged teaching point follows its parent school in or out
        parents = marked.select(
            "county_code",
            "year",
            pl.col("school_code").alias("unit_code"),
            pl.col("excluded_reason").alias("parent_reason"),
        )
        marked = marked.join(parents, on=["county_code", "year", "unit_code"], how="left")
        marked = marked.with_columns(
            pl.coalesce("excluded_reason", "parent_reason").alias("excluded_reason")
        ).drop("parent_reason")

    excluded = marked.filter(pl.col("excluded_reason").is_not_null()).select(
        "county_code",
        "county_name",
        "year",
        "township",
        "school_code",
        "school_name",
        "school_type",
        "primary_students",
        "junior_students",
        "excluded_reason",
        ROW,
    )
    included = marked.filter(pl.col("excluded_reason").is_null())
    return _split_levels(included, standard), excluded


def _point_reason(own_min: int | None) -> str:
    if own_min is None:
        return "小学教学点不参与计算 / teaching point: not included"
    return (
        f"不足 {own_min} 人的小学教学点不参与计算 / "
        f"teaching point with fewer than {own_min} students: not included"
    )


def _split_levels(schools: pl.DataFrame, standard: Standard) -> pl.DataFrame:
    weights = standard.split_weights
    equivalents = (
        weights["primary"] * pl.col("primary_students")
        + weights["junior"] * pl.col("junior_students")
        + weights["senior"] * pl.col("senior_students")
    )
    parts = []
    for level in standard.levels:
        students = pl.col(f"{level}_students")
        share = weights[level] * students / equivalents
        part = schools.filter(students > 0).select(
            "county_code",
            "year",
            "unit_code",
            pl.lit(level).alias("level"),
            *META,
            (pl.col("school_code") == pl.col("unit_code")).alias("is_self"),
            students.cast(pl.Int64).alias("students"),
            *(
                (pl.col(resource).cast(pl.Float64) * share).alias(resource)
                for resource in PHYSICAL_RESOURCES
            ),
            *(
                pl.col(f"{level}_{teacher}").cast(pl.Float64).alias(teacher)
                for teacher in TEACHER_COLUMNS
            ),
            share.alias("share"),
        )
        parts.append(part)
    rows = pl.concat(parts)
    # merged teaching points are summed into their parent's unit; the parent's row names it
    units = rows.group_by(list(UNIT_KEY), maintain_order=True).agg(
        *(pl.col(m).filter(pl.col("is_self")).first().alias(m) for m in META),
        pl.col("share").filter(pl.col("is_self")).first().alias("share"),
        pl.col("students").sum(),
        *(pl.col(r).sum() for r in RESOURCE_COLUMNS),
        (pl.len() - 1).cast(pl.Int64).alias("merged_points"),
    )
    return units.sort("county_code", "year", "level", "unit_code")
