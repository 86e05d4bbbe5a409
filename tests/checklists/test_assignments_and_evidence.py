"""Decomposition (指标分解) and the evidence archive at the service level: who may be given
what, uploads checked and versioned, stored outside the web root, every upload audited."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings

from checklists import samples
from junheng.audit.models import AuditEntry
from junheng.checklists import selectors, services
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import Assignment, EvidenceVersion

DEADLINE = dt.date(2025, 9, 1)


@pytest.fixture
def quality(world):
    return services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )


def assign(
    world,
    item,
    *,
    unit=UnitKind.SCHOOL,
    school=None,
    township=None,
    office="",
    person=None,
    deadline=DEADLINE,
):
    return services.assignment_create(
        actor=world.county_admin,
        item=item,
        unit_kind=unit,
        school=school,
        township=township,
        office=office,
        person=person,
        deadline=deadline,
    )


def upload(actor, assignment, name, data, requirement="", **extra):
    return services.evidence_upload(
        actor=actor,
        assignment=assignment,
        name=name,
        handle=io.BytesIO(data),
        size=len(data),
        requirement=requirement,
        **extra,
    )


def test_an_item_is_assigned_to_a_school_township_or_office_and_a_person(world, quality):
    item = quality.items.get(code="2.3.1")
    school = assign(world, item, school=world.school, person=world.principal)
    township = assign(
        world, item, unit=UnitKind.TOWNSHIP, township=world.township, person=world.township_officer
    )
    office = assign(world, item, unit=UnitKind.OFFICE, office="计财股", person=world.county_admin)
    assert school.township == world.township and school.unit_label == "城关一小"
    assert township.unit_label == "城关镇" and office.unit_label == "计财股"
    entry = AuditEntry.objects.get(action="assign", object_id=str(school.pk))
    assert entry.school == world.school and entry.after["deadline"] == "2025-09-01"


@pytest.mark.parametrize(
    ("unit", "target", "person", "words"),
    [
        (UnitKind.SCHOOL, "school", "other_principal", "责任人"),  # not that school's principal
        (UnitKind.SCHOOL, "foreign_school", "principal", "本县的学校"),
        (UnitKind.TOWNSHIP, "other_township", "township_officer", "责任人"),
        (UnitKind.OFFICE, None, "principal", "责任人"),
        (UnitKind.OFFICE, None, "inspector", "责任人"),
    ],
)
def test_a_person_must_work_for_the_unit(world, quality, unit, target, person, words):
    item = quality.items.get(code="2.3.1")
    kwargs = {"school": None, "township": None, "office": "督导室"}
    if unit == UnitKind.SCHOOL:
        kwargs["school"] = getattr(world, target)
    elif unit == UnitKind.TOWNSHIP:
        kwargs["township"] = getattr(world, target)
    with pytest.raises(services.ChecklistError) as caught:
        assign(world, item, unit=unit, person=getattr(world, person), **kwargs)
    assert words in caught.value.zh


def test_an_item_is_assigned_to_a_unit_once_and_only_by_the_bureau(world, quality):
    item = quality.items.get(code="2.3.1")
    assign(world, item, school=world.school, person=world.principal)
    with pytest.raises(services.ChecklistError):
        assign(world, item, school=world.school, person=world.principal)
    with pytest.raises(services.NotAllowed):
        services.assignment_create(
            actor=world.township_officer,
            item=item,
            unit_kind=UnitKind.SCHOOL,
            school=world.sibling,
            person=world.other_principal,
            deadline=DEADLINE,
        )


def test_uploads_are_stored_outside_the_web_root_under_a_random_name_and_audited(world, quality):
    item = quality.items.get(code="2.3.1")
    assignment = assign(world, item, school=world.school, person=world.principal)
    version = upload(
        world.principal, assignment, "音乐教室统计表.pdf", samples.PDF, "各校功能教室统计表"
    )
    path = Path(version.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert "音乐" not in path.name and path.suffix == ".pdf"
    assert path.read_bytes() == samples.PDF
    assert (version.original_name, version.kind, version.number) == ("音乐教室统计表.pdf", "pdf", 1)
    entry = AuditEntry.objects.get(action="upload", object_id=str(version.pk))
    assert entry.actor == world.principal and entry.school == world.school
    assert entry.after["file"] == "音乐教室统计表.pdf" and entry.after["sha256"] == version.sha256


def test_uploading_the_same_file_name_again_keeps_the_old_version(world, quality):
    assignment = assign(
        world, quality.items.get(code="2.3.1"), school=world.school, person=world.principal
    )
    first = upload(world.principal, assignment, "统计表.pdf", samples.PDF, "各校功能教室统计表")
    second = upload(
        world.principal, assignment, "统计表.pdf", samples.PDF + b"%v2", "各校功能教室统计表"
    )
    assert second.evidence == first.evidence and second.number == 2
    assert EvidenceVersion.objects.filter(evidence=first.evidence).count() == 2
    assert Path(first.file.path).exists() and Path(second.file.path).exists()


def test_a_refused_file_is_not_stored_and_says_why(world, quality):
    assignment = assign(
        world, quality.items.get(code="2.3.1"), school=world.school, person=world.principal
    )
    with pytest.raises(services.ChecklistError) as caught:
        upload(world.principal, assignment, "报告.pdf.exe", samples.PE)
    assert "双重扩展名" in caught.value.zh
    with pytest.raises(services.ChecklistError) as caught:
        upload(world.principal, assignment, "报告.docx", samples.PDF)
    assert "不符" in caught.value.zh
    assert not EvidenceVersion.objects.exists()
    assert not AuditEntry.objects.filter(action="upload").exists()


def test_a_school_uploads_only_for_its_own_assignments(world, quality):
    item = quality.items.get(code="2.3.1")
    mine = assign(world, item, school=world.school, person=world.principal)
    theirs = assign(world, item, school=world.sibling, person=world.other_principal)
    upload(world.principal, mine, "a.pdf", samples.PDF)
    with pytest.raises(services.NotAllowed):
        upload(world.principal, theirs, "a.pdf", samples.PDF)
    with pytest.raises(services.NotAllowed):
        upload(world.inspector, theirs, "a.pdf", samples.PDF)
    upload(world.township_officer, theirs, "乡镇代传.pdf", samples.PDF)  # the township may


def test_a_requirement_must_be_the_item_s(world, quality):
    assignment = assign(
        world, quality.items.get(code="2.3.1"), school=world.school, person=world.principal
    )
    with pytest.raises(services.ChecklistError):
        upload(world.principal, assignment, "a.pdf", samples.PDF, "别的要求")


def test_completeness_counts_each_required_piece_of_evidence(world, quality):
    item = quality.items.get(code="2.3.1")  # 各校功能教室统计表, 音乐专用教室照片
    assignment = assign(world, item, school=world.school, person=world.principal)
    state = selectors.assignment_states([assignment])[0]
    assert not state.complete and state.missing == ["各校功能教室统计表", "音乐专用教室照片"]
    upload(world.principal, assignment, "统计表.pdf", samples.PDF, "各校功能教室统计表")
    upload(world.principal, assignment, "其他.pdf", samples.PDF, "")
    state = selectors.assignment_states([assignment])[0]
    assert state.missing == ["音乐专用教室照片"]
    upload(world.principal, assignment, "照片.jpg", samples.JPEG, "音乐专用教室照片")
    assert selectors.assignment_states([assignment])[0].complete


def test_an_assignment_is_overdue_when_its_deadline_passed_before_it_was_done(world, quality):
    item = quality.items.get(code="2.3.1")
    late = assign(
        world, item, school=world.school, person=world.principal, deadline=dt.date(2020, 1, 1)
    )
    state = selectors.assignment_states([late])[0]
    assert state.overdue
    upload(world.principal, late, "a.pdf", samples.PDF, "各校功能教室统计表")
    upload(world.principal, late, "b.jpg", samples.JPEG, "音乐专用教室照片")
    services.item_score_set(actor=world.county_admin, item=item, justification="核实", value=1)
    assert not selectors.assignment_states([late])[0].overdue


def test_an_assignment_with_evidence_cannot_be_withdrawn(world, quality):
    assignment = assign(
        world, quality.items.get(code="2.3.1"), school=world.school, person=world.principal
    )
    upload(world.principal, assignment, "a.pdf", samples.PDF)
    with pytest.raises(services.ChecklistError):
        services.assignment_delete(actor=world.county_admin, assignment=assignment)
    empty = assign(
        world, quality.items.get(code="2.3.2"), school=world.school, person=world.principal
    )
    services.assignment_delete(actor=world.county_admin, assignment=empty)
    assert not Assignment.objects.filter(pk=empty.pk).exists()


def test_the_inspection_date_is_set_by_the_bureau_and_audited(world):
    services.county_inspection_date_set(
        actor=world.county_admin, county=world.county, date=dt.date(2025, 11, 20)
    )
    world.county.refresh_from_db()
    assert world.county.inspection_date == dt.date(2025, 11, 20)
    assert AuditEntry.objects.filter(object_type="registry.County", action="change").exists()
    with pytest.raises(services.NotAllowed):
        services.county_inspection_date_set(actor=world.principal, county=world.county, date=None)
