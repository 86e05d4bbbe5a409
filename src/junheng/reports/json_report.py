"""Write the JSON contract (docs/evaluate-json.md) from the evaluation's columns.

The document is the one `contract.evaluation_to_dict` describes, as orjson writes it with
OPT_INDENT_2, byte for byte (tests/reports/test_json_report.py compares the two). A national
file has about 200,000 units; a Python dict per unit cost more than the evaluation itself
(issue 15 §1), so each unit's entry is formatted by Polars, as text laid out the way orjson
lays it out, and only the counties' skeleton (levels, indicators, analysis: a few rows per
county) goes through orjson. The entries are written a batch of units at a time, as the lines
of a CSV file Polars writes without quoting (the text as it is, a line break after each), so
memory holds one batch of text, never the whole document.
"""

from __future__ import annotations

import io
from typing import IO, Any

import orjson
import polars as pl

from junheng.evaluation import Evaluation
from junheng.evaluation.compliance import gap_column, meets_column
from junheng.evaluation.indicators import value_column
from junheng.evaluation.levels import LEVELS
from junheng.reports.contract import ANALYSIS_KEYS, PASS_COVERS, _number, gap_key

OPTIONS = orjson.OPT_INDENT_2
# What orjson writes for a county's empty "schools" list. A level's "schools" is a count and a
# string cannot hold an unescaped quote, so in the skeleton this marks the counties' lists only.
EMPTY_SCHOOLS = b'"schools": []'
# Depth of a unit's entry in the document: root → counties → county → schools → entry.
ENTRY_DEPTH = 4
# Units formatted per Polars query: large enough to amortise the query, small enough that
# the text of a batch (about 1.2 kB a unit) stays a few tens of MB.
BATCH_UNITS = 32_768
COUNTY_ORDER = "__county"


def render_json(evaluation: Evaluation, *, analysis: bool = False) -> bytes:
    """The whole document as bytes (the CLI streams it with `write_json` instead)."""
    buffer = io.BytesIO()
    write_json(evaluation, buffer, analysis=analysis)
    return buffer.getvalue()


def write_json(evaluation: Evaluation, out: IO[bytes], *, analysis: bool = False) -> None:
    """Write the document to `out`: the units' entries a batch at a time, each county's
    skeleton text before its first entry."""
    skeleton = orjson.dumps(_skeleton(evaluation, analysis), option=OPTIONS) + b"\n"
    pieces = skeleton.split(EMPTY_SCHOOLS)
    if len(pieces) != evaluation.counties.height + 1:  # pragma: no cover - guards the marker
        raise AssertionError("the skeleton's schools lists are not one per county")
    units, sizes = _units_by_county(evaluation)
    # Each entry is a line of a CSV file written without quoting: Polars writes the text as
    # it is, a line break after each. What comes before a county's first entry (the end of
    # the previous list, the skeleton up to "schools", the bracket) opens that line.
    openings: list[str | None] = [None] * units.height
    lead, closing, row = pieces[0], b"", 0
    for county, size in enumerate(sizes):
        if size:
            openings[row] = (closing + lead + b'"schools": [\n').decode()
            closing, lead, row = (
                b" " * (2 * (ENTRY_DEPTH - 1)) + b"]",
                pieces[county + 1],
                row + size,
            )
        else:  # a county without units keeps the skeleton's empty list
            lead += EMPTY_SCHOOLS + pieces[county + 1]
    last = pl.col(COUNTY_ORDER) != pl.col(COUNTY_ORDER).shift(-1)
    line = pl.concat_str(
        pl.col("__opening"),
        _entry(evaluation),
        pl.when(last.fill_null(True)).then(None).otherwise(pl.lit(",")),
        ignore_nulls=True,
    )
    units = units.with_columns(pl.Series("__opening", openings, dtype=pl.String))
    for start in range(0, units.height, BATCH_UNITS):
        # the batch's last line needs the next one's county: the window reaches one row on
        lines = units.slice(start, BATCH_UNITS + 1).select(line).head(BATCH_UNITS)
        lines.write_csv(out, include_header=False, quote_style="never")
    out.write(closing + lead)


