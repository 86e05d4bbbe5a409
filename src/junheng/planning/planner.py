"""Plan every county of a data set: the least-cost plan, or the best plan within a budget."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import polars as pl

from junheng.evaluation import Evaluation, Standard, evaluate
from junheng.planning.costs import Costs, check_costs_for
from junheng.planning.decisions import Decisions
from junheng.planning.explain import explain_infeasible
from junheng.planning.model import formulate
from junheng.planning.problem import county_problem
from junheng.planning.result import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    CountyPlan,
    Plan,
    Reason,
    SolverStats,
)
from junheng.planning.rounds import Round, Rounds
from junheng.planning.schedule import schedule

DEFAULT_TIME_LIMIT = 120.0


class PlanningError(Exception):
    """The planner cannot work with this input (not infeasibility): (zh, en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self) -> str:
        return f"{self.zh}\n{self.en}"


def check_standard(standard: Standard) -> None:
    if standard.school_rule is None or standard.cv_mode != "per_indicator":
        raise PlanningError(
            f"评估标准「{standard.id}」没有学校达标规则或分指标差异系数上限，无法规划；"
            "规划器适用于优质均衡类标准（如 quality-2017 及其省级版本）",
            f"the standard {standard.id!r} has no per-school rule or no per-indicator CV "
            "limits; the planner works with quality-type standards (quality-2017 and its "
            "provincial variants)",
        )


