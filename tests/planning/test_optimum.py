"""Small counties whose least-cost plan is known by hand (quality-2017, docs/standards.md §2).

The factory's default school meets every threshold with room to spare; each test takes away
what it is about. A unit passes with 6 of 7 indicators met and the 7th at ≥ 85 % of its
threshold (第六条), so a school short on one indicator needs money only below that floor.
Areas are bought in whole m² and one m² beyond the bound they reach (decisions._amount): a
plan never leaves a school exactly on a threshold. Training is off unless a test is about it
(it would be the cheapest way to every backbone teacher).
"""

from __future__ import annotations

import math

import pytest

from evaluation.factory import code, school
from junheng.evaluation import evaluate
from junheng.planning import OPTIMAL, apply_county_plan, plan_county
from planning.conftest import county, make_costs

ROOM = 3500  # 元/m²
SPORTS = 500  # 元/m²


def prices(**changes):
    tables = {
        "plan": {"years": 3},
        "construction": {"teaching_room": ROOM, "sports_ground": SPORTS},
        "teachers": {"qualified": 100_000, "backbone": 150_000, "pe_art": 100_000},
        "transfers": {"allowance": 10_000, "max_in_per_school": 10, "max_out_per_school": 10},
        "training": {"allowed": False},
    }
    for table, values in changes.items():
        tables[table] = {**tables.get(table, {}), **values}
    return make_costs(**tables)


def test_a_county_that_passes_needs_nothing(quality):
    data = county([school(1), school(2)])
    result = plan_county(data, quality, prices())
    assert result.status == OPTIMAL
    assert result.cost == 0
    assert result.actions == () and result.transfers == ()
    assert result.passes_after


def test_one_school_100_m2_below_the_floor_builds_101(quality):
    # 1,000 primary students need 4.5 m² each; 85 % of 4,500 m² is 3,825 m²; it has 3,725:
    # 100 m² reach the floor exactly, 101 pass it
    data = county([school(1, teaching_room_area=3725)])
    result = plan_county(data, quality, prices())
    [action] = result.actions
    assert (action.lever, action.quantity, action.unit) == ("teaching_room", 101.0, "m²")
    assert result.cost == pytest.approx(101 * ROOM / 10_000)  # 35.35 万元
    assert result.passes_after


def test_with_two_indicators_short_the_cheaper_one_is_fixed(quality):
    # rooms 100 m² short of 4,500 (35 万元 to fix), sports 200 m² short of 7,500 (10 万元):
    # both above their floors, so meeting one of them makes 6 of 7
    data = county([school(1, teaching_room_area=4400, sports_area=7300)])
    result = plan_county(data, quality, prices())
    [action] = result.actions
    assert (action.lever, action.quantity) == ("sports_ground", 201.0)
    assert result.cost == pytest.approx(201 * SPORTS / 10_000)


def test_a_transfer_is_chosen_when_cheaper_than_hiring(quality):
    # school 2 has 5 backbone teachers for 1,000 students (0.5 per 100, floor 0.85): it needs
    # 4 more; school 1 has 15 and keeps 11 (≥ 10). A transfer costs 1 万元 a year for 3 years,
    # a new backbone teacher 15 万元 a year.
    data = county([school(1, primary_backbone_teachers=15), school(2, primary_backbone_teachers=5)])
    result = plan_county(data, quality, prices())
    assert result.actions == ()
    [move] = result.transfers
    assert (move.from_code, move.to_code, move.teachers, move.kind) == (
        code(1),
        code(2),
        4,
        "backbone",
    )
    assert result.cost == pytest.approx(4 * 1 * 3)
    assert result.passes_after


def test_without_transfers_the_teachers_are_hired(quality):
    data = county([school(1, primary_backbone_teachers=15), school(2, primary_backbone_teachers=5)])
    result = plan_county(data, quality, prices(transfers={"allowed": False}))
    [hire] = result.actions
    assert (hire.school_code, hire.lever, hire.quantity, hire.level) == (
        code(2),
        "hire_backbone",
        4.0,
        "primary",
    )
    assert result.cost == pytest.approx(4 * 15 * 3)


def test_the_per_school_transfer_limit_is_respected(quality):
    data = county([school(1, primary_backbone_teachers=15), school(2, primary_backbone_teachers=5)])
    result = plan_county(data, quality, prices(transfers={"max_in_per_school": 2}))
    assert sum(t.teachers for t in result.transfers) == 2
    assert [(a.lever, a.quantity) for a in result.actions] == [("hire_backbone", 2.0)]
    assert result.cost == pytest.approx(2 * 3 + 2 * 45)


