"""The template writer's CSV cannot attack its reader (issue 13 §3): a text cell starting with
= + - @ tab or CR is written after an apostrophe — decided by the same helper as the xlsx
writer's quote prefix (`junheng.workbooks.could_run`) — while numbers, negative ones included,
and harmless texts are written as they are."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest

from evaluation.factory import csv_bytes, school
from junheng.evaluation import SourceFile, read_school_data
from junheng.template_writer import write_template
from junheng.workbooks import csv_text

PAYLOADS = [
    '=HYPERLINK("http://x","a")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


def frame_of(*rows: dict) -> pl.DataFrame:
    return read_school_data([SourceFile("s.csv", csv_bytes(rows))])


def written_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_text_that_could_run_is_written_after_an_apostrophe(tmp_path, payload):
    # the reader trims cells, so the payload is put in the frame as the writer is given it
    frame = frame_of(school(1), school(2)).with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(payload)).otherwise(pl.col(key)).alias(key)
        for key in ("school_name", "township")
    )
    target = tmp_path / "out.csv"

    write_template(frame, target)

    first, second = written_rows(target)
    assert first["学校名称"] == "'" + payload
    assert first["乡镇"] == "'" + payload
    assert second["学校名称"] == school(2)["school_name"]


def test_numbers_and_harmless_texts_are_written_as_they_are(tmp_path):
    frame = frame_of(school(1, school_name="a=1 城关一小", township="1+1"))
    target = tmp_path / "out.csv"

    write_template(frame, target)

    (row,) = written_rows(target)
    assert row["学校名称"] == "a=1 城关一小" and row["乡镇"] == "1+1"
    assert row["学校标识码"] == str(school(1)["school_code"])
    assert row["年度"] == str(school(1)["year"])
    assert not any(value.startswith("'") for value in row.values())


def test_the_written_file_reads_back_as_texts_never_formulas(tmp_path):
    frame = frame_of(school(1, school_name=PAYLOADS[0]), school(2, township="@SUM(A1)"))
    target = tmp_path / "out.csv"

    write_template(frame, target)

    again = read_school_data([SourceFile("out.csv", target.read_bytes())])
    assert again["school_name"].to_list()[0] == "'" + PAYLOADS[0]
    assert again["township"].to_list()[1] == "'@SUM(A1)"
    assert again["primary_students"].to_list() == frame["primary_students"].to_list()


def test_one_helper_decides_for_a_single_text_and_a_whole_column():
    assert [csv_text(p) for p in PAYLOADS] == ["'" + p for p in PAYLOADS]
    assert csv_text("城关一小") == "城关一小" and csv_text("") == ""
