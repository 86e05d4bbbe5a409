"""Spreading a plan over the years: teachers in year 1, buildings most urgent and cheapest
first, each year spending about the same."""

from __future__ import annotations

import pytest

from junheng.planning.result import Action, Transfer
from junheng.planning.schedule import schedule


def item(name: str, lever: str, cost: float, urgency: int) -> Action:
    return Action(name, name, None, lever, "", 1, "", 0, cost, 0, urgency)


def test_teachers_start_in_the_first_year_and_are_paid_every_year():
    hire = item("a", "hire_backbone", 90, 1)  # 30 万元 a year for 3 years
    move = Transfer("pe_art", "primary", "b", "", "c", "", 1, 3.0)
    placed, spending = schedule([hire], [move], 3)
    assert [a.year for a in placed] == [1]
    assert [y.staff for y in spending] == [pytest.approx(31)] * 3
    assert [y.capital for y in spending] == [0, 0, 0]


def test_buildings_go_most_urgent_then_cheapest_first_in_even_years():
    actions = [
        item("cv", "sports_ground", 10, 2),
        item("big", "teaching_room", 40, 0),
        item("small", "equipment", 10, 0),
        item("failing", "multimedia_classroom", 20, 1),
    ]
    placed, spending = schedule(actions, [], 2)
    years = {a.school_code: a.year for a in placed}
    # order: small (0–10), big (10–50), failing (50–70), cv (70–80); 40 a year
    assert years == {"small": 1, "big": 1, "failing": 2, "cv": 2}
    assert [y.capital for y in spending] == [50, 30]


def test_one_year_takes_everything():
    placed, spending = schedule([item("a", "equipment", 5, 1)], [], 1)
    assert placed[0].year == 1 and spending[0].total == 5
