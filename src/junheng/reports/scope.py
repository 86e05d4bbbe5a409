"""What the reports' verdict covers (docs/standards.md §2, "the verdict of all parts").

The school data judge one part of a standard — 资源配置 (quality-2017) or 校际均衡状况
(basic-2012), and the entry condition of basic-2012 where a province file supplies per-school
thresholds — never the county's recognition. The reports therefore word a county's `pass` as
「资源配置达到要求」/「资源配置未达到要求」 under the standard's own part names, and name the
other parts, which are assessed in the web app (checklists, surveys, county facts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from junheng.evaluation.parts import MET, STATE_NAMES, STATE_NAMES_EN, UNMET, PartRule
from junheng.evaluation.standard import Standard

# How a part is judged when the school data judge it: the CVs, the per-school rule, or both.
CV_PARTS = ("cv",)
SCHOOL_PARTS = ("school_rule",)
BOTH = ("resources",)


def judged_parts(standard: Standard) -> tuple[PartRule, ...]:
    """The parts of the standard that the school data judge, in the file's order.

    The per-school rule judges a part only where the file sets per-school thresholds; a file
    without `[[parts]]` gets one part named by `standard.resource_part`.
    """
    parts = [
        part
        for part in standard.parts
        if part.judged_by in CV_PARTS + BOTH
        or (part.judged_by in SCHOOL_PARTS and standard.has_thresholds)
    ]
    if not parts:
        parts = [
            PartRule("resources", standard.resource_part, standard.resource_part_en, "resources")
        ]
    judges_schools = any(part.judged_by in SCHOOL_PARTS + BOTH for part in parts)
    if standard.has_thresholds and not judges_schools:
        # a province file with thresholds whose parts do not say which part they judge
        parts.append(
            PartRule("schools", "学校达到标准", "every school meets the thresholds", "school_rule")
        )
    return tuple(parts)


def other_parts(standard: Standard) -> tuple[PartRule, ...]:
    """The parts of the standard the school data do not judge."""
    judged = {part.key for part in judged_parts(standard)}
    return tuple(part for part in standard.parts if part.key not in judged)


def judged_name(standard: Standard, *, en: bool = False) -> str:
    """资源配置; 入口条件（…）、校际均衡状况 where the data judge two parts."""
    parts = judged_parts(standard)
    if en:
        return ", ".join(_lower(part.name_en) for part in parts)
    return "、".join(part.name for part in parts)


def part_states(standard: Standard, county: Mapping[str, Any]) -> list[tuple[PartRule, bool]]:
    """Each judged part with its verdict, from a row of `Evaluation.counties`."""
    states = []
    for part in judged_parts(standard):
        if part.judged_by in CV_PARTS:
            passed = bool(county["cv_pass"])
        elif part.judged_by in SCHOOL_PARTS:
            passed = bool(county.get("schools_pass", county["pass"]))
        else:
            passed = bool(county["pass"])
        states.append((part, passed))
    return states


def county_verdict(standard: Standard, county: Mapping[str, Any], *, en: bool = False) -> str:
    """资源配置未达到要求; 入口条件（…）达到要求，校际均衡状况未达到要求 for two parts."""
    words = STATE_NAMES_EN if en else STATE_NAMES
    texts = []
    for part, passed in part_states(standard, county):
        state = words[MET if passed else UNMET]
        texts.append(f"{_lower(part.name_en)} {state}" if en else f"{part.name}{state}")
    return ("; " if en else "，").join(texts)


def verdict_of(standard: Standard, passed: bool | None, *, en: bool = False) -> str:
    """A county's `pass` alone, named by what it covers: 资源配置达到要求."""
    if passed is None:
        return "—"
    words = STATE_NAMES_EN if en else STATE_NAMES
    state = words[MET if passed else UNMET]
    name = judged_name(standard, en=en)
    return f"{name} {state}" if en else f"{name}{state}"


def failing_schools(standard: Standard, count: int) -> str:
    """「3 所学校（学部）资源配置未达到要求」: the schools failing the per-school rule."""
    return f"{count} 所学校（学部）{_school_part(standard)}{STATE_NAMES[UNMET]}"


def failing_heading(standard: Standard) -> str:
    """「资源配置未达到要求的学校（学部）」."""
    return f"{_school_part(standard)}{STATE_NAMES[UNMET]}的学校（学部）"


def _school_part(standard: Standard) -> str:
    """The name of the part the per-school rule belongs to, where it is the resource part
    (资源配置); empty where the rule is a part of its own (basic-2012's entry condition)."""
    for part in judged_parts(standard):
        if part.judged_by in BOTH:
            return part.name
    return ""


def scope_note(standard: Standard, *, en: bool = False) -> str:
    """The sentence saying what the verdict covers and that the other parts are assessed
    elsewhere; the county's recognition needs every part."""
    judged = judged_name(standard, en=en)
    others = other_parts(standard)
    if en:
        names = "; ".join(_lower(part.name_en) for part in others) or "the other parts"
        return (
            f"The verdict covers {judged} only, computed from the school data. Not in these "
            f"data, and assessed one by one in the Junheng web app: {names}. Whether the "
            "county is recognised depends on the verdict of every part."
        )
    names = "、".join(part.name for part in others)
    rest = f"{names}等其他方面" if names else "评估标准的其他方面"
    return (
        f"本结论只针对{judged}，由学校数据计算。{rest}不在本数据范围内，"
        "须在「均衡」系统中逐项评估；县域是否达到认定要求，以各方面评估结果为准。"
    )


def _lower(name: str) -> str:
    """Entry condition → entry condition, inside an English sentence."""
    return name[:1].lower() + name[1:] if name[:2] != name[:2].upper() else name