# --- the counties' skeleton -------------------------------------------------------------------


def _skeleton(evaluation: Evaluation, analysis: bool) -> dict[str, Any]:
    """`evaluation_to_dict` with every county's schools empty, in one pass over each frame
    (the contract's per-county filters cost seconds at national scale)."""
    standard = evaluation.standard
    per_indicator = standard.cv_mode == "per_indicator"
    top: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    if analysis:
        contributors = evaluation.contributors.select(
            "county_code",
            "year",
            "level",
            "indicator",
            "unit_code",
            "school_name",
            "x",
            "variance_share",
        )
        for *key, code, name, value, share in contributors.iter_rows():
            top.setdefault(tuple(key), []).append(
                {
                    "school_code": code,
                    "school_name": name,
                    "value": value,
                    "variance_share": share,
                }
            )
    indicators: dict[tuple[Any, ...], dict[str, Any]] = {}
    for item in evaluation.indicators.iter_rows(named=True):
        key = (item["county_code"], item["year"], item["level"])
        indicator: dict[str, Any] = {"mean": item["mean"], "cv": item["cv"]}
        if per_indicator:
            indicator["cv_max"] = item["cv_max"]
            indicator["cv_pass"] = item["cv_pass"]
        if analysis:
            indicator["analysis"] = {k: _number(item[k]) for k in ANALYSIS_KEYS}
            indicator["analysis"]["top_contributors"] = top.get((*key, item["indicator"]), [])
        indicators.setdefault(key, {})[item["indicator"]] = indicator
    levels: dict[tuple[Any, ...], dict[str, dict[str, Any]]] = {}
    for row in evaluation.levels.iter_rows(named=True):
        levels.setdefault((row["county_code"], row["year"]), {})[row["level"]] = row
    counties = []
    for county in evaluation.counties.iter_rows(named=True):
        key = (county["county_code"], county["year"])
        counties.append(
            {
                "county_code": county["county_code"],
                "county_name": county["county_name"],
                "year": county["year"],
                "pass": county["pass"],
                "pass_covers": PASS_COVERS,
                "levels": _levels(levels[key], indicators, key, standard.cv_mode),
                "schools": [],
            }
        )
    return {"standard": standard.id, "counties": counties}


