"""Build the demo county: set it up 150 days ago, then replay its months to today."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from junheng.accounts.models import User
from junheng.demo_county import (
    checklists,
    coverage,
    documents,
    kindergartens,
    problems,
    road,
    school_data,
    self_report,
    shuanggao,
    survey,
    visits,
)
from junheng.demo_county.clock import Timeline, on_day
from junheng.demo_county.people import bureau_admin, cast_create
from junheng.demo_data import generate
from junheng.registry.models import County, School

DEMO_SEED = 2025
DEMO_YEARS = (2024, 2025)
DEMO_SCHOOLS = 80
SET_UP_DAYS_AGO = 150
LOCKED_DAYS_AGO = 140
LATEST_IMPORT_DAYS_AGO = 60
INSPECTION_IN_DAYS = 90
STANDARD = "quality-2017"  # the programme the county prepares for


class DemoNotAllowed(Exception):
    pass


def load_demo_county(*, schools: int = DEMO_SCHOOLS) -> County:
    """Create the demo county of `schools` schools once; a second call leaves it as it is."""
    if not settings.DEMO:
        raise DemoNotAllowed("demo data and demo accounts exist only with JUNHENG_DEMO=1")
    existing = User.objects.filter(username="county_admin").first()
    if existing is not None and existing.county is not None:
        return existing.county
    with transaction.atomic():
        return _build(schools)


def _build(size: int) -> County:
    today = timezone.localdate()
    earlier, latest = DEMO_YEARS
    frame = generate(counties=1, seed=DEMO_SEED, years=DEMO_YEARS, schools_per_county=size).sort(
        "year", "school_type", "school_code"
    )
    first = frame.row(0, named=True)
    with on_day(today - dt.timedelta(days=SET_UP_DAYS_AGO)):
        # adding a county is the installation's step (a superuser's, whom the demo has not)
        county = County.objects.create(code=first["county_code"], name=first["county_name"])
        admin = bureau_admin(county)
        school_data.year_import(admin, county, frame, earlier)
        lists = checklists.checklists_load(admin, county)
        township = school_data.busiest_township(county)
        cast = cast_create(admin, township, school_data.principal_school(township))
        schools = list(School.objects.filter(county=county).order_by("code"))
        visits.cadre_assign(cast, schools)
    with on_day(today - dt.timedelta(days=LOCKED_DAYS_AGO)):
        school_data.year_approve_and_lock(admin, county, earlier)

    timeline = Timeline(today)
    road.road(
        timeline, cast, data_year=latest, inspection=today + dt.timedelta(days=INSPECTION_IN_DAYS)
    )
    timeline.at(
        LATEST_IMPORT_DAYS_AGO, lambda: school_data.year_import(admin, county, frame, latest)
    )
    school_data.year_under_way(timeline, cast, latest)
    kindergartens.registry_schools(timeline, cast)
    shuanggao.shuanggao_import(timeline, cast)
    coverage.coverage(timeline, cast, data_year=latest)
    assigned = checklists.assignments(timeline, cast, lists, schools)
    checklists.evidence(timeline, assigned, schools, cast)
    checklists.scores(timeline, cast, lists)
    visits.visits(timeline, cast, schools)
    problems.problems(timeline, cast, schools)
    documents.documents(timeline, cast)
    self_report.self_report(timeline, cast, year=latest, standard=STANDARD)
    survey.survey(timeline, cast, schools, year=latest, seed=DEMO_SEED)
    road.mock_draw(timeline, cast, data_year=latest, standard=STANDARD)
    problems.suggestions(timeline, cast, year=latest, standard=STANDARD)
    problems.ledger_export(timeline, cast)

    def score_from_data_and_survey() -> None:
        # 社会认可度 (4.1) names the survey's rate: scored here with the data items
        checklists.scores_from_data(cast, lists, latest)
        checklists.vetoes_checked(cast, lists[STANDARD])

    timeline.at(1, score_from_data_and_survey)
    problems.reminders(timeline, cast)
    timeline.run()
    return county
