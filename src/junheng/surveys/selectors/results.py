"""Reads of the results: the satisfaction rates in the user's scope (or at one school of it) —
overall, per group, township, school and question — the choice questions' counts and the
free-text answers.

Small groups are protected for everybody: a group's rate, and any free-text answer, is shown
only where at least `MIN_RESPONSES` responded (per school and group for the texts), so that
nobody reads what one identifiable teacher or deputy wrote.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext

from junheng.access import MANAGE, may
from junheng.registry.models import School
from junheng.surveys import wording
from junheng.surveys.choices import QuestionKind
from junheng.surveys.models import Answer, Question, RespondentGroup, Response, Survey
from junheng.surveys.rates import Rate, Tally
from junheng.surveys.selectors.design import groups_of
from junheng.surveys.selectors.scope import (
    SCOPE_WORDS,
    scope_label,
    scoped_responses,
    scoped_schools,
)

COUNTY_WIDE = "全县（不分学校）"  # the school of the county-wide groups' comments
MIN_RESPONSES = 5  # fewer responses than this: no group rate, no free text (docs/standards.md §2)
WEAKEST = 5


@dataclass(frozen=True)
class RateCell:
    """A rate with what it is made of; `suppressed` when too few responded to show it."""

    tally: Tally
    rate: Rate | None
    responses: int
    target: Decimal
    suppressed: bool = False

    @property
    def shown(self) -> bool:
        return self.rate is not None and not self.suppressed

    @property
    def value(self) -> float | None:
        return self.rate.value if self.shown and self.rate else None

    @property
    def meets(self) -> bool | None:
        return self.rate.meets(self.target) if self.shown and self.rate else None


@dataclass
class Named:
    label: str
    cell: RateCell
    township: str = ""
    pk: int | None = None


@dataclass
class QuestionRow:
    question: Question
    questionnaire: str
    number: int
    cell: RateCell
    options: list[tuple[str, int]]


@dataclass
class ChoiceRow:
    question: Question
    questionnaire: str
    number: int
    answered: int
    options: list[tuple[str, int, float]]


@dataclass
class CommentBlock:
    """Free texts of a school's (or the county-wide) group to one question; the school, group
    and question as stored (Chinese: the exports'), `*_shown` in the page's language."""

    school: str
    group: str
    question: str
    texts: list[str]

    @property
    def school_shown(self) -> str:
        return gettext(COUNTY_WIDE) if self.school == COUNTY_WIDE else self.school

    @property
    def group_shown(self) -> str:
        return wording.shown(self.group)

    @property
    def question_shown(self) -> str:
        return wording.shown(self.question)


@dataclass
class Results:
    survey: Survey
    scope: str
    school: School | None
    formula: str
    target: Decimal
    responses: int
    overall: RateCell
    by_group: list[Named]
    by_township: list[Named]
    by_school: list[Named]
    questions: list[QuestionRow]
    choices: list[ChoiceRow]
    comments: list[CommentBlock]
    suppressed_comments: int
    county_level: bool

    @property
    def scope_shown(self) -> str:
        """The scope in the page's language (`scope` stays Chinese for the exports)."""
        return gettext(self.scope) if self.scope in SCOPE_WORDS.values() else self.scope

    @property
    def weakest_questions(self) -> list[QuestionRow]:
        rated = [q for q in self.questions if q.cell.shown]
        return sorted(rated, key=lambda q: (q.cell.rate.exact, q.number))[:WEAKEST]

    @property
    def weakest_schools(self) -> list[Named]:
        rated = [s for s in self.by_school if s.cell.shown]
        return sorted(rated, key=lambda s: (s.cell.rate.exact, s.label))[:WEAKEST]

    def charts(self) -> dict[str, Any]:
        """The data of the page's charts (rates in percent, one decimal)."""

        def pct(cell: RateCell) -> float | None:
            return round(cell.rate.percent, 1) if cell.shown and cell.rate else None

        schools = sorted(
            (s for s in self.by_school if s.cell.shown), key=lambda s: s.cell.rate.exact
        )
        return {
            "target": float(self.target * 100),
            "formula": self.formula,
            # the charts' titles in the page's language (js/surveys.js may read them)
            "titles": {
                "schools": gettext("各校满意率（由低到高）"),
                "questions": gettext("各题满意率"),
            },
            "schools": {
                "names": [s.label for s in schools],
                "values": [pct(s.cell) for s in schools],
            },
            "questions": {
                "names": [
                    f"{wording.shown(q.questionnaire)} " + gettext("第%(n)s题") % {"n": q.number}
                    for q in self.questions
                ],
                "texts": [q.question.text_shown for q in self.questions],
                "values": [pct(q.cell) for q in self.questions],
            },
            "groups": {
                "names": [wording.shown(g.label) for g in self.by_group if g.cell.shown],
                "values": [pct(g.cell) for g in self.by_group if g.cell.shown],
            },
        }


def answer_cube(survey: Survey, responses: QuerySet[Response]) -> dict[tuple[Any, int, int], Tally]:
    """(school pk, group pk, question pk) → the tally of its scale answers."""
    cube: dict[tuple[Any, int, int], Tally] = defaultdict(Tally)
    kinds = [option["kind"] for option in survey.scale]
    rows = (
        Answer.objects.filter(
            response__in=responses.values("pk"), question__kind=QuestionKind.SCALE
        )
        .values("response__school", "response__group", "question", "choice")
        .annotate(n=Count("id"))
    )
    for row in rows:
        choice = row["choice"]
        if choice is None or not 0 <= choice < len(kinds):
            continue
        key = (row["response__school"], row["response__group"], row["question"])
        cube[key] = cube[key] + Tally.of(kinds[choice], row["n"])
    return cube


def _option_counts(responses: QuerySet[Response]) -> dict[int, Counter]:
    """question pk → Counter of choice index, for scale and single-choice questions."""
    counts: dict[int, Counter] = defaultdict(Counter)
    rows = (
        Answer.objects.filter(
            response__in=responses.values("pk"),
            question__kind__in=(QuestionKind.SCALE, QuestionKind.SINGLE),
        )
        .values("question", "choice")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["question"]][row["choice"]] += row["n"]
    return counts


def results(*, user: Any, survey: Survey, school: School | None = None) -> Results:
    """The survey's satisfaction rates in the user's scope (or at one school of it): overall,
    per group, township, school and question, with the choice questions' counts and the
    free-text answers of the cells large enough to show them."""
    formula = survey.formula()
    target = Decimal(survey.target_rate)
    responses = scoped_responses(user=user, survey=survey)
    schools = list(scoped_schools(user=user, survey=survey))
    if school is not None:
        responses = responses.filter(school=school)
        schools = [s for s in schools if s.pk == school.pk]
    cube = answer_cube(survey, responses)
    n_by_cell = Counter(
        {
            (r["school"], r["group"]): r["n"]
            for r in responses.values("school", "group").annotate(n=Count("id", distinct=True))
        }
    )

    # one pass over the cube and the counts: the tallies and responses per school and group
    school_tally: dict[Any, Tally] = defaultdict(Tally)
    group_tally: dict[int, Tally] = defaultdict(Tally)
    for (school_pk, group_pk, _question), tally in cube.items():
        school_tally[school_pk] = school_tally[school_pk] + tally
        group_tally[group_pk] = group_tally[group_pk] + tally
    school_n: Counter = Counter()
    group_n: Counter = Counter()
    for (school_pk, group_pk), n in n_by_cell.items():
        school_n[school_pk] += n
        group_n[group_pk] += n

    def cell(tally: Tally, n: int, small_is_hidden: bool = False) -> RateCell:
        hidden = small_is_hidden and n < MIN_RESPONSES
        return RateCell(tally, formula.rate(tally), n, target, hidden)

    groups = groups_of(survey)
    by_group = [
        Named(g.name, cell(group_tally[g.pk], group_n[g.pk], small_is_hidden=True), pk=g.pk)
        for g in groups
        if group_n[g.pk]
    ]
    by_school = []
    townships: dict[str, list[int]] = defaultdict(list)
    for s in schools:
        by_school.append(
            Named(
                s.name,
                cell(school_tally[s.pk], school_n[s.pk]),
                township=s.township.name,
                pk=s.pk,
            )
        )
        townships[s.township.name].append(s.pk)
    by_township = []
    if school is None and len(townships) > 1:
        for name, pks in sorted(townships.items()):
            tally = Tally.total(school_tally[pk] for pk in pks)
            by_township.append(Named(name, cell(tally, sum(school_n[pk] for pk in pks))))
    questions, choices = _question_rows(survey, responses, cube, formula, target, groups)
    comments, suppressed = _comments(responses, n_by_cell, {g.pk: g.name for g in groups})
    return Results(
        survey=survey,
        scope=school.name if school is not None else scope_label(user=user),
        school=school,
        formula=survey.formula_text(),
        target=target,
        responses=sum(n_by_cell.values()),
        overall=cell(Tally.total(school_tally.values()), sum(n_by_cell.values())),
        by_group=by_group,
        by_township=by_township,
        by_school=by_school,
        questions=questions,
        choices=choices,
        comments=comments,
        suppressed_comments=suppressed,
        county_level=school is None and may(user, MANAGE, survey),
    )


def _question_rows(
    survey: Survey,
    responses: QuerySet[Response],
    cube: dict[tuple[Any, int, int], Tally],
    formula: Any,
    target: Decimal,
    groups: list[RespondentGroup],
) -> tuple[list[QuestionRow], list[ChoiceRow]]:
    options = _option_counts(responses)
    multiple: dict[int, Counter] = defaultdict(Counter)
    answered_multiple: Counter = Counter()
    for question_pk, picked in Answer.objects.filter(
        response__in=responses.values("pk"), question__kind=QuestionKind.MULTIPLE
    ).values_list("question", "choices"):
        answered_multiple[question_pk] += 1
        for index in picked or []:
            multiple[question_pk][index] += 1
    by_question: dict[int, Tally] = defaultdict(Tally)
    for (_s, _g, q), tally in cube.items():
        by_question[q] = by_question[q] + tally
    answering = Counter()
    for question_pk, n in (
        Answer.objects.filter(response__in=responses.values("pk"))
        .values("question")
        .annotate(n=Count("id"))
        .values_list("question", "n")
    ):
        answering[question_pk] = n
    rows, choice_rows = [], []
    labels = survey.scale_labels()
    for questionnaire in survey.questionnaires.prefetch_related("questions"):
        for number, question in enumerate(questionnaire.questions.all(), start=1):
            if question.kind == QuestionKind.SCALE:
                tally = by_question.get(question.pk, Tally())
                rows.append(
                    QuestionRow(
                        question,
                        questionnaire.name,
                        number,
                        RateCell(tally, formula.rate(tally), answering[question.pk], target),
                        [(label, options[question.pk][i]) for i, label in enumerate(labels)],
                    )
                )
            elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                counts = (
                    options[question.pk]
                    if question.kind == QuestionKind.SINGLE
                    else multiple[question.pk]
                )
                answered = (
                    answering[question.pk]
                    if question.kind == QuestionKind.SINGLE
                    else answered_multiple[question.pk]
                )
                choice_rows.append(
                    ChoiceRow(
                        question,
                        questionnaire.name,
                        number,
                        answered,
                        [
                            (label, counts[i], counts[i] / answered if answered else 0.0)
                            for i, label in enumerate(question.options)
                        ],
                    )
                )
    return rows, choice_rows


def _comments(
    responses: QuerySet[Response], n_by_cell: Counter, group_names: dict[int, str]
) -> tuple[list[CommentBlock], int]:
    """Free-text answers, per school and group, of the cells where at least MIN_RESPONSES
    responded; the count of texts withheld from the smaller cells. In no order that follows
    the order they came in (sorted by text)."""
    texts: dict[tuple[Any, int, int], list[str]] = defaultdict(list)
    names: dict[Any, str] = {None: COUNTY_WIDE}
    questions: dict[int, str] = {}
    withheld = 0
    rows = (
        Answer.objects.filter(response__in=responses.values("pk"), question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .values(
            "response__school",
            "response__school__name",
            "response__group",
            "question",
            "question__text",
            "text",
        )
    )
    for row in rows:
        school, group = row["response__school"], row["response__group"]
        if n_by_cell.get((school, group), 0) < MIN_RESPONSES:
            withheld += 1
            continue
        names[school] = row["response__school__name"] or names[None]
        questions[row["question"]] = row["question__text"]
        texts[(school, group, row["question"])].append(row["text"])
    blocks = [
        CommentBlock(names[s], group_names.get(g, ""), questions[q], sorted(found))
        for (s, g, q), found in sorted(
            texts.items(), key=lambda item: (names[item[0][0]], item[0][1], item[0][2])
        )
    ]
    return blocks, withheld
