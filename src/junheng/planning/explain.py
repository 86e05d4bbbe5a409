"""Why no plan exists: what cannot be met, in Chinese and English.

Checked in turn, stopping at the first that explains:
1. (least-cost plans) units that cannot pass whatever the county does: an indicator no lever
   raises (中级职称; teachers when hiring is off and transfers are limited) below its 85 %
   floor, or too few indicators that can reach their thresholds — by arithmetic, an upper
   bound on what each lever can add;
2. CV limits that no plan meets with the levers allowed (a MIP per CV that fails now);
3. (with a budget) the CV limits cost more than the budget — with the least that meets them;
4. units that can each pass alone but not all together (the transfer pool is too small), or
   passing every unit and the CV limits together.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from junheng.evaluation import Evaluation, Standard
from junheng.evaluation.levels import LEVEL_NAMES
from junheng.planning.costs import Costs
from junheng.planning.levers import (
    hire_levers,
    physical_levers,
    teacher_columns,
    training_levers,
    transfer_kinds,
)
from junheng.planning.model import formulate, staffing_posts
from junheng.planning.problem import CountyProblem
from junheng.planning.result import Reason
from junheng.planning.rounds import Rounds

SHOWN_UNITS = 20


def explain_infeasible(
    problem: CountyProblem,
    costs: Costs,
    data: pl.DataFrame,
    standard: Standard,
    before: Evaluation,
    budget: float | None,
    time_limit: float,
) -> list[Reason]:
    if budget is None:
        reasons = units_beyond_reach(problem, costs)
        if reasons:
            return reasons
    reasons = _unreachable_cvs(problem, costs, data, standard, before, time_limit)
    if reasons:
        return reasons
    if budget is not None:
        return [_budget_too_small(problem, costs, data, standard, before, budget, time_limit)]
    return _jointly(problem, costs, data, standard, time_limit)


def _reach(problem: CountyProblem, costs: Costs, column: str) -> tuple[np.ndarray, str, str]:
    """The most each unit's `column` can reach, and why it can go no further (zh, en)."""
    have = problem.have[column]
    if any(column in lever.columns for lever in physical_levers(costs)):
        return np.full(problem.size, math.inf), "", ""
    if any(column in lever.columns for lever in hire_levers(costs)):
        if not costs.staffing:
            return np.full(problem.size, math.inf), "", ""
        # hires within the posts, training within the section's own teachers
        reach = have + staffing_posts(problem, costs)
        for lever in training_levers(costs):
            if column in lever.columns:
                reach = reach + np.maximum(problem.have["teachers"] - have, 0.0)
        return (
            reach,
            "新增教师受编制限制（编制空额不足）",
            "hires are limited by the staffing quota (too few vacant posts)",
        )
    training = [lever for lever in training_levers(costs) if column in lever.columns]
    if training and not transfer_kinds(costs):
        return (
            np.maximum(have, problem.have["teachers"]),
            "只能从本校现有教师中培养（不新增教师、不交流轮岗）",
            "only the section's own teachers can be trained (no hiring, no transfers)",
        )
    kinds = [k for k in transfer_kinds(costs) if column in teacher_columns(k, costs)]
    if not kinds:
        if column.endswith("_teachers") and column != "senior_title_teachers":
            return (
                have,
                "不允许新增教师（teachers.hiring = false），也不允许交流轮岗",
                "hiring is off (teachers.hiring = false) and transfers are not allowed",
            )
        return have, "不能通过建设、购置或招聘提高", "no purchase, building or hire raises it"
    rules = costs.transfers
    reach = have.copy()
    for level in np.unique(problem.level):
        units = problem.units_of_level(level)
        movable = problem.transferable[units]
        giving = movable * sum(
            np.minimum(problem.have[f"{k}_teachers"][units], rules.max_out_per_school)
            for k in kinds
        )
        others = giving.sum() - giving
        reach[units] = have[units] + movable * np.minimum(rules.max_in_per_school, others)
    if training:  # and the section's own teachers not yet of the kind, trained
        reach = reach + np.maximum(problem.have["teachers"] - have, 0.0)
    return (
        reach,
        f"不允许新增教师，交流轮岗每校最多调入 {rules.max_in_per_school} 人",
        f"hiring is off and a school receives at most {rules.max_in_per_school} transferred "
        "teachers",
    )


