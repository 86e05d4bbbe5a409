"""What a survey service refuses, with a message in Chinese and English (see
`junheng.registry.refusals.refusal_text`)."""

from __future__ import annotations


class SurveyError(Exception):
    """A refused action, with a message in Chinese and English."""

    def __init__(self, zh: str, en: str = "") -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en or zh


class NotAllowed(SurveyError):
    """The user may not do this to this survey."""


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
