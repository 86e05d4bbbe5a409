"""Reads of the sample: each (group, school)'s quota, the responses and tokens against it in the
user's scope, the sample plan's checks (docs/standards.md §2; the figures are the survey's settings)
and the parents' quotas the plan suggests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from junheng.access import MANAGE, may
from junheng.collection.models import SchoolYear
from junheng.registry.models import School
from junheng.surveys import sampling
from junheng.surveys.choices import Channel
from junheng.surveys.models import Quota, RespondentGroup, Survey, Token
from junheng.surveys.selectors.design import groups_of
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


def sample_checks(
    *,
    survey: Survey,
    counts: Counter,
    groups: list[RespondentGroup],
    tokens: dict[tuple[int, int | None], tuple[int, int]],
) -> list[Check]:
    """The sample plan's rules against what came in (docs/standards.md §2; the figures are the
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


def quotas_grid(*, survey: Survey) -> dict[tuple[int, int | None], int]:
    return {(q.group_id, q.school_id): q.target for q in Quota.objects.filter(survey=survey)}
