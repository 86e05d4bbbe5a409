"""Text the pure core writes in both languages, 「中文 / English」, shown in the page's."""

from __future__ import annotations

from django.utils.translation import get_language


def english() -> bool:
    """Whether the page (or the job, the message) is read in English."""
    return (get_language() or "").startswith("en")


def in_language(text: str | None) -> str:
    """The half of a bilingual 「中文 / English」 text in the active language (the Chinese half
    when there is no English one)."""
    zh, _sep, en = (text or "").partition(" / ")
    return en if en and english() else zh
