"""The CLI writes the workbook straight into its file: the same sheets and cells as the
workbook rendered in memory for a download."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from junheng.evaluation import Evaluation
from junheng.reports.xlsx_report import render_xlsx, write_xlsx


def cells(book: openpyxl.Workbook) -> dict[str, list[tuple]]:
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_streamed_workbook_has_the_rendered_ones_cells(
    quality_demo: Evaluation, tmp_path: Path
):
    path = tmp_path / "evaluation.xlsx"
    with path.open("wb") as file:
        write_xlsx(quality_demo, file)

    streamed = openpyxl.load_workbook(path)
    rendered = openpyxl.load_workbook(io.BytesIO(render_xlsx(quality_demo)))

    assert cells(streamed) == cells(rendered)
    assert len(streamed.worksheets) >= 6
