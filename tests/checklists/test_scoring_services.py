"""Scores in the database: automatic items from the county's school data, the others by the
responsible person or the bureau with a justification — every change audited."""

from __future__ import annotations

import datetime as dt

import pytest

from junheng.audit.models import AuditEntry
from junheng.checklists import autoscoring, selectors, services
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import ItemScore
from junheng.collection.models import SchoolYear

YEAR = 2025


@pytest.fixture
def quality(world):
    return services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )


@pytest.fixture
def basic(world):
    return services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="basic-2012"
    )


def score_of(checklist, code):
    return ItemScore.objects.filter(item__checklist=checklist, item__code=code).first()


def test_automatic_items_are_scored_from_the_year_s_school_data(world, quality):
    report = autoscoring.checklist_score_automatic(
        actor=world.county_admin, checklist=quality, year=YEAR
    )
    assert "2.5.1" in report.scored and report.missing == ["4.1"]  # no survey yet
    class_size = score_of(quality, "2.5.1")  # no school reported its classes above 45
    assert class_size.automatic and class_size.year == YEAR
    assert class_size.met is None and class_size.score is None and class_size.value == 0
    assert class_size.justification.startswith("需核实（仅有平均班额）")
    junior = score_of(quality, "2.5.2")  # the county has no junior classes
    assert junior.met is True and junior.value is None and "不适用" in junior.justification
    assert score_of(quality, "1.1").met is not None
    assert score_of(quality, "2.7") is None  # a person's item is not touched


def test_a_school_with_large_classes_fails_the_class_size_items_by_name(world, quality):
    SchoolYear.objects.filter(school=world.sibling, year=YEAR).update(
        primary_students=580, primary_classes=10
    )
    autoscoring.checklist_score_automatic(actor=world.county_admin, checklist=quality, year=YEAR)
    class_size = score_of(quality, "2.5.1")  # an average of 58 proves classes above 45
    assert class_size.met is False and class_size.value == 10
    assert "城关二小" in class_size.justification
    large = score_of(quality, "2.5.3")  # an average of 58 proves no class of 56–65
    assert large.met is None and large.value == 10


def test_basic_2012_composite_cvs_are_scored_automatically(world, basic):
    autoscoring.checklist_score_automatic(actor=world.county_admin, checklist=basic, year=YEAR)
    cv = score_of(basic, "2.1")
    assert cv.automatic and cv.met is True and cv.value == pytest.approx(0, abs=1e-9)


def test_rescoring_unchanged_data_changes_nothing_and_writes_no_audit_entry(world, quality):
    autoscoring.checklist_score_automatic(actor=world.county_admin, checklist=quality, year=YEAR)
    count = AuditEntry.objects.filter(action="score_auto").count()
    report = autoscoring.checklist_score_automatic(
        actor=world.county_admin, checklist=quality, year=YEAR
    )
    assert not report.scored and report.unchanged
    assert AuditEntry.objects.filter(action="score_auto").count() == count


def test_a_year_without_data_cannot_be_scored(world, quality):
    with pytest.raises(services.ChecklistError) as caught:
        autoscoring.checklist_score_automatic(
            actor=world.county_admin, checklist=quality, year=2019
        )
    assert "没有学校数据" in caught.value.zh


def test_only_the_county_admin_runs_the_automatic_scoring(world, quality):
    with pytest.raises(services.NotAllowed):
        autoscoring.checklist_score_automatic(actor=world.principal, checklist=quality, year=YEAR)


def test_the_bureau_scores_a_hand_item_with_a_justification_and_it_is_audited(world, basic):
    item = basic.items.get(code="3.2.2")
    with pytest.raises(services.ChecklistError) as caught:
        services.item_score_set(actor=world.county_admin, item=item, justification=" ", score=4)
    assert "评分理由" in caught.value.zh
    record = services.item_score_set(
        actor=world.county_admin, item=item, justification="三个增长均已实现", score=4.5
    )
    assert (record.score, record.automatic, record.scored_by) == (4.5, False, world.county_admin)
    entry = AuditEntry.objects.get(action="score", object_id=str(record.pk))
    assert entry.after["score"] == 4.5 and entry.after["justification"] == "三个增长均已实现"
    services.item_score_set(actor=world.county_admin, item=item, justification="复核", score=4)
    changed = AuditEntry.objects.filter(action="score", object_id=str(record.pk)).first()
    assert changed.before["score"] == 4.5 and changed.after["score"] == 4


def test_a_score_above_the_maximum_is_refused(world, basic):
    item = basic.items.get(code="3.2.1")
    with pytest.raises(services.ChecklistError) as caught:
        services.item_score_set(actor=world.county_admin, item=item, justification="x", score=9)
    assert "0 到 5" in caught.value.zh


def test_automatic_and_parent_items_cannot_be_scored_by_hand(world, quality):
    for code, words in (("2.5.1", "自动评分"), ("2.5", "下级指标")):
        with pytest.raises(services.ChecklistError) as caught:
            services.item_score_set(
                actor=world.county_admin,
                item=quality.items.get(code=code),
                justification="x",
                met=True,
            )
        assert words in caught.value.zh


def test_the_responsible_person_scores_their_item_others_may_not(world, quality):
    item = quality.items.get(code="2.3.1")
    with pytest.raises(services.NotAllowed):
        services.item_score_set(actor=world.principal, item=item, justification="x", value=1)
    services.assignment_create(
        actor=world.county_admin,
        item=item,
        unit_kind=UnitKind.SCHOOL,
        school=world.school,
        person=world.principal,
        deadline=dt.date(2025, 9, 1),
    )
    record = services.item_score_set(
        actor=world.principal, item=item, justification="本校 18 个班 2 间音乐教室", value=1.33
    )
    assert record.met is True and record.value == 1.33
    with pytest.raises(services.NotAllowed):
        services.item_score_set(actor=world.other_principal, item=item, justification="x", value=1)


def test_a_veto_item_failed_fails_the_checklist(world, quality):
    services.item_score_set(
        actor=world.county_admin,
        item=quality.items.get(code="5.3"),
        justification="城关一小设有实验班",
        met=False,
    )
    summary = selectors.checklist_summary(quality)
    assert summary.vetoed and summary.passed is False
