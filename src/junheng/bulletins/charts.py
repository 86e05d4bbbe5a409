"""A bar chart as SVG, drawn here (no plotting library): presentation attributes only (no
style attributes, which the pages' Content-Security-Policy refuses), and the Noto Sans CJK SC
font, so the same picture serves the page and the PDF."""

from __future__ import annotations

from html import escape

FONT = "Noto Sans CJK SC"
BAR = "#0b5cad"
EMPTY = "#b8c2cc"


def bar_chart_svg(
    title: str, labels: list[str], values: list[float | None], *, maximum: float = 1.0
) -> str:
    """Horizontal bars of shares (0–1) with their labels and percentages; None shows as —."""
    row, left, width, top = 30, 120, 360, 40
    height = top + row * max(len(labels), 1) + 30
    total = left + width + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {height}" '
        f'width="{total}" height="{height}" font-family="{FONT}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<text x="{total / 2:.0f}" y="22" text-anchor="middle" font-size="15" '
        f'font-weight="bold" fill="#1d2733">{escape(title)}</text>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + width * tick
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 24}" '
            f'stroke="#d8dee6" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" font-size="11" '
            f'fill="#5d6b7a">{tick * 100:.0f}%</text>'
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        parts.append(
            f'<text x="{left - 8}" y="{y + 19}" text-anchor="end" font-size="13" '
            f'fill="#1d2733">{escape(label)}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{left + 4}" y="{y + 19}" font-size="12" fill="{EMPTY}">—</text>'
            )
            continue
        share = max(0.0, min(value / maximum, 1.0))
        parts.append(
            f'<rect x="{left}" y="{y + 6}" width="{width * share:.1f}" height="18" '
            f'fill="{BAR}"/>'
            f'<text x="{left + width * share + 6:.1f}" y="{y + 20}" font-size="12" '
            f'fill="#1d2733">{value * 100:.1f}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def township_chart(figures: dict) -> str:
    townships = figures.get("townships", [])
    return bar_chart_svg(
        "各乡镇问题整改率", [t["name"] for t in townships], [t["rate"] for t in townships]
    )
