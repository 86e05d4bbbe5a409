"""The county's satisfaction rate of a year, for the checklist item it scores and the
self-report: `county_satisfaction(county=, year=)`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from junheng.registry.models import County
from junheng.surveys.choices import SurveyStandard, SurveyStatus
from junheng.surveys.models import Response, Survey
from junheng.surveys.rates import Rate, Tally
from junheng.surveys.selectors.results import answer_cube


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
    tally = Tally.total(answer_cube(survey, responses).values())
    return CountySatisfaction(
        survey=survey,
        rate=survey.formula().rate(tally),
        formula=survey.formula_text(),
        target=Decimal(survey.target_rate),
        responses=responses.count(),
        answers=tally.answered,
    )
