"""Fixtures of the report tests: realistic demo counties, evaluated once per session."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from junheng import demo_data
from junheng.evaluation import Evaluation, evaluate_files
from junheng.reports.xlsx_report import render_xlsx


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports") / "two-counties.parquet"
    demo_data.write(demo_data.generate(counties=2, seed=11), path)
    return path


@pytest.fixture(scope="session")
def quality_demo(demo_file: Path) -> Evaluation:
    return evaluate_files([demo_file], "quality-2017")


@pytest.fixture(scope="session")
def basic_demo(demo_file: Path) -> Evaluation:
    return evaluate_files([demo_file], "basic-2012")


@pytest.fixture(scope="session")
def quality_book(quality_demo: Evaluation) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(quality_demo)))


@pytest.fixture(scope="session")
def basic_book(basic_demo: Evaluation) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(basic_demo)))
