"""The mixed-integer program of one county-year (see the package docstring for the model).

Variables
- per school and physical lever: m² of teaching rooms or sports grounds, 万元 of equipment value
  (continuous), multimedia classrooms, computers, books (integer);
- per unit and teacher kind: teachers hired, transferred in, transferred out (integer);
- per unit: p (binary, the unit passes), and per threshold indicator z (binary, it is met).

Constraints, per unit u and indicator j with R_uj = what u has + what the levers add:
    R_uj ≥ floor_uj · p_u + (need_uj − floor_uj) · z_uj       (met ⇒ ≥ threshold, pass ⇒ ≥ 85 %)
    Σ_j z_uj ≥ min_met · p_u                                  (at least 6 of 7)
    z_uj ≤ p_u                                                (only when p_u is free)
transfers: Σ in = Σ out per level and kind; per school Σ out ≤ max_out, Σ in ≤ max_in; no teacher
column below 0; the budget: Σ cost ≤ budget; and the CV limits (`CvBlock`).

The big-M of the threshold row is need − floor (15 % of the need), the tightest valid one: the
85 % floor holds whenever the unit passes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from junheng.planning.costs import Costs
from junheng.planning.levers import (
    Lever,
    physical_levers,
    teacher_columns,
    transfer_cost_wan,
    transfer_kinds,
    unit_levers,
)
from junheng.planning.milp import INF, Model
from junheng.planning.problem import CountyProblem

# A transfer out costs this much (万元, 1 元) in the objective only: no move is made for nothing.
MOVE_EPSILON = 1e-4


@dataclass
class Formulation:
    model: Model
    problem: CountyProblem
    costs: Costs
    real: list[float]  # 万元 per lever column, as reported (no tie-breaks); later columns: 0
    school_vars: dict[str, np.ndarray]  # lever key -> column per school
    unit_vars: dict[str, np.ndarray]  # hire or training lever key -> column per unit
    moves_in: dict[str, np.ndarray]  # teacher kind -> column per unit
    moves_out: dict[str, np.ndarray]
    p: np.ndarray  # column per unit
    objective: list[float]  # 万元 per lever column in the least-cost objective
    levers: dict[str, Lever]
    # per target index and unit: [(column, coefficient)] of what the levers add
    terms: list[list[list[tuple[int, float]]]]
    budget_row: int | None = None
    cuts: int = 0
    cv_blocks: dict[tuple[str, int], CvBlock] = field(default_factory=dict)

    @property
    def real_cost(self) -> np.ndarray:
        """万元 per column of the model, as reported."""
        cost = np.zeros(self.model.columns)
        cost[: len(self.real)] = self.real
        return cost

    @property
    def lever_cost(self) -> np.ndarray:
        """The objective of a least-cost plan: the real cost plus the tie-breaks."""
        cost = np.zeros(self.model.columns)
        cost[: len(self.objective)] = self.objective
        return cost


def formulate(
    problem: CountyProblem,
    costs: Costs,
    *,
    require_pass: bool,
    budget: float | None = None,
) -> Formulation:
    """The model; every unit must pass when `require_pass`, else p_u is free (units passing now
    stay passing). The objective is the plan's cost; `budget` adds Σ cost ≤ budget."""
    model = Model()
    n = problem.size
    used = {t.column for t in problem.targets}
    cost: list[float] = []
    real: list[float] = []

    def column(c: float, upper: float = INF, integer: bool = False, objective: float | None = None):
        cost.append(c if objective is None else objective)
        real.append(c)
        return model.add_column(cost[-1], 0.0, upper, integer)

    terms: dict[str, list[list[tuple[int, float]]]] = {col: [[] for _ in range(n)] for col in used}
    levers: dict[str, Lever] = {}
    school_vars: dict[str, np.ndarray] = {}
    for lever in physical_levers(costs):
        if not used.intersection(lever.columns):
            continue
        levers[lever.key] = lever
        columns = np.array(
            [column(lever.cost_wan(costs.years), integer=lever.integer) for _ in problem.schools]
        )
        school_vars[lever.key] = columns
        for u in range(n):
            for name in used.intersection(lever.columns):
                terms[name][u].append((int(columns[problem.school[u]]), float(problem.share[u])))

    unit_vars: dict[str, np.ndarray] = {}
    for lever in unit_levers(costs):
        if not used.intersection(lever.columns):
            continue
        levers[lever.key] = lever
        upper = np.full(n, INF)
        if lever.bounded_by is not None:
            # a section trains only the teachers it has who are not yet of the kind
            upper = np.maximum(problem.have["teachers"] - problem.have[lever.bounded_by], 0.0)
        columns = np.array(
            [
                column(lever.cost_wan(costs.years), upper=float(upper[u]), integer=True)
                for u in range(n)
            ]
        )
        unit_vars[lever.key] = columns
        for u in range(n):
            for name in used.intersection(lever.columns):
                terms[name][u].append((int(columns[u]), 1.0))

    moves_in: dict[str, np.ndarray] = {}
    moves_out: dict[str, np.ndarray] = {}
    rules = costs.transfers
    for kind in transfer_kinds(costs):
        touched = used.intersection(teacher_columns(kind, costs))
        if not touched:
            continue
        have = problem.have[f"{kind}_teachers"]
        movable = problem.transferable
        into = np.array(
            [
                column(
                    transfer_cost_wan(costs),
                    upper=rules.max_in_per_school if movable[u] else 0.0,
                    integer=True,
                )
                for u in range(n)
            ]
        )
        out = np.array(
            [
                column(
                    0.0,
                    upper=min(rules.max_out_per_school, have[u]) if movable[u] else 0.0,
                    integer=True,
                    objective=MOVE_EPSILON,
                )
                for u in range(n)
            ]
        )
        moves_in[kind], moves_out[kind] = into, out
        for u in range(n):
            for name in touched:
                terms[name][u].append((int(into[u]), 1.0))
                terms[name][u].append((int(out[u]), -1.0))

    p = np.array(
        [
            model.add_column(0.0, 1.0 if require_pass or problem.passing[u] else 0.0, 1.0, True)
            for u in range(n)
        ]
    )
    formulation = Formulation(
        model=model,
        problem=problem,
        costs=costs,
        real=real,
        objective=cost,
        school_vars=school_vars,
        unit_vars=unit_vars,
        moves_in=moves_in,
        moves_out=moves_out,
        p=p,
        levers=levers,
        terms=[terms[t.column] for t in problem.targets],
    )
    _unit_rows(formulation)
    _transfer_rows(formulation)
    _staffing_rows(formulation)
    if budget is not None:
        formulation.budget_row = model.add_row(
            range(model.columns), formulation.real_cost.tolist(), -INF, budget
        )
    return formulation


