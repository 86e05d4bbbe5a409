"""What a plan is: actions per school (and level), transfers, the yearly spending, the verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field

from junheng.evaluation import Evaluation, Standard
from junheng.planning.costs import Costs

# status of a county's plan
OPTIMAL = "optimal"  # least cost (or, with a budget, most units passing, then least cost)
FEASIBLE = "feasible"  # a plan that works, the solver stopped at its time limit before proving it
INFEASIBLE = "infeasible"  # no plan meets the constraints: `reasons` say what cannot be met


@dataclass(frozen=True)
class Reason:
    """One thing that cannot be met (or a note), in Chinese and English."""

    zh: str
    en: str


@dataclass(frozen=True)
class Action:
    """One purchase at one school: build, buy or hire. `level` is None for whole-school items."""

    school_code: str
    school_name: str
    level: str | None
    lever: str  # teaching_room, sports_ground, equipment, multimedia_classroom, hire_<kind>, …
    name_zh: str
    quantity: float
    unit: str  # m², 万元, 间, 人
    unit_cost: float  # 元 per item (per year for teachers)
    cost: float  # 万元 over the whole plan
    year: int  # plan year 1…years
    urgency: int  # 0: fixes a unit below the 85 % floor, 1: a failing unit, 2: the CVs only


@dataclass(frozen=True)
class Transfer:
    """交流轮岗: `teachers` teachers of `kind` move from one school's section to another's."""

    kind: str
    level: str
    from_code: str
    from_name: str
    to_code: str
    to_name: str
    teachers: int
    cost: float  # 万元 over the plan (allowance × years × teachers)
    year: int = 1


@dataclass(frozen=True)
class YearSpend:
    year: int
    capital: float  # 万元 built and bought in the year
    staff: float  # 万元 paid to new teachers and transfer allowances in the year

    @property
    def total(self) -> float:
        return self.capital + self.staff


@dataclass(frozen=True)
class SolverStats:
    rounds: int = 0  # MIP solves (each round adds CV cuts where the true CV still fails)
    cuts: int = 0
    columns: int = 0
    rows: int = 0
    seconds: float = 0.0
    gap: float = 0.0


@dataclass(frozen=True)
class CountyPlan:
    county_code: str
    county_name: str
    year: int
    status: str
    mode: str  # "least_cost" or "budget"
    budget: float | None  # 万元
    cost: float  # 万元 over the plan
    actions: tuple[Action, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    yearly: tuple[YearSpend, ...] = ()
    before: Evaluation | None = None  # the county as it is
    after: Evaluation | None = None  # the county with the plan applied (evaluation core)
    reasons: tuple[Reason, ...] = ()
    notes: tuple[Reason, ...] = ()
    least_cost: float | None = None  # with a budget that is not enough: what passing takes
    solver: SolverStats = field(default_factory=SolverStats)

    @property
    def passes_after(self) -> bool | None:
        if self.after is None:
            return None
        return bool(self.after.counties["pass"].all())


@dataclass(frozen=True)
class Plan:
    standard: Standard
    costs: Costs
    counties: tuple[CountyPlan, ...]

    @property
    def feasible(self) -> bool:
        return all(c.status != INFEASIBLE for c in self.counties)
