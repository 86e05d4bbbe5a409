"""Solve, apply, re-evaluate, cut: the outer-approximation loop that makes the CVs sound.

Each round solves the MIP, turns the solution into a plan (whole rooms and teachers, m² and 万元
rounded up to 0.01 m² / 1 元), applies it to the template data and evaluates the result with
the evaluation core. Where a CV still exceeds its limit, the tangent cut of that CV's cone at
the plan's resources (as the core computed them) is added and the MIP solved again. The cuts
are valid for every plan that meets the limit, so the final plan — the first whose true CVs
all pass — is optimal for the limits (tightened by a relative 1e-6, widened tenfold every
eight rounds should rounding keep a plan on the wrong side). Rounds are solved to a 1 % gap
until a plan meets every limit, then to 0.01 % (HiGHS's relative MIP gap): the plan's cost is
within 0.01 % of the least, or, when a solve reaches its time limit, within the gap reported.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import polars as pl

from junheng.evaluation import Evaluation, Standard, evaluate
from junheng.evaluation.units import unit_resource
from junheng.planning.apply import apply_changes, changes_frame
from junheng.planning.decisions import Decisions, decide
from junheng.planning.milp import Solution
from junheng.planning.model import (
    NEARBY,
    Formulation,
    add_cv_block,
    add_cv_tangents,
    set_cv_limit,
)

MAX_ROUNDS = 60
STRICT_GAP = 1e-4  # the plan's cost is within 0.01 % of the least possible
LOOSE_GAP = 1e-2
FIRST_MARGIN = 1e-6
# Initial cuts for the CVs already within this fraction of their limit.
NEAR_LIMIT = 0.9


class PlanningFailed(Exception):
    """The solver failed (not infeasibility): numerical trouble or no convergence."""


@dataclass
class Round:
    solution: Solution
    decisions: Decisions
    after: Evaluation
    data: pl.DataFrame


class Rounds:
    """The loop over one formulation; counts rounds and time across calls."""

    def __init__(
        self,
        formulation: Formulation,
        data: pl.DataFrame,
        standard: Standard,
        *,
        time_limit: float,
        groups: set[tuple[str, int]] | None = None,
    ) -> None:
        self.formulation = formulation
        self.data = data
        self.standard = standard
        self.time_limit = time_limit
        self.groups = groups  # the CV groups to enforce (all by default)
        self.count = 0
        self._strict = False
        self.seconds = 0.0
        self.gap = 0.0
        problem = formulation.problem
        self._position = {
            (code, level): i
            for i, (code, level) in enumerate(
                zip(problem.units["unit_code"], problem.units["level"], strict=True)
            )
        }

    def _enforced(self, level: str, target: int) -> bool:
        return self.groups is None or (level, target) in self.groups

    def seed_cuts(self, before: Evaluation) -> None:
        """The CV formulation, from the start, for the CVs near or over their limit, with
        tangents at the data as it is and at every unit raised to its thresholds."""
        problem = self.formulation.problem
        keys = {t.indicator.key: j for j, t in enumerate(problem.targets)}
        for row in before.indicators.iter_rows(named=True):
            j = keys[row["indicator"]]
            if not self._enforced(row["level"], j) or row["cv"] < NEAR_LIMIT * row["cv_max"]:
                continue
            units = problem.units_of_level(row["level"])
            target = problem.targets[j]
            have = problem.have[target.column][units]
            block = add_cv_block(
                self.formulation, row["level"], j, row["cv_max"] * (1 - FIRST_MARGIN)
            )
            add_cv_tangents(self.formulation, block, have)
            add_cv_tangents(self.formulation, block, np.maximum(have, target.need[units]))

    def solve(self) -> Round | None:
        """The best plan whose true CVs pass, or None when the MIP (with its cuts) is
        infeasible: no plan meets the constraints."""
        formulation = self.formulation
        problem = formulation.problem
        keys = {t.indicator.key: j for j, t in enumerate(problem.targets)}
        while True:
            if self.count >= MAX_ROUNDS:
                raise PlanningFailed(
                    f"差异系数约束在 {MAX_ROUNDS} 轮后仍未收敛 / "
                    f"the CV cuts did not converge in {MAX_ROUNDS} rounds"
                )
            started = time.perf_counter()
            # rounds whose plan still breaks a CV limit need not be optimal: a loose gap until
            # the first plan within every limit, then the strict gap
            gap = STRICT_GAP if self._strict else LOOSE_GAP
            solution = formulation.model.solve(time_limit=self.time_limit, gap=gap)
            self.seconds += time.perf_counter() - started
            self.count += 1
            if solution.status == "infeasible":
                return None
            if not solution.found:
                raise PlanningFailed(
                    "求解器未能求解（数值问题）/ the solver failed (numerical trouble)"
                )
            self.gap = solution.gap if np.isfinite(solution.gap) else 0.0
            decisions = decide(formulation, solution.x)
            changes = changes_frame(
                problem.county_code,
                problem.year,
                decisions.actions,
                decisions.transfers,
                formulation.costs,
            )
            data = apply_changes(self.data, changes)
            after = evaluate(data, self.standard)
            failing = [
                row
                for row in after.indicators.iter_rows(named=True)
                if not row["cv_pass"] and self._enforced(row["level"], keys[row["indicator"]])
            ]
            if not failing:
                if self._strict or solution.gap <= STRICT_GAP:
                    self._strict = True
                    return Round(solution, decisions, after, data)
                self._strict = True
                continue
            margin = FIRST_MARGIN * 10 ** ((self.count - 1) // 8)
            units = after.units
            for row in failing:
                level, j = row["level"], keys[row["indicator"]]
                limit = row["cv_max"] * (1 - margin)
                block = formulation.cv_blocks.get((level, j))
                if block is None:
                    block = add_cv_block(formulation, level, j, limit)
                elif block.limit > limit:
                    set_cv_limit(formulation, block, limit)
                add_cv_tangents(formulation, block, self._point(units, level, j), NEARBY)

    def _point(self, units: pl.DataFrame, level: str, j: int) -> np.ndarray:
        """The resource of each unit of `level` after the plan, as the core computed it, in the
        model's order."""
        problem = self.formulation.problem
        column = unit_resource(problem.targets[j].indicator.resource)
        order = {u: k for k, u in enumerate(problem.units_of_level(level))}
        point = np.zeros(len(order))
        rows = units.filter(pl.col("level") == level)
        for code, value in zip(rows["unit_code"], rows[column], strict=True):
            point[order[self._position[(code, level)]]] = value
        return point
