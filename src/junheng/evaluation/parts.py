"""The verdict of every part of a standard (docs/standards.md §2, "the verdict of all parts").

A county is recognised only when every part of its standard passes; the data judge one part
(资源配置 / 校际均衡), the county's checklist, its survey and its recognition facts the others.
Each part is 达到要求 (met), 未达到要求 (unmet) or 尚未评估 (unassessed) — never a pass by
default — with the findings that decide it. The parts of a standard are data (`[[parts]]` in
its file); this module knows how each kind of part is judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from junheng.evaluation.levels import LEVEL_NAMES, LEVELS

MET, UNMET, UNASSESSED = "met", "unmet", "unassessed"
STATE_NAMES = {MET: "达到要求", UNMET: "未达到要求", UNASSESSED: "尚未评估"}
STATE_NAMES_EN = {MET: "met", UNMET: "not met", UNASSESSED: "not yet assessed"}

# How a part is judged:
JUDGED_BY = (
    "recognised_years",  # basic balance recognised at least `years` before (a county fact)
    "school_rule",  # every unit meets the per-school thresholds of the standard file
    "cv",  # the CV limits of every level
    "resources",  # both of the above (quality-2017 资源配置)
    "checklist",  # every item of a checklist category met, none unscored
    "checklist_score",  # a checklist category's score at least `pass_score`
    "survey",  # the satisfaction rate at least `min_rate`
    "vetoes",  # no veto item of the checklist failed
)


@dataclass(frozen=True)
class PartRule:
    """One part of a standard, as its file declares it."""

    key: str
    name: str
    name_en: str
    judged_by: str
    checklist_item: str = ""  # the checklist category code (checklist, checklist_score)
    pass_score: float | None = None  # checklist_score
    min_rate: float | None = None  # survey
    years: int | None = None  # recognised_years
    note: str = ""


@dataclass(frozen=True)
class Finding:
    """One fact behind a part's state, in Chinese and English."""

    zh: str
    en: str


@dataclass(frozen=True)
class ItemState:
    """A checklist item as the county's checklist reports it (met None: not yet scored)."""

    code: str
    title: str
    met: bool | None
    veto: bool = False


@dataclass(frozen=True)
class CategoryState:
    """A checklist category rolled up: its leaves, its score and what is unmet or unscored."""

    code: str
    title: str
    leaves: tuple[ItemState, ...]
    score: float | None = None
    max_score: float | None = None

    @property
    def unmet(self) -> list[ItemState]:
        return [leaf for leaf in self.leaves if leaf.met is False]

    @property
    def unscored(self) -> list[ItemState]:
        return [leaf for leaf in self.leaves if leaf.met is None]


@dataclass(frozen=True)
class SurveyFacts:
    """The county's satisfaction survey: the rate (None without answers) and its sample."""

    rate: float | None
    responses: int
    self_run: bool = True  # a county's own survey is a 自测, not the official one


@dataclass(frozen=True)
class ResourceFacts:
    """What the data say of the resource part of one county-year."""

    has_school_rule: bool
    failing_units: tuple[tuple[str, str, str], ...]  # (school code, school name, level)
    units: int
    # (level, indicator's name or "" for the composite, its English name, cv, max)
    failing_cvs: tuple[tuple[str, str, str, float, float], ...]
    levels: tuple[str, ...]


@dataclass(frozen=True)
class CountyFacts:
    """Everything the parts are judged on, for one county, year and standard."""

    year: int
    resources: ResourceFacts | None = None  # None: no data of the year
    recognised_year: int | None = None
    categories: Mapping[str, CategoryState] = field(default_factory=dict)
    vetoes: tuple[ItemState, ...] = ()
    checklist_loaded: bool = False
    survey: SurveyFacts | None = None


@dataclass(frozen=True)
class PartVerdict:
    rule: PartRule
    state: str
    findings: tuple[Finding, ...]

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]


@dataclass(frozen=True)
class CountyVerdict:
    """The county's verdict: met only when every part is met; unmet when any part is unmet."""

    parts: tuple[PartVerdict, ...]

    @property
    def state(self) -> str:
        states = {p.state for p in self.parts}
        if UNMET in states:
            return UNMET
        if not self.parts or UNASSESSED in states:
            return UNASSESSED
        return MET

    def part(self, key: str) -> PartVerdict:
        for part in self.parts:
            if part.rule.key == key:
                return part
        raise KeyError(key)

    def count(self, state: str) -> int:
        return sum(p.state == state for p in self.parts)


def judge(rules: Iterable[PartRule], facts: CountyFacts) -> CountyVerdict:
    """Each part's state and findings."""
    return CountyVerdict(tuple(_judge_one(rule, facts) for rule in rules))


def _judge_one(rule: PartRule, facts: CountyFacts) -> PartVerdict:
    judge_part = _JUDGES[rule.judged_by]
    state, findings = judge_part(rule, facts)
    return PartVerdict(rule, state, tuple(findings))


