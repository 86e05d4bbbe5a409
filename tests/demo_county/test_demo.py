"""The demo county: only in demo mode, with one account per role and two years of data, three
months before its inspection — every module at work, and the parts of both standards in each
of the three states (issue 14 §8, issue 12's "done when")."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

import junheng.demo_county as demo
from junheng.access import RESPONSIBLE, may_be_named
from junheng.accounts.models import User
from junheng.assessment.parts import MET, UNASSESSED, UNMET, county_verdict
from junheng.audit.models import AuditEntry
from junheng.bulletins.models import Bulletin, Notice
from junheng.checklist_core.uploads import check_upload
from junheng.checklists.choices import Origin, UnitKind
from junheng.checklists.limits import evidence_limits
from junheng.checklists.models import Assignment, Checklist, EvidenceVersion, ItemScore
from junheng.collection.choices import DataStatus
from junheng.collection.models import CountyYear, SchoolYear
from junheng.demo_county import shuanggao
from junheng.demo_county.clock import Timeline, on_day
from junheng.demo_county.files import evidence_pdf, photo_png
from junheng.demo_county.problems import STORIES
from junheng.inspections.models import Finding, Visit
from junheng.jobs.choices import JobStatus
from junheng.jobs.models import Job
from junheng.recognition.models import (
    CountyCoverage,
    CountyProfile,
    CountyRecognition,
    DrawnSchool,
    MockDraw,
    RecognitionStage,
)
from junheng.rectification.choices import ExtensionStatus, Source, Status
from junheng.rectification.models import ExtensionRequest, Problem, Suggestion
from junheng.registry.choices import SchoolType
from junheng.registry.models import COMPULSORY_TYPES, County, School
from junheng.selfreport.models import SelfReport
from junheng.surveys.models import Response, Survey
from junheng.surveys.selectors import county_satisfaction

SMALL = 15  # schools of the demo county built by these tests
ADDED = len(("幼儿园", "幼儿园", "高级中学"))  # added on the registry page (kindergartens.py)


def test_demo_accounts_exist_only_in_demo_mode(db, settings):
    settings.DEMO = False
    with pytest.raises(demo.DemoNotAllowed):
        demo.load_demo_county()
    assert not User.objects.exists()


def test_the_command_refuses_a_county_of_fewer_than_ten_schools(db, settings):
    settings.DEMO = True
    with pytest.raises(CommandError):
        call_command("load_demo", schools=5, stdout=io.StringIO())
    assert not County.objects.exists()


@pytest.fixture(scope="module")
def loaded_county(django_db_setup, django_db_blocker) -> Iterator[County]:
    """The demo county, loaded once for this module's tests by the management command as
    `make run` loads it, and rolled back after them."""
    with django_db_blocker.unblock(), override_settings(DEMO=True), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", schools=SMALL, stdout=out)
        assert f"义务教育学校 {SMALL} 所" in out.getvalue()
        assert f"另有幼儿园、高中 {ADDED} 所" in out.getvalue()
        yield County.objects.get()
        transaction.set_rollback(True)


@pytest.fixture
def demo_county(loaded_county, db) -> County:
    """Each test in its own transaction inside the module's (what it writes is undone)."""
    return loaded_county


def test_the_demo_county_has_every_role_two_years_and_a_locked_first_year(demo_county, settings):
    settings.DEMO = True
    county = demo.load_demo_county(schools=SMALL)
    assert county == demo_county  # loaded by the command (the fixture)
    users = {u.username: u for u in User.objects.all()}
    assert set(users) == set(demo.DEMO_USERS)
    assert all(u.check_password(demo.DEMO_PASSWORD) for u in users.values())
    assert users["principal"].school.county == county
    assert users["township_officer"].township.county == county
    assert users["inspector"].assigned_schools.count() > 0
    years = SchoolYear.objects.filter(school__county=county)
    assert years.filter(year=2024).count() == years.filter(year=2025).count() == 15
    assert CountyYear.objects.get(county=county, year=2024).locked
    assert Checklist.objects.filter(county=county).count() == 3  # and the 双高双普 checklist
    assert demo.load_demo_county() == county  # a second run changes nothing
    assert SchoolYear.objects.count() == 30


def _states(county: County, standard: str) -> dict[str, str]:
    verdict = county_verdict(county=county, year=demo.DEMO_YEARS[-1], standard=standard)
    return {part.rule.key: part.state for part in verdict.parts}


