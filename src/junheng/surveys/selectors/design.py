"""Reads of a survey as the bureau defines it: the list of surveys, a survey's structure
(questionnaires, questions, groups), its token batches, the schools it may cover, and what
still keeps a draft from opening."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from junheng.registry.models import School
from junheng.surveys import rates, wording
from junheng.surveys.choices import QuestionKind
from junheng.surveys.models import Question, RespondentGroup, Survey, TokenBatch
from junheng.surveys.selectors.scope import responses_seen, surveys_seen


def survey_list(*, user: Any) -> list[Survey]:
    """The surveys of the user's county, newest first, with the responses the user sees."""
    surveys = list(surveys_seen(user=user).select_related("county").order_by("-year", "-pk"))
    counts = dict(
        responses_seen(user=user)
        .filter(survey__in=[s.pk for s in surveys])
        .values("survey")
        .annotate(n=Count("id", distinct=True))
        .values_list("survey", "n")
    )
    for survey in surveys:
        survey.responses_seen = counts.get(survey.pk, 0)
    return surveys


def groups_of(survey: Survey) -> list[RespondentGroup]:
    return list(survey.groups.select_related("questionnaire").order_by("order", "pk"))


@dataclass
class Structure:
    """The survey's questionnaires with their questions and the groups that answer each."""

    survey: Survey
    questionnaires: list[Any]
    groups: list[RespondentGroup]


def structure(*, survey: Survey) -> Structure:
    questionnaires = list(survey.questionnaires.prefetch_related("questions", "groups"))
    return Structure(survey=survey, questionnaires=questionnaires, groups=groups_of(survey))


def open_problems(survey: Survey) -> list[str]:
    """What keeps the survey from opening, in the active language; empty when it can open."""
    problems = [wording.problem_text(p) for p in rates.check_scale(survey.scale)]
    groups = list(survey.groups.select_related("questionnaire"))
    if not groups:
        problems.append(_("还没有调查对象"))
    if not Question.objects.filter(questionnaire__survey=survey, kind=QuestionKind.SCALE).exists():
        problems.append(_("还没有满意度题"))
    for group in groups:
        if not group.questionnaire.questions.exists():
            problems.append(
                _("「%(group)s」的问卷「%(questionnaire)s」没有题目")
                % {"group": group.name_shown, "questionnaire": group.questionnaire.name_shown}
            )
    if any(g.per_school for g in groups) and not survey.schools.exists():
        problems.append(_("还没有选择调查学校"))
    return problems


def batches(*, survey: Survey) -> list[TokenBatch]:
    """The survey's token batches with their group, how many schools and how many of their
    tokens were used."""
    return list(
        survey.batches.select_related("created_by").annotate(
            used_count=Count("tokens", filter=Q(tokens__used=True)),
            group_name=Min("tokens__group__name"),
            school_count=Count("tokens__school", distinct=True),
        )
    )


def schools_for_coverage(*, survey: Survey) -> list[School]:
    """The schools a survey may cover: the county's compulsory schools, since the survey is of
    satisfaction with compulsory education (docs/standards.md §2, §4: kindergartens and senior
    high schools are never part of the evaluation)."""
    return list(
        School.objects.filter(county=survey.county)
        .compulsory()
        .select_related("township")
        .order_by("township__name", "code")
    )


def covered_ids(*, survey: Survey) -> set[int]:
    return set(survey.schools.values_list("pk", flat=True))


def covered_schools(*, survey: Survey) -> list[School]:
    """The schools the survey covers, by township and code (the rows of the quotas)."""
    return list(survey.schools.select_related("township").order_by("township__name", "code"))


def is_covered(*, survey: Survey, school: School) -> bool:
    """Whether the survey covers the school."""
    return survey.schools.filter(pk=school.pk).exists()
