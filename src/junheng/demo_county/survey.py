"""The county's own satisfaction survey (a 自测 of 社会认可度) under way: created from the
quality-2017 questionnaire, its schools chosen, opened, one-time tokens issued per group and
school, and the answers sent with them over the past three weeks — about nine in ten not
dissatisfied, so the rate passes 85 %."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from junheng.demo_county.clock import Timeline
from junheng.demo_county.people import Cast
from junheng.registry.models import School
from junheng.surveys import services as surveys
from junheng.surveys.choices import QuestionKind
from junheng.surveys.models import Question, RespondentGroup, Survey

SURVEY_SCHOOLS = 12
# Tokens issued per school for the groups surveyed at schools, and county-wide for the others.
PER_SCHOOL = {"parent": 15, "teacher": 4, "principal": 1, "student": 6}
COUNTY_WIDE = {"deputy": 10, "cppcc": 10, "public": 25}
ANSWERED_SHARE = 0.86  # of the tokens issued, answered so far
# How respondents choose on the 3-point scale (满意, 基本满意, 不满意).
SCALE_WEIGHTS = (0.62, 0.30, 0.08)


def survey_schools(cast: Cast, schools: list[School]) -> list[School]:
    """A spread of the county's schools, the principal's among them."""
    step = max(1, len(schools) // SURVEY_SCHOOLS)
    chosen = [cast.school, *(s for s in schools[::step] if s != cast.school)]
    return chosen[:SURVEY_SCHOOLS]


class Respondents:
    """Answers as respondents give them, drawn from one seeded sequence."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.questions: dict[int, list[Question]] = {}

    def answers(self, group: RespondentGroup) -> dict[int, Any]:
        if group.pk not in self.questions:
            self.questions[group.pk] = list(group.questionnaire.questions.order_by("order"))
        rng, answers = self.rng, {}
        for question in self.questions[group.pk]:
            if question.kind == QuestionKind.SCALE:
                answers[question.pk] = rng.choices(range(3), weights=SCALE_WEIGHTS)[0]
            elif question.kind == QuestionKind.SINGLE and question.options:
                answers[question.pk] = rng.randrange(len(question.options))
            elif question.kind == QuestionKind.MULTIPLE and question.options:
                answers[question.pk] = [rng.randrange(len(question.options))]
            elif question.required:
                answers[question.pk] = "无"
        return answers


def survey(timeline: Timeline, cast: Cast, schools: list[School], *, year: int, seed: int) -> None:
    """The survey from its creation four weeks ago to the answers of the day before
    yesterday."""
    admin, today, respondents = cast.admin, timeline.today, Respondents(seed)
    made: dict[str, Survey] = {}
    issued: list[surveys.IssuedToken] = []
    opens = 21

    def create() -> None:
        created = surveys.survey_create(
            actor=admin, county=cast.county, blueprint="quality-2017", year=year
        )
        created = surveys.survey_update(
            actor=admin,
            survey=created,
            changes={"opens_on": timeline.day(opens), "closes_on": today + dt.timedelta(days=9)},
        )
        made["survey"] = surveys.survey_set_schools(
            actor=admin, survey=created, schools=survey_schools(cast, schools)
        )

    def open_and_issue() -> None:
        opened = surveys.survey_open(actor=admin, survey=made["survey"])
        covered = list(opened.schools.order_by("code"))
        for group in opened.groups.select_related("questionnaire").order_by("order"):
            count = (PER_SCHOOL if group.per_school else COUNTY_WIDE).get(group.kind)
            if not count:
                continue
            _batch, tokens = surveys.tokens_issue(
                actor=admin,
                survey=opened,
                group=group,
                schools=covered if group.per_school else [],
                count=count,
            )
            issued.extend(tokens)

    def answer(day: int) -> None:
        for position, token in enumerate(issued):
            if position % (opens - 2) != day % (opens - 2):
                continue
            if respondents.rng.random() > ANSWERED_SHARE:
                continue
            surveys.response_submit_token(
                token=token.token,
                answers=respondents.answers(token.group),
                today=timeline.day(day),
            )

    timeline.at(28, create)
    timeline.at(opens, open_and_issue)
    for day in range(opens - 1, 1, -1):
        timeline.at(day, lambda day=day: answer(day))
