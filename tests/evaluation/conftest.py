"""Fixtures of the evaluation-core tests; the file builders are in `factory`."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.factory import write_merge_standard
from junheng.evaluation import Standard, load_standard


@pytest.fixture(scope="session")
def quality() -> Standard:
    return load_standard("quality-2017")


@pytest.fixture(scope="session")
def basic() -> Standard:
    return load_standard("basic-2012")


@pytest.fixture
def merge_standard(tmp_path: Path) -> Path:
    return write_merge_standard(tmp_path)
