"""Reads of the sample: each (group, school)'s quota, the responses and tokens against it in the
user's scope, the sample plan's checks for the county (`sample_checks`; docs/standards.md §2)
and the parents' quotas the plan suggests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from junheng.access import MANAGE, may
from junheng.registry.models import School
from junheng.surveys import sampling
from junheng.surveys.choices import Channel
from junheng.surveys.models import Quota, RespondentGroup, Survey, Token
from junheng.surveys.selectors.design import groups_of
from junheng.surveys.selectors.sample_checks import (
    Check,
    covered_students,
    sample_checks,
    tolerance_label,
)
from junheng.surveys.selectors.scope import scoped_responses, scoped_schools


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

    # the measures of "about equal" and "in proportion" the checks use, for the page's note
    about_equal = tolerance_label(sampling.ABOUT_EQUAL_TOLERANCE)
    proportion = tolerance_label(sampling.PROPORTION_TOLERANCE)

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
    county_level = may(user, MANAGE, survey)
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


def suggested_parent_quotas(*, survey: Survey) -> dict[int, int]:
    """The parents' share of the required sample split over the covered schools in proportion
    to their students (their latest yearly data up to the survey's year); empty when the plan
    is incomplete."""
    required = survey.required_sample()
    if required is None or survey.parents_min_share is None:
        return {}
    schools = list(survey.schools.order_by("code"))
    students = covered_students(survey=survey)
    total = int(-(-Decimal(required) * survey.parents_min_share // 1))  # rounded up
    parts = sampling.distribute(total, [students.get(s.pk, 0) for s in schools])
    return {s.pk: n for s, n in zip(schools, parts, strict=True)}


def quotas_grid(*, survey: Survey) -> dict[tuple[int, int | None], int]:
    return {(q.group_id, q.school_id): q.target for q in Quota.objects.filter(survey=survey)}
