"""Builders of surveys and responses for the surveys' tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from junheng.surveys import services
from junheng.surveys.choices import QuestionKind
from junheng.surveys.models import Question, RespondentGroup, Survey

FULL, PARTIAL, NONE = 0, 1, 2  # the indexes of 满意, 基本满意, 不满意 on the default scale


def open_survey(world, blueprint: str = "basic-2012", schools=None, **settings: Any) -> Survey:
    """A survey of county A from a shipped template, covering A1, A2, A3 (or `schools`), open."""
    admin = world.county_admin
    survey = services.survey_create(
        actor=admin, county=world.county, blueprint=blueprint, year=2025
    )
    if settings:
        services.survey_update(actor=admin, survey=survey, changes=settings)
    covered = schools if schools is not None else [world.school, world.sibling, world.far_school]
    services.survey_set_schools(actor=admin, survey=survey, schools=covered)
    return services.survey_open(actor=admin, survey=survey)


def group(survey: Survey, name: str) -> RespondentGroup:
    return survey.groups.get(name=name)


def scale_questions(survey: Survey, group_name: str) -> list[Question]:
    g = group(survey, group_name)
    return list(g.questionnaire.questions.filter(kind=QuestionKind.SCALE))


def issue(world, survey: Survey, group_name: str, school=None, count: int = 1) -> list[str]:
    _batch, issued = services.tokens_issue(
        actor=world.county_admin,
        survey=survey,
        group=group(survey, group_name),
        schools=[school] if school is not None else [],
        count=count,
    )
    return [item.token for item in issued]


def answers_for(
    survey: Survey,
    group_name: str,
    choices: Sequence[int],
    text: str = "",
    extra: dict[int, Any] | None = None,
) -> dict[int, Any]:
    """Answers to the group's questionnaire: `choices` for its scale questions in order (the
    last one repeated if short), the first option of each other choice question, `text` for
    the text questions."""
    answers: dict[int, Any] = {}
    scale = iter(choices)
    last = choices[-1] if choices else FULL
    for question in group(survey, group_name).questionnaire.questions.all():
        if question.kind == QuestionKind.SCALE:
            last = next(scale, last)
            answers[question.pk] = last
        elif question.kind == QuestionKind.SINGLE:
            answers[question.pk] = 0
        elif question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = [0]
        elif text:
            answers[question.pk] = text
    answers.update(extra or {})
    return answers


def respond(
    world,
    survey: Survey,
    group_name: str,
    school,
    choices: Sequence[int],
    text: str = "",
):
    """One response through a freshly issued token."""
    (token,) = issue(world, survey, group_name, school)
    return services.response_submit_token(
        token=token, answers=answers_for(survey, group_name, choices, text)
    )
