"""The county's rates of universal preschool and senior-secondary education (双普,
docs/standards.md §4) from the counts a bureau reports with them. Pure: no Django.

A rate is computed from its counts when they are all entered; otherwise the rate the bureau
entered stands (a bureau often has the published rate, not the counts). Where both are given
they must agree to within `AGREEMENT` percentage points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

COUNTS: tuple[str, ...] = (
    "preschool_children",
    "preschool_age_population",
    "public_children",
    "inclusive_private_children",
    "general_senior_students",
    "vocational_students",
    "senior_age_population",
)
RATES: tuple[str, ...] = (
    "preschool_gross_rate",
    "inclusive_coverage",
    "public_kindergarten_share",
    "senior_gross_rate",
)

# rate → (counts summed above the line, count below the line, how a person reads it)
FORMULAS: dict[str, tuple[tuple[str, ...], str, str]] = {
    # 学前三年毛入园率 = 在园幼儿数 ÷ 3–5 周岁适龄人口数
    "preschool_gross_rate": (
        ("preschool_children",),
        "preschool_age_population",
        "在园幼儿 {top} 人 ÷ 3–5 周岁适龄人口 {bottom} 人",
    ),
    # 普惠性幼儿园覆盖率 = (公办园 + 普惠性民办园) 在园幼儿数 ÷ 在园幼儿数
    "inclusive_coverage": (
        ("public_children", "inclusive_private_children"),
        "preschool_children",
        "公办园和普惠性民办园在园幼儿 {top} 人 ÷ 在园幼儿 {bottom} 人",
    ),
    # 公办园在园幼儿占比 = 公办园在园幼儿数 ÷ 在园幼儿数
    "public_kindergarten_share": (
        ("public_children",),
        "preschool_children",
        "公办园在园幼儿 {top} 人 ÷ 在园幼儿 {bottom} 人",
    ),
    # 高中阶段毛入学率 = (普通高中 + 中等职业教育) 在校生数 ÷ 15–17 周岁适龄人口数
    "senior_gross_rate": (
        ("general_senior_students", "vocational_students"),
        "senior_age_population",
        "普通高中和中等职业教育在校生 {top} 人 ÷ 15–17 周岁适龄人口 {bottom} 人",
    ),
}
# how a person reads each formula, in English
FORMULAS_EN: dict[str, str] = {
    "preschool_gross_rate": "{top} children in kindergartens ÷ {bottom} children aged 3–5",
    "inclusive_coverage": (
        "{top} children in public and inclusive private kindergartens "
        "÷ {bottom} children in kindergartens"
    ),
    "public_kindergarten_share": (
        "{top} children in public kindergartens ÷ {bottom} children in kindergartens"
    ),
    "senior_gross_rate": (
        "{top} students in general senior high schools and secondary vocational education "
        "÷ {bottom} young people aged 15–17"
    ),
}
SHARES = ("inclusive_coverage", "public_kindergarten_share")  # parts of a whole: ≤ 100 %
AGREEMENT = Decimal("0.1")  # percentage points: a rate published to one decimal
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rate:
    """A rate in percent, whether it was computed from the counts, and how."""

    name: str
    value: Decimal
    computed: bool
    detail: str
    detail_en: str = ""


def computed_rate(name: str, values: Mapping[str, Any]) -> Decimal | None:
    """The rate from its counts, in percent to two decimals; None when a count is missing or
    the count below the line is 0."""
    tops, bottom, _how = FORMULAS[name]
    counts = [values.get(key) for key in (*tops, bottom)]
    if any(count is None for count in counts) or not values[bottom]:
        return None
    top = sum(Decimal(values[key]) for key in tops)
    return (top * 100 / Decimal(values[bottom])).quantize(CENT, ROUND_HALF_UP)


def rates(values: Mapping[str, Any]) -> dict[str, Rate]:
    """Every rate that is known: computed from the counts, else as entered."""
    known: dict[str, Rate] = {}
    for name in RATES:
        computed = computed_rate(name, values)
        if computed is not None:
            tops, bottom, how = FORMULAS[name]
            top = sum(int(values[key] or 0) for key in tops)
            numbers = {"top": f"{top:,}", "bottom": f"{int(values[bottom] or 0):,}"}
            known[name] = Rate(
                name,
                computed,
                True,
                how.format(**numbers),
                FORMULAS_EN[name].format(**numbers),
            )
        elif values.get(name) is not None:
            known[name] = Rate(
                name, Decimal(values[name]), False, "县填报的比率", "the rate the county entered"
            )
    return known


@dataclass(frozen=True)
class Problem:
    field: str
    zh: str
    en: str


def problems(values: Mapping[str, Any], labels: Mapping[str, str]) -> list[Problem]:
    """Why the figures cannot all be true: a part larger than its whole, a share above 100 %,
    an entered rate that its own counts contradict."""
    found: list[Problem] = []
    children = values.get("preschool_children")
    parts = [values.get("public_children"), values.get("inclusive_private_children")]
    if children is not None and sum(p or 0 for p in parts) > children:
        found.append(
            Problem(
                "public_children",
                "公办园与普惠性民办园在园幼儿数之和不能大于在园幼儿数",
                "public and inclusive private kindergartens cannot hold more children than all",
            )
        )
    for name in SHARES:
        entered = values.get(name)
        if entered is not None and Decimal(entered) > 100:
            found.append(
                Problem(name, f"{labels[name]}不能大于 100", f"{name} cannot exceed 100 %")
            )
    for name in RATES:
        entered, computed = values.get(name), computed_rate(name, values)
        if entered is None or computed is None:
            continue
        if abs(Decimal(entered) - computed) > AGREEMENT:
            found.append(
                Problem(
                    name,
                    f"{labels[name]}填写为 {entered}，按所填人数计算为 {computed}，请核对",
                    f"{name} is given as {entered} but the counts give {computed}",
                )
            )
    return found
