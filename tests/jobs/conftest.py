"""The jobs' tests use the web tests' personas (tests/personas.py) and a few kinds of job
registered only here (tests/jobs/kinds.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from jobs import kinds  # noqa: F401  (registers the test kinds)
from personas import World, world  # noqa: F401  (the personas, used as a fixture)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()
