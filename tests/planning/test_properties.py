"""Properties over random small counties: the plan, applied to the data and evaluated by the
core, passes; within a budget it never costs more, and no passing unit starts failing."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.factory import school
from junheng.evaluation import evaluate
from junheng.planning import INFEASIBLE, apply_county_plan, plan_county
from junheng.planning.milp import Model
from junheng.planning.model import Formulation, add_cv_block
from planning.conftest import county, make_costs

TYPES = ("小学", "初级中学", "九年一贯制学校")
PHYSICAL = ("teaching_room_area", "sports_area", "equipment_value", "multimedia_classrooms")
TEACHER_KINDS = ("qualified_teachers", "backbone_teachers", "pe_art_teachers")
factors = st.floats(0.3, 1.6)


@st.composite
def small_counties(draw) -> list[dict]:
    """2–6 schools of random sizes whose resources are the factory's (every threshold met)
    scaled by 0.3–1.6 each: some units fail, some CVs may exceed their limits."""
    rows = []
    for number in range(1, draw(st.integers(2, 6)) + 1):
        kind = draw(st.sampled_from(TYPES))
        row = school(
            number,
            kind,
            primary=draw(st.integers(60, 1500)),
            junior=draw(st.integers(60, 1500)),
        )
        for key in PHYSICAL:
            value = row[key] * draw(factors)
            row[key] = round(value) if key == "multimedia_classrooms" else round(value, 2)
        for level in ("primary", "junior"):
            if row[f"{level}_students"] == "":
                continue
            for stem in TEACHER_KINDS:
                key = f"{level}_{stem}"
                row[key] = round(row[key] * draw(factors))
            subsets = [row[f"{level}_{stem}"] for stem in (*TEACHER_KINDS, "senior_title_teachers")]
            row[f"{level}_teachers"] = max(row[f"{level}_teachers"], *subsets)
        rows.append(row)
    return rows


PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(rows=small_counties(), transfers=st.booleans())
def test_the_plan_applied_to_the_data_passes(quality, rows, transfers):
    data = county(rows)
    costs = make_costs(transfers={"allowed": transfers})
    result = plan_county(data, quality, costs)
    assert result.status != INFEASIBLE  # hiring and building can always close the gaps
    after = evaluate(apply_county_plan(data, result, costs), quality)
    assert after.counties["pass"].to_list() == [True]
    assert after.units.equals(result.after.units)
    assert result.cost == pytest.approx(
        sum(a.cost for a in result.actions) + sum(t.cost for t in result.transfers)
    )
    assert all(a.quantity > 0 for a in result.actions)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=small_counties(), budget=st.floats(1, 300))
def test_within_a_budget_no_passing_unit_fails_and_the_budget_holds(quality, rows, budget):
    data = county(rows)
    costs = make_costs()
    before = evaluate(data, quality)
    result = plan_county(data, quality, costs, budget=budget)
    if result.status == INFEASIBLE:  # only when the CV limits cost more than the budget
        assert not before.counties["cv_pass"][0]
        assert "预算" in result.reasons[0].zh
        return
    assert result.cost <= budget + 1e-6
    after = evaluate(apply_county_plan(data, result, costs), quality)
    was = dict(
        zip(before.units["unit_code"] + before.units["level"], before.units["pass"], strict=True)
    )
    now = dict(
        zip(after.units["unit_code"] + after.units["level"], after.units["pass"], strict=True)
    )
    assert all(now[key] for key, passed in was.items() if passed)
    assert after.counties["cv_pass"].to_list() == [True]


def _cv(y: np.ndarray, weights: np.ndarray) -> float:
    x = y / weights
    mean = y.sum() / weights.sum()
    return math.sqrt(float(np.sum(weights / weights.sum() * (x - mean) ** 2))) / mean


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    n=st.integers(2, 8),
    limit=st.floats(0.05, 1.0),
)
def test_every_cv_tangent_holds_for_every_resource_vector_within_the_limit(data, n, limit):
    """The cuts are valid: no plan meeting the CV limit is cut off (model.CvBlock)."""
    weights = np.array(data.draw(st.lists(st.integers(1, 3000), min_size=n, max_size=n)), float)
    point = np.array(data.draw(st.lists(st.floats(0.01, 1e5), min_size=n, max_size=n)))
    y = np.array(data.draw(st.lists(st.floats(0.01, 1e5), min_size=n, max_size=n)))
    a = math.sqrt((1 + limit**2) / weights.sum())
    r = a * y.sum()
    rho = point / (a * point.sum())  # the ratios the tangents are taken at
    tangents = (2 * rho * y - rho**2 * r) / weights
    cone = y**2 / (weights * r)  # t_i at its least
    assert np.all(tangents <= cone + 1e-9 * np.maximum(1.0, cone))
    if _cv(y, weights) <= limit:
        assert cone.sum() <= r * (1 + 1e-9)


def test_a_cv_block_has_one_tangent_per_unit_and_grid_ratio(quality):
    data = county([school(1), school(2, primary=500)])
    from junheng.planning.model import RATIO_GRID, formulate
    from junheng.planning.problem import county_problem

    problem = county_problem(evaluate(data, quality).units, quality)
    formulation: Formulation = formulate(problem, make_costs(), require_pass=True)
    assert isinstance(formulation.model, Model)
    add_cv_block(formulation, "primary", 3, 0.5)
    assert formulation.cuts == 2 * len(RATIO_GRID)