def _levels(
    by_level: dict[str, dict[str, Any]],
    indicators: dict[tuple[Any, ...], dict[str, Any]],
    county: tuple[Any, ...],
    cv_mode: str,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for level in LEVELS:
        if level not in by_level:
            continue
        row = by_level[level]
        entry: dict[str, Any] = {
            "schools": row["schools"],
            "students": row["students"],
            "cv_pass": row["cv_pass"],
        }
        if cv_mode == "composite":
            entry["composite_cv"] = row["composite_cv"]
            entry["composite_cv_max"] = row["composite_cv_max"]
        entry["indicators"] = indicators.get((*county, level), {})
        result[level] = entry
    return result


# --- the units' entries, as text ----------------------------------------------------------


def _units_by_county(evaluation: Evaluation) -> tuple[pl.DataFrame, list[int]]:
    """The columns the entries need, each county's units together in their own order (a
    stable sort keeps it), counties in the order of `evaluation.counties`; and how many units
    each county has."""
    counties = evaluation.counties.select("county_code", "year").with_row_index(COUNTY_ORDER)
    used = set(_entry(evaluation).meta.root_names()) - {"county_code", "year"}
    units = (
        evaluation.units.select("county_code", "year", *sorted(used))
        .join(counties, on=["county_code", "year"], maintain_order="left")
        .sort(COUNTY_ORDER, maintain_order=True)
    )
    counts = units.get_column(COUNTY_ORDER).value_counts()
    by_county = dict(zip(counts[COUNTY_ORDER].to_list(), counts["count"].to_list(), strict=True))
    return units, [by_county.get(i, 0) for i in range(counties.height)]


def _entry(evaluation: Evaluation) -> pl.Expr:
    """One unit's entry (contract._schools_by_county) as orjson's indented text."""
    standard = evaluation.standard
    schema = evaluation.units.schema
    keys = [orjson.dumps(i.key).decode() for i in standard.indicators]
    key_indent = "\n" + "  " * (ENTRY_DEPTH + 1)

    def item(name: str, value: pl.Expr, last: bool = False) -> list[pl.Expr]:
        return [pl.lit(f"{key_indent}{orjson.dumps(name).decode()}: "), value] + (
            [] if last else [pl.lit(",")]
        )

    values = [_number_text(value_column(i), schema) for i in standard.indicators]
    parts = [pl.lit("  " * ENTRY_DEPTH + "{")]
    # codes are digits and levels are the standard's own words: nothing in them to escape
    parts += item("school_code", pl.concat_str(pl.lit('"'), pl.col("unit_code"), pl.lit('"')))
    parts += item("level", pl.concat_str(pl.lit('"'), pl.col("level"), pl.lit('"')))
    parts += item("students", _number_text("students", schema))
    thresholds = standard.has_thresholds
    parts += item("values", _object(keys, values, ENTRY_DEPTH + 1), last=not thresholds)
    if thresholds:
        meets = [_bool_text(pl.col(meets_column(i))) for i in standard.indicators]
        parts += item("meets", _object(keys, meets, ENTRY_DEPTH + 1))
        parts += item("met_count", _number_text("met_count", schema))
        parts += item("pass", _bool_text(pl.col("pass")))
        parts += item("gaps", _gaps(evaluation), last=True)
    parts.append(pl.lit("\n" + "  " * ENTRY_DEPTH + "}"))
    return pl.concat_str(parts)


def _object(keys: list[str], values: list[pl.Expr], depth: int) -> pl.Expr:
    """An object whose members are all present, at `depth`."""
    if not keys:
        return pl.lit("{}")
    inner = "\n" + "  " * (depth + 1)
    parts: list[pl.Expr] = [pl.lit("{")]
    for index, (key, value) in enumerate(zip(keys, values, strict=True)):
        parts += [pl.lit(("," if index else "") + inner + key + ": "), value]
    parts.append(pl.lit("\n" + "  " * depth + "}"))
    return pl.concat_str(parts)


def _gaps(evaluation: Evaluation) -> pl.Expr:
    """The gaps present (not null), named by the template column of the unit's level."""
    schema = evaluation.units.schema
    depth = ENTRY_DEPTH + 1
    inner = "\n" + "  " * (depth + 1)
    members = []
    for indicator in evaluation.standard.indicators:
        column = gap_column(indicator)
        names = {
            level: orjson.dumps(gap_key(indicator.resource, level)).decode() + ": "
            for level in LEVELS
        }
        gap = pl.col(column)
        # contract: int(gap) for a count of rooms or teachers, the float itself otherwise
        text = (
            gap.cast(pl.Int64).cast(pl.String)
            if indicator.rounds_up
            else _number_text(column, schema)
        )
        name = pl.col("level").replace_strict(names, return_dtype=pl.String)
        members.append(pl.when(gap.is_not_null()).then(pl.concat_str(name, text)))
    if not members:
        return pl.lit("{}")
    body = pl.concat_str(members, separator="," + inner, ignore_nulls=True)
    present = pl.any_horizontal(
        pl.col(gap_column(i)).is_not_null() for i in evaluation.standard.indicators
    )
    return (
        pl.when(present)
        .then(pl.concat_str(pl.lit("{" + inner), body, pl.lit("\n" + "  " * depth + "}")))
        .otherwise(pl.lit("{}"))
    )


def _number_text(column: str, schema: pl.Schema) -> pl.Expr:
    """A number as orjson writes it: Polars prints a float as the same shortest round-trip
    text (tests/reports/test_json_report.py checks extremes); NaN and infinities are null."""
    value = pl.col(column)
    if schema[column].is_float():
        return pl.when(value.is_finite()).then(value.cast(pl.String)).otherwise(pl.lit("null"))
    return value.cast(pl.String).fill_null("null")


def _bool_text(value: pl.Expr) -> pl.Expr:
    return (
        pl.when(value)
        .then(pl.lit("true"))
        .when(value.not_())
        .then(pl.lit("false"))
        .otherwise(pl.lit("null"))
    )
