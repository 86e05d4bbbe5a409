"""Fixtures of the report tests: realistic demo counties, evaluated once per session."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import openpyxl
import pytest

from evaluation.factory import builtin_text
from junheng import demo_data
from junheng.evaluation import Evaluation, Standard, evaluate_files
from junheng.evaluation.standard import parse_standard
from junheng.reports.xlsx_report import render_xlsx

# A province's per-school minimums for basic-2012 (its 办学基本标准), in each indicator's
# computed unit (the teacher ratios per 100 students, as the JSON keys say).
PROVINCE_MINIMUMS = {
    "teaching_room_area_per_student": 3.0,
    "sports_area_per_student": 5.0,
    "equipment_value_per_student": 800.0,
    "computers_per_100_students": 8.0,
    "books_per_student": 15.0,
    "teachers_per_100_students": 4.0,
    "qualified_teachers_per_100_students": 3.0,
    "senior_title_teachers_per_100_students": 1.0,
}


def province_basic_standard() -> Standard:
    """basic-2012 as a province would load it: per-school minimums and a [school_rule], so
    that the data judge the entry condition as well as the balance between schools."""
    data = tomllib.loads(builtin_text("basic-2012"))
    data["school_rule"] = {"min_met": 8, "floor_ratio": 1.0}
    for item in data["indicators"]:
        minimum = PROVINCE_MINIMUMS[item["key"]]
        item["threshold"] = {"primary": minimum, "junior": minimum}
    return parse_standard(data, source="province-basic.toml")


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


@pytest.fixture(scope="session")
def province_demo(demo_file: Path) -> Evaluation:
    return evaluate_files([demo_file], province_basic_standard())
