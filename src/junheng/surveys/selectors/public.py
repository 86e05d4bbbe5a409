"""Reads of the public form: what a one-time token or an open link opens. No user: the link is
the only key, and an unknown or voided one opens nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from junheng.registry.models import School
from junheng.surveys.digest import token_digest
from junheng.surveys.models import Question, RespondentGroup, Survey, Token


@dataclass(frozen=True)
class FormTarget:
    """What a public link opens: the survey, the group, the school (if known) and whether it
    is an open link (anyone, any number of times)."""

    survey: Survey
    group: RespondentGroup
    school: School | None
    open_link: bool
    state: str  # ok | used | closed

    @property
    def questions(self) -> list[Question]:
        return list(self.group.questionnaire.questions.all())


def token_target(*, token: str, today: date | None = None) -> FormTarget | None:
    """The form a token opens, or None for an unknown or voided token."""
    row = (
        Token.objects.select_related(
            "survey", "survey__county", "group", "group__questionnaire", "school"
        )
        .filter(digest=token_digest(token), voided=False)
        .first()
    )
    if row is None:
        return None
    today = today or timezone.localdate()
    state = "used" if row.used else ("ok" if row.survey.accepting(today) else "closed")
    return FormTarget(row.survey, row.group, row.school, False, state)


def open_target(*, slug: str, today: date | None = None) -> FormTarget | None:
    group = (
        RespondentGroup.objects.select_related("survey", "survey__county", "questionnaire")
        .filter(open_slug=slug)
        .first()
    )
    if group is None:
        return None
    today = today or timezone.localdate()
    state = "ok" if group.survey.accepting(today) else "closed"
    return FormTarget(group.survey, group, None, True, state)


def answer_schools(*, target: FormTarget) -> QuerySet[School] | None:
    """The schools a respondent of an open link chooses from (the survey's, for a group
    surveyed per school); None for a county-wide group or a token (its school is known)."""
    if not target.open_link or not target.group.per_school:
        return None
    return target.survey.schools.order_by("township__name", "name")
