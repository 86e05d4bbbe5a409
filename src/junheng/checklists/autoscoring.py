"""Items scored from data without a person: the 自动评分 button, the items the school data
answer scored again when the data change (in a background job), and those the county's own
figures (双普, the survey's rate) answer scored again when the figures change. A score given by a
person is kept by the automatic re-scores (docs/standards.md §2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import translation

from junheng.checklist_core.figures import COUNTY_PREFIX, FigureValue
from junheng.checklist_core.scoring import explain, score_measured
from junheng.checklists.background import data_rescore_start
from junheng.checklists.errors import ChecklistError
from junheng.checklists.models import Checklist, ChecklistItem, ItemScore
from junheng.checklists.selectors import county_figures
from junheng.checklists.selectors.figures import county_own_figures
from junheng.checklists.services import refuse_unless_manages, store_score
from junheng.registry.models import County, School

# the notes are stored in Chinese whatever the language of the request that scores (pages in
# English render them at display time: `checklists.english.justification_text`)
STORED_LANGUAGE = "zh-hans"
# the county's survey rate (docs/standards.md §2: 社会认可度 / 公众满意度 ≥ 85 %)
SATISFACTION = COUNTY_PREFIX + "satisfaction_rate"


@dataclass
class AutoScoreReport:
    year: int
    scored: list[str] = field(default_factory=list)  # codes whose score changed
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # codes without data


@transaction.atomic
def checklist_score_automatic(*, actor: Any, checklist: Checklist, year: int) -> AutoScoreReport:
    """Score every automatic item from the county's school data of the year (the button: an
    item scored by hand is scored again from the data too)."""
    refuse_unless_manages(actor, checklist.county)
    figures = county_figures(county=checklist.county, year=year, standard=checklist.key)
    if figures is None:
        raise ChecklistError(
            f"{checklist.county.name} {year} 年度没有学校数据，无法自动评分",
            f"the county has no school data for {year}",
        )
    leaves = checklist.items.filter(children__isnull=True).exclude(source="")
    return _score_from_figures(actor, leaves, figures, year, keep_hand_scores=False)


@translation.override(STORED_LANGUAGE)
def _score_from_figures(
    actor: Any,
    leaves: Iterable[ChecklistItem],
    figures: dict[str, FigureValue],
    year: int,
    *,
    keep_hand_scores: bool,
) -> AutoScoreReport:
    """Score the automatic items among `leaves` from the figures of the year. With
    `keep_hand_scores` (a re-score the data started, not a person) an item scored by hand, or
    automatically from a later year, stays as it is."""
    report = AutoScoreReport(year)
    for item in leaves:
        rule = item.as_data()
        if not rule.automatic:
            continue
        measured = figures.get(rule.source)
        if measured is None:
            report.missing.append(item.code)
            continue
        before = ItemScore.objects.filter(item=item).first()
        if keep_hand_scores and before is not None and _kept(before, year):
            report.unchanged.append(item.code)
            continue
        result = score_measured(
            rule,
            measured.value,
            unverified=bool(measured.unverified),
            failure_proven=measured.failure_proven,
        )
        origin = "县级普及数据" if rule.source.startswith(COUNTY_PREFIX) else "学校数据"
        if rule.source == SATISFACTION:
            origin = "满意度调查"
        text = f"系统依据 {year} 年度{origin}自动评分：{explain(rule, result)}"
        if result.met is None and measured.unverified:
            text = f"{measured.unverified}：{year} 年度{origin}{explain(rule, result)}"
        if measured.detail:
            text += f"（{measured.detail}）"
        changed = _score_automatically(actor, item, before, result, year, text)
        (report.scored if changed else report.unchanged).append(item.code)
    return report


def _kept(stored: ItemScore, year: int) -> bool:
    """Whether a re-score the data started leaves the stored score alone: a person's score,
    or one from a later year's data."""
    return not stored.automatic or (stored.year or 0) > year


def _score_automatically(
    actor: Any, item: ChecklistItem, before: ItemScore | None, result: Any, year: int, text: str
) -> bool:
    """Store the score the data give an item; whether it changed the item's score."""
    old = before.snapshot() if before else None
    stored = store_score(
        actor=actor,
        item=item,
        result=result,
        automatic=True,
        year=year,
        justification=text,
        action="score_auto",
    )
    return stored.snapshot() != old