def plan(
    data: pl.DataFrame,
    standard: Standard,
    costs: Costs,
    *,
    budget: float | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Plan:
    """Plan each county of checked template data (`read_school_data`), its latest year.

    `budget` (万元) overrides the costs file's; without one the plan is the least-cost plan
    that makes every unit pass and every CV meet its limit.
    """
    check_standard(standard)
    check_costs_for(costs, standard)
    if budget is None:
        budget = costs.budget
    latest = data.group_by("county_code").agg(pl.col("year").max())
    data = data.join(latest, on=["county_code", "year"], how="semi")
    counties = []
    for _, county in data.sort("county_code").group_by("county_code", maintain_order=True):
        counties.append(plan_county(county, standard, costs, budget=budget, time_limit=time_limit))
    return Plan(standard=standard, costs=costs.with_budget(budget), counties=tuple(counties))


def plan_county(
    data: pl.DataFrame,
    standard: Standard,
    costs: Costs,
    *,
    budget: float | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> CountyPlan:
    """Plan one county-year (`data` holds only its rows)."""
    check_standard(standard)
    before = evaluate(data, standard)
    county = data.row(0, named=True)
    mode = "least_cost" if budget is None else "budget"
    head = {
        "county_code": county["county_code"],
        "county_name": county["county_name"],
        "year": county["year"],
        "mode": mode,
        "budget": budget,
    }
    if before.units.height == 0:
        note = Reason(
            "没有参与计算的评估单位，无需规划", "no school of the county enters the evaluation"
        )
        return CountyPlan(**head, status=OPTIMAL, cost=0.0, before=before, notes=(note,))
    problem = county_problem(before.units, standard, data)
    if budget is None:
        formulation = formulate(problem, costs, require_pass=True)
        rounds = Rounds(formulation, data, standard, time_limit=time_limit)
        rounds.seed_cuts(before)
        result = rounds.solve()
        if result is None:
            reasons = explain_infeasible(problem, costs, data, standard, before, None, time_limit)
            return CountyPlan(
                **head,
                status=INFEASIBLE,
                cost=0.0,
                before=before,
                reasons=tuple(reasons),
                solver=_stats(rounds),
            )
        return _finish(head, result, rounds, costs, before)
    return _within_budget(head, problem, costs, data, standard, before, budget, time_limit)


def _within_budget(head, problem, costs, data, standard, before, budget, time_limit) -> CountyPlan:
    """Most units passing within the budget, then the least cost (two objectives in turn)."""
    formulation = formulate(problem, costs, require_pass=False, budget=budget)
    model = formulation.model
    rounds = Rounds(formulation, data, standard, time_limit=time_limit)
    rounds.seed_cuts(before)
    free = [int(p) for p in formulation.p if model.lower[int(p)] == 0.0]
    count_row = model.add_row(free, [1.0] * len(free))
    while True:
        most_passing = np.zeros(model.columns)  # the CV rounds add columns: size it each time
        most_passing[free] = -1.0
        model.set_costs(most_passing)
        model.set_row_bounds(count_row, -float("inf"), float("inf"))
        first = rounds.solve()
        if first is None:
            reasons = explain_infeasible(problem, costs, data, standard, before, budget, time_limit)
            return CountyPlan(
                **head,
                status=INFEASIBLE,
                cost=0.0,
                before=before,
                reasons=tuple(reasons),
                solver=_stats(rounds),
            )
        best = round(float(first.solution.x[free].sum()))
        model.set_costs(formulation.lever_cost)
        model.set_row_bounds(count_row, best - 0.5, float("inf"))
        second = rounds.solve()
        if second is not None:
            break
    plan = _finish(head, second, rounds, costs, before)
    if plan.passes_after:
        return plan
    # what passing every unit would take, for the bureau to weigh against the budget
    full = formulate(problem, costs, require_pass=True)
    full_rounds = Rounds(full, data, standard, time_limit=time_limit)
    full_rounds.seed_cuts(before)
    full_result = full_rounds.solve()
    needed = full_result.decisions.cost if full_result is not None else None
    note = _budget_note(budget, plan, needed)
    return replace(plan, least_cost=needed, notes=(*plan.notes, note))


def _budget_note(budget: float, plan: CountyPlan, needed: float | None) -> Reason:
    failing = int(plan.after.counties["failing_units"].sum()) if plan.after is not None else 0
    if needed is None:
        return Reason(
            f"预算 {budget:,.2f} 万元内最多使 {failing} 个评估单位以外的全部达标；"
            "即使不限预算也无法使全部评估单位达标",
            f"within {budget:,.2f} 万元 all but {failing} units pass; no plan makes every "
            "unit pass even without a budget limit",
        )
    return Reason(
        f"预算 {budget:,.2f} 万元内仍有 {failing} 个评估单位未达标；"
        f"使全部达标的最低花费为 {needed:,.2f} 万元（缺口 {needed - budget:,.2f} 万元）",
        f"within {budget:,.2f} 万元 {failing} units still fail; passing every unit costs at "
        f"least {needed:,.2f} 万元 ({needed - budget:,.2f} 万元 more)",
    )


def _stats(rounds: Rounds) -> SolverStats:
    model = rounds.formulation.model
    return SolverStats(
        rounds=rounds.count,
        cuts=rounds.formulation.cuts,
        columns=model.columns,
        rows=model.rows,
        seconds=rounds.seconds,
        gap=rounds.gap,
    )


def _finish(head: dict, result: Round, rounds: Rounds, costs: Costs, before: Evaluation):
    decisions: Decisions = result.decisions
    actions, yearly = schedule(decisions.actions, decisions.transfers, costs.years)
    status = OPTIMAL if result.solution.status == "optimal" else FEASIBLE
    notes = []
    private = set(rounds.formulation.problem.private)
    at_private = sorted({a.school_name for a in actions if a.school_code in private})
    if at_private:
        notes.append(
            Reason(
                f"{len(at_private)} 所民办或省市直属学校的措施需由其举办者落实，不参与交流轮岗："
                + "、".join(at_private),
                f"{len(at_private)} private or directly-run (provincial or city) schools: "
                "their operators carry out their measures; they take no part in transfers: "
                + ", ".join(at_private),
            )
        )
    if status == FEASIBLE:
        gap = rounds.gap
        notes.append(
            Reason(
                f"求解达到时间上限，方案可行但未证明最优（最优性差距 {gap:.2%}）",
                f"the solver reached its time limit: the plan works but is not proven "
                f"optimal (gap {gap:.2%})",
            )
        )
    return CountyPlan(
        **head,
        status=status,
        cost=decisions.cost,
        actions=tuple(actions),
        transfers=tuple(decisions.transfers),
        yearly=tuple(yearly),
        before=before,
        after=result.after,
        notes=tuple(notes),
        solver=_stats(rounds),
    )
