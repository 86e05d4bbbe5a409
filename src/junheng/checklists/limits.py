"""How large an upload to the checklists may be: an evidence file, an imported workbook."""

from __future__ import annotations

from django.conf import settings

from junheng.checklist_core.uploads import Limits

EVIDENCE_MAX_BYTES = 50 * 1024 * 1024


def evidence_limits() -> Limits:
    """The limits of an evidence file: CHECKLIST_EVIDENCE_MAX_BYTES may lower or raise the size."""
    return Limits(max_bytes=getattr(settings, "CHECKLIST_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES))


def workbook_limits() -> Limits:
    """The limits of an imported checklist workbook (IMPORT_MAX_BYTES, as every import)."""
    return Limits(max_bytes=settings.IMPORT_MAX_BYTES)
