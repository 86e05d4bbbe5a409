"""A refused action, with its message in Chinese and English.

Services raise `Refusal` (or a subclass naming the kind: `NotAllowed`, a locked year, an
outdated page); pages show `refusal_text(error)` in the user's language, the API and the CLI
both texts. One type for every app, so a view catches `Refusal` and nothing else.
"""

from __future__ import annotations

from junheng.web.languages import english


class Refusal(Exception):
    """A refused action: `zh` for the page in Chinese, `en` in English."""

    def __init__(self, zh: str, en: str = "") -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en or zh


class NotAllowed(Refusal):
    """The user may not do this to this object."""


def refusal_text(error: Refusal) -> str:
    """The refusal's message in the active language."""
    if english():
        return error.en
    return error.zh
