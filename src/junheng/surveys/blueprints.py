"""The starting questionnaires shipped as data (questionnaires/*.toml): read and checked.

A survey is created from one of them and then edited as its own copy; the file is never
touched. Pure: no Django. Every problem of a file is reported at once, naming the file.

Each text of a file has its English beside it (`title_en`, `intro_en`, a scale option's
`label_en`, a questionnaire's `name_en` and `intro_en`, a question's `text_en` and
`options_en`, a group's `name_en`); `english_texts` gathers them, Chinese → English, for the
pages in English (`junheng.surveys.wording`). The survey copies only the Chinese.
"""

from __future__ import annotations

import functools
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
    text_en: str = ""
    options_en: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionnaireSpec:
    name: str
    intro: str
    questions: tuple[QuestionSpec, ...]
    name_en: str = ""
    intro_en: str = ""


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str
    questionnaire: str
    name_en: str = ""


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
    title_en: str = ""
    intro_en: str = ""
    scale_en: tuple[str, ...] = ()

    def english(self) -> dict[str, str]:
        """The file's texts, Chinese → English (those given in English)."""
        pairs = [(self.title, self.title_en), (self.intro, self.intro_en)]
        pairs += zip((o["label"] for o in self.scale), self.scale_en, strict=False)
        for q in self.questionnaires:
            pairs += [(q.name, q.name_en), (q.intro, q.intro_en)]
            for item in q.questions:
                pairs.append((item.text, item.text_en))
                pairs += zip(item.options, item.options_en, strict=False)
        pairs += [(g.name, g.name_en) for g in self.groups]
        return {zh: en for zh, en in pairs if zh and en}


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
    scale_en = tuple(str(o.get("label_en", "")) for o in data.get("scale", []))
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
            options_en = tuple(str(o) for o in item.get("options_en", []))
            if options_en and len(options_en) != len(options):
                problems.append(f"{where}: options_en 应与 options 一一对应")
            if kind not in QUESTION_KINDS:
                problems.append(f"{where}: kind 只能是 {'、'.join(QUESTION_KINDS)}")
            if not str(item.get("text", "")).strip():
                problems.append(f"{where}: 缺少题目文字")
            if kind in ("single", "multiple") and len(options) < 2:
                problems.append(f"{where}: 选择题至少需要两个选项")
            questions.append(
                QuestionSpec(
                    kind,
                    str(item.get("text", "")),
                    options,
                    bool(item.get("required", True)),
                    text_en=str(item.get("text_en", "")),
                    options_en=options_en,
                )
            )
        if not str(q.get("name", "")).strip():
            problems.append(f"questionnaires[{number}]: 缺少问卷名称")
        questionnaires.append(
            QuestionnaireSpec(
                str(q.get("name", "")),
                str(q.get("intro", "")),
                tuple(questions),
                name_en=str(q.get("name_en", "")),
                intro_en=str(q.get("intro_en", "")),
            )
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
                str(g.get("name", "")),
                str(g.get("kind", "")),
                str(g.get("questionnaire", "")),
                name_en=str(g.get("name_en", "")),
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
        title_en=str(data.get("title_en", "")),
        intro_en=str(data.get("intro_en", "")),
        scale_en=scale_en,
    )


@functools.cache
def english_texts() -> dict[str, str]:
    """Every shipped file's texts, Chinese → English (one English per Chinese text)."""
    texts: dict[str, str] = {}
    for key in available():
        try:
            texts.update(load(key).english())
        except BlueprintError:
            continue
    return texts


def _decimal(value: Any, name: str, problems: list[str]) -> Decimal | None:
    try:
        return Decimal(str(value))
    except ArithmeticError:
        problems.append(f"{name} 应为数字")
        return None
