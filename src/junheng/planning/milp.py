"""A small mixed-integer model over HiGHS (highspy): columns, rows, solve, add rows, re-solve.

Columns and rows are collected in Python lists and handed to HiGHS in one `passModel` (row-wise
sparse matrix); cuts are added later with `addRows` and the objective changed with
`changeColsCost`, so one HiGHS instance serves every round of a plan.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

INF = highspy.kHighsInf
_BANNER_LOCK = threading.Lock()
_banner_shown = False


def _new_highs() -> highspy.Highs:
    """A silent HiGHS instance. The first one in a process prints a banner with C printf on
    standard output, which would corrupt `junheng plan --format json` on stdout: file
    descriptor 1 points at /dev/null while it is made."""
    global _banner_shown
    with _BANNER_LOCK:
        if _banner_shown:
            highs = highspy.Highs()
        else:
            sys.stdout.flush()
            saved = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                highs = highspy.Highs()
                ctypes.CDLL(None).fflush(None)
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(devnull)
            _banner_shown = True
    highs.setOptionValue("output_flag", False)
    return highs


@dataclass(frozen=True)
class Solution:
    status: str  # "optimal", "feasible" (time limit with a solution), "infeasible", "failed"
    x: np.ndarray
    objective: float
    gap: float
    seconds: float

    @property
    def found(self) -> bool:
        return self.status in ("optimal", "feasible")


class Model:
    """Columns with cost, bounds and integrality; rows lower ≤ Σ a·x ≤ upper."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []
        self.row_start: list[int] = [0]
        self.row_index: list[int] = []
        self.row_value: list[float] = []
        self._highs: highspy.Highs | None = None

    @property
    def columns(self) -> int:
        return len(self.cost)

    @property
    def rows(self) -> int:
        return len(self.row_lower)

    def add_column(
        self, cost: float = 0.0, lower: float = 0.0, upper: float = INF, integer: bool = False
    ) -> int:
        """A new column (with no entries in the rows made so far)."""
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        column = len(self.cost) - 1
        if self._highs is not None:
            empty_i, empty_v = np.array([], dtype=np.int32), np.array([], dtype=np.float64)
            self._highs.addCol(cost, lower, upper, 0, empty_i, empty_v)
            if integer:
                self._highs.changeColIntegrality(column, highspy.HighsVarType.kInteger)
        return column

    def add_row(
        self,
        index: Sequence[int],
        value: Sequence[float],
        lower: float = -INF,
        upper: float = INF,
    ) -> int:
        merged: dict[int, float] = {}
        for i, v in zip(index, value, strict=True):
            merged[i] = merged.get(i, 0.0) + v
        entries = [(i, v) for i, v in merged.items() if v != 0.0]
        if self._highs is not None:
            self._highs.addRows(
                1,
                np.array([lower], dtype=np.float64),
                np.array([upper], dtype=np.float64),
                len(entries),
                np.array([0], dtype=np.int32),
                np.array([i for i, _ in entries], dtype=np.int32),
                np.array([v for _, v in entries], dtype=np.float64),
            )
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        self.row_index.extend(i for i, _ in entries)
        self.row_value.extend(v for _, v in entries)
        self.row_start.append(len(self.row_index))
        return len(self.row_lower) - 1

    def set_coefficient(self, row: int, column: int, value: float) -> None:
        """Change one entry of a row (the entry must exist)."""
        start, end = self.row_start[row], self.row_start[row + 1]
        position = start + self.row_index[start:end].index(column)
        self.row_value[position] = value
        if self._highs is not None:
            self._highs.changeCoeff(row, column, value)

    def set_costs(self, cost: np.ndarray) -> None:
        """The objective's coefficient of every column (one per column)."""
        assert len(cost) == self.columns, "one cost per column"
        self.cost = [float(c) for c in cost]
        if self._highs is not None:
            n = len(self.cost)
            self._highs.changeColsCost(
                n, np.arange(n, dtype=np.int32), np.asarray(cost, dtype=np.float64)
            )

    def set_bounds(self, column: int, lower: float, upper: float) -> None:
        self.lower[column], self.upper[column] = lower, upper
        if self._highs is not None:
            self._highs.changeColBounds(column, lower, upper)

    def set_row_bounds(self, row: int, lower: float, upper: float) -> None:
        self.row_lower[row], self.row_upper[row] = lower, upper
        if self._highs is not None:
            self._highs.changeRowBounds(row, lower, upper)

    def _build(self, time_limit: float, gap: float) -> highspy.Highs:
        highs = _new_highs()
        highs.setOptionValue("time_limit", float(time_limit))
        highs.setOptionValue("mip_rel_gap", float(gap))
        highs.setOptionValue("mip_abs_gap", 1e-7)
        highs.setOptionValue("random_seed", 0)
        lp = highspy.HighsLp()
        lp.num_col_ = self.columns
        lp.num_row_ = self.rows
        lp.col_cost_ = np.array(self.cost, dtype=np.float64)
        lp.col_lower_ = np.array(self.lower, dtype=np.float64)
        lp.col_upper_ = np.array(self.upper, dtype=np.float64)
        lp.row_lower_ = np.array(self.row_lower, dtype=np.float64)
        lp.row_upper_ = np.array(self.row_upper, dtype=np.float64)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(self.row_start, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(self.row_index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(self.row_value, dtype=np.float64)
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in self.integer
        ]
        highs.passModel(lp)
        return highs

    def solve(self, *, time_limit: float = 120.0, gap: float = 1e-4) -> Solution:
        if self._highs is None:
            self._highs = self._build(time_limit, gap)
        highs = self._highs
        highs.setOptionValue("time_limit", float(time_limit))
        highs.setOptionValue("mip_rel_gap", float(gap))
        highs.run()
        status = highs.getModelStatus()
        info = highs.getInfo()
        seconds = highs.getRunTime()
        has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
        if status == highspy.HighsModelStatus.kOptimal:
            kind = "optimal"
        elif has_solution and status in (
            highspy.HighsModelStatus.kTimeLimit,
            highspy.HighsModelStatus.kInterrupt,
            highspy.HighsModelStatus.kSolutionLimit,
        ):
            kind = "feasible"
        elif status in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            kind = "infeasible"
        else:
            kind = "failed"
        if kind in ("optimal", "feasible"):
            x = np.array(highs.getSolution().col_value, dtype=np.float64)
            return Solution(kind, x, info.objective_function_value, info.mip_gap, seconds)
        return Solution(kind, np.zeros(self.columns), float("nan"), float("nan"), seconds)