@transaction.atomic
def county_figures_rescore(*, actor: Any, county: County, year: int) -> list[str]:
    """Score again, from the county's own figures of the year (its 双普 figures, entered on the
    road page: docs/standards.md §4; its survey's satisfaction rate, §2), every automatic
    item of the county's checklists that names one — called when those figures change, so
    the items follow the data without a button. An item scored by hand, or automatically
    from a later year, stays as it is; so does an item whose figure is no longer entered.
    The codes whose score changed."""
    changed = []
    leaves = ChecklistItem.objects.filter(
        checklist__county=county, children__isnull=True, source__startswith=COUNTY_PREFIX
    ).select_related("checklist")
    for checklist in Checklist.objects.filter(county=county).order_by("pk"):
        figures = county_own_figures(county=county, year=year, standard=checklist.key)
        mine = leaves.filter(checklist=checklist).order_by("pk")
        report = _score_from_figures(actor, mine, figures, year, keep_hand_scores=True)
        changed += [f"{checklist.key} {code}" for code in report.scored]
    return changed


@transaction.atomic
def county_data_rescore(*, actor: Any, county: County, year: int) -> list[str]:
    """Score again every automatic item of the county's checklists from its figures of the
    year (school data and its own figures) — run by the background job the school data's
    changes start (`rescore_on_commit`). Hand scores and later years' stay, as in
    `county_figures_rescore`. The codes whose score changed."""
    changed: list[str] = []
    for checklist in Checklist.objects.filter(county=county).order_by("pk"):
        figures = county_figures(county=county, year=year, standard=checklist.key)
        if figures is None:
            continue
        leaves = checklist.items.filter(children__isnull=True).exclude(source="").order_by("pk")
        report = _score_from_figures(actor, leaves, figures, year, keep_hand_scores=True)
        changed += [f"{checklist.key} {code}" for code in report.scored]
    return changed


def satisfaction_rescore_on_commit(*, actor: Any, county: County, year: int) -> None:
    """Once the transaction commits, score the satisfaction items again from the survey's
    rate (a response recorded — `actor` None, the system —, a survey opened, closed or its
    formula changed)."""
    if _has_source(county, exact=SATISFACTION):
        transaction.on_commit(
            partial(county_figures_rescore, actor=actor, county=county, year=year)
        )


def _has_source(county: County, *, exact: str = "") -> bool:
    leaves = ChecklistItem.objects.filter(checklist__county=county, children__isnull=True)
    if exact:
        return leaves.filter(source=exact).exists()
    return leaves.exclude(source="").exclude(source__startswith=COUNTY_PREFIX).exists()


class _DataRescore:
    """The on-commit call that queues a county's re-score; while it waits it equals another
    for the same county and year, so that an import's thousand saves in one transaction
    queue it once."""

    def __init__(self, actor: Any, county: County, year: int, school: School | None) -> None:
        self.actor, self.county, self.year, self.school = actor, county, year, school
        self.done = False

    def waits_as(self, other: object) -> bool:
        return (
            isinstance(other, _DataRescore)
            and not other.done
            and (self.county.pk, self.year) == (other.county.pk, other.year)
        )

    def __call__(self) -> None:
        self.done = True
        data_rescore_start(actor=self.actor, county=self.county, year=self.year, school=self.school)


def rescore_on_commit(*, actor: Any, county: County, year: int, school: School | None) -> None:
    """Once the transaction commits, re-score the county's data items of the year in the
    background, for `actor` (whose change it follows): called by every save of school data.
    Nothing when the county has no checklist item the school data answer, or when no person
    made the change (a management command: its own `checklist_score_automatic` follows)."""
    if getattr(actor, "pk", None) is None:
        return
    call = _DataRescore(actor, county, year, school)
    connection = transaction.get_connection()
    # Django keeps the callbacks of the open transaction here; a rolled-back savepoint drops
    # its own, so a save that failed never blocks a later one from queuing the re-score
    if any(call.waits_as(queued) for _, queued, *_ in connection.run_on_commit):
        return
    if _has_source(county):
        transaction.on_commit(call)
