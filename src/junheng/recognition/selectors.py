"""Reading the road to recognition: the county of the page, its facts year by year and the
totals of its school data, the entry condition, the stages and the countdown to the next one,
and the draws a user may see. Access questions go to `junheng.access`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from junheng.access import EVALUATE, MANAGE, VIEW, may, restrict
from junheng.access.web import get_scoped_or_404
from junheng.assessment.evaluation import STANDARDS, county_years, standard_named
from junheng.audit.models import AuditEntry
from junheng.audit.selectors import shown
from junheng.checklist_core.figures import COUNTY_PREFIX
from junheng.checklists.models import ChecklistItem
from junheng.collection.models import SchoolYear
from junheng.evaluation.parts import MET, UNASSESSED, UNMET, CountyFacts, judge
from junheng.recognition import coverage
from junheng.recognition.choices import STAGE_BODY, STAGE_ORDER, Body, Stage, TypeGroup
from junheng.recognition.models import (
    CountyCoverage,
    CountyProfile,
    CountyRecognition,
    MockDraw,
    RecognitionStage,
)
from junheng.registry.choices import Location, SchoolType
from junheng.registry.models import COMPULSORY_TYPES, County, School

# The standard whose entry condition the road page shows (the one with a recognition-years part).
ENTRY_STANDARD = "quality-2017"


# --- the county of the page -------------------------------------------------------------------


def page_county(*, user: Any, action: str = VIEW) -> County:
    """The county whose road the user reads (their own; a superuser the first one): 404 when
    the user's scope reaches no county for the action."""
    counties = restrict(County, user, action)
    county_id = getattr(user, "county_id", None)
    found = (counties.filter(pk=county_id) if county_id else counties).order_by("code").first()
    if found is None:
        raise Http404
    return found


def page_years(*, county: County, today: dt.date | None = None) -> list[int]:
    """The years the road page offers: those with school data or a profile, and this year."""
    today = today or timezone.localdate()
    years = set(county_years(county=county))
    years.update(CountyProfile.objects.filter(county=county).values_list("year", flat=True))
    years.add(today.year)
    return sorted(years, reverse=True)


