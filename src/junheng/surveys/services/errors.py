"""What a survey service refuses: `SurveyError` and its kinds, refusals of the project's one
type (`junheng.refusals.Refusal`, shown with `refusal_text`). A user who may not do something
is refused with `junheng.refusals.NotAllowed`, re-exported here."""

from __future__ import annotations

from junheng.refusals import NotAllowed, Refusal

__all__ = [
    "InvalidAnswers",
    "NotAccepting",
    "NotAllowed",
    "StructureLocked",
    "SurveyError",
    "TokenUnusable",
]


class SurveyError(Refusal):
    """A refused change of a survey or answer, with a message in Chinese and English."""


class StructureLocked(SurveyError):
    """The survey has opened: its questionnaires, questions, groups and scale are fixed."""


class TokenUnusable(SurveyError):
    """The token is unknown, used or voided."""


class NotAccepting(SurveyError):
    """The survey does not take answers now (not open, or outside its period)."""


class InvalidAnswers(SurveyError):
    """Answers that break the questionnaire's rules; `problems` maps question pk to why."""

    def __init__(self, problems: dict[int, str]) -> None:
        super().__init__("有题目未按要求作答", "some questions are not answered as required")
        self.problems = problems
