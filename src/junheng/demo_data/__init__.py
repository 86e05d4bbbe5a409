"""Realistic synthetic school data in the school-data template (学校基本情况表).

Used by the demo, the tests and the national-scale benchmarks. ``generate`` returns one row
per school per year with exactly the template's English keys, in template order; ``write``
saves a frame as a bureau-style ``.xlsx`` (title and unit rows above the Chinese header),
a ``.csv`` (UTF-8 with BOM, Chinese headers) or a ``.parquet`` (English keys).

- `schools`: the structure — counties, townships, schools, their names and codes (a Python
  loop over schools);
- `figures`: every number — enrolment, classes, teachers, resources, year by year (Polars,
  column-wise, from uniform draws);
- `randomness`: all randomness comes from ``random.Random(seed).random()``, whose sequence
  Python keeps stable across versions, so a seed gives the same data everywhere.
"""

from __future__ import annotations

import os

import polars as pl

from junheng.demo_data.figures import first_year, materialise, next_year
from junheng.demo_data.randomness import Rng
from junheng.demo_data.schools import MAX_COUNTIES, SCHOOL_TYPES, skeleton
from junheng.evaluation.template import HEADERS, KEYS
from junheng.evaluation.template_files import SHEET_NAME
from junheng.template_writer import write_template

__all__ = ["COLUMNS", "HEADERS_ZH", "SCHOOL_TYPES", "SHEET_NAME", "generate", "write"]

# The template's columns, in template order: English key -> 中文表头 (school-data-template.md).
HEADERS_ZH: dict[str, str] = dict(HEADERS)
COLUMNS: tuple[str, ...] = KEYS


def generate(
    *,
    counties: int,
    seed: int,
    years: tuple[int, ...] = (2025,),
    schools_per_county: int | None = None,
) -> pl.DataFrame:
    """Generate synthetic school data: one row per school per year, in the template's columns.

    Args:
        counties: number of counties (each with its own 6-digit code and "XX县" name).
        seed: the random seed; the same arguments always give the same frame.
        years: the statistical years. Schools persist across years with their codes; enrolment
            moves by up to about ±10 % a year and resources grow a little.
        schools_per_county: schools in every county (at least 10); by default each county
            draws its own size (30–300, about 84 on average).

    Returns:
        A frame whose columns are ``COLUMNS`` in order, sorted by year, county and school;
        codes are strings, counts Int64 (``senior_students`` null for schools without a senior
        section), areas (m²) and ``equipment_value`` (万元) Float64.
    """
    if counties < 1:
        raise ValueError(f"counties must be at least 1, got {counties}")
    if not years:
        raise ValueError("years must name at least one year")
    if len(set(years)) != len(years):
        raise ValueError(f"years must not repeat, got {years}")
    if schools_per_county is not None and schools_per_county < 10:
        raise ValueError(f"schools_per_county must be at least 10, got {schools_per_county}")
    if counties > MAX_COUNTIES:
        raise ValueError(f"at most {MAX_COUNTIES} counties can be generated, got {counties}")

    rng = Rng(seed)
    state = first_year(skeleton(rng, counties, schools_per_county), rng)
    ordered = sorted(years)
    frames = []
    for i, year in enumerate(ordered):
        if i:
            state = next_year(state, rng, steps=year - ordered[i - 1])
        frames.append(materialise(state, year))
    return pl.concat(frames, how="vertical", rechunk=True)


def write(df: pl.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write a template frame by the file's suffix (see `junheng.template_writer`)."""
    write_template(df, path)
