"""A refused action's message (services raise errors carrying `.zh` and `.en`) in the page's
language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def refusal_text(error: Any) -> str:
    if (get_language() or "").startswith("en"):
        return error.en
    return error.zh