def _recognised_years(rule: PartRule, facts: CountyFacts) -> tuple[str, list[Finding]]:
    years = rule.years or 0
    if facts.recognised_year is None:
        return UNASSESSED, [
            Finding(
                "尚未填写本县通过基本均衡认定的年份",
                "the year the county was recognised for basic balance is not entered",
            )
        ]
    elapsed = facts.year - facts.recognised_year
    if elapsed >= years:
        return MET, [
            Finding(
                f"{facts.recognised_year} 年通过基本均衡认定，至 {facts.year} 年已满 {years} 年",
                f"recognised for basic balance in {facts.recognised_year}: "
                f"{years} years or more before {facts.year}",
            )
        ]
    return UNMET, [
        Finding(
            f"{facts.recognised_year} 年通过基本均衡认定，至 {facts.year} 年不满 {years} 年",
            f"recognised for basic balance in {facts.recognised_year}: "
            f"less than {years} years before {facts.year}",
        )
    ]


def _no_data(facts: CountyFacts) -> Finding:
    return Finding(f"{facts.year} 年尚无学校基本情况数据", f"no school data for {facts.year} yet")


def _school_rule(rule: PartRule, facts: CountyFacts) -> tuple[str, list[Finding]]:
    resources = facts.resources
    if resources is None:
        return UNASSESSED, [_no_data(facts)]
    if not resources.has_school_rule:
        return UNASSESSED, [
            Finding(
                "评估标准文件未提供各校办学基本标准的指标值，需按省定标准核实",
                "the standard file gives no per-school thresholds: check against the "
                "province's standard",
            )
        ]
    return _school_findings(resources)


def _school_findings(resources: ResourceFacts) -> tuple[str, list[Finding]]:
    failing = resources.failing_units
    if not failing:
        return MET, [
            Finding(
                f"{resources.units} 所参评学校（学部）均达到要求",
                f"all {resources.units} evaluated schools (sections) meet the thresholds",
            )
        ]
    # the count only: a page shows the findings to users who may not see every school's name
    return UNMET, [
        Finding(
            f"{len(failing)} 所学校（学部）资源配置未达到要求",
            f"{len(failing)} schools (sections) do not meet the resource thresholds",
        )
    ]


def _cv(rule: PartRule, facts: CountyFacts) -> tuple[str, list[Finding]]:
    resources = facts.resources
    if resources is None:
        return UNASSESSED, [_no_data(facts)]
    return _cv_findings(resources)


def _cv_findings(resources: ResourceFacts) -> tuple[str, list[Finding]]:
    if not resources.failing_cvs:
        levels = "、".join(LEVEL_NAMES.get(level, level) for level in resources.levels)
        return MET, [
            Finding(
                f"{levels}差异系数均未超过规定值",
                "every coefficient of variation is within its limit",
            )
        ]
    findings = []
    for level, indicator, indicator_en, cv, limit in resources.failing_cvs:
        what = f"{LEVEL_NAMES.get(level, level)}{indicator or '综合'}差异系数"
        what_en = f"{level} {indicator_en or 'composite'} CV"
        findings.append(
            Finding(
                f"{what} {cv:.3f}，超过规定值 {limit:.2f}",
                f"{what_en} {cv:.3f} exceeds its limit {limit:.2f}",
            )
        )
    return UNMET, findings


def _resources(rule: PartRule, facts: CountyFacts) -> tuple[str, list[Finding]]:
    resources = facts.resources
    if resources is None:
        return UNASSESSED, [_no_data(facts)]
    school_state, school = _school_findings(resources)
    cv_state, cvs = _cv_findings(resources)
    state = MET if school_state == MET and cv_state == MET else UNMET
    return state, [*school, *cvs]


def _unloaded() -> Finding:
    return Finding("本县尚未载入该标准的评估指标体系", "the county has not loaded this checklist")


def _category(rule: PartRule, facts: CountyFacts) -> CategoryState | None:
    return facts.categories.get(rule.checklist_item)


def _listing(items: list[ItemState]) -> str:
    shown = "；".join(f"{i.code} {_short(i.title)}" for i in items[:4])
    return shown + (f" 等 {len(items)} 项" if len(items) > 4 else "")


def _short(title: str) -> str:
    return title if len(title) <= 24 else title[:23] + "…"


def _checklist(rule: PartRule, facts: CountyFacts) -> tuple[str, list[Finding]]:
    category = _category(rule, facts)
    if category is None:
        return UNASSESSED, [_unloaded()]
    findings = []
    if category.unmet:
        findings.append(
            Finding(
                f"{len(category.unmet)} 项未达到要求：{_listing(category.unmet)}",
                f"{len(category.unmet)} item(s) not met",
            )
        )
    if category.unscored:
        findings.append(
            Finding(
                f"{len(category.unscored)} 项尚未评定：{_listing(category.unscored)}",
                f"{len(category.unscored)} item(s) not yet assessed",
            )
        )
    if category.unmet:
        return UNMET, findings
    if category.unscored:
        return UNASSESSED, findings
    return MET, [
        Finding(f"{len(category.leaves)} 项均达到要求", f"all {len(category.leaves)} items are met")
    ]


