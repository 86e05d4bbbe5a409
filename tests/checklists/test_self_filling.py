"""Parts fill themselves (issue 12 §1): the items the school data answer are scored again when
a school's data of the year change, in a background job started on commit; the satisfaction
items (2012 公众满意度 4.1, 2017 社会认可度 4.1, ≥ 85 %: docs/standards.md §2) take the county
survey's rate when the survey opens, changes or closes (never on one response). A score given
by a person is never overwritten by either."""

from __future__ import annotations

import importlib

from django.db import transaction

from checklists import test_scoring_services as scoring
from factories import figures_for
from junheng.audit.models import AuditEntry
from junheng.checklists import autoscoring
from junheng.checklists.background import DATA_RESCORE
from junheng.checklists.models import ChecklistItem, ItemScore
from junheng.collection.models import SchoolYear
from junheng.collection.services import school_year_save
from junheng.jobs.choices import JobStatus
from junheng.jobs.models import Job
from junheng.surveys.services import survey_close
from surveys.helpers import FULL, NONE, open_survey, respond

YEAR = 2025
# the scoring tests' fixtures (the national checklists loaded for county A) and reader
quality, basic, score_of = scoring.quality, scoring.basic, scoring.score_of


def save(actor, school, **changes):
    record = SchoolYear.objects.get(school=school, year=YEAR)
    return school_year_save(
        actor=actor,
        school=school,
        year=YEAR,
        figures=figures_for(school, **changes),
        expected_version=record.version,
    )


