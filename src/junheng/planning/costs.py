"""The bureau's unit costs and limits (costs.toml): load, check every key, explain in two languages.

The layout is `costs.example.toml` in this package. Prices are in 元 (per m², per room, per
teacher and year), the budget in 万元. Every problem of a file is reported at once, naming the
key, like a standard file's (`junheng.evaluation.standard`).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from junheng.evaluation.standard import Standard
from junheng.evaluation.units import unit_resource

EXAMPLE = "costs.example.toml"
MAX_YEARS = 20
TEACHER_KINDS = ("qualified", "backbone", "pe_art")
# Levels whose staffing quota (students per post) a costs file may set.
STAFFED_LEVELS = ("primary", "junior")


class CostsError(Exception):
    """A costs file is missing or malformed; `problems` are (zh, en) pairs."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.message())

    def message(self) -> str:
        lines = [f"单价文件 {self.source} 有误 / invalid costs file {self.source}:"]
        lines += [f"  - {zh}\n    {en}" for zh, en in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class Transfers:
    """交流轮岗: within the county and the level; limits per school; allowance 元/人/年."""

    allowed: bool = True
    max_out_per_school: int = 3
    max_in_per_school: int = 3
    allowance: float = 0.0


@dataclass(frozen=True)
class Training:
    """Teachers a school already has, trained rather than hired (元/人, paid once):
    培养认定 designates and trains one of its teachers as a county backbone teacher
    (县级骨干教师); 学历提升 takes one of its teachers to a degree above the required one. Each is
    bounded by the school's own teachers who are not yet backbone / above the required degree."""

    allowed: bool = False
    backbone: float = 0.0  # 元/人
    degree: float = 0.0  # 元/人


@dataclass(frozen=True)
class Costs:
    """Unit costs (元) and limits; `budget` in 万元 or None for the least-cost plan.

    `teacher` holds the yearly cost of a new teacher of each kind that may be hired; a kind
    missing from it (the example leaves out backbone teachers, who are designated from a
    school's own teachers) is never hired. `staffing` is the staffing quota of each level in
    students per post (编制标准): a section hires only up to its posts; empty, hiring is unbounded.
    """

    years: int
    teaching_room: float  # 元/m²
    sports_ground: float  # 元/m²
    equipment_factor: float  # 元 spent per 元 of equipment value
    multimedia_classroom: float  # 元/间
    teacher: dict[str, float]  # kind -> 元/人/年
    computer: float | None = None  # 元/台
    book: float | None = None  # 元/册
    hiring: bool = True
    backbone_is_qualified: bool = True
    pe_art_is_qualified: bool = True
    transfers: Transfers = Transfers()
    budget: float | None = None  # 万元
    source: str = ""
    training: Training = Training()
    staffing: dict[str, float] = field(default_factory=dict)  # level -> students per post

    def with_budget(self, budget: float | None) -> Costs:
        return replace(self, budget=budget)


# key -> (kind, required): the file's whole vocabulary.
_SCHEMA: dict[str, dict[str, tuple[str, bool]]] = {
    "plan": {"years": ("years", True), "budget": ("budget", False)},
    "construction": {"teaching_room": ("price", True), "sports_ground": ("price", True)},
    "equipment": {
        "cost_factor": ("price", True),
        "multimedia_classroom": ("price", True),
        "computer": ("price", False),
        "book": ("price", False),
    },
    "teachers": {
        "hiring": ("bool", False),
        "qualified": ("price", True),
        "backbone": ("price", False),
        "pe_art": ("price", True),
        "backbone_is_qualified": ("bool", False),
        "pe_art_is_qualified": ("bool", False),
    },
    "transfers": {
        "allowed": ("bool", False),
        "max_out_per_school": ("count", False),
        "max_in_per_school": ("count", False),
        "allowance": ("money", False),
    },
    "training": {
        "allowed": ("bool", False),
        "backbone": ("price", False),
        "degree": ("price", False),
    },
    "staffing": {"primary": ("ratio", False), "junior": ("ratio", False)},
}

# Resources of a standard's indicators that need an optional price.
_OPTIONAL_PRICES = {"computers": "equipment.computer", "books": "equipment.book"}


def example_text() -> str:
    """The documented example file shipped with the package."""
    return resources.files("junheng.planning").joinpath(EXAMPLE).read_text(encoding="utf-8")


def load_costs(path: str | Path) -> Costs:
    """Read and check a costs file; CostsError listing every problem."""
    source = str(path)
    file = Path(path)
    if not file.is_file():
        raise CostsError(
            source, [(f"找不到单价文件「{source}」", f"costs file not found: {source}")]
        )
    try:
        raw = file.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        raise CostsError(
            source, [("无法读取文件（需 UTF-8 编码）", f"cannot read the file: {exc}")]
        ) from exc
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise CostsError(source, [(f"TOML 格式错误：{exc}", f"not valid TOML: {exc}")]) from exc
    return parse_costs(data, source=source)


def parse_costs(data: dict[str, Any], *, source: str = "<costs>") -> Costs:
    """Check a parsed costs document and build Costs; CostsError listing every problem."""
    problems: list[tuple[str, str]] = []

    def fail(key: str, zh: str, en: str) -> None:
        problems.append((f"「{key}」{zh}", f"{key}: {en}"))

    values: dict[str, Any] = {}
    for table in data:
        if table not in _SCHEMA:
            fail(
                table,
                f"未知的表，可用的表：{'、'.join(_SCHEMA)}",
                f"unknown table; the tables are {', '.join(_SCHEMA)}",
            )
    for table, keys in _SCHEMA.items():
        section = data.get(table, {})
        if not isinstance(section, dict):
            fail(table, "不是表", "is not a table")
            section = {}
        for key in section:
            if key not in keys:
                fail(
                    f"{table}.{key}",
                    f"未知的键，[{table}] 可用的键：{'、'.join(keys)}",
                    f"unknown key; [{table}] has {', '.join(keys)}",
                )
        for key, (kind, required) in keys.items():
            name = f"{table}.{key}"
            if key not in section:
                if required:
                    fail(name, "缺失", "missing")
                continue
            values[name] = _check(section[key], kind, name, fail)
    if problems:
        raise CostsError(source, problems)

    transfers = Transfers(
        allowed=values.get("transfers.allowed", True),
        max_out_per_school=values.get("transfers.max_out_per_school", 3),
        max_in_per_school=values.get("transfers.max_in_per_school", 3),
        allowance=values.get("transfers.allowance", 0.0),
    )
    training_allowed = values.get("training.allowed", True)
    for key in ("backbone", "degree"):
        if training_allowed and f"training.{key}" not in values and "training" in data:
            fail(f"training.{key}", "缺失（不培训时写 allowed = false）", "missing")
    if problems:
        raise CostsError(source, problems)
    training = Training(
        allowed=training_allowed and "training" in data,
        backbone=values.get("training.backbone", 0.0),
        degree=values.get("training.degree", 0.0),
    )
    return Costs(
        years=values["plan.years"],
        budget=values.get("plan.budget"),
        teaching_room=values["construction.teaching_room"],
        sports_ground=values["construction.sports_ground"],
        equipment_factor=values["equipment.cost_factor"],
        multimedia_classroom=values["equipment.multimedia_classroom"],
        computer=values.get("equipment.computer"),
        book=values.get("equipment.book"),
        teacher={
            kind: values[f"teachers.{kind}"]
            for kind in TEACHER_KINDS
            if f"teachers.{kind}" in values
        },
        hiring=values.get("teachers.hiring", True),
        backbone_is_qualified=values.get("teachers.backbone_is_qualified", True),
        pe_art_is_qualified=values.get("teachers.pe_art_is_qualified", True),
        transfers=transfers,
        source=source,
        training=training,
        staffing={
            level: values[f"staffing.{level}"]
            for level in STAFFED_LEVELS
            if f"staffing.{level}" in values
        },
    )


def _check(value: Any, kind: str, name: str, fail) -> Any:
    if kind == "bool":
        if not isinstance(value, bool):
            fail(name, "必须是 true 或 false", "must be true or false")
        return value
    if kind in ("years", "count"):
        if isinstance(value, bool) or not isinstance(value, int):
            fail(name, "必须是整数", "must be a whole number")
            return value
        if kind == "years" and not 1 <= value <= MAX_YEARS:
            fail(name, f"必须在 1 到 {MAX_YEARS} 之间", f"must be between 1 and {MAX_YEARS}")
        if kind == "count" and value < 0:
            fail(name, "不能为负数", "must not be negative")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        fail(name, "不是数字", "is not a number")
        return value
    if kind == "money" and value < 0:
        fail(name, "不能为负数", "must not be negative")
    if kind in ("price", "budget", "ratio") and value <= 0:
        fail(name, "必须大于 0", "must be greater than 0")
    return float(value)


def check_costs_for(costs: Costs, standard: Standard) -> None:
    """The optional prices the standard's indicators need (computers, books) must be given."""
    problems = []
    for indicator in standard.indicators:
        key = _OPTIONAL_PRICES.get(unit_resource(indicator.resource))
        if key is None:
            continue
        price = costs.computer if key == "equipment.computer" else costs.book
        if price is None:
            problems.append(
                (
                    f"「{key}」缺失：评估标准的指标「{indicator.name}」需要这一单价",
                    f"{key}: missing; the standard's indicator {indicator.key} needs it",
                )
            )
    if problems:
        raise CostsError(costs.source or "<costs>", problems)
