"""How the self-evaluation report writes its figures and names: amounts with separators and no
trailing zeros, 「（待填写）」 for a fact not entered (never an invented one), the county in its
own voice (我县, 我区)."""

from __future__ import annotations

import re
from decimal import Decimal

from junheng.registry.models import County

PENDING = "（待填写）"
# The last character of a county-level unit's name, as it names itself (我县, 我区, 我市, 我旗).
SELF_NAMES = "县区市旗"


def amount(value: Decimal | float | int | None, digits: int = 2) -> str:
    """12,345.6 (at most `digits` decimals, no trailing zeros); 「（待填写）」 when None."""
    if value is None:
        return PENDING
    text = f"{float(value):,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def count(value: int | None) -> str:
    return PENDING if value is None else f"{value:,}"


def ourselves(county: County) -> str:
    """我县 (我区, 我市, 我旗 as the county's name ends)."""
    last = county.name[-1:] if county.name else ""
    return f"我{last if last in SELF_NAMES else '县'}"


def government(county: County) -> str:
    """The issuing body of the report: the county's people's government."""
    return f"{county.name}人民政府"


# A space between a Chinese character and a number, as the core's findings print them
# (「3 所学校」): a Chinese document writes them together (「3所学校」).
LOOSE = re.compile(
    r"(?<=[\u4e00-\u9fff，、（）])\s+(?=[\d.])|(?<=[\d%])\s+(?=[\u4e00-\u9fff，、（）])"
)


def tidy(text: str) -> str:
    """「3 所学校（学部）」 → 「3所学校（学部）」."""
    return LOOSE.sub("", text)
