"""Writes of the respondents: store an anonymous response sent with a one-time token (used up
in the same transaction) or through an open link, after checking it against the group's
questionnaire.

A response is not audited: an audit entry carries the time to the second and the response's
key, which together with a web server's log could tie an answer to an address — the response
keeps only its day.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.db import OperationalError, transaction
from django.utils import timezone

from junheng.registry.models import School
from junheng.surveys.choices import Channel, QuestionKind
from junheng.surveys.digest import token_digest
from junheng.surveys.models import Answer, Question, RespondentGroup, Response, Survey, Token
from junheng.surveys.services.errors import InvalidAnswers, NotAccepting, TokenUnusable

MAX_TEXT_ANSWER = 1000
LOCK_RETRY_SECONDS = 10.0


def response_submit_token(
    *, token: str, answers: Mapping[int, Any], today: date | None = None
) -> Response:
    """Store the answers sent with a one-time token, consuming the token in the same
    transaction: of two submissions racing with one token, exactly one is stored (the
    conditional UPDATE … WHERE used = false takes the row's lock; the loser finds it used)."""
    today = today or timezone.localdate()
    return _retrying_when_locked(lambda: _submit_token(token, answers, today))


def _submit_token(token: str, answers: Mapping[int, Any], today: date) -> Response:
    with transaction.atomic():
        row = (
            Token.objects.select_related("survey", "group", "school")
            .filter(digest=token_digest(token))
            .first()
        )
        if row is None or row.voided:
            raise TokenUnusable("链接无效或已作废", "the link is invalid or voided")
        if row.used:
            raise TokenUnusable("该二维码已使用过，每个二维码只能提交一次", "the link was used")
        survey = row.survey
        if not survey.accepting(today):
            raise NotAccepting("本次调查当前不在作答时间内", "the survey does not take answers now")
        cleaned = check_answers(survey=survey, group=row.group, answers=answers)
        taken = Token.objects.filter(pk=row.pk, used=False, voided=False).update(used=True)
        if taken != 1:
            raise TokenUnusable("该二维码已使用过，每个二维码只能提交一次", "the link was used")
        return _store(survey, row.group, row.school, Channel.TOKEN, cleaned, today)


def _retrying_when_locked(work: Callable[[], Response]) -> Response:
    """Run a whole transaction again when SQLite reports its database locked by another
    writer (a class sending its answers at once), for up to LOCK_RETRY_SECONDS. Nothing is
    retried inside an enclosing transaction, and PostgreSQL waits for row locks instead."""
    deadline = time.monotonic() + LOCK_RETRY_SECONDS
    delay = 0.02
    while True:
        try:
            return work()
        except OperationalError as error:
            if (
                "locked" not in str(error)
                or transaction.get_connection().in_atomic_block
                or time.monotonic() > deadline
            ):
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.25)


def response_submit_open(
    *, slug: str, school: School | None, answers: Mapping[int, Any], today: date | None = None
) -> Response:
    """Store answers sent through a group's open link (no protection against repeats)."""
    today = today or timezone.localdate()
    return _retrying_when_locked(lambda: _submit_open(slug, school, answers, today))


@transaction.atomic
def _submit_open(
    slug: str, school: School | None, answers: Mapping[int, Any], today: date
) -> Response:
    group = RespondentGroup.objects.select_related("survey").filter(open_slug=slug).first()
    if group is None:
        raise TokenUnusable("链接无效或已关闭", "the link is invalid or closed")
    survey = group.survey
    if not survey.accepting(today):
        raise NotAccepting("本次调查当前不在作答时间内", "the survey does not take answers now")
    if group.per_school:
        if school is None or not survey.schools.filter(pk=school.pk).exists():
            raise InvalidAnswers({0: "请选择学校"})
    else:
        school = None
    cleaned = check_answers(survey=survey, group=group, answers=answers)
    return _store(survey, group, school, Channel.OPEN, cleaned, today)


def check_answers(
    *, survey: Survey, group: RespondentGroup, answers: Mapping[int, Any]
) -> list[tuple[Question, Any]]:
    """The answers to the group's questionnaire, checked: each required question answered,
    each choice one of the question's, texts within the length. Other keys are ignored."""
    problems: dict[int, str] = {}
    cleaned: list[tuple[Question, Any]] = []
    for question in group.questionnaire.questions.all():
        value = answers.get(question.pk)
        empty = value is None or value == "" or value == []
        if empty:
            if question.required:
                problems[question.pk] = "请回答此题"
            continue
        size = len(question.choice_labels(survey))
        if question.kind in (QuestionKind.SCALE, QuestionKind.SINGLE):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < size:
                problems[question.pk] = "请从选项中选择一项"
                continue
        elif question.kind == QuestionKind.MULTIPLE:
            if (
                not isinstance(value, list | tuple)
                or any(not isinstance(v, int) or not 0 <= v < size for v in value)
                or len(set(value)) != len(value)
            ):
                problems[question.pk] = "请从选项中选择"
                continue
            value = sorted(value)
        else:
            value = str(value).strip()
            if len(value) > MAX_TEXT_ANSWER:
                problems[question.pk] = f"请不超过 {MAX_TEXT_ANSWER} 字"
                continue
            if not value:
                if question.required:
                    problems[question.pk] = "请回答此题"
                continue
        cleaned.append((question, value))
    if problems:
        raise InvalidAnswers(problems)
    return cleaned


def _store(
    survey: Survey,
    group: RespondentGroup,
    school: School | None,
    channel: str,
    cleaned: list[tuple[Question, Any]],
    today: date,
) -> Response:
    response = Response.objects.create(
        survey=survey, group=group, school=school, channel=channel, submitted_on=today
    )
    answers = []
    for question, value in cleaned:
        answer = Answer(response=response, question=question)
        if question.kind == QuestionKind.MULTIPLE:
            answer.choices = list(value)
        elif question.kind == QuestionKind.TEXT:
            answer.text = value
        else:
            answer.choice = value
        answers.append(answer)
    Answer.objects.bulk_create(answers)
    # No re-score here: a score changing with each response would tell whether that respondent
    # was satisfied. The item takes the rate when the survey opens, changes or closes.
    return response
