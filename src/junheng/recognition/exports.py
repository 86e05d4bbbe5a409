"""A draw as a workbook: the drawn schools the reader sees with their readiness, and the strata.

Every text is written as text through the project's one safe writer (`junheng.workbooks`): a
text that a spreadsheet could take for a formula (starting with = + - @, a tab or a carriage
return) carries the quote prefix, so a school or draw name never runs as a formula."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from junheng.recognition.models import MockDraw
from junheng.recognition.readiness import DrawReadiness, SchoolReadiness
from junheng.workbooks import SafeWorkbook


def workbook_name(draw: MockDraw) -> tuple[str, str]:
    """(the file's name, its ASCII fallback)."""
    day = f"{draw.created_at:%Y%m%d}"
    return f"模拟抽校-{draw.county.name}-{day}-{draw.pk}.xlsx", f"mock-draw-{draw.pk}.xlsx"


def _gaps(row: SchoolReadiness) -> str:
    parts = []
    for gap in row.gaps:
        amount = "" if gap.amount is None else f" {gap.amount:,.1f}{gap.unit}"
        parts.append(f"{gap.level}·{gap.indicator}{amount}")
    return "；".join(parts) or row.data_note


def draw_workbook(readiness: DrawReadiness, *, strata: list[Any]) -> bytes:
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1, "valign": "top", "text_wrap": True})
    number = book.add_format({"border": 1, "valign": "top"})
    draw = readiness.draw

    sheet = book.add_worksheet(_("抽取学校"))
    sheet.write_string(0, 0, f"{draw.name} — {draw.county.name}", bold)
    facts = _(
        "抽取时间 %(at)s；抽取人 %(by)s；随机种子 %(seed)s；抽取学校数 %(n)s；"
        "数据年度 %(year)s；评估标准 %(standard)s"
    ) % {
        "at": f"{timezone.localtime(draw.created_at):%Y-%m-%d %H:%M}",
        "by": draw.created_by.last_name or draw.created_by.get_username(),
        "seed": draw.seed,
        "n": draw.size,
        "year": draw.year,
        "standard": readiness.standard_name,
    }
    sheet.write_string(1, 0, facts)
    headers = [
        (_("序号"), 6),
        (_("学校标识码"), 13),
        (_("学校名称"), 24),
        (_("乡镇"), 12),
        (_("城乡分类"), 9),
        (_("类型"), 9),
        (_("资源配置"), 18),
        (_("差距"), 48),
        (_("未整改问题"), 10),
        (_("指标分解"), 9),
        (_("有佐证材料"), 10),
        (_("最近走访"), 12),
        (_("是否就绪"), 9),
    ]
    top = 3
    for col, (title, width) in enumerate(headers):
        sheet.write_string(top, col, title, head)
        sheet.set_column(col, col, width)
    for offset, row in enumerate(readiness.rows, 1):
        line = top + offset
        texts = {
            1: row.school.code,
            2: row.school.name,
            3: row.school.township.name,
            4: row.location_label,
            5: row.group_label,
            6: row.data_label,
            7: _gaps(row),
            11: row.last_visit.isoformat() if row.last_visit else _("从未走访"),
            12: _("是") if row.ready else _("否"),
        }
        numbers = {
            0: row.position,
            8: row.open_problems,
            9: row.assignments,
            10: row.assignments_with_evidence,
        }
        for col, value in texts.items():
            sheet.write(line, col, value, cell)
        for col, value in numbers.items():
            sheet.write_number(line, col, value, number)
    sheet.freeze_panes(top + 1, 3)

    layers = book.add_worksheet(_("分层"))
    for col, (title, width) in enumerate(
        [(_("城乡分类"), 10), (_("类型"), 10), (_("学校数"), 10), (_("抽取数"), 10)]
    ):
        layers.write_string(0, col, title, head)
        layers.set_column(col, col, width)
    for line, stratum in enumerate(strata, 1):
        layers.write(line, 0, stratum.location, cell)
        layers.write(line, 1, stratum.group, cell)
        layers.write_number(line, 2, stratum.schools, number)
        layers.write_number(line, 3, stratum.drawn, number)
    book.close()
    return buffer.getvalue()
