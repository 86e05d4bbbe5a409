"""One county-year's planning problem, read off the evaluation core's unit frame.

Everything the model needs is here as arrays over the county's units (a school at one level):
students, the school each belongs to and its share of the school's physical resources, and per
threshold indicator the resource the unit has now and the resource it needs to meet the
threshold (threshold × students / scale, compliance.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from junheng.evaluation.compliance import RELATIVE_TOLERANCE
from junheng.evaluation.standard import Indicator, Standard
from junheng.evaluation.units import RESOURCE_COLUMNS, unit_resource


@dataclass(frozen=True)
class Target:
    """A threshold indicator as the model sees it."""

    indicator: Indicator
    column: str  # the unit frame's resource column
    need: np.ndarray  # per unit: resource needed to meet the threshold
    floor: np.ndarray  # per unit: resource needed to reach floor_ratio of it
    cv_max: dict[str, float]
    # the same two bounds exactly (`need` and `floor` are eased by the core's tolerance)
    exact_need: np.ndarray | None = None
    exact_floor: np.ndarray | None = None


@dataclass(frozen=True)
class CountyProblem:
    county_code: str
    county_name: str
    year: int
    units: pl.DataFrame  # the evaluation's units of this county-year, in model order
    students: np.ndarray
    share: np.ndarray
    level: np.ndarray  # level name per unit
    school: np.ndarray  # school index per unit
    schools: tuple[str, ...]  # school_code per school index
    school_names: tuple[str, ...]
    have: dict[str, np.ndarray]  # unit resource column -> what each unit has now
    targets: tuple[Target, ...]
    min_met: int
    floor_ratio: float
    passing: np.ndarray  # bool per unit: passes the per-school rule now
    # bool per unit: a public, county-run school (公办、县属), the only ones in 交流轮岗
    transferable: np.ndarray
    private: tuple[str, ...] = ()  # school codes of 民办 or 省市直属 schools

    @property
    def size(self) -> int:
        return len(self.students)

    def units_of_level(self, level: str) -> np.ndarray:
        return np.flatnonzero(self.level == level)


def county_problem(
    units: pl.DataFrame, standard: Standard, data: pl.DataFrame | None = None
) -> CountyProblem:
    """The problem of one county-year: `units` is the evaluation's unit frame filtered to it,
    `data` the template rows (for who runs each school; every school public if absent)."""
    rule = standard.school_rule
    assert rule is not None, "the planner needs a standard with a school rule"
    units = units.sort("level", "unit_code")
    first = units.row(0, named=True)
    codes = units["unit_code"].to_list()
    schools = tuple(dict.fromkeys(codes))
    index = {code: i for i, code in enumerate(schools)}
    names = dict(zip(codes, units["school_name"].to_list(), strict=True))
    students = units["students"].cast(pl.Float64).to_numpy()
    level = np.array(units["level"].to_list(), dtype=object)
    have = {
        column: units[column].cast(pl.Float64).fill_null(0.0).to_numpy().copy()
        for column in RESOURCE_COLUMNS
    }
    targets = []
    for indicator in standard.indicators:
        threshold = np.array([indicator.threshold[lv] for lv in level], dtype=float)
        need = threshold * students / indicator.scale
        # a value within the core's relative tolerance of its threshold meets it
        slack = RELATIVE_TOLERANCE * np.maximum(threshold, 1.0) * students / indicator.scale
        targets.append(
            Target(
                indicator=indicator,
                column=unit_resource(indicator.resource),
                need=need - 0.5 * slack,
                floor=rule.floor_ratio * need - 0.5 * slack,
                cv_max=standard.cv_max,
                exact_need=need,
                exact_floor=rule.floor_ratio * need,
            )
        )
    run_by_county = set(codes)
    if data is not None:
        run_by_county = set(
            data.filter((pl.col("ownership") == "公办") & (pl.col("affiliation") == "县属"))[
                "school_code"
            ].to_list()
        )
    return CountyProblem(
        county_code=first["county_code"],
        county_name=first["county_name"],
        year=first["year"],
        units=units,
        students=students,
        share=units["share"].cast(pl.Float64).to_numpy(),
        level=level,
        school=np.array([index[c] for c in codes], dtype=np.int64),
        schools=schools,
        school_names=tuple(names[c] for c in schools),
        have=have,
        targets=tuple(targets),
        min_met=rule.min_met,
        floor_ratio=rule.floor_ratio,
        passing=units["pass"].to_numpy(),
        transferable=np.array([c in run_by_county for c in codes], dtype=bool),
        private=tuple(c for c in schools if c not in run_by_county),
    )