def _decreasing(formulation: Formulation, column: str) -> bool:
    """Whether transfers out can take this column away from a unit."""
    costs = formulation.costs
    return any(column in teacher_columns(kind, costs) for kind in formulation.moves_out)


def _unit_rows(formulation: Formulation) -> None:
    model, problem = formulation.model, formulation.problem
    for u in range(problem.size):
        p = int(formulation.p[u])
        p_free = model.lower[p] == 0.0
        fixed_met = 0
        met_columns = []
        for j, target in enumerate(problem.targets):
            have = problem.have[target.column][u]
            need, floor = target.need[u], target.floor[u]
            if have >= need and not _decreasing(formulation, target.column):
                fixed_met += 1
                continue
            z = model.add_column(0.0, 0.0, 1.0, True)
            met_columns.append(z)
            entries = formulation.terms[j][u]
            model.add_row(
                [c for c, _ in entries] + [p, z],
                [a for _, a in entries] + [-max(floor, 0.0), -max(need - floor, 0.0)],
                -have,
                INF,
            )
            if p_free:
                model.add_row([z, p], [1.0, -1.0], -INF, 0.0)
        missing = problem.min_met - fixed_met
        if missing > 0:
            model.add_row([*met_columns, p], [1.0] * len(met_columns) + [-missing], 0.0, INF)


