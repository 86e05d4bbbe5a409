"""The evaluation's unmet thresholds as gaps stated in words: 「缺少教学及辅助用房 2,424 m²」.

Reads the `units` frame of an Evaluation (`meets__*`, `gap__*`, one row per school and level);
writes nothing. The suggestions service turns these into proposed problems.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from junheng.evaluation import Evaluation
from junheng.evaluation.compliance import gap_column, meets_column
from junheng.evaluation.indicators import value_column
from junheng.evaluation.levels import LEVEL_NAMES
from junheng.evaluation.standard import Indicator, Standard, StandardError, load_standard
from junheng.reports.contract import gap_key
from junheng.reports.labels import gap_unit, resource_name, resource_name_en, unit_en

# The resource as it is lacking: 「缺少教学及辅助用房」, not 「缺少教学及辅助用房面积」.
_AREA_SUFFIX = "面积"


@dataclass(frozen=True)
class Gap:
    """One school unit's unmet threshold."""

    school_code: str
    level: str
    indicator_key: str
    indicator_name: str
    value: float
    threshold: float
    unit: str  # the indicator's unit (m² per student, teachers per 100 students)
    gap: float
    gap_unit: str  # the resource's unit (m², 万元, 人)
    text: str

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, self.level)

    def description(self) -> str:
        """The problem as the bureau would write it down."""
        return (
            f"{self.level_name}「{self.indicator_name}」未达到标准："
            f"实际 {_plain(self.value)}{self.unit}，标准 {_plain(self.threshold)}{self.unit}；"
            f"{self.text}。"
        )


def amount(gap: float, unit: str, whole: bool) -> str:
    """The gap as it is written: whole teachers and rooms; m² rounded up to a whole square
    metre; 万元 rounded up to 0.01 (a shortfall is never understated)."""
    if whole or unit == "m²":
        return f"{math.ceil(gap - 1e-9):,}"
    rounded = math.ceil(gap * 100 - 1e-6) / 100
    return f"{rounded:,.2f}".rstrip("0").rstrip(".")


def gap_text(resource: str, level: str, gap: float, whole: bool) -> str:
    column = gap_key(resource, level)
    unit = gap_unit(column)
    name = resource_name(resource).removesuffix(_AREA_SUFFIX)
    return f"缺少{name} {amount(gap, unit, whole)} {unit}"


def gap_text_en(resource: str, level: str, gap: float, whole: bool) -> str:
    """The gap in English: 「Short of teaching and auxiliary room area: 2,424 m²」."""
    unit = gap_unit(gap_key(resource, level))
    name = resource_name_en(resource)
    shown = amount(gap, unit, whole)
    return f"Short of {name}: {shown} {unit_en(unit, shown)}"


def value_unit(indicator: Indicator) -> str:
    """The unit of an indicator's value as a reader needs it: a per-100-students indicator
    (scale 100, docs/standards.md §2 资源配置 (1)–(3), (7)) counts 人 or 间 per 100 students, so
    「4.2人」 alone would read as a head count; a per-student one is named 生均 already."""
    unit = indicator.unit if indicator.display_scale != 1 else indicator.display_unit
    return f"{unit}/百名学生" if indicator.scale == 100 and unit else unit


def _plain(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def school_gaps(evaluation: Evaluation) -> list[Gap]:
    """Every unit's unmet thresholds, in the order of the units and the standard's indicators.
    Empty when the standard sets no per-school thresholds."""
    standard = evaluation.standard
    if not standard.has_thresholds:
        return []
    gaps = []
    for unit in evaluation.units.iter_rows(named=True):
        level = unit["level"]
        for indicator in standard.indicators:
            threshold = indicator.threshold.get(level)
            gap = unit.get(gap_column(indicator))
            if threshold is None or gap is None or unit.get(meets_column(indicator)) is not False:
                continue
            if gap <= 0:
                continue
            column = gap_key(indicator.resource, level)
            gaps.append(
                Gap(
                    school_code=unit["unit_code"],
                    level=level,
                    indicator_key=indicator.key,
                    indicator_name=indicator.name,
                    value=unit[value_column(indicator)] or 0.0,
                    threshold=threshold,
                    unit=value_unit(indicator),
                    gap=float(gap),
                    gap_unit=gap_unit(column),
                    text=gap_text(indicator.resource, level, float(gap), indicator.rounds_up),
                )
            )
    return gaps


@cache
def _standard(name: str) -> Standard | None:
    try:
        return load_standard(name)
    except (StandardError, ValueError):
        return None


def suggestion_in_language(suggestion: Any, english: bool) -> tuple[str, str]:
    """A stored suggestion's indicator name and gap as a page shows them: in Chinese as stored
    (「缺少…」); in English from its standard file and its gap (the stored text is Chinese)."""
    standard = _standard(suggestion.standard) if english else None
    if standard is None:
        return suggestion.indicator_name, suggestion.text
    try:
        indicator = standard.indicator(suggestion.indicator_key)
    except KeyError:
        return suggestion.indicator_name, suggestion.text
    text = gap_text_en(indicator.resource, suggestion.level, suggestion.gap, indicator.rounds_up)
    return indicator.name_en, text
