"""Every read of the surveys, scoped to the user through `restrict`: a county admin sees the
county's responses, a township officer the township's schools', a principal the school's, an
inspector the assigned schools'. An object out of the user's scope is a 404.

Small groups are protected for everybody: a group's rate, and any free-text answer, is shown
only where at least `MIN_RESPONSES` responded (per school and group for the texts), so that
nobody reads what one identifiable teacher or deputy wrote.

`county_satisfaction(county=, year=)` is the county's rate for the checklist item it scores.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from junheng.collection.models import SchoolYear
from junheng.registry.models import County, School
from junheng.registry.scoping import (
    COUNTY_ADMIN,
    INSPECTOR,
    MANAGE,
    PRINCIPAL,
    TOWNSHIP_OFFICER,
    VIEW,
)
from junheng.surveys import sampling
from junheng.surveys.choices import Channel, QuestionKind, SurveyStandard, SurveyStatus
from junheng.surveys.models import (
    Answer,
    Question,
    Quota,
    RespondentGroup,
    Response,
    Survey,
    Token,
    TokenBatch,
)
from junheng.surveys.rates import Rate, Tally

MIN_RESPONSES = 5  # fewer responses than this: no group rate, no free text (STANDARDS.md §2)
WEAKEST = 5


# surveys ------------------------------------------------------------------------------------


def survey_list(*, user: Any) -> list[Survey]:
    """The surveys of the user's county, newest first, with the responses the user sees."""
    surveys = list(
        Survey.objects.restrict(user, VIEW).select_related("county").order_by("-year", "-pk")
    )
    counts = dict(
        Response.objects.restrict(user, VIEW)
        .filter(survey__in=[s.pk for s in surveys])
        .values("survey")
        .annotate(n=Count("id", distinct=True))
        .values_list("survey", "n")
    )
    for survey in surveys:
        survey.responses_seen = counts.get(survey.pk, 0)
    return surveys


def survey_get(*, user: Any, pk: int, action: str = VIEW) -> Survey:
    """A survey the user may view (or manage), or 404."""
    return get_object_or_404(Survey.objects.restrict(user, action).select_related("county"), pk=pk)


def can_manage(*, user: Any, survey: Survey) -> bool:
    return Survey.objects.restrict(user, MANAGE).filter(pk=survey.pk).exists()


def manageable_counties(*, user: Any) -> QuerySet[County]:
    return County.objects.restrict(user, MANAGE)


def scope_label(*, user: Any) -> str:
    role = getattr(user, "role", "")
    if user.is_superuser or role == COUNTY_ADMIN:
        return "全县"
    if role == TOWNSHIP_OFFICER and user.township:
        return str(user.township.name)
    if role == PRINCIPAL and user.school:
        return str(user.school.name)
    if role == INSPECTOR:
        return "负责的学校"
    return ""


def scoped_responses(*, user: Any, survey: Survey) -> QuerySet[Response]:
    return Response.objects.restrict(user, VIEW).filter(survey=survey)


def scoped_schools(*, user: Any, survey: Survey) -> QuerySet[School]:
    """The survey's schools the user sees."""
    return (
        survey.schools.filter(pk__in=School.objects.restrict(user, VIEW).values("pk"))
        .select_related("township")
        .order_by("township__name", "code")
    )


def school_in_scope(*, user: Any, pk: int) -> School:
    return get_object_or_404(
        School.objects.restrict(user, VIEW).select_related("township", "county"), pk=pk
    )


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


# the public form ----------------------------------------------------------------------------


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
    from junheng.surveys.services import token_digest

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


# progress -----------------------------------------------------------------------------------


@dataclass
class ProgressCell:
    quota: int | None
    responses: int
    issued: int
    used: int

    @property
    def share(self) -> float | None:
        return self.responses / self.quota if self.quota else None

    @property
    def done(self) -> bool:
        return bool(self.quota) and self.responses >= (self.quota or 0)


@dataclass
class ProgressRow:
    label: str
    township: str
    school: School | None
    cells: list[ProgressCell]

    @property
    def responses(self) -> int:
        return sum(c.responses for c in self.cells)

    @property
    def quota(self) -> int:
        return sum(c.quota or 0 for c in self.cells)


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool | None  # None: cannot be judged yet
    detail: str