def test_a_nine_year_school_builds_for_its_neediest_section(quality):
    # 166 primary and 210 junior students share 1,400 m² by student-equivalents
    # (166 : 1.1 × 210, docs/standards.md §3); each section needs 85 % of its threshold
    area = 1400
    shares = {"primary": 166 / (166 + 1.1 * 210), "junior": 1.1 * 210 / (166 + 1.1 * 210)}
    floors = {"primary": 0.85 * 4.5 * 166, "junior": 0.85 * 5.8 * 210}
    least = max(floors[level] / shares[level] for level in shares) - area
    data = county([school(1, "九年一贯制学校", primary=166, junior=210, teaching_room_area=area)])
    result = plan_county(data, quality, prices())
    [action] = result.actions
    assert action.level is None  # a whole-school purchase
    # the whole m² past the bound, once the school's total is rounded down to whole m²
    assert action.quantity == math.floor(area + least) + 1 - area
    assert result.passes_after


def test_a_cv_over_its_limit_is_brought_to_the_limit_at_least_cost(quality):
    # two primary schools of 1,000 students with 100 and 7.5 m² of sports ground each: equal
    # weights give CV = (100 − t)/(100 + t) for the poorer school's t m² per student, ≤ 0.5
    # from t = 33.33…: 25,833.33 m² more at the poorer school is the cheapest way
    data = county([school(1, sports_area=100_000), school(2, sports_area=7_500)])
    assert not evaluate(data, quality).counties["cv_pass"][0]
    result = plan_county(data, quality, prices())
    [action] = result.actions
    assert (action.school_code, action.lever) == (code(2), "sports_ground")
    assert action.quantity == math.ceil(100_000 / 3 - 7_500)  # whole m²
    assert result.cost == pytest.approx(action.quantity * SPORTS / 10_000)
    sports = result.after.indicators.filter(
        result.after.indicators["indicator"] == "sports_area_per_student"
    ).row(0, named=True)
    assert sports["cv"] <= 0.5 and sports["cv"] == pytest.approx(0.5, abs=1e-5)


def test_within_a_budget_the_cheaper_school_is_fixed_first(quality):
    # school 1 needs 101 m² of rooms (35.35 万元), school 2 101 m² of sports ground (5.05 万元)
    data = county([school(1, teaching_room_area=3725), school(2, sports_area=0.85 * 7500 - 100)])
    result = plan_county(data, quality, prices(), budget=20)
    assert result.mode == "budget"
    assert [(a.school_code, a.lever) for a in result.actions] == [(code(2), "sports_ground")]
    assert result.cost == pytest.approx(5.05)
    assert result.least_cost == pytest.approx(40.4)
    assert "40.40 万元" in result.notes[-1].zh


def test_a_budget_large_enough_gives_the_least_cost_plan(quality):
    data = county([school(1, teaching_room_area=3725), school(2, sports_area=0.85 * 7500 - 100)])
    result = plan_county(data, quality, prices(), budget=1000)
    assert result.cost == pytest.approx(40.4)
    assert result.passes_after
    assert result.least_cost is None


def test_the_plan_applied_to_the_data_gives_the_reported_evaluation(quality):
    data = county(
        [
            school(1, teaching_room_area=3725, primary_backbone_teachers=15),
            school(2, primary_backbone_teachers=5, multimedia_classrooms=10),
        ]
    )
    costs = prices()
    result = plan_county(data, quality, costs)
    again = evaluate(apply_county_plan(data, result, costs), quality)
    assert again.units.equals(result.after.units)
    assert again.counties["pass"].to_list() == [True]


def test_teachers_start_in_year_one_and_buildings_spread_over_the_years(quality):
    data = county(
        [
            school(1, teaching_room_area=3725, primary_backbone_teachers=15),
            school(2, sports_area=5000, primary_backbone_teachers=5),
            school(3, equipment_value=10),
        ]
    )
    result = plan_county(data, quality, prices(transfers={"allowed": False}))
    assert {a.year for a in result.actions if a.lever.startswith("hire_")} == {1}
    capital = [a for a in result.actions if not a.lever.startswith("hire_")]
    assert len({a.year for a in capital}) > 1
    assert sum(y.capital for y in result.yearly) == pytest.approx(sum(a.cost for a in capital))
    assert sum(y.total for y in result.yearly) == pytest.approx(result.cost)


def test_within_a_budget_the_cv_limit_still_holds(quality):
    # the two schools of the CV test above: 1,291.67 万元 brings the CV to 0.5, and a budget
    # that allows it gives that plan
    data = county([school(1, sports_area=100_000), school(2, sports_area=7_500)])
    result = plan_county(data, quality, prices(), budget=1500)
    assert result.status == OPTIMAL
    assert result.cost == pytest.approx(math.ceil(100_000 / 3 - 7_500) * SPORTS / 10_000)
    assert result.after.counties["cv_pass"].to_list() == [True]