def test_the_parts_of_both_standards_show_each_state(demo_county):
    quality = _states(demo_county, "quality-2017")
    basic = _states(demo_county, "basic-2012")
    assert {*quality.values(), *basic.values()} == {MET, UNMET, UNASSESSED}
    assert quality["entry"] == MET  # recognised for basic balance in 2021
    assert quality["guarantee"] == UNMET  # large classes (data), teacher training (scored)
    assert quality["quality"] == UNASSESSED  # the monitoring report's items unscored
    assert quality["recognition"] == MET  # the survey's rate ≥ 85 %
    assert quality["vetoes"] == MET
    assert basic["entry"] == UNASSESSED  # no province's thresholds in the standard file
    assert basic["effort"] == MET  # scored 92.5 of 100
    assert basic["satisfaction"] == UNASSESSED  # the survey is quality-2017's


def test_the_road_has_its_facts_stages_and_a_draw(demo_county):
    today = timezone.localdate()
    assert CountyRecognition.objects.get(county=demo_county).basic_year == 2021
    assert CountyProfile.objects.filter(county=demo_county).count() == 3
    stages = RecognitionStage.objects.filter(county=demo_county)
    assert stages.count() == 4
    assert all(stage.planned_date for stage in stages)
    assert stages.filter(done_date__isnull=False).count() == 1
    assert demo_county.inspection_date == today + dt.timedelta(days=90)
    draw = MockDraw.objects.get(county=demo_county)
    assert draw.drawn.count() == 10


def test_checklist_items_are_assigned_scored_and_evidenced(demo_county):
    assignments = Assignment.objects.filter(item__checklist__county=demo_county)
    kinds = Counter(assignments.values_list("unit_kind", flat=True))
    assert kinds[UnitKind.OFFICE] and kinds[UnitKind.TOWNSHIP]
    assert kinds[UnitKind.SCHOOL] == SMALL  # 所有学校: one per school
    for assignment in assignments.select_related("township", "school", "person"):
        assert may_be_named(
            assignment.person,
            RESPONSIBLE,
            county=demo_county,
            township=assignment.township,
            school=assignment.school,
        )
    scores = ItemScore.objects.filter(item__checklist__county=demo_county)
    assert scores.filter(met=True).exists() and scores.filter(met=False).exists()
    assert scores.filter(automatic=True).exists()
    assert all(score.justification for score in scores)
    unscored = Checklist.objects.get(county=demo_county, key="quality-2017").items.filter(
        children__isnull=True, score__isnull=True
    )
    assert unscored.exists()
    versions = EvidenceVersion.objects.filter(
        evidence__assignment__item__checklist__county=demo_county
    )
    assert {v.kind for v in versions} == {"pdf", "png"}
    for version in versions:
        with version.file.open("rb") as handle:
            data = handle.read()
        if version.kind == "pdf":
            assert len(PdfReader(io.BytesIO(data)).pages) == 1
        else:
            assert Image.open(io.BytesIO(data)).size == (320, 240)


def test_problems_are_in_every_state_some_overdue_some_from_the_province(demo_county):
    today = timezone.localdate()
    problems = list(Problem.objects.filter(county=demo_county))
    assert {p.status for p in problems} == set(Status.values)
    assert any(p.is_overdue(today) for p in problems)
    assert any(p.source == Source.PROVINCE for p in problems)
    assert all(p.measure and p.responsible and p.deadline for p in problems)
    for problem in problems:
        assert may_be_named(
            problem.responsible,
            RESPONSIBLE,
            county=demo_county,
            township=problem.township,
            school=problem.school,
        )
    # recorded over the past months, on the days they were found
    assert min(p.created_at for p in problems).date() <= today - dt.timedelta(days=100)
    assert Suggestion.objects.filter(county=demo_county, problem__isnull=False).exists()


def test_visits_span_the_past_months_and_one_finding_became_a_problem(demo_county):
    today = timezone.localdate()
    dates = list(Visit.objects.filter(county=demo_county).values_list("date", flat=True))
    assert min(dates) <= today - dt.timedelta(days=90) and max(dates) < today
    assert Finding.objects.filter(visit__county=demo_county, problem__isnull=False).count() == 1


def test_bulletins_a_notice_and_a_survey_are_published(demo_county):
    published = Bulletin.objects.filter(county=demo_county, status="published")
    assert sorted(published.values_list("number", flat=True)) == [1, 2]
    assert Notice.objects.filter(county=demo_county, status="published").count() == 1
    survey = Survey.objects.get(county=demo_county)
    assert Response.objects.filter(survey=survey).count() > 100
    rate = county_satisfaction(county=demo_county, year=survey.year)
    assert rate is not None and rate.passes