@dataclass
class Progress:
    survey: Survey
    school_groups: list[RespondentGroup]
    county_groups: list[RespondentGroup]
    rows: list[ProgressRow]
    county_rows: list[ProgressRow]
    county_level: bool
    responses: int
    quota: int
    open_responses: int
    checks: list[Check] = field(default_factory=list)

    @property
    def group_totals(self) -> list[ProgressCell]:
        return [
            ProgressCell(
                quota=sum(r.cells[i].quota or 0 for r in self.rows) or None,
                responses=sum(r.cells[i].responses for r in self.rows),
                issued=sum(r.cells[i].issued for r in self.rows),
                used=sum(r.cells[i].used for r in self.rows),
            )
            for i in range(len(self.school_groups))
        ]


def progress(*, user: Any, survey: Survey) -> Progress:
    """Responses against the bureau's quotas per school and group (county-wide groups for the
    county only), tokens issued and used, and the sample plan's checks."""
    county_level = can_manage(user=user, survey=survey)
    groups = groups_of(survey)
    school_groups = [g for g in groups if g.per_school]
    county_groups = [g for g in groups if not g.per_school] if county_level else []
    schools = list(scoped_schools(user=user, survey=survey))
    responses = scoped_responses(user=user, survey=survey)
    counts = Counter(
        {
            (r["group"], r["school"]): r["n"]
            for r in responses.values("group", "school").annotate(n=Count("id", distinct=True))
        }
    )
    quotas = {(q.group_id, q.school_id): q.target for q in survey.quotas.all()}
    tokens = Token.objects.filter(survey=survey, voided=False)
    if not county_level:
        tokens = tokens.filter(school__in=[s.pk for s in schools])
    issued = {
        (t["group"], t["school"]): (t["n"], t["used_n"])
        for t in tokens.values("group", "school").annotate(
            n=Count("id"), used_n=Count("id", filter=Q(used=True))
        )
    }

    def cell(group: RespondentGroup, school: School | None) -> ProgressCell:
        key = (group.pk, school.pk if school else None)
        n_issued, n_used = issued.get(key, (0, 0))
        return ProgressCell(quotas.get(key), counts.get(key, 0), n_issued, n_used)

    rows = [
        ProgressRow(s.name, s.township.name, s, [cell(g, s) for g in school_groups])
        for s in schools
    ]
    county_rows = [ProgressRow(g.name, "", None, [cell(g, None)]) for g in county_groups]
    total = sum(counts.values())
    result = Progress(
        survey=survey,
        school_groups=school_groups,
        county_groups=county_groups,
        rows=rows,
        county_rows=county_rows,
        county_level=county_level,
        responses=total,
        quota=sum(r.quota for r in rows) + sum(r.quota for r in county_rows),
        open_responses=responses.filter(channel=Channel.OPEN).count(),
    )
    if county_level:
        result.checks = sample_checks(survey=survey, counts=counts, groups=groups, tokens=issued)
    return result


def sample_checks(
    *,
    survey: Survey,
    counts: Counter,
    groups: list[RespondentGroup],
    tokens: dict[tuple[int, int | None], tuple[int, int]],
) -> list[Check]:
    """The sample plan's rules against what came in (STANDARDS.md §2; the figures are the
    survey's settings)."""
    total = sum(counts.values())
    checks = []
    required = survey.required_sample()
    if required is None:
        checks.append(Check("样本量", None, "未填写常住人口或抽样比例，无法计算应调查人数"))
    else:
        checks.append(
            Check(
                "样本量",
                total >= required,
                f"已回收 {total} 份，按常住人口 {survey.population:,} 的 "
                f"{survey.sample_per_mille.normalize():f}‰（人口不足 "
                f"{_count(survey.sample_minimum_below)} 时不少于 {_count(survey.sample_minimum)}）"
                f"应不少于 {required:,} 份",
            )
        )
    parent_groups = {g.pk for g in groups if g.is_parents}
    parents = sum(n for (g, _s), n in counts.items() if g in parent_groups)
    if survey.parents_min_share is not None:
        share = parents / total if total else None
        checks.append(
            Check(
                "家长占比",
                None if share is None else Decimal(parents) >= survey.parents_min_share * total,
                f"家长 {parents} 份，占 {_pct(share)}，要求不低于 {_pct(survey.parents_min_share)}",
            )
        )
    if survey.valid_return_min_share is not None:
        issued = sum(n for n, _used in tokens.values())
        returned = sum(used for _n, used in tokens.values())
        share = returned / issued if issued else None
        checks.append(
            Check(
                "有效回收率",
                None
                if share is None
                else Decimal(returned) >= survey.valid_return_min_share * issued,
                f"已发放二维码 {issued} 个（不含作废），已提交 {returned} 份，"
                f"回收率 {_pct(share)}，要求不低于 {_pct(survey.valid_return_min_share)}",
            )
        )
    return checks


def _count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _pct(value: float | Decimal | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}%"


