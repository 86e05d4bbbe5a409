"""The starting questionnaires shipped as data (questionnaires/*.toml): read and checked.

A survey is created from one of them and then edited as its own copy; the file is never
touched. Pure: no Django. Every problem of a file is reported at once, naming the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

from junheng.surveys.rates import FORMULAS, check_scale

QUESTION_KINDS = ("scale", "single", "multiple", "text")
GROUP_KINDS = ("parent", "teacher", "principal", "student", "deputy", "cppcc", "public", "other")
SAMPLE_KEYS = (
    "per_mille",
    "minimum",
    "minimum_below_population",
    "parents_min_share",
    "valid_return_min_share",
)


class BlueprintError(Exception):
    """A starting questionnaire file that cannot be used; `problems` lists every reason."""

    def __init__(self, name: str, problems: list[str]) -> None:
        super().__init__(f"{name}: " + "; ".join(problems))
        self.name, self.problems = name, problems


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    text: str
    options: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class QuestionnaireSpec:
    name: str
    intro: str
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str
    questionnaire: str


@dataclass(frozen=True)
class Blueprint:
    key: str
    title: str
    standard: str
    intro: str
    rate_formula: str
    partial_weight: Decimal
    target: Decimal
    scale: tuple[dict[str, str], ...]
    questionnaires: tuple[QuestionnaireSpec, ...]
    groups: tuple[GroupSpec, ...]
    sample: dict[str, Decimal] = field(default_factory=dict)


def available() -> list[str]:
    """The keys of the shipped files (their names without .toml)."""
    folder = resources.files("junheng.surveys") / "questionnaires"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load(key: str) -> Blueprint:
    if key not in available():
        raise BlueprintError(key, [f"没有名为 {key} 的问卷模板"])
    text = (resources.files("junheng.surveys") / "questionnaires" / f"{key}.toml").read_text(
        "utf-8"
    )
    return parse(key, text)


def parse(key: str, text: str) -> Blueprint:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BlueprintError(key, [f"TOML 格式错误：{error}"]) from error
    problems: list[str] = []
    scale = [
        dict(label=str(o.get("label", "")), kind=str(o.get("kind", "")))
        for o in data.get("scale", [])
    ]
    problems += check_scale(scale)
    formula = data.get("rate_formula", "not_dissatisfied")
    if formula not in FORMULAS:
        problems.append(f"rate_formula 只能是 {'、'.join(FORMULAS)}")
    partial_weight = _decimal(data.get("partial_weight", "0.5"), "partial_weight", problems)
    target = _decimal(data.get("target", "0.85"), "target", problems)
    for name, value in (("partial_weight", partial_weight), ("target", target)):
        if value is not None and not 0 <= value <= 1:
            problems.append(f"{name} 应在 0 到 1 之间")
    questionnaires = []
    for number, q in enumerate(data.get("questionnaires", []), start=1):
        questions = []
        for position, item in enumerate(q.get("questions", []), start=1):
            where = f"questionnaires[{number}].questions[{position}]"
            kind = item.get("kind", "")
            options = tuple(str(o) for o in item.get("options", []))
            if kind not in QUESTION_KINDS:
                problems.append(f"{where}: kind 只能是 {'、'.join(QUESTION_KINDS)}")
            if not str(item.get("text", "")).strip():
                problems.append(f"{where}: 缺少题目文字")
            if kind in ("single", "multiple") and len(options) < 2:
                problems.append(f"{where}: 选择题至少需要两个选项")
            questions.append(
                QuestionSpec(
                    kind, str(item.get("text", "")), options, bool(item.get("required", True))
                )
            )
        if not str(q.get("name", "")).strip():
            problems.append(f"questionnaires[{number}]: 缺少问卷名称")
        questionnaires.append(
            QuestionnaireSpec(str(q.get("name", "")), str(q.get("intro", "")), tuple(questions))
        )
    names = [q.name for q in questionnaires]
    if len(set(names)) != len(names):
        problems.append("问卷名称不能重复")
    groups = []
    for number, g in enumerate(data.get("groups", []), start=1):
        if g.get("kind") not in GROUP_KINDS:
            problems.append(f"groups[{number}]: kind 只能是 {'、'.join(GROUP_KINDS)}")
        if g.get("questionnaire") not in names:
            problems.append(f"groups[{number}]: 没有名为 {g.get('questionnaire')!r} 的问卷")
        groups.append(
            GroupSpec(
                str(g.get("name", "")), str(g.get("kind", "")), str(g.get("questionnaire", ""))
            )
        )
    group_names = [g.name for g in groups]
    if len(set(group_names)) != len(group_names) or not all(group_names):
        problems.append("调查对象名称不能为空或重复")
    sample = {}
    for name in SAMPLE_KEYS:
        if name in data.get("sample", {}):
            value = _decimal(data["sample"][name], f"sample.{name}", problems)
            if value is not None:
                sample[name] = value
    if problems:
        raise BlueprintError(key, problems)
    assert partial_weight is not None and target is not None
    return Blueprint(
        key=key,
        title=str(data.get("title", key)),
        standard=str(data.get("standard", "")),
        intro=str(data.get("intro", "")),
        rate_formula=formula,
        partial_weight=partial_weight,
        target=target,
        scale=tuple(scale),
        questionnaires=tuple(questionnaires),
        groups=tuple(groups),
        sample=sample,
    )


def _decimal(value: Any, name: str, problems: list[str]) -> Decimal | None:
    try:
        return Decimal(str(value))
    except ArithmeticError:
        problems.append(f"{name} 应为数字")
        return None
