"""The audit history as a workbook: the rows the history page shows under the same filters
and scope, every one of them (not a page), written through `junheng.workbooks`."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from junheng.audit.models import AuditEntry
from junheng.audit.selectors import history_line
from junheng.refusals import Refusal
from junheng.workbooks import SafeWorkbook

# Beyond this many entries the export is refused with a request to narrow the filters: written
# in the request, a workbook of 20,000 lines takes a few seconds; more would be a background job.
EXPORT_LIMIT = 20_000


class TooManyEntries(Refusal):
    """The filtered history is longer than one export may be."""


def history_workbook(entries: QuerySet[AuditEntry]) -> bytes:
    """Time, person, role, action, object, school, year, changes (旧值 → 新值) and comment of
    each entry, newest first."""
    count = entries.count()
    if count > EXPORT_LIMIT:
        raise TooManyEntries(
            f"共 {count} 条操作记录，超过一次导出的上限 {EXPORT_LIMIT} 条：请按学校、人员、操作或"
            "日期缩小范围后再导出。",
            f"{count} entries exceed the {EXPORT_LIMIT} one export may hold: narrow the list by "
            "school, person, action or dates, then export again.",
        )
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#EEF2F6", "border": 1, "text_wrap": True})
    cell = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(_("操作记录")[:31])
    columns = [
        (_("时间"), 20),
        (_("操作人"), 14),
        (_("角色"), 16),
        (_("操作"), 14),
        (_("对象"), 16),
        (_("学校"), 22),
        (_("年度"), 8),
        (_("修改内容（旧值 → 新值）"), 60),
        (_("说明"), 30),
    ]
    for col, (title, width) in enumerate(columns):
        sheet.write_string(0, col, str(title), head)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for row, entry in enumerate(entries.iterator(chunk_size=2000), start=1):
        sheet.write_row(row, 0, _cells(entry), cell)
    book.close()
    return buffer.getvalue()


def _cells(entry: AuditEntry) -> list[Any]:
    line = history_line(entry)
    actor = entry.actor
    colon = _("：")
    changes = "\n".join(
        f"{c.label}{colon}{c.after}" if c.added else f"{c.label}{colon}{c.before} → {c.after}"
        for c in line.changes
    )
    return [
        timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
        (actor.last_name or actor.username) if actor else str(_("系统")),
        str(actor.get_role_display()) if actor else "",
        str(line.action),
        str(line.subject),
        entry.school.name if entry.school else "",
        entry.year if entry.year is not None else "",
        changes,
        line.comment,  # a comment a service wrote in the reader's language, as on the page
    ]