def test_the_latest_year_is_under_way_with_a_record_returned_by_the_township(demo_county):
    latest = SchoolYear.objects.filter(school__county=demo_county, year=demo.DEMO_YEARS[-1])
    statuses = set(latest.values_list("status", flat=True))
    assert {DataStatus.DRAFT, DataStatus.SUBMITTED, DataStatus.RETURNED} <= statuses
    returned = AuditEntry.objects.get(
        action="return", object_type="collection.SchoolYear", county=demo_county
    )
    assert returned.actor.username == "township_officer" and returned.comment


def test_loading_again_adds_nothing(demo_county):
    counts = (Problem.objects.count(), Visit.objects.count(), AuditEntry.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Problem.objects.count(), Visit.objects.count(), AuditEntry.objects.count()) == counts


def test_every_module_shows_data_to_the_county_admin(demo_county, client):
    client.force_login(User.objects.get(username="county_admin"))
    code, year = demo_county.code, demo.DEMO_YEARS[-1]
    survey = Survey.objects.get(county=demo_county)
    pages = {
        reverse("dashboards:county", args=[code, year]): "社会认可度",
        reverse("collection:year", args=[year]): "已退回",
        reverse("checklists:mine"): "3.3",
        reverse("rectification:list"): "省级督导反馈",
        reverse("rectification:notifications"): "已逾期",
        reverse("inspections:list"): "赵志强",
        reverse("inspections:density"): "赵志强",
        reverse("bulletins:list"): "第2期",
        reverse("surveys:results", args=[survey.pk]): "满意",
        reverse("recognition:road"): "2021",
        reverse("recognition:draws"): "第一次模拟国检抽校",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_the_clock_runs_each_step_on_its_day_in_order():
    today = timezone.localdate()
    seen: list[tuple[str, dt.date]] = []
    timeline = Timeline(today)
    timeline.at(2, lambda: seen.append(("b", timezone.localdate())))
    timeline.at(5, lambda: seen.append(("a", timezone.localdate())))
    timeline.at(2, lambda: seen.append(("c", timezone.localdate())))
    timeline.run()
    assert seen == [
        ("a", today - dt.timedelta(days=5)),
        *[(n, today - dt.timedelta(days=2)) for n in "bc"],
    ]
    with on_day(today - dt.timedelta(days=30)):
        assert timezone.localdate() == today - dt.timedelta(days=30)
    assert timezone.localdate() == today
    with pytest.raises(ValueError):
        timeline.at(-1, lambda: None)


def test_the_demo_files_pass_the_evidence_checks():
    for name, data in (("规划.pdf", evidence_pdf("2.1 plan")), ("照片.png", photo_png(3))):
        accepted = check_upload(name, io.BytesIO(data), len(data), evidence_limits())
        assert accepted.extension == name.rsplit(".", 1)[1]


# --- the 双普 half, linked problems, extensions, a ledger export, the self-report ------------


def test_kindergartens_and_a_senior_high_school_are_listed_but_never_evaluated(demo_county):
    added = School.objects.filter(county=demo_county).exclude(school_type__in=COMPULSORY_TYPES)
    assert sorted(added.values_list("school_type", flat=True)) == [
        SchoolType.KINDERGARTEN,
        SchoolType.KINDERGARTEN,
        SchoolType.SENIOR_HIGH,
    ]
    assert School.objects.filter(county=demo_county).compulsory().count() == SMALL
    # no yearly data, so no evaluation unit; never drawn, never given the per-school item
    assert not SchoolYear.objects.filter(school__in=added).exists()
    assert not DrawnSchool.objects.filter(school__in=added).exists()
    assert not Assignment.objects.filter(school__in=added).exists()
    created = AuditEntry.objects.filter(
        action="create", object_type="registry.School", object_id__in=[str(s.pk) for s in added]
    )
    assert {e.actor.username for e in created} == {"county_admin"} and created.count() == ADDED


def test_the_shuanggao_checklist_is_imported_and_its_shuangpu_items_scored(demo_county):
    checklist = Checklist.objects.get(county=demo_county, key=shuanggao.KEY)
    assert checklist.origin == Origin.IMPORTED
    latest = demo.DEMO_YEARS[-1]
    years = CountyCoverage.objects.filter(county=demo_county).values_list("year", flat=True)
    assert sorted(years) == [latest - 2, latest - 1, latest]
    scores = {s.item.code: s for s in ItemScore.objects.filter(item__checklist=checklist)}
    assert set(scores) == {"1.1", "1.2", "1.3", "2.1"}  # 2.2, scored by a person, waits
    assert all(s.automatic and s.year == latest for s in scores.values())
    assert {code: s.met for code, s in scores.items()} == {
        "1.1": True,
        "1.2": True,
        "1.3": False,  # 4,980 of 10,850 children in public kindergartens: 45.90 %
        "2.1": True,
    }
    assert scores["1.3"].value == 45.9 and scores["1.3"].score == 0
    assert "县级普及数据" in scores["2.1"].justification
    # each year's figures scored the item again, oldest first: 87.80 %, 90.69 %, 93.55 %
    changes = AuditEntry.objects.filter(
        action="score_auto", object_type="checklists.ItemScore", object_id=str(scores["2.1"].pk)
    ).order_by("pk")
    assert [e.after["met"] for e in changes] == [False, True, True]


def test_problems_are_linked_to_the_items_of_the_county_s_checklists(demo_county):
    linked = Problem.objects.filter(county=demo_county, item__isnull=False).select_related(
        "item__checklist"
    )
    assert linked.count() >= len([story for story in STORIES if story.item])
    assert all(p.item.checklist.county_id == demo_county.pk for p in linked)
    assert all(p.checklist_item.startswith(p.item.code + " ") for p in linked)
    keys = {p.item.checklist.key for p in linked}
    assert keys == {"quality-2017", shuanggao.KEY}
    kindergartens = linked.get(item__checklist__key=shuanggao.KEY)
    assert kindergartens.item.code == "1.3" and "公办园" in kindergartens.description
    # the province's feedback of an earlier inspection, recorded with its own dates
    earlier = Problem.objects.get(
        county=demo_county, source=Source.PROVINCE, found_on__lt=F("created_at__date")
    )
    assert earlier.deadline < earlier.created_at.date()
    assert earlier.is_overdue(timezone.localdate())


def test_one_extension_request_is_approved_and_one_waits(demo_county):
    requests = ExtensionRequest.objects.filter(problem__county=demo_county).select_related(
        "problem", "requested_by", "decided_by"
    )
    states = Counter(requests.values_list("status", flat=True))
    assert states == {ExtensionStatus.APPROVED: 1, ExtensionStatus.PENDING: 1}
    approved = requests.get(status=ExtensionStatus.APPROVED)
    assert approved.problem.deadline == approved.new_deadline > approved.old_deadline
    assert approved.decided_by.username == "county_admin"
    assert approved.requested_by == approved.problem.responsible
    pending = requests.get(status=ExtensionStatus.PENDING)
    assert pending.problem.deadline == pending.old_deadline  # unchanged until decided
    assert pending.requested_by.username == "principal" and pending.reason
    history = AuditEntry.objects.filter(
        object_type="rectification.Problem", object_id=str(approved.problem.pk)
    ).values_list("action", flat=True)
    assert {"extension_request", "extension_approve"} <= set(history)


def test_the_problems_ledger_was_exported_and_the_self_report_has_its_narrative(
    demo_county, client
):
    job = Job.objects.get(county=demo_county, kind="ledger_problems")
    assert job.status == JobStatus.SUCCEEDED and job.started_by.username == "county_admin"
    with job.result.open("rb") as handle:
        sheet = load_workbook(handle).active
    assert sheet.max_row > 10  # a row per problem under the heading
    year = demo.DEMO_YEARS[-1]
    report = SelfReport.objects.get(county=demo_county, year=year, standard="quality-2017")
    assert report.practice.startswith("（一）")
    client.force_login(User.objects.get(username="county_admin"))
    url = reverse("selfreport:page", args=[demo_county.code, year])
    page = client.get(f"{url}?standard=quality-2017").content.decode()
    assert "加强组织领导，压实工作责任" in page


def test_the_road_page_shows_the_figures_and_a_kindergarten_has_its_page(demo_county, client):
    client.force_login(User.objects.get(username="county_admin"))
    road = client.get(reverse("recognition:road")).content.decode()
    assert "学前和高中阶段教育普及情况" in road and "45.9" in road
    kindergarten = School.objects.filter(
        county=demo_county, school_type=SchoolType.KINDERGARTEN
    ).first()
    page = client.get(reverse("registry:school_detail", args=[kindergarten.pk]))
    assert page.status_code == 200 and kindergarten.name in page.content.decode()
