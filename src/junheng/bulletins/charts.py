"""A bar chart of shares (0–1), drawn here (no plotting library) twice from the same geometry:
as SVG for the page and the PDF (presentation attributes only: no style attributes, which the
pages' Content-Security-Policy refuses) and as a PNG image for the Word file (Pillow, with the
CJK font fontconfig finds)."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from html import escape

FONT = "Noto Sans CJK SC"
BAR = "#0b5cad"
EMPTY = "#b8c2cc"
GRID = "#d8dee6"
INK = "#1d2733"
MUTED = "#5d6b7a"
TICKS = (0, 0.25, 0.5, 0.75, 1.0)
# The geometry (SVG user units; the PNG is drawn at PNG_SCALE times this size).
ROW, LEFT, WIDTH, TOP = 30, 120, 360, 40
PNG_SCALE = 3


@dataclass(frozen=True)
class Chart:
    """Horizontal bars of shares (0–1) with their labels and percentages; None shows as —."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    maximum: float = 1.0

    @property
    def height(self) -> int:
        return TOP + ROW * max(len(self.labels), 1) + 30

    @property
    def width(self) -> int:
        return LEFT + WIDTH + 70

    def share(self, value: float) -> float:
        return max(0.0, min(value / self.maximum, 1.0))

    def svg(self) -> str:
        return bar_chart_svg(self.title, list(self.labels), list(self.values), maximum=self.maximum)

    def png(self) -> bytes | None:
        """The chart as a PNG image; None where no CJK font is found to draw its labels."""
        return bar_chart_png(self)


def bar_chart_svg(
    title: str, labels: list[str], values: list[float | None], *, maximum: float = 1.0
) -> str:
    """Horizontal bars of shares (0–1) with their labels and percentages; None shows as —."""
    height = TOP + ROW * max(len(labels), 1) + 30
    total = LEFT + WIDTH + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {height}" '
        f'width="{total}" height="{height}" font-family="{FONT}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<text x="{total / 2:.0f}" y="22" text-anchor="middle" font-size="15" '
        f'font-weight="bold" fill="{INK}">{escape(title)}</text>',
    ]
    for tick in TICKS:
        x = LEFT + WIDTH * tick
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 24}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" font-size="11" '
            f'fill="{MUTED}">{tick * 100:.0f}%</text>'
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + i * ROW
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 19}" text-anchor="end" font-size="13" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{LEFT + 4}" y="{y + 19}" font-size="12" fill="{EMPTY}">—</text>'
            )
            continue
        share = max(0.0, min(value / maximum, 1.0))
        parts.append(
            f'<rect x="{LEFT}" y="{y + 6}" width="{WIDTH * share:.1f}" height="18" '
            f'fill="{BAR}"/>'
            f'<text x="{LEFT + WIDTH * share + 6:.1f}" y="{y + 20}" font-size="12" '
            f'fill="{INK}">{value * 100:.1f}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@cache
def cjk_font_file() -> tuple[str, int] | None:
    """The file and face index of the CJK font the chart is drawn in (fontconfig's match for
    Noto Sans CJK SC), or None when no CJK font is found."""
    if not shutil.which("fc-match"):
        return None
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}|%{file}|%{index}", f"{FONT}:lang=zh-cn"],
            capture_output=True,
            check=True,
            timeout=20,
        ).stdout.decode("utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError):
        return None
    family, _, rest = found.partition("|")
    path, _, index = rest.partition("|")
    if "CJK" not in family and "Hei" not in family and "Song" not in family:
        return None
    return path, int(index or 0)


def bar_chart_png(chart: Chart) -> bytes | None:
    """The chart drawn with Pillow on the SVG's geometry, PNG_SCALE times larger."""
    from PIL import Image, ImageDraw, ImageFont

    found = cjk_font_file()
    if found is None:
        return None
    path, index = found
    k = PNG_SCALE

    def font(size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(path, size * k, index=index)

    image = Image.new("RGB", (chart.width * k, chart.height * k), "white")
    draw = ImageDraw.Draw(image)
    height = chart.height
    draw.text((chart.width * k / 2, 22 * k), chart.title, fill=INK, font=font(15), anchor="ms")
    for tick in TICKS:
        x = (LEFT + WIDTH * tick) * k
        draw.line([(x, (TOP - 6) * k), (x, (height - 24) * k)], fill=GRID, width=k)
        draw.text(
            (x, (height - 8) * k), f"{tick * 100:.0f}%", fill=MUTED, font=font(11), anchor="ms"
        )
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = TOP + i * ROW
        draw.text(((LEFT - 8) * k, (y + 19) * k), label, fill=INK, font=font(13), anchor="rs")
        if value is None:
            draw.text(((LEFT + 4) * k, (y + 19) * k), "—", fill=EMPTY, font=font(12), anchor="ls")
            continue
        share = chart.share(value)
        if share > 0:
            draw.rectangle(
                [(LEFT * k, (y + 6) * k), ((LEFT + WIDTH * share) * k, (y + 24) * k)], fill=BAR
            )
        draw.text(
            ((LEFT + WIDTH * share + 6) * k, (y + 20) * k),
            f"{value * 100:.1f}%",
            fill=INK,
            font=font(12),
            anchor="ls",
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def township_chart_of(figures: dict) -> Chart:
    townships = figures.get("townships", [])
    return Chart(
        "各乡镇问题整改率",
        tuple(t["name"] for t in townships),
        tuple(t["rate"] for t in townships),
    )


def township_chart(figures: dict) -> str:
    """The townships' rectification rates as SVG."""
    return township_chart_of(figures).svg()