def test_a_principal_s_save_re_scores_the_data_items_in_a_job_in_their_name(
    world,
    quality,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        save(world.principal, world.school, primary_students=580, primary_classes=10)

    class_size = score_of(quality, "2.5.1")  # an average of 58 proves classes above 45
    assert class_size.automatic and class_size.year == YEAR
    assert class_size.met is False and "城关一小" in class_size.justification
    assert class_size.justification.startswith(f"系统依据 {YEAR} 年度学校数据自动评分")
    assert class_size.scored_by == world.principal
    entry = AuditEntry.objects.filter(
        object_type="checklists.ItemScore", object_id=str(class_size.pk)
    ).get()
    assert entry.actor == world.principal and entry.action == "score_auto"
    job = Job.objects.get(kind=DATA_RESCORE)
    assert job.status == JobStatus.SUCCEEDED and job.started_by == world.principal
    assert job.county == world.county and job.params == {"year": YEAR}


def test_a_correction_of_the_data_scores_the_item_again(
    world,
    quality,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        save(world.principal, world.school, primary_students=580, primary_classes=10)
    # 超大班额 (≥ 66): an average of 58 cannot tell, the item is to be verified
    assert score_of(quality, "2.5.4").met is None
    with django_capture_on_commit_callbacks(execute=True):
        save(world.principal, world.school, primary_students=700, primary_classes=10)
    very_large = score_of(quality, "2.5.4")  # an average of 70 proves a class of 66 or more
    assert very_large.met is False and "70.0 人/班" in very_large.justification


def test_a_rolled_back_save_starts_nothing(world, quality, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                save(world.principal, world.school, primary_students=580, primary_classes=10)
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and not Job.objects.filter(kind=DATA_RESCORE).exists()
    assert score_of(quality, "2.5.1") is None


def test_many_saves_in_one_transaction_queue_one_job(
    world,
    quality,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        save(world.county_admin, world.school, primary_students=580, primary_classes=10)
        save(world.county_admin, world.sibling, primary_students=300, primary_classes=10)
    assert len(callbacks) == 1
    assert Job.objects.filter(kind=DATA_RESCORE).count() == 1


def test_no_second_job_while_one_is_queued(world, quality, django_capture_on_commit_callbacks):
    waiting = Job.objects.create(
        kind=DATA_RESCORE,
        started_by=world.county_admin,
        county=world.county,
        params={"year": YEAR},
    )
    with django_capture_on_commit_callbacks(execute=True):
        save(world.principal, world.school, primary_students=580, primary_classes=10)
    assert list(Job.objects.filter(kind=DATA_RESCORE)) == [waiting]
    assert score_of(quality, "2.5.1") is None  # the queued job will score it when it runs
    # another year is another job
    with django_capture_on_commit_callbacks(execute=True):
        autoscoring.rescore_on_commit(
            actor=world.county_admin, county=world.county, year=YEAR - 1, school=None
        )
    assert Job.objects.filter(kind=DATA_RESCORE).count() == 2


def test_a_county_without_checklists_starts_no_job(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        save(world.principal, world.school, primary_students=580, primary_classes=10)
    assert not Job.objects.filter(kind=DATA_RESCORE).exists()


def test_a_score_given_by_a_person_stays_when_the_data_change(
    world,
    quality,
    django_capture_on_commit_callbacks,
):
    item = quality.items.get(code="2.5.1")
    # scored by hand before the item named its figure (a checklist loaded earlier)
    ItemScore.objects.create(item=item, met=True, score=None, justification="已现场核实")
    with django_capture_on_commit_callbacks(execute=True):
        save(world.principal, world.school, primary_students=580, primary_classes=10)
    kept = score_of(quality, "2.5.1")
    assert kept.met is True and not kept.automatic and kept.justification == "已现场核实"
    assert score_of(quality, "2.5.3") is not None  # the other data items were scored


def test_closing_the_survey_scores_the_2012_satisfaction_item_from_its_rate(
    world,
    basic,
    quality,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        survey = open_survey(world)  # a 2012 survey: the 2017 item does not take its rate
    assert score_of(basic, "4.1") is None  # open, but nobody has answered
    with django_capture_on_commit_callbacks(execute=True):
        respond(world, survey, "家长", world.school, [FULL])
    # a response moves no score: that would tell whether this respondent was satisfied
    assert score_of(basic, "4.1") is None

    with django_capture_on_commit_callbacks(execute=True):
        respond(world, survey, "家长", world.school, [NONE])
        survey_close(actor=world.county_admin, survey=survey)
    satisfaction = score_of(basic, "4.1")
    assert satisfaction.automatic and satisfaction.year == YEAR
    assert (satisfaction.met, satisfaction.value) == (False, 50.0)  # half the answers 不满意
    assert "满意度调查" in satisfaction.justification and "自测" in satisfaction.justification
    assert score_of(quality, "4.1") is None


def test_a_hand_score_of_the_satisfaction_item_is_never_overwritten(
    world,
    basic,
    django_capture_on_commit_callbacks,
):
    item = basic.items.get(code="4.1")
    ItemScore.objects.create(item=item, met=True, justification="省级测评结果 91%")
    with django_capture_on_commit_callbacks(execute=True):
        survey = open_survey(world)
        respond(world, survey, "家长", world.school, [NONE])
        survey_close(actor=world.county_admin, survey=survey)
    kept = score_of(basic, "4.1")
    assert kept.met is True and not kept.automatic and kept.justification == "省级测评结果 91%"


def test_both_satisfaction_items_name_the_survey_rate_at_85(world, basic, quality):
    for checklist in (basic, quality):
        item = checklist.items.get(code="4.1")
        assert item.source == "county.satisfaction_rate"
        assert (item.comparison, item.threshold, item.unit) == (">=", 85, "%")
        assert item.as_data().automatic


def test_a_checklist_loaded_before_gets_the_survey_source_and_keeps_its_hand_score(
    world,
    quality,
    django_capture_on_commit_callbacks,
):
    from django.apps import apps

    migration = importlib.import_module("junheng.checklists.migrations.0002_satisfaction_source")
    item = quality.items.get(code="4.1")
    ChecklistItem.objects.filter(pk=item.pk).update(source="")  # as loaded before
    ItemScore.objects.create(item=item, met=False, justification="去年自测 80%")

    migration.name_the_survey(apps, None)

    assert ChecklistItem.objects.get(pk=item.pk).source == "county.satisfaction_rate"
    with django_capture_on_commit_callbacks(execute=True):
        survey = open_survey(world, blueprint="quality-2017")
        respond(world, survey, "家长", world.school, [FULL])
        survey_close(actor=world.county_admin, survey=survey)
    assert score_of(quality, "4.1").justification == "去年自测 80%"
