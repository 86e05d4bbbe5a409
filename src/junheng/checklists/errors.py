"""The checklists' refusals: one kind of `junheng.refusals.Refusal`, so a page catches
`Refusal` and shows the message in the user's language."""

from __future__ import annotations

from junheng.refusals import NotAllowed, Refusal


class ChecklistError(Refusal):
    """A refused checklist action (a rule of the checklists, not of access)."""


__all__ = ["ChecklistError", "NotAllowed"]