def units_beyond_reach(problem: CountyProblem, costs: Costs) -> list[Reason]:
    """The units that cannot pass whatever the plan, each with the indicators that stop it."""
    reach = {t.column: _reach(problem, costs, t.column) for t in problem.targets}
    reasons = []
    for u in range(problem.size):
        if problem.passing[u]:
            continue
        can_meet = 0
        below_floor: list[tuple[str, str]] = []
        unmet: list[tuple[str, str]] = []
        why: dict[str, str] = {}
        for target in problem.targets:
            most, why_zh, why_en = reach[target.column]
            top = most[u]
            if top >= target.need[u]:
                can_meet += 1
                continue
            text = _indicator_text(problem, target, u, top)
            (below_floor if top < target.floor[u] else unmet).append(text)
            why[why_zh] = why_en
        if can_meet >= problem.min_met and not below_floor:
            continue
        name = problem.school_names[problem.school[u]]
        code = problem.schools[problem.school[u]]
        level = str(problem.level[u])
        parts_zh, parts_en = [], []
        if below_floor:
            parts_zh.append(
                f"低于 {problem.floor_ratio:.0%} 底线且无法提高到底线："
                + "；".join(zh for zh, _ in below_floor)
            )
            parts_en.append(
                f"Below the {problem.floor_ratio:.0%} floor and cannot reach it: "
                + "; ".join(en for _, en in below_floor)
            )
        if can_meet < problem.min_met:
            zh = f"最多只能有 {can_meet} 项指标达标（至少需 {problem.min_met} 项）"
            en = f"At most {can_meet} indicators can be met ({problem.min_met} needed)"
            if unmet:
                also_zh, also_en = ("另有", "also ") if below_floor else ("", "")
                zh += f"，{also_zh}无法达标的：" + "；".join(z for z, _ in unmet)
                en += f"; {also_en}out of reach: " + "; ".join(e for _, e in unmet)
            parts_zh.append(zh)
            parts_en.append(en)
        reasons.append(
            Reason(
                f"{name}（{code}）{LEVEL_NAMES[level]}无法达标。"
                + "。".join(parts_zh)
                + "。原因："
                + "；".join(why),
                f"{name} ({code}), {level}, cannot pass. "
                + ". ".join(parts_en)
                + ". Why: "
                + "; ".join(why.values()),
            )
        )
    return _capped(reasons)


def _shown(value: float, bound: float) -> str:
    """A value to two decimals, or four where two would hide that it is below `bound`."""
    text = f"{value:.2f}"
    return f"{value:.4f}" if value < bound and float(text) >= bound else text


def _indicator_text(problem, target, u, top) -> tuple[str, str]:
    indicator = target.indicator
    students = problem.students[u]
    level = str(problem.level[u])
    now = problem.have[target.column][u] * indicator.scale / students
    threshold = indicator.threshold[level]
    floor = threshold * problem.floor_ratio
    most = top * indicator.scale / students
    bound = floor if most < floor else threshold
    reach_zh = "" if most == now else f"，最多可到 {_shown(most, bound)}"
    reach_en = "" if most == now else f", at most {_shown(most, bound)}"
    return (
        f"「{indicator.name}」现为 {_shown(now, bound)} {indicator.unit}"
        f"（达标线 {threshold:g}，底线 {floor:.4g}）{reach_zh}",
        f"{indicator.key} is {_shown(now, bound)} (threshold {threshold:g}, floor "
        f"{floor:.4g}){reach_en}",
    )


def _capped(reasons: list[Reason]) -> list[Reason]:
    if len(reasons) <= SHOWN_UNITS:
        return reasons
    rest = len(reasons) - SHOWN_UNITS
    return [
        *reasons[:SHOWN_UNITS],
        Reason(f"……另有 {rest} 个评估单位同样无法达标", f"… and {rest} more such units"),
    ]


def _cv_name(problem: CountyProblem, level: str, j: int) -> tuple[str, str]:
    target = problem.targets[j]
    limit = target.cv_max[level]
    return (
        f"{LEVEL_NAMES[level]}「{target.indicator.name}」的差异系数（上限 {limit:.2f}）",
        f"the {level} CV of {target.indicator.key} (limit {limit:.2f})",
    )


def _failing_groups(problem: CountyProblem, before: Evaluation) -> list[tuple[str, int]]:
    keys = {t.indicator.key: j for j, t in enumerate(problem.targets)}
    return [
        (row["level"], keys[row["indicator"]])
        for row in before.indicators.iter_rows(named=True)
        if not row["cv_pass"]
    ]