def suggested_parent_quotas(*, survey: Survey) -> dict[int, int]:
    """The parents' share of the required sample split over the covered schools in proportion
    to their students (their latest yearly data up to the survey's year); empty when the plan
    is incomplete."""
    required = survey.required_sample()
    if required is None or survey.parents_min_share is None:
        return {}
    schools = list(survey.schools.order_by("code"))
    students: dict[int, int] = {}
    for record in (
        SchoolYear.objects.filter(school__in=schools, year__lte=survey.year)
        .order_by("school", "-year")
        .values("school", "year", "primary_students", "junior_students")
    ):
        students.setdefault(
            record["school"],
            (record["primary_students"] or 0) + (record["junior_students"] or 0),
        )
    total = int(-(-Decimal(required) * survey.parents_min_share // 1))  # rounded up
    parts = sampling.distribute(total, [students.get(s.pk, 0) for s in schools])
    return {s.pk: n for s, n in zip(schools, parts, strict=True)}


# results ------------------------------------------------------------------------------------


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
    school: str
    group: str
    question: str
    texts: list[str]


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
            "schools": {
                "names": [s.label for s in schools],
                "values": [pct(s.cell) for s in schools],
            },
            "questions": {
                "names": [f"{q.questionnaire} 第{q.number}题" for q in self.questions],
                "texts": [q.question.text for q in self.questions],
                "values": [pct(q.cell) for q in self.questions],
            },
            "groups": {
                "names": [g.label for g in self.by_group if g.cell.shown],
                "values": [pct(g.cell) for g in self.by_group if g.cell.shown],
            },
        }


def _cube(survey: Survey, responses: QuerySet[Response]) -> dict[tuple[Any, int, int], Tally]:
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
    cube = _cube(survey, responses)
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
        county_level=can_manage(user=user, survey=survey) and school is None,
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
    names: dict[Any, str] = {None: "全县（不分学校）"}
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


# the county's rate, for the checklist ---------------------------------------------------------


@dataclass(frozen=True)
class CountySatisfaction:
    """The county's satisfaction rate of a year, as its survey's formula computes it over all
    the survey's responses. `percent` is what a checklist item with threshold 85 (unit %)
    compares; `formula` says how it was computed and belongs next to it."""

    survey: Survey
    rate: Rate | None
    formula: str
    target: Decimal
    responses: int
    answers: int

    @property
    def percent(self) -> float | None:
        return self.rate.percent if self.rate else None

    @property
    def passes(self) -> bool | None:
        return self.rate.meets(self.target) if self.rate else None

    @property
    def detail(self) -> str:
        value = "—" if self.rate is None else f"{self.rate.percent:.1f}%"
        return (
            f"{self.survey.title}：满意率 {value}（{self.responses} 份问卷，"
            f"{self.answers} 个量表题回答）；{self.formula}"
        )


def county_satisfaction(
    *, county: County, year: int, standard: str | None = None
) -> CountySatisfaction | None:
    """The county's rate of the year from its survey of that year (not a draft; a closed one
    before one still open, then the newest), optionally of one standard ("basic-2012" or
    "quality-2017": surveys marked for no standard count for both). None when there is none.
    Not scoped to a user: the caller shows it only to those who see the county."""
    surveys = Survey.objects.filter(county=county, year=year).exclude(status=SurveyStatus.DRAFT)
    if standard:
        if standard not in SurveyStandard.values:
            raise ValueError(f"unknown standard {standard!r}")
        surveys = surveys.filter(Q(standard=standard) | Q(standard=""))
    chosen = sorted(
        surveys, key=lambda s: (s.status != SurveyStatus.CLOSED, -s.created_at.timestamp(), -s.pk)
    )
    if not chosen:
        return None
    survey = chosen[0]
    responses = Response.objects.filter(survey=survey)
    tally = Tally.total(_cube(survey, responses).values())
    return CountySatisfaction(
        survey=survey,
        rate=survey.formula().rate(tally),
        formula=survey.formula_text(),
        target=Decimal(survey.target_rate),
        responses=responses.count(),
        answers=tally.answered,
    )


def quotas_grid(*, survey: Survey) -> dict[tuple[int, int | None], int]:
    return {(q.group_id, q.school_id): q.target for q in Quota.objects.filter(survey=survey)}


def schools_for_coverage(*, survey: Survey) -> list[School]:
    return list(
        School.objects.filter(county=survey.county)
        .select_related("township")
        .order_by("township__name", "code")
    )


def covered_ids(*, survey: Survey) -> set[int]:
    return set(survey.schools.values_list("pk", flat=True))
