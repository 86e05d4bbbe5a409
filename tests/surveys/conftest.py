"""The surveys' tests reuse the web tests' personas (tests/personas.py: county A with
城关镇 (A1 the principal's school, A2) and 东乡 (A3); county B with B1)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from personas import world  # noqa: F401  (the personas, used as a fixture)
from surveys.helpers import FULL, NONE, PARTIAL, open_survey, respond


@pytest.fixture(autouse=True)
def empty_cache():
    """The rate limits count in the cache: every test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def answered(world):  # noqa: F811  (the imported fixture, requested)
    """An open basic-2012 survey (6 scale items) with hand-made responses.
    `[c]` answers all six items with c; `[NONE, FULL]` the first with 不满意, the others 满意.

        A1 城关一小 (城关镇)   家长 ×5: all 满意, all 满意, all 基本满意, [不满意, 满意], all 不满意
                               教师 ×2: all 满意
        A2 城关二小 (城关镇)   家长 ×5: all 满意
        A3 东乡中心小学 (东乡) 家长 ×1: all 不满意
        county-wide            人大代表 ×1: all 基本满意

        A1: 满意 6+6+0+5+0 + 12 = 29, 基本满意 6, 不满意 1+6 = 7   → 42 answers
        A2: 满意 30                                                  → 30
        A3: 不满意 6                                                 →  6
        人大代表: 基本满意 6                                          →  6
        all: 满意 59, 基本满意 12, 不满意 13                          → 84
    """
    survey = open_survey(world)
    parents_a1 = [[FULL], [FULL], [PARTIAL], [NONE, FULL], [NONE]]
    for number, choices in enumerate(parents_a1):
        respond(world, survey, "家长", world.school, choices, text=f"城关一小家长意见{number}")
    for number in range(2):
        respond(world, survey, "教师", world.school, [FULL], text=f"城关一小教师意见{number}")
    for _ in range(5):
        respond(world, survey, "家长", world.sibling, [FULL])
    respond(world, survey, "家长", world.far_school, [NONE], text="东乡家长意见")
    respond(world, survey, "人大代表", None, [PARTIAL], text="代表意见")
    return survey
