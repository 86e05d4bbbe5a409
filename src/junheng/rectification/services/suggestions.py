"""Problems suggested by the evaluation: proposed, accepted (an open problem) or dismissed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from junheng.access import MANAGE, may
from junheng.audit.services import audit_record
from junheng.evaluation.errors import DataError
from junheng.rectification.choices import Source, Status, SuggestionStatus
from junheng.rectification.gaps import school_gaps
from junheng.rectification.models import Problem, Suggestion
from junheng.rectification.rules import RectificationError
from junheng.rectification.services.problems import problem_create
from junheng.refusals import NotAllowed
from junheng.registry.models import County, School

# --- suggestions from the evaluation ----------------------------------------------------------


@dataclass(frozen=True)
class SuggestionReport:
    created: int
    updated: int
    removed: int
    unchanged: int
    already_open: int


def _ensure_bureau(actor: Any, county: County) -> None:
    if not may(actor, MANAGE, county):
        raise NotAllowed("只有县教育局可以处理建议问题", "only the county bureau handles these")


@transaction.atomic
def suggestions_generate(
    *, actor: Any, county: County, year: int, standard: str
) -> SuggestionReport:
    """Propose a problem for each school unit's unmet threshold of the year, with its gap.

    Run again, it adds what is new, updates the gaps of undecided proposals, removes the
    undecided ones the data no longer shows, and leaves decided ones alone: never a duplicate.
    A gap the county already has an unclosed problem for is not proposed again."""
    from junheng.assessment.evaluation import county_evaluation, standard_named

    _ensure_bureau(actor, county)
    try:
        standard_named(standard)
        evaluation = county_evaluation(county=county, year=year, standard=standard)
    except (ValueError, DataError) as error:
        raise RectificationError(
            f"无法评估 {year} 年度数据：{error}", f"cannot evaluate {year}: {error}"
        ) from error
    if evaluation is None:
        raise RectificationError(f"{year} 年度没有数据", f"no data for {year}")
    schools = {s.code: s for s in School.objects.filter(county=county)}
    existing = {
        (s.school_id, s.level, s.indicator_key): s
        for s in Suggestion.objects.select_for_update().filter(
            county=county, year=year, standard=standard
        )
    }
    open_problems = set(
        Problem.objects.filter(county=county, school__isnull=False)
        .exclude(status=Status.CLOSED)
        .exclude(indicator_key="")
        .values_list("school_id", "level", "indicator_key")
    )
    created = updated = unchanged = already_open = 0
    seen = set()
    for gap in school_gaps(evaluation):
        school = schools.get(gap.school_code)
        if school is None:
            continue
        key = (school.pk, gap.level, gap.indicator_key)
        seen.add(key)
        found = existing.get(key)
        if found is None:
            if key in open_problems:
                already_open += 1
                continue
            Suggestion.objects.create(
                county=county,
                school=school,
                year=year,
                standard=standard,
                level=gap.level,
                indicator_key=gap.indicator_key,
                indicator_name=gap.indicator_name,
                value=gap.value,
                threshold=gap.threshold,
                gap=gap.gap,
                gap_unit=gap.gap_unit,
                text=gap.text,
                description=gap.description(),
            )
            created += 1
        elif found.status == SuggestionStatus.PROPOSED and found.description != gap.description():
            found.value, found.gap, found.text = gap.value, gap.gap, gap.text
            found.description = gap.description()
            found.save(update_fields=["value", "gap", "text", "description", "updated_at"])
            updated += 1
        else:
            unchanged += 1
    stale = [
        s.pk
        for key, s in existing.items()
        if key not in seen and s.status == SuggestionStatus.PROPOSED
    ]
    Suggestion.objects.filter(pk__in=stale).delete()
    report = SuggestionReport(created, updated, len(stale), unchanged, already_open)
    audit_record(
        actor=actor,
        action="suggest",
        obj=county,
        before=None,
        after={"standard": standard, **report.__dict__},
        county=county,
        year=year,
    )
    return report


def _proposed(suggestion: Suggestion) -> Suggestion:
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.PROPOSED:
        raise RectificationError(
            f"该建议已{suggestion.get_status_display()}", "the suggestion is already decided"
        )
    return suggestion


@transaction.atomic
def suggestion_accept(
    *,
    actor: Any,
    suggestion: Suggestion,
    deadline: dt.date,
    responsible: Any,
    measure: str = "",
) -> Problem:
    """The bureau accepts a proposal: it becomes an open problem with a deadline and a
    responsible person."""
    _ensure_bureau(actor, suggestion.county)
    suggestion = _proposed(suggestion)
    if deadline is None or responsible is None:
        raise RectificationError(
            "采纳时必须指定整改期限和责任人",
            "a deadline and a responsible person are required to accept",
        )
    problem = problem_create(
        actor=actor,
        county=suggestion.county,
        source=Source.SELF_CHECK,
        description=suggestion.description,
        school=suggestion.school,
        indicator_key=suggestion.indicator_key,
        level=suggestion.level,
        measure=measure,
        responsible=responsible,
        deadline=deadline,
        comment=f"采纳建议问题（{suggestion.year} 年度数据）",
    )
    suggestion.status, suggestion.problem = SuggestionStatus.ACCEPTED, problem
    suggestion.decided_at, suggestion.decided_by = timezone.now(), actor
    suggestion.save(update_fields=["status", "problem", "decided_at", "decided_by", "updated_at"])
    audit_record(
        actor=actor,
        action="accept",
        obj=suggestion,
        before={"status": SuggestionStatus.PROPOSED},
        after={"status": suggestion.status, "problem": problem.pk},
        school=suggestion.school,
        year=suggestion.year,
    )
    return problem


@transaction.atomic
def suggestion_dismiss(*, actor: Any, suggestion: Suggestion, comment: str = "") -> Suggestion:
    """The bureau decides a proposal is not a problem to rectify (it is not proposed again for
    that year)."""
    _ensure_bureau(actor, suggestion.county)
    suggestion = _proposed(suggestion)
    suggestion.status = SuggestionStatus.DISMISSED
    suggestion.decided_at, suggestion.decided_by = timezone.now(), actor
    suggestion.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit_record(
        actor=actor,
        action="dismiss",
        obj=suggestion,
        before={"status": SuggestionStatus.PROPOSED},
        after={"status": suggestion.status},
        school=suggestion.school,
        year=suggestion.year,
        comment=comment.strip(),
    )
    return suggestion
