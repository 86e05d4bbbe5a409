"""An item given to many schools in one step (all, a type, a township), and the board's
per-school completion of such items — in a fixed number of queries whatever the schools."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklists import samples
from factories import make_school, make_user
from junheng.audit.models import AuditEntry
from junheng.checklists import school_assignments, selectors, services
from junheng.checklists.choices import UnitKind
from junheng.checklists.errors import ChecklistError
from junheng.checklists.models import Assignment
from junheng.refusals import NotAllowed

DEADLINE = dt.date(2030, 9, 1)


@pytest.fixture
def item(world):
    checklist = services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    return checklist.items.get(code="3.3")


def to_schools(world, item, reach="all", **extra):
    extra.setdefault("fallback", world.county_admin)
    return school_assignments.assignment_create_for_schools(
        actor=world.county_admin, item=item, reach=reach, deadline=DEADLINE, **extra
    )


def test_all_schools_get_the_item_each_named_to_its_own_person(world, item):
    report = to_schools(world, item, note="上传学校章程")
    made = {a.school: a for a in Assignment.objects.filter(item=item)}
    assert set(made) == {world.school, world.sibling, world.far_school}  # not county B's
    assert made[world.school].person == world.principal
    assert made[world.sibling].person == world.other_principal
    # 东乡 has neither a principal's nor an officer's account: the bureau's person given
    assert made[world.far_school].person == world.county_admin
    assert report.fallback == [world.far_school]
    assert {a.unit_kind for a in made.values()} == {UnitKind.SCHOOL}
    assert made[world.far_school].township == world.other_township
    entries = AuditEntry.objects.filter(action="assign", object_type="checklists.Assignment")
    assert {e.school for e in entries} == set(made)
    entry = entries.get(school=world.school)
    assert entry.after["person"] == "principal" and entry.after["note"] == "上传学校章程"
    assert entry.actor == world.county_admin and entry.after["batch"] == "all"


def test_a_school_without_a_principal_falls_to_its_township_officer(world, item):
    world.principal.delete()
    to_schools(world, item, reach="township", township=world.township)
    made = {a.school: a.person for a in Assignment.objects.filter(item=item)}
    assert made == {world.school: world.township_officer, world.sibling: world.other_principal}


def test_schools_of_a_type_only(world, item):
    junior = make_school(world.township, "6101010009", "城关中学", school_type="初级中学")
    to_schools(world, item, reach="type", school_type="初级中学")
    assert [a.school for a in Assignment.objects.filter(item=item)] == [junior]


def test_schools_already_given_the_item_keep_their_assignment(world, item):
    first = services.assignment_create(
        actor=world.county_admin,
        item=item,
        unit_kind=UnitKind.SCHOOL,
        school=world.school,
        person=world.county_admin,
        deadline=dt.date(2030, 1, 1),
    )
    report = to_schools(world, item)
    assert report.already == [world.school] and len(report.created) == 2
    first.refresh_from_db()
    assert first.person == world.county_admin and first.deadline == dt.date(2030, 1, 1)
    assert to_schools(world, item).created == []  # run again: nothing new


def test_nobody_to_name_refuses_the_whole_batch(world, item):
    with pytest.raises(ChecklistError, match="没有可作责任人的账号"):
        to_schools(world, item, fallback=None)
    assert not Assignment.objects.filter(item=item).exists()


def test_the_fallback_must_be_able_to_work_for_every_school(world, item):
    with pytest.raises(ChecklistError, match="县教育局人员"):
        to_schools(world, item, fallback=world.township_officer)
    assert not Assignment.objects.filter(item=item).exists()


def test_a_reach_without_its_choice_or_outside_the_county_is_refused(world, item):
    with pytest.raises(ChecklistError, match="没有符合条件的学校"):
        to_schools(world, item, reach="type", school_type="")
    foreign = world.foreign_school.township
    with pytest.raises(ChecklistError, match="没有符合条件的学校"):
        to_schools(world, item, reach="township", township=foreign)


@pytest.mark.parametrize("role", ["township_officer", "principal", "inspector", "foreign_admin"])
def test_only_those_who_run_the_county_assign_to_schools(world, item, role):
    with pytest.raises(NotAllowed):
        school_assignments.assignment_create_for_schools(
            actor=getattr(world, role), item=item, reach="all", deadline=DEADLINE
        )
    assert not Assignment.objects.exists()


def _many_schools(world, n):
    for i in range(n):
        school = make_school(world.township, f"61010120{i:02d}")
        make_user(f"p{i}", "principal", county=world.county, school=school)


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_the_batch_and_the_board_take_as_many_queries_for_many_schools_as_for_few(world, item):
    few = _queries(lambda: to_schools(world, item))
    checklist = item.checklist
    board_few = _queries(
        lambda: selectors.progress_board(user=world.county_admin, checklist=checklist)
    )
    Assignment.objects.all().delete()
    _many_schools(world, 30)
    many = _queries(lambda: to_schools(world, item))
    board_many = _queries(
        lambda: selectors.progress_board(user=world.county_admin, checklist=checklist)
    )
    assert Assignment.objects.filter(item=item).count() == 33
    assert many == few and board_many == board_few


def test_the_board_counts_which_schools_have_done_an_item_and_which_have_not(world, item):
    to_schools(world, item)
    done = Assignment.objects.get(item=item, school=world.school)
    for number, requirement in enumerate(item.evidence or [""]):  # every piece required
        services.evidence_upload(
            actor=world.principal,
            assignment=done,
            name=f"材料{number}.pdf",
            handle=io.BytesIO(samples.PDF),
            size=len(samples.PDF),
            requirement=requirement,
        )
    partial = Assignment.objects.get(item=item, school=world.sibling)
    services.evidence_upload(
        actor=world.other_principal,
        assignment=partial,
        name="章程.pdf",
        handle=io.BytesIO(samples.PDF),
        size=len(samples.PDF),
        requirement=(item.evidence or [""])[0],
    )
    overdue = Assignment.objects.get(item=item, school=world.far_school)
    Assignment.objects.filter(pk=overdue.pk).update(deadline=dt.date(2020, 1, 1))
    board = selectors.progress_board(user=world.county_admin, checklist=item.checklist)
    [row] = board.schools
    assert (row.item, row.assigned, row.complete, row.not_done, row.overdue) == (item, 3, 1, 2, 1)
    pending = {t: [s.assignment.school for s in states] for t, states in row.pending.items()}
    assert pending == {"东乡": [world.far_school], "城关镇": [world.sibling]}
    # the schools are not listed one by one among the units or the incomplete lines
    assert [t.label for t in board.units] == ["各学校（按指标见上）"]
    assert board.units[0].assignments == 3 and board.incomplete_units == []
    assert len(board.incomplete) == 2  # still counted in the summary


def test_a_township_officer_sees_the_completion_of_the_township_schools_only(world, item):
    to_schools(world, item)
    board = selectors.progress_board(user=world.township_officer, checklist=item.checklist)
    [row] = board.schools
    assert row.assigned == 2 and set(row.pending) == {"城关镇"}


def test_the_item_page_assigns_to_the_schools_of_a_township(client, world, item):
    client.force_login(world.county_admin)
    page = client.get(reverse("checklists:item", args=[item.pk])).content.decode()
    assert "一次分解到多所学校" in page and 'name="reach"' in page
    response = client.post(
        reverse("checklists:item_assign_schools", args=[item.pk]),
        {"reach": "township", "township": world.township.pk, "deadline": "2030-09-01"},
    )
    assert response.status_code == 302 and response.url.endswith("#schools")
    assert {a.school for a in Assignment.objects.filter(item=item)} == {
        world.school,
        world.sibling,
    }
    board = client.get(response.url).content.decode()
    assert "已分解到 2 所学校" in board and "各校完成情况" in board
    assert "未完成的 2 所学校" in board


def test_the_form_shows_why_a_batch_is_refused(client, world, item):
    client.force_login(world.county_admin)
    response = client.post(
        reverse("checklists:item_assign_schools", args=[item.pk]),
        {"reach": "all", "deadline": "2030-09-01"},
    )
    assert response.status_code == 400
    assert "没有可作责任人的账号" in response.content.decode()
    assert not Assignment.objects.exists()


def test_an_item_of_many_schools_lists_them_by_township_and_opens_one_township(client, world, item):
    _many_schools(world, 25)  # 城关镇 now has 27 schools, 东乡 one
    to_schools(world, item)
    client.force_login(world.county_admin)
    url = reverse("checklists:item", args=[item.pk])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert 'id="by-township"' in page and 'id="assignment-' not in page  # no school's block
    assert f'href="?township={world.other_township.pk}#evidence"' in page
    for i in range(10):  # ten schools more: not a query more
        make_school(world.other_township, f"61010130{i:02d}")
    to_schools(world, item)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(captured)
    far = client.get(url, {"township": world.other_township.pk}).content.decode()
    blocks = {a.school: f'id="assignment-{a.pk}"' for a in Assignment.objects.filter(item=item)}
    assert far.count('id="assignment-') == 11 and blocks[world.far_school] in far
    assert "东乡的学校" in far
    near = client.get(url, {"township": world.township.pk}).content.decode()
    assert near.count('id="assignment-') == 27 and blocks[world.school] in near
    foreign = client.get(url, {"township": world.foreign_school.township_id}).content.decode()
    assert 'id="assignment-' not in foreign
