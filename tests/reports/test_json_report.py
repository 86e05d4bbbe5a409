"""The columnar JSON writer writes the contract's bytes exactly: the same document as
`contract.evaluation_to_dict` serialised by orjson (the reference the API also uses)."""

from __future__ import annotations

import io
import math
from dataclasses import replace
from pathlib import Path

import orjson
import polars as pl
import pytest

from junheng import demo_data
from junheng.evaluation import Evaluation, evaluate_files
from junheng.reports import json_report
from junheng.reports.contract import evaluation_to_dict
from junheng.reports.json_report import render_json, write_json
from reports.conftest import province_basic_standard


def reference(evaluation: Evaluation, analysis: bool) -> bytes:
    document = evaluation_to_dict(evaluation, analysis=analysis)
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


@pytest.fixture(scope="module")
def multi_county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve counties over two years: teaching points merged or excluded, several levels."""
    path = tmp_path_factory.mktemp("json") / "counties.parquet"
    demo_data.write(demo_data.generate(counties=12, seed=5, years=(2024, 2025)), path)
    return path


@pytest.mark.parametrize("analysis", [False, True])
@pytest.mark.parametrize("standard", ["quality-2017", "basic-2012", "province"])
def test_the_writer_writes_the_references_bytes(multi_county: Path, standard: str, analysis: bool):
    loaded = province_basic_standard() if standard == "province" else standard
    evaluation = evaluate_files([multi_county], loaded)
    assert evaluation.counties.height == 24
    written = render_json(evaluation, analysis=analysis)
    assert written == reference(evaluation, analysis)


def test_small_batches_write_the_same_bytes(multi_county: Path, monkeypatch):
    evaluation = evaluate_files([multi_county], "quality-2017")
    whole = render_json(evaluation)
    # a batch ends inside the document many times: each county's list is still whole
    monkeypatch.setattr(json_report, "BATCH_UNITS", 7)
    assert render_json(evaluation) == whole == reference(evaluation, False)


def test_units_out_of_order_and_counties_without_units_are_written_as_the_contract_says(
    multi_county: Path,
):
    evaluation = evaluate_files([multi_county], "quality-2017")
    first = evaluation.counties.row(0, named=True)
    shuffled = replace(
        evaluation,
        # a scoped evaluation may keep a county's verdict while its units are filtered away
        units=evaluation.units.filter(
            (pl.col("county_code") != first["county_code"]) | (pl.col("year") != first["year"])
        ).reverse(),
    )
    written = render_json(shuffled)
    assert written == reference(shuffled, False)
    assert orjson.loads(written)["counties"][0]["schools"] == []


def test_a_value_that_is_not_finite_is_null_as_orjson_writes_it(multi_county: Path):
    evaluation = evaluate_files([multi_county], "quality-2017")
    column = "value__" + evaluation.standard.indicators[0].key
    broken = replace(
        evaluation,
        units=evaluation.units.with_columns(
            pl.when(pl.int_range(pl.len()) % 3 == 0)
            .then(float("nan"))
            .when(pl.int_range(pl.len()) % 3 == 1)
            .then(float("inf"))
            .otherwise(pl.col(column))
            .alias(column)
        ),
    )
    written = render_json(broken)
    assert written == reference(broken, False)
    assert b'"' + evaluation.standard.indicators[0].key.encode() + b'": null' in written


FLOATS = [
    0.0,
    -0.0,
    1.0,
    2.5,
    0.1,
    1 / 3,
    2.2999999999999998,
    1e-4,
    1.234e-5,
    1e-7,
    5e-324,
    1e15,
    1e16,
    123456789012345678.0,
    1.7976931348623157e308,
    -3.5e-12,
]


def test_polars_prints_floats_as_orjson_does():
    """The writer relies on Polars' shortest round-trip text being orjson's, exponents too."""
    generated = [
        math.ldexp(1 + k / 977, e) * s
        for k, e, s in zip(range(977), range(-1000, 1000, 2), [1, -1] * 500, strict=False)
    ]
    numbers = FLOATS + generated
    frame = pl.DataFrame({"x": numbers}, schema={"x": pl.Float64})
    texts = frame.select(json_report._number_text("x", frame.schema)).to_series().to_list()
    assert texts == [orjson.dumps(x).decode() for x in numbers]


def test_write_json_streams_to_a_file(multi_county: Path, tmp_path: Path):
    evaluation = evaluate_files([multi_county], "basic-2012")
    path = tmp_path / "out.json"
    with path.open("wb") as file:
        write_json(evaluation, file, analysis=True)
    assert path.read_bytes() == reference(evaluation, True)
    buffer = io.BytesIO()
    write_json(evaluation, buffer)
    assert buffer.getvalue() == reference(evaluation, False)
