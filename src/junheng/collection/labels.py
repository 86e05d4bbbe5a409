"""Status names for the Chinese half of bilingual messages, whatever language is active."""

from __future__ import annotations

from django.utils import translation

from junheng.collection.models import SchoolYear


def status_zh(record: SchoolYear) -> str:
    with translation.override("zh-hans"):
        return str(record.get_status_display())