def _transfer_rows(formulation: Formulation) -> None:
    model, problem, costs = formulation.model, formulation.problem, formulation.costs
    if not formulation.moves_in:
        return
    rules = costs.transfers
    # each school's moves, over all its units and kinds
    for s in range(len(problem.schools)):
        units = np.flatnonzero(problem.school == s)
        outs = [int(formulation.moves_out[k][u]) for k in formulation.moves_out for u in units]
        ins = [int(formulation.moves_in[k][u]) for k in formulation.moves_in for u in units]
        model.add_row(outs, [1.0] * len(outs), -INF, rules.max_out_per_school)
        model.add_row(ins, [1.0] * len(ins), -INF, rules.max_in_per_school)
    # moves stay within the county and the level
    for level in np.unique(problem.level):
        units = problem.units_of_level(level)
        for kind in formulation.moves_in:
            ins = [int(formulation.moves_in[kind][u]) for u in units]
            outs = [int(formulation.moves_out[kind][u]) for u in units]
            model.add_row(ins + outs, [1.0] * len(ins) + [-1.0] * len(outs), 0.0, 0.0)
    # no teacher column goes below zero (a backbone teacher moved out may be a qualified one)
    columns = {c for kind in formulation.moves_out for c in teacher_columns(kind, costs)}
    for name in sorted(columns):
        have = problem.have[name]
        for u in range(problem.size):
            entries = [
                (int(formulation.moves_out[k][u]), -1.0)
                for k in formulation.moves_out
                if name in teacher_columns(k, costs)
            ] + [
                (int(formulation.moves_in[k][u]), 1.0)
                for k in formulation.moves_in
                if name in teacher_columns(k, costs)
            ]
            entries += [
                (int(formulation.unit_vars[key][u]), 1.0)
                for key, lever in formulation.levers.items()
                if key in formulation.unit_vars and name in lever.columns
            ]
            if len([e for e in entries if e[1] < 0]) > 1:
                model.add_row([c for c, _ in entries], [a for _, a in entries], -have[u], INF)


def staffing_posts(problem: CountyProblem, costs: Costs) -> np.ndarray:
    """Per unit, the teachers it may still hire: its posts (students ÷ students per post,
    rounded down) less the teachers it has; unbounded for a level without a quota."""
    posts = np.full(problem.size, INF)
    for level, ratio in costs.staffing.items():
        units = problem.units_of_level(level)
        quota = np.floor(problem.students[units] / ratio + 1e-9)
        posts[units] = np.maximum(quota - problem.have["teachers"][units], 0.0)
    return posts


def _staffing_rows(formulation: Formulation) -> None:
    """New hires only where the staffing quota leaves posts (`Costs.staffing`)."""
    hires = [key for key in formulation.unit_vars if key.startswith("hire_")]
    if not hires or not formulation.costs.staffing:
        return
    posts = staffing_posts(formulation.problem, formulation.costs)
    for u in range(formulation.problem.size):
        if np.isfinite(posts[u]):
            columns = [int(formulation.unit_vars[key][u]) for key in hires]
            formulation.model.add_row(columns, [1.0] * len(columns), -INF, float(posts[u]))


@dataclass
class CvBlock:
    """The extended formulation of one CV limit (one level and indicator).

    With x_i = s·y_i/P_i (y_i the unit's resource, P_i its students, P = Σ P_i),
        CV ≤ c  ⇔  Σ y_i²/P_i ≤ (1 + c²)(Σ y_i)²/P  ⇔  Σ y_i²/(P_i·r) ≤ r,  r = a·Σ y_i,
    a = √((1 + c²)/P): a second-order cone, convex. It is split unit by unit (Vielma, Dunning,
    Huchette & Lubin, "Extended formulations in mixed integer conic quadratic programming",
    2017): t_i ≥ y_i²/(P_i·r) for each unit and Σ t_i ≤ r. Each y²/(P·r) is convex and
    homogeneous, so its tangent at any ratio ρ = y/r,
        t_i ≥ (2ρ·y_i − ρ²·r)/P_i,
    holds for every plan (a valid cut); a few tangents per unit approximate the cone closely,
    where tangents of the whole cone in its hundreds of dimensions converge slowly.
    """

    level: str
    target: int
    units: np.ndarray
    r: int
    t: np.ndarray
    define_row: int
    students: float
    limit: float