def _unreachable_cvs(problem, costs, data, standard, before, time_limit) -> list[Reason]:
    reasons = []
    for level, j in _failing_groups(problem, before):
        formulation = formulate(problem, costs, require_pass=False)
        rounds = Rounds(formulation, data, standard, time_limit=time_limit, groups={(level, j)})
        rounds.seed_cuts(before)
        if rounds.solve() is None:
            zh, en = _cv_name(problem, level, j)
            row = before.indicators.filter(
                (pl.col("level") == level)
                & (pl.col("indicator") == problem.targets[j].indicator.key)
            ).row(0, named=True)
            why_zh, why_en = _levers_text(costs, problem.targets[j].column)
            reasons.append(
                Reason(
                    f"{zh}现为 {row['cv']:.3f}，任何方案都无法使其达标：{why_zh}",
                    f"{en} is {row['cv']:.3f}; no plan brings it under the limit: {why_en}",
                )
            )
    return reasons


def _levers_text(costs: Costs, column: str) -> tuple[str, str]:
    """Why the levers allowed cannot move a CV (zh, en)."""
    if column.endswith("_teachers") and column != "senior_title_teachers":
        rules = costs.transfers
        if not costs.hiring and not transfer_kinds(costs):
            return "不允许新增教师，也不允许交流轮岗", "no hiring and no transfers"
        if not costs.hiring:
            return (
                f"不允许新增教师，交流轮岗每校最多调入 {rules.max_in_per_school} 人、"
                f"调出 {rules.max_out_per_school} 人",
                f"no hiring, and transfers are limited to {rules.max_in_per_school} in and "
                f"{rules.max_out_per_school} out per school",
            )
    if not any(column in lever.columns for lever in (*physical_levers(costs), *hire_levers(costs))):
        return "不能通过建设、购置或招聘提高", "no purchase, building or hire raises it"
    return "可用措施不足", "the levers allowed are not enough"


def _budget_too_small(problem, costs, data, standard, before, budget, time_limit) -> Reason:
    formulation = formulate(problem, costs, require_pass=False)
    rounds = Rounds(formulation, data, standard, time_limit=time_limit)
    rounds.seed_cuts(before)
    result = rounds.solve()
    names = [_cv_name(problem, level, j) for level, j in _failing_groups(problem, before)]
    which_zh = "、".join(zh for zh, _ in names) or "差异系数"
    which_en = ", ".join(en for _, en in names) or "the CVs"
    if result is None:
        return Reason(
            f"{which_zh}与各校现有达标状态无法同时满足",
            f"{which_en} cannot be met while keeping the passing units passing",
        )
    needed = result.decisions.cost
    return Reason(
        f"预算 {budget:,.2f} 万元不足以使{which_zh}达标：最少需要 {needed:,.2f} 万元"
        f"（缺口 {needed - budget:,.2f} 万元）",
        f"a budget of {budget:,.2f} 万元 cannot bring {which_en} under the limit: it takes "
        f"at least {needed:,.2f} 万元 ({needed - budget:,.2f} 万元 more)",
    )


def _jointly(problem, costs, data, standard, time_limit) -> list[Reason]:
    """Every unit can pass alone and every CV can be met alone; not all together."""
    formulation = formulate(problem, costs, require_pass=False)
    model = formulation.model
    free = [int(p) for p in formulation.p if model.lower[int(p)] == 0.0]
    objective = np.zeros(model.columns)
    objective[free] = -1.0
    model.set_costs(objective)
    rounds = Rounds(formulation, data, standard, time_limit=time_limit, groups=set())
    result = rounds.solve()
    if result is None:
        return [Reason("无法找到满足全部约束的方案", "no plan meets all the constraints")]
    left = [
        u
        for u in range(problem.size)
        if model.lower[int(formulation.p[u])] == 0.0 and not result.decisions.passing[u]
    ]
    if not left:
        return [
            Reason(
                "每个评估单位都能达标、每项差异系数也都能单独达标，但二者无法同时满足"
                "（交流轮岗的教师不够同时满足两方面）",
                "every unit can pass and every CV can be met, but not both at once (there are "
                "not enough teachers to transfer for both)",
            )
        ]
    names = "、".join(
        f"{problem.school_names[problem.school[u]]}（{LEVEL_NAMES[str(problem.level[u])]}）"
        for u in left[:SHOWN_UNITS]
    )
    more = f"等 {len(left)} 个" if len(left) > SHOWN_UNITS else ""
    return [
        Reason(
            f"以下评估单位单独都能达标，但无法同时达标（可交流的教师不够分配）：{names}{more}",
            "these units can each pass alone but not all at once (not enough teachers to "
            "transfer): "
            + ", ".join(
                f"{problem.schools[problem.school[u]]} ({problem.level[u]})"
                for u in left[:SHOWN_UNITS]
            )
            + (f" and {len(left) - SHOWN_UNITS} more" if len(left) > SHOWN_UNITS else ""),
        )
    ]