def _checklist_score(rule: PartRule, facts: CountyFacts) -> tuple[str, list[Finding]]:
    category = _category(rule, facts)
    if category is None:
        return UNASSESSED, [_unloaded()]
    mark = rule.pass_score or 0.0
    score = category.score
    if category.unscored:
        got = "—" if score is None else f"{score:g}"
        return UNASSESSED, [
            Finding(
                f"{len(category.unscored)} 项尚未评分（已得 {got} 分，达到要求需 {mark:g} 分）："
                f"{_listing(category.unscored)}",
                f"{len(category.unscored)} item(s) not yet scored (so far {got}; {mark:g} needed)",
            )
        ]
    score = score or 0.0
    vetoed = [leaf for leaf in category.leaves if leaf.veto and leaf.met is False]
    if vetoed:
        return UNMET, [
            Finding(f"一票否决项未达到要求：{_listing(vetoed)}", "a veto item is not met")
        ]
    if score + 1e-9 >= mark:
        return MET, [Finding(f"得 {score:g} 分，达到 {mark:g} 分", f"{score:g} ≥ {mark:g} points")]
    return UNMET, [
        Finding(f"得 {score:g} 分，低于 {mark:g} 分", f"{score:g} points, below {mark:g}")
    ]


def _survey(rule: PartRule, facts: CountyFacts) -> tuple[str, list[Finding]]:
    survey = facts.survey
    target = rule.min_rate if rule.min_rate is not None else 0.85
    if survey is None or survey.rate is None:
        return UNASSESSED, [
            Finding(
                f"尚无 {facts.year} 年满意度调查结果",
                f"no satisfaction survey results for {facts.year}",
            )
        ]
    kind = "（本县自测）" if survey.self_run else ""
    kind_en = " (the county's own survey)" if survey.self_run else ""
    text = f"{survey.rate * 100:.1f}%，有效问卷 {survey.responses} 份{kind}"
    text_en = f"{survey.rate * 100:.1f}% of {survey.responses} responses{kind_en}"
    if survey.rate + 1e-12 >= target:
        return MET, [
            Finding(f"满意度 {text}，达到 {target * 100:.0f}%", f"{text_en}, at least {target:.0%}")
        ]
    return UNMET, [
        Finding(f"满意度 {text}，低于 {target * 100:.0f}%", f"{text_en}, below {target:.0%}")
    ]


def _vetoes(rule: PartRule, facts: CountyFacts) -> tuple[str, list[Finding]]:
    if not facts.checklist_loaded:
        return UNASSESSED, [_unloaded()]
    failed = [v for v in facts.vetoes if v.met is False]
    open_ = [v for v in facts.vetoes if v.met is None]
    if failed:
        return UNMET, [
            Finding(f"一票否决事项：{_listing(failed)}", f"{len(failed)} veto item(s) failed")
        ]
    if open_:
        return UNASSESSED, [
            Finding(
                f"{len(open_)} 项一票否决事项尚未核实：{_listing(open_)}",
                f"{len(open_)} veto item(s) not yet checked",
            )
        ]
    return MET, [Finding(f"{len(facts.vetoes)} 项一票否决事项均未发生", "no veto item applies")]


_JUDGES: dict[str, Any] = {
    "recognised_years": _recognised_years,
    "school_rule": _school_rule,
    "cv": _cv,
    "resources": _resources,
    "checklist": _checklist,
    "checklist_score": _checklist_score,
    "survey": _survey,
    "vetoes": _vetoes,
}


def resource_facts(evaluation: Any, county_code: str, year: int) -> ResourceFacts | None:
    """The resource part's facts of one county-year of an Evaluation (None: not in it)."""
    at = (pl.col("county_code") == county_code) & (pl.col("year") == year)
    levels = evaluation.levels.filter(at)
    if levels.is_empty():
        return None
    standard = evaluation.standard
    failing_cvs: list[tuple[str, str, str, float, float]] = []
    if standard.cv_mode == "per_indicator":
        names = {i.key: (i.name, i.name_en) for i in standard.indicators}
        bad = evaluation.indicators.filter(at & ~pl.col("cv_pass"))
        for row in bad.iter_rows(named=True):
            failing_cvs.append(
                (
                    row["level"],
                    *names.get(row["indicator"], (row["indicator"], row["indicator"])),
                    row["cv"],
                    row["cv_max"],
                )
            )
    else:
        for row in levels.filter(~pl.col("cv_pass")).iter_rows(named=True):
            failing_cvs.append((row["level"], "", "", row["composite_cv"], row["composite_cv_max"]))
    units = evaluation.units.filter(at)
    failing: list[tuple[str, str, str]] = []
    if standard.has_thresholds:
        for row in units.filter(~pl.col("pass")).sort("school_code").iter_rows(named=True):
            failing.append((row["school_code"], row.get("school_name") or "", row["level"]))
    return ResourceFacts(
        has_school_rule=standard.has_thresholds,
        failing_units=tuple(failing),
        units=units.height,
        failing_cvs=tuple(failing_cvs),
        levels=tuple(level for level in LEVELS if level in set(levels["level"].to_list())),
    )
