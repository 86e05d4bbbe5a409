"""The small pieces of the HTML report: escaping, numbers, badges, header cells.

Every value that reaches the page goes through `e()` (text and attribute values); the chart
data go through `json_for_script()`, which escapes `<`, `>` and `&` so that no string can
close the `<script>` element it travels in.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable
from typing import Any

from junheng.evaluation import Indicator
from junheng.reports import labels


def e(value: Any) -> str:
    """HTML-escape anything for text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def json_for_script(data: Any) -> str:
    """JSON for a `<script type="application/json">` element."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def num(value: float | None, decimals: int = 2) -> str:
    """1,234.57, or — for a missing or infinite value."""
    return f"{value:,.{decimals}f}" if finite(value) else "—"


def integer(value: int | None) -> str:
    """1,234, or — for a missing count."""
    return f"{value:,}" if value is not None else "—"


def indicator_decimals(indicator: Indicator) -> int:
    """The decimals an indicator's shown values need: none for 元, three for a per-student
    teacher ratio (0.056), two otherwise (`Indicator.shown_decimals`)."""
    return indicator.shown_decimals


def shown(indicator: Indicator, value: float | None) -> str:
    """A value, mean or threshold as the standard file shows it (× display_scale)."""
    return num(indicator.shown(value), indicator.shown_decimals)


def gap_text(indicator: Indicator, gap: float) -> str:
    """A gap in the unit it is counted in: 2,424.0 m², 12.50 万元, 3 间."""
    unit = labels.resource_unit(indicator)
    places = 0 if indicator.rounds_up else 2 if unit == "万元" else 1
    return f"{num(gap, places)} {unit}"


def anchor(code: str, year: int) -> str:
    """The id of a county-year's section."""
    return e(f"county-{code}-{year}")


def verdict_class(passed: bool | None) -> str:
    """The CSS class of a verdict: pass, fail, or none when there is no verdict."""
    return "" if passed is None else "pass" if passed else "fail"


def badge(passed: bool | None, prefix: str = "") -> str:
    """达到要求 / 未达到要求 in green / red (a school's or a part's verdict)."""
    return f'<span class="badge {verdict_class(passed)}">{e(prefix)}{labels.verdict(passed)}</span>'


def cv_badge(passed: bool | None, prefix: str = "") -> str:
    """未超过规定值 / 超过规定值 in green / red (a coefficient of variation)."""
    text = labels.cv_verdict(passed)
    return f'<span class="badge {verdict_class(passed)}">{e(prefix)}{text}</span>'


def header_cells(headers: Iterable[str]) -> str:
    return "".join(f"<th>{e(h)}</th>" for h in headers)
