"""Read a plan off the solver's solution: whole rooms and teachers, whole m² and 0.01 万元,
rounded up with a margin beyond every threshold the plan reaches (`_amount`)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from junheng.planning.levers import transfer_cost_wan
from junheng.planning.model import Formulation
from junheng.planning.problem import CountyProblem
from junheng.planning.result import Action, Transfer


@dataclass(frozen=True)
class Decisions:
    actions: list[Action]
    transfers: list[Transfer]
    passing: np.ndarray  # the model's p per unit (1: the plan makes the unit pass)

    @property
    def cost(self) -> float:
        return sum(a.cost for a in self.actions) + sum(t.cost for t in self.transfers)


def unit_urgency(problem: CountyProblem) -> np.ndarray:
    """0: below an 85 % floor now (fails whatever else it has), 1: failing, 2: passing."""
    below = np.zeros(problem.size, dtype=bool)
    for target in problem.targets:
        below |= problem.have[target.column] < target.floor
    return np.where(below, 0, np.where(problem.passing, 2, 1))


# A unit whose resource the solution brings this close to a threshold or floor is meant to meet
# it (the solver's feasibility tolerance is 1e-7).
MEANT = 1e-6


def _amount(problem: CountyProblem, school: int, lever, x: float) -> float:
    """The amount of a continuous purchase, in whole quanta (whole m², 0.01 万元): the
    solution's rounded up, and, for each threshold or 85 % floor the solution takes one of the
    school's units to, enough that the school's new total, even rounded down to the quantum as
    a workbook shows it, lies strictly beyond that bound — no unit passes by landing exactly on
    a threshold, nor fails once the bureau's Excel rounds the figure (docs/standards.md §2:
    a value equal to its threshold meets it, so the margin is one quantum at most)."""
    quantum = lever.quantum
    amount = max(math.ceil(x / quantum - 1e-6), 0) * quantum
    for u in np.flatnonzero(problem.school == school):
        share = problem.share[u]
        for target in problem.targets:
            if target.column not in lever.columns or share <= 0:
                continue
            have = problem.have[target.column][u]
            reached = have + share * x
            exact = (target.exact_need[u], target.exact_floor[u])
            for bound, eased in zip(exact, (target.need[u], target.floor[u]), strict=True):
                if have < bound and reached >= eased - MEANT * max(1.0, bound):
                    # the school's total as the template holds it: the unit's part ÷ its share
                    total, goal = have / share, bound / share
                    beyond = (math.floor(goal / quantum + 1e-9) + 1) * quantum
                    least = math.ceil((beyond - total) / quantum - 1e-9) * quantum
                    amount = max(amount, least)
    return round(amount, 6)


def decide(formulation: Formulation, x: np.ndarray) -> Decisions:
    problem, costs = formulation.problem, formulation.costs
    urgency = unit_urgency(problem)
    school_urgency = np.full(len(problem.schools), 2)
    np.minimum.at(school_urgency, problem.school, urgency)
    actions: list[Action] = []
    for key, columns in formulation.school_vars.items():
        lever = formulation.levers[key]
        for s, c in enumerate(columns):
            amount = round(x[c]) if lever.integer else _amount(problem, s, lever, x[c])
            if amount <= 0:
                continue
            actions.append(
                Action(
                    school_code=problem.schools[s],
                    school_name=problem.school_names[s],
                    level=None,
                    lever=key,
                    name_zh=lever.name_zh,
                    quantity=float(amount),
                    unit=lever.unit_zh,
                    unit_cost=lever.unit_cost,
                    cost=amount * lever.cost_wan(costs.years),
                    year=0,
                    urgency=int(school_urgency[s]),
                )
            )
    for key, columns in formulation.unit_vars.items():
        lever = formulation.levers[key]
        for u, c in enumerate(columns):
            count = round(x[c])
            if count <= 0:
                continue
            s = problem.school[u]
            actions.append(
                Action(
                    school_code=problem.schools[s],
                    school_name=problem.school_names[s],
                    level=str(problem.level[u]),
                    lever=key,
                    name_zh=lever.name_zh,
                    quantity=float(count),
                    unit=lever.unit_zh,
                    unit_cost=lever.unit_cost,
                    cost=count * lever.cost_wan(costs.years),
                    year=0,
                    urgency=int(urgency[u]),
                )
            )
    transfers = _pair_moves(formulation, x)
    passing = np.round(x[formulation.p]).astype(bool)
    return Decisions(actions, transfers, passing)


def _pair_moves(formulation: Formulation, x: np.ndarray) -> list[Transfer]:
    """Match each level's senders with its receivers, kind by kind. Transfers cost the same
    whoever goes where, so any matching is as good: the largest sender fills the largest
    receiver first, which keeps the number of distinct moves small."""
    problem = formulation.problem
    per_teacher = transfer_cost_wan(formulation.costs)
    transfers: list[Transfer] = []
    for kind in formulation.moves_in:
        by_level: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
        for u in range(problem.size):
            sent = round(x[formulation.moves_out[kind][u]])
            received = round(x[formulation.moves_in[kind][u]])
            # a school never both sends and receives the same kind in an optimal plan; net it
            net = received - sent
            senders, receivers = by_level[str(problem.level[u])]
            if net < 0:
                senders.append([u, -net])
            elif net > 0:
                receivers.append([u, net])
        for level, (senders, receivers) in sorted(by_level.items()):
            senders.sort(key=lambda item: (-item[1], item[0]))
            receivers.sort(key=lambda item: (-item[1], item[0]))
            i = 0
            for receiver in receivers:
                while receiver[1] > 0 and i < len(senders):
                    moved = min(receiver[1], senders[i][1])
                    source, target = senders[i][0], receiver[0]
                    transfers.append(
                        Transfer(
                            kind=kind,
                            level=level,
                            from_code=problem.schools[problem.school[source]],
                            from_name=problem.school_names[problem.school[source]],
                            to_code=problem.schools[problem.school[target]],
                            to_name=problem.school_names[problem.school[target]],
                            teachers=moved,
                            cost=moved * per_teacher,
                        )
                    )
                    receiver[1] -= moved
                    senders[i][1] -= moved
                    if senders[i][1] == 0:
                        i += 1
    return transfers