def default_year(*, county: County, today: dt.date | None = None) -> int:
    """The latest year for which at least half of the county's schools have data (one school
    starting next year's form does not make it the year to judge), else the latest year with
    any data, else this year."""
    counts = dict(
        SchoolYear.objects.filter(school__county=county, school__school_type__in=COMPULSORY_TYPES)
        .order_by()
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    if not counts:
        return (today or timezone.localdate()).year
    schools = School.objects.filter(county=county).compulsory().count()
    filled = [year for year, n in counts.items() if 2 * n >= schools]
    return max(filled) if filled else max(counts)


# --- the county's facts -----------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolTotals:
    """The county's schools, students and teachers of a year, summed from the school data
    (compulsory levels: 小学 and 初中; senior students are counted apart)."""

    year: int
    schools: int
    teaching_points: int
    primary_students: int
    junior_students: int
    senior_students: int
    teachers: int

    @property
    def compulsory_students(self) -> int:
        return self.primary_students + self.junior_students

    @property
    def has_data(self) -> bool:
        return self.schools > 0


def school_totals(*, county: County, year: int) -> SchoolTotals:
    """Schools, students and teachers of the county's year, from collection.SchoolYear."""
    found = SchoolYear.objects.filter(school__county=county, year=year).aggregate(
        schools=Count("pk"),
        teaching_points=Count("pk", filter=Q(school_type=SchoolType.TEACHING_POINT)),
        primary_students=Sum("primary_students"),
        junior_students=Sum("junior_students"),
        senior_students=Sum("senior_students"),
        teachers=Sum(F("primary_teachers") + F("junior_teachers")),
    )
    return SchoolTotals(year=year, **{key: value or 0 for key, value in found.items()})


def profile_for(*, county: County, year: int) -> CountyProfile | None:
    return CountyProfile.objects.filter(county=county, year=year).first()


def profile_history(*, county: County) -> QuerySet[CountyProfile]:
    """Every year's profile of the county, newest first."""
    return CountyProfile.objects.filter(county=county).order_by("-year")


# --- the county's 双普 figures (docs/standards.md §4) -------------------------------------------


def coverage_for(*, county: County, year: int) -> CountyCoverage | None:
    return CountyCoverage.objects.filter(county=county, year=year).first()


@dataclass(frozen=True)
class CoverageChange:
    """One audited change of the 双普 figures: who, when, which year, each field before → after."""

    entry: AuditEntry
    changes: list[tuple[str, str, str]]


@dataclass(frozen=True)
class CoverageSection:
    """The road page's 双普 section: the year's figures and rates, every year's rates, the
    changes, and the checklist items scored on these figures that the user sees."""

    coverage: CountyCoverage | None
    counts: list[tuple[str, Any]]
    rates: list[tuple[str, Any]]  # (label, Rate or None)
    history: list[tuple[int, list[Any]]]  # (year, [Rate or None per rate])
    rate_labels: list[str]
    changes: list[CoverageChange]
    items: list[ChecklistItem]


def _label(name: str) -> str:
    return str(CountyCoverage._meta.get_field(name).verbose_name)


def coverage_changes(*, county: County, limit: int = 20) -> list[CoverageChange]:
    """The latest changes of the county's 双普 figures, newest first (county-wide facts: every
    user of the county reads them, as the figures themselves)."""
    ids = [
        str(pk) for pk in CountyCoverage.objects.filter(county=county).values_list("pk", flat=True)
    ]
    entries = (
        AuditEntry.objects.filter(object_type=CountyCoverage._meta.label, object_id__in=ids)
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )
    names = {*CountyCoverage.FIGURES, "notes"}
    return [
        CoverageChange(
            entry,
            [
                (_label(key) if key in names else key, shown(old), shown(new))
                for key, old, new in entry.changed_fields()
            ],
        )
        for entry in entries
    ]


def coverage_section(*, user: Any, county: County, year: int) -> CoverageSection:
    found = coverage_for(county=county, year=year)
    rates = found.rates() if found is not None else {}
    rate_names = list(coverage.RATES)
    years = CountyCoverage.objects.filter(county=county).order_by("-year")
    items = (
        restrict(ChecklistItem, user, VIEW)
        .filter(checklist__county=county, source__startswith=COUNTY_PREFIX, children__isnull=True)
        .select_related("checklist", "score")
        .order_by("checklist__name", "sort_key")
    )
    return CoverageSection(
        coverage=found,
        counts=[
            (_label(name), getattr(found, name) if found else None) for name in coverage.COUNTS
        ],
        rates=[(_label(name), rates.get(name)) for name in rate_names],
        history=[(c.year, [c.rates().get(name) for name in rate_names]) for c in years],
        rate_labels=[_label(name) for name in rate_names],
        changes=coverage_changes(county=county),
        items=list(items),
    )


def recognition_of(*, county: County) -> CountyRecognition | None:
    return CountyRecognition.objects.filter(county=county).first()


def recognised_year(*, county: County) -> int | None:
    """The year the county was recognised for basic balance (None: not entered)."""
    found = recognition_of(county=county)
    return found.basic_year if found is not None else None


# --- the entry condition ----------------------------------------------------------------------

MET_STATE, UNMET_STATE, UNKNOWN_STATE = "met", "unmet", "unknown"
_STATES = {MET: MET_STATE, UNMET: UNMET_STATE, UNASSESSED: UNKNOWN_STATE}


@dataclass(frozen=True)
class EntryCondition:
    """Quality-2017's entry condition for a year: basic balance recognised at least `years`
    years before. State "met", "unmet" or "unknown" (the year of recognition not entered)."""

    state: str
    year: int
    recognised_year: int | None
    years: int
    document: str
    evidence_zh: str
    evidence_en: str

    @property
    def is_met(self) -> bool:
        return self.state == MET_STATE

    @property
    def evidence(self) -> str:
        """The evidence in the page's language."""
        return self.evidence_en if (get_language() or "").startswith("en") else self.evidence_zh


def entry_condition(county: County, year: int) -> EntryCondition:
    """The entry condition of quality-2017 for the county's year, judged by the core's rule of
    the standard's `recognised_years` part (its `years` come from the standard file)."""
    parts = standard_named(ENTRY_STANDARD).parts
    rule = next(part for part in parts if part.judged_by == "recognised_years")
    found = recognition_of(county=county)
    recognised = found.basic_year if found is not None else None
    verdict = judge([rule], CountyFacts(year=year, recognised_year=recognised)).parts[0]
    finding = verdict.findings[0]
    return EntryCondition(
        state=_STATES[verdict.state],
        year=year,
        recognised_year=recognised,
        years=rule.years or 0,
        document=found.basic_document if found is not None else "",
        evidence_zh=finding.zh,
        evidence_en=finding.en,
    )


# --- the stages and the countdown -------------------------------------------------------------


@dataclass(frozen=True)
class StageRow:
    """A stage as the road page shows it (a stage without a row has no dates yet)."""

    stage: str
    label: str
    body: str
    body_label: str
    planned_date: dt.date | None
    done_date: dt.date | None
    note: str

    @property
    def is_done(self) -> bool:
        return self.done_date is not None


@dataclass(frozen=True)
class Countdown:
    """The next stage (the first not done, in order) and the days to its planned date
    (negative: the date has passed; None: no date yet). No stage: every stage is done."""

    stage: StageRow | None
    days: int | None

    @property
    def all_done(self) -> bool:
        return self.stage is None

    @property
    def overdue_days(self) -> int | None:
        return -self.days if self.days is not None and self.days < 0 else None


def stage_rows(*, county: County) -> list[StageRow]:
    """The four stages in order. The province stage's planned date is the county's
    督导检查日期 (`County.inspection_date`), wherever it was set."""
    saved = {row.stage: row for row in RecognitionStage.objects.filter(county=county)}
    labels = dict(Stage.choices)
    rows = []
    for stage in STAGE_ORDER:
        row = saved.get(stage)
        planned = row.planned_date if row is not None else None
        if stage == Stage.PROVINCE:
            planned = county.inspection_date
        body = row.body if row is not None else STAGE_BODY[stage]
        rows.append(
            StageRow(
                stage=stage,
                label=str(labels[stage]),
                body=body,
                body_label=str(Body(body).label),
                planned_date=planned,
                done_date=row.done_date if row is not None else None,
                note=row.note if row is not None else "",
            )
        )
    return rows


def countdown(rows: list[StageRow], today: dt.date | None = None) -> Countdown:
    """The next stage and the days to it."""
    today = today or timezone.localdate()
    for row in rows:
        if not row.is_done:
            days = (row.planned_date - today).days if row.planned_date else None
            return Countdown(stage=row, days=days)
    return Countdown(stage=None, days=None)


def stage_for(*, county: County, stage: str) -> RecognitionStage | None:
    return RecognitionStage.objects.filter(county=county, stage=stage).first()


# --- the road page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Road:
    """Everything the road page shows for one county and year."""

    county: County
    year: int
    years: list[int]
    stages: list[StageRow]
    countdown: Countdown
    entry: EntryCondition
    recognition: CountyRecognition | None
    profile: CountyProfile | None
    totals: SchoolTotals
    history: list[CountyProfile]
    coverage: CoverageSection
    manages: bool  # may edit the facts, the stages and draw schools
    sees_draws: bool


def road(*, user: Any, year: int | None = None, today: dt.date | None = None) -> Road:
    """The road page of the user's county for the year (default: the latest year of data)."""
    today = today or timezone.localdate()
    county = page_county(user=user)
    year = year or default_year(county=county, today=today)
    rows = stage_rows(county=county)
    return Road(
        county=county,
        year=year,
        years=sorted(set(page_years(county=county, today=today)) | {year}, reverse=True),
        stages=rows,
        countdown=countdown(rows, today),
        entry=entry_condition(county, year),
        recognition=recognition_of(county=county),
        profile=profile_for(county=county, year=year),
        totals=school_totals(county=county, year=year),
        history=list(profile_history(county=county)),
        coverage=coverage_section(user=user, county=county, year=year),
        manages=may_manage(user=user, county=county),
        sees_draws=may(user, EVALUATE, county),
    )


# --- draws ------------------------------------------------------------------------------------


def draws_seen(*, user: Any) -> QuerySet[MockDraw]:
    """The draws the user may read: their county's, for the roles that see the county's
    evaluation (a principal sees none)."""
    return (
        restrict(MockDraw, user, EVALUATE)
        .select_related("county", "created_by")
        .annotate(drawn_count=Count("drawn", distinct=True))
        .order_by("-created_at", "-pk")
    )


def draw_get(*, user: Any, pk: int, action: str = EVALUATE) -> MockDraw:
    """A draw the user may do the action to: 404 outside their county, 403 where they see it
    but may not (a principal reading, a township officer deleting)."""
    return get_scoped_or_404(
        MockDraw.objects.select_related("county", "created_by"), user, action, pk=pk
    )


def may_manage(*, user: Any, county: County) -> bool:
    """Whether the user may edit the county's road and draw or delete its draws (for buttons)."""
    return may(user, MANAGE, county)


def school_count(*, county: County) -> int:
    """The schools a draw chooses from: the county's compulsory-education schools."""
    return School.objects.compulsory().filter(county=county).count()


@dataclass(frozen=True)
class StratumRow:
    location: str
    group: str
    schools: int
    drawn: int


def strata_rows(*, draw: MockDraw) -> list[StratumRow]:
    """The draw's non-empty strata as recorded: schools in each and schools drawn."""
    labels = dict(TypeGroup.choices)
    return [
        StratumRow(
            location=str(Location(row["location"]).label),
            group=str(labels.get(row["group"], row["group"])),
            schools=row["schools"],
            drawn=row["drawn"],
        )
        for row in draw.strata
        if row["schools"]
    ]


def standard_choices() -> list[tuple[str, str]]:
    """The built-in standards by name in the page's language, for the draw form (quality-2017
    first)."""
    english = (get_language() or "").startswith("en")
    choices = []
    for key in sorted(STANDARDS, reverse=True):
        rules = standard_named(key)
        choices.append((key, rules.name_en if english else rules.name))
    return choices
