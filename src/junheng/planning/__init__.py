"""The improvement planner (规划): the cheapest way for a county to pass quality balance.

    from junheng.planning import load_costs, plan
    result = plan(read_school_data(["county.xlsx"]), load_standard("quality-2017"),
                  load_costs("costs.toml"))

Pure: no Django, no database and no rendering — a `Plan` is data; its JSON, terminal table
and workbook are `junheng.reports.plan_report`'s, and the web's plan pages use its
`county_to_dict`.

The model (a mixed-integer program solved by HiGHS, `model.py`):
- levers: per school, m² of teaching rooms and of sports grounds and 万元 of equipment value
  (continuous) and multimedia classrooms (integer) — a multi-level school's units receive their
  student-equivalent share of them (docs/standards.md §3); per unit (a school's section), teachers
  hired and teachers transferred in or out (integers), of three kinds (高于规定学历, 骨干,
  体育艺术; see `levers.py` for what each counts as). Buildings never move.
- per unit, binaries p (passes) and z_j (indicator j met): met ⇒ at least the threshold,
  pass ⇒ every indicator at least 85 % of it and at least 6 met (quality-2017 第六条).
- transfers stay within the county and the level, among its public county-run schools (公办、
  县属: private and directly-run schools are planned for but take no part), at most
  `max_out_per_school` out and `max_in_per_school` in per school; no teacher column goes below
  zero.
- every indicator's enrolment-weighted CV within its limit: convex (a second-order cone in the
  units' resources), split unit by unit into small rotated cones (`model.CvBlock`) and handled
  by an outer approximation — tangent cuts on a grid from the start for the CVs near their
  limit, and more tangents wherever the plan's true CV, computed by the evaluation core on
  the data with the plan applied, still exceeds the limit; re-solved until none does
  (`rounds.py`). The cuts never exclude a plan that meets the limits, so the final plan is
  optimal as well as sound.
- objective: the plan's cost over the plan's years (buildings and equipment once, a teacher's
  pay and a transfer allowance every year); or, with a budget, the most passing units within
  it and then the least cost. Units passing now keep passing. Solved to HiGHS's relative gap of
  0.01 % (a plan within 0.01 % of the least cost), or the gap reached at the time limit.
- what cannot be met, when no plan exists, is worked out by `explain.py`.
- the schedule over the years: `schedule.py`.

The county's indicators after the plan are always the evaluation core's, on the template
data with the plan applied (`apply.py`).
"""

from junheng.planning.apply import apply_county_plan, apply_plan
from junheng.planning.costs import Costs, CostsError, Transfers, example_text, load_costs
from junheng.planning.planner import PlanningError, plan, plan_county
from junheng.planning.result import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    Action,
    CountyPlan,
    Plan,
    Reason,
    Transfer,
    YearSpend,
)
from junheng.planning.rounds import PlanningFailed

__all__ = [
    "FEASIBLE",
    "INFEASIBLE",
    "OPTIMAL",
    "Action",
    "Costs",
    "CostsError",
    "CountyPlan",
    "Plan",
    "PlanningError",
    "PlanningFailed",
    "Reason",
    "Transfer",
    "Transfers",
    "YearSpend",
    "apply_county_plan",
    "apply_plan",
    "example_text",
    "load_costs",
    "plan",
    "plan_county",
]