# Initial tangents: at these values of a unit's indicator relative to the county mean, a
# geometric grid (ratio 1.12) from 0.2 to 5.4: between two tangents a unit's term of the cone is
# underestimated by at most ((1.12 − 1)/2)² ≈ 0.4 %.
RATIO_GRID = tuple(0.2 * 1.12**k for k in range(30))


def add_cv_block(formulation: Formulation, level: str, target: int, limit: float) -> CvBlock:
    problem, model = formulation.problem, formulation.model
    units = problem.units_of_level(level)
    students = float(problem.students[units].sum())
    a = math.sqrt((1.0 + limit * limit) / students)
    r = model.add_column(0.0, 0.0, INF)
    t = np.array([model.add_column(0.0, 0.0, INF) for _ in units])
    have = problem.have[problem.targets[target].column][units]
    index, value = [r], [1.0 / a]
    for u in units:
        for c, coefficient in formulation.terms[target][u]:
            index.append(c)
            value.append(-coefficient)
    define_row = model.add_row(index, value, float(have.sum()), float(have.sum()))
    model.add_row([*t.tolist(), r], [1.0] * len(t) + [-1.0], -INF, 0.0)
    block = CvBlock(level, target, units, r, t, define_row, students, limit)
    formulation.cv_blocks[(level, target)] = block
    shares = problem.students[units] / (a * students)
    for q in RATIO_GRID:
        _tangents(formulation, block, q * shares)
    return block


def set_cv_limit(formulation: Formulation, block: CvBlock, limit: float) -> None:
    a = math.sqrt((1.0 + limit * limit) / block.students)
    formulation.model.set_coefficient(block.define_row, block.r, 1.0 / a)
    block.limit = limit


# Around a plan that exceeds a limit, tangents also at these multiples of each unit's ratio:
# the next plan usually moves each ratio by 0.1–2 %, where these keep the approximation close.
NEARBY = (0.98, 0.99, 0.995, 1.0, 1.005, 1.01, 1.02)


def add_cv_tangents(
    formulation: Formulation, block: CvBlock, point: np.ndarray, nearby: tuple = (1.0,)
) -> None:
    """Tangents at a plan's resources (`point`, per unit of the block's level) and, with
    `nearby`, at those multiples of each unit's ratio."""
    total = float(point.sum())
    if total <= 0:
        return
    a = math.sqrt((1.0 + block.limit**2) / block.students)
    for factor in nearby:
        _tangents(formulation, block, factor * point / (a * total))


def _tangents(formulation: Formulation, block: CvBlock, ratios: np.ndarray) -> None:
    problem, model = formulation.problem, formulation.model
    have = problem.have[problem.targets[block.target].column]
    for k, u in enumerate(block.units):
        rho = float(ratios[k])
        if rho <= 0:
            continue
        weight = problem.students[u]
        # t_u − (2ρ/P_u)·(have_u + Σ terms) + (ρ²/P_u)·r ≥ 0
        index = [int(block.t[k]), block.r]
        value = [1.0, rho * rho / weight]
        for c, coefficient in formulation.terms[block.target][u]:
            index.append(c)
            value.append(-2.0 * rho * coefficient / weight)
        model.add_row(index, value, 2.0 * rho * have[u] / weight, INF)
        formulation.cuts += 1


def plan_cost(formulation: Formulation, x: np.ndarray) -> float:
    return float(np.dot(formulation.real_cost, x))
