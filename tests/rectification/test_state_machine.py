"""The problem's state machine, by role: every move from every status, allowed or refused.

open → rectifying → submitted (with proof) → closed, or submitted → returned → rectifying.
The responsible side (the school's principal, its township's officer, the responsible person)
moves forward; the verifier (the county admin, the inspector assigned to the school) closes or
returns. The problem is at 城关二小 (A2): its principal is `other_principal`, the inspector is
assigned to it; `principal` (A1), an inspector assigned elsewhere and the other county's admin
are outsiders.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from factories import make_user
from junheng import access
from junheng.access import VIEW
from junheng.audit.models import AuditEntry
from junheng.rectification import models, rules, services
from junheng.rectification.choices import Status
from rectification.builders import problem_at

ROLES = (
    "county_admin",
    "township_officer",
    "principal",
    "other_principal",
    "inspector",
    "unassigned_inspector",
    "responsible",
    "foreign_admin",
)
FORWARD = {"other_principal", "township_officer", "responsible"}
VERIFY = {"county_admin", "inspector"}
MOVES = {
    "start": ((Status.OPEN, Status.RETURNED), Status.RECTIFYING, FORWARD),
    "submit": ((Status.RECTIFYING,), Status.SUBMITTED, FORWARD),
    "close": ((Status.SUBMITTED,), Status.CLOSED, VERIFY),
    "return": ((Status.SUBMITTED,), Status.RETURNED, VERIFY),
}


@pytest.fixture
def people(world):
    return {
        **{name: getattr(world, name) for name in ROLES if hasattr(world, name)},
        "unassigned_inspector": make_user(
            "unassigned", "inspector", county=world.county, assigned_schools=[world.far_school]
        ),
        # a county cadre made responsible for this problem (not assigned to the school)
        "responsible": make_user("cadre", "inspector", county=world.county),
    }


def apply(move: str, actor, problem):
    if move == "start":
        return services.problem_start(actor=actor, problem=problem, comment="开始")
    if move == "submit":
        return services.problem_submit(actor=actor, problem=problem, proof="已新建实验室")
    if move == "close":
        return services.problem_close(actor=actor, problem=problem, comment="核验属实")
    return services.problem_return(actor=actor, problem=problem, comment="照片不清楚")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("move", MOVES)
def test_each_move_from_each_status_is_allowed_exactly_to_its_side(world, people, move, role):
    sources, target, side = MOVES[move]
    wrong = []
    for status in Status.values:
        problem = problem_at(world.sibling, status=status, responsible=people["responsible"])
        entries = AuditEntry.objects.count()
        allowed = status in sources and role in side
        try:
            apply(move, people[role], problem)
        except services.NotAllowed:
            refused = True
        else:
            refused = False
        problem.refresh_from_db()
        if allowed:
            if refused or problem.status != target:
                wrong.append((status, "should be allowed"))
            entry = AuditEntry.objects.order_by("-pk").first()
            if (entry.action, entry.object_id, entry.before) != (
                move,
                str(problem.pk),
                {"status": status},
            ):
                wrong.append((status, "not audited", entry.action))
        else:
            if not refused or problem.status != status:
                wrong.append((status, "should be refused"))
            if AuditEntry.objects.count() != entries:
                wrong.append((status, "audited a refusal"))
    assert not wrong, wrong


def test_the_moves_offered_are_the_moves_allowed(world, people):
    for status in Status.values:
        problem = problem_at(world.sibling, status=status, responsible=people["responsible"])
        for role in ROLES:
            offered = set(rules.problem_moves(actor=people[role], problem=problem))
            expected = {
                move
                for move, (sources, _, side) in MOVES.items()
                if status in sources and role in side
            }
            assert offered == expected, (status, role)


def test_a_full_round_with_a_return_is_audited_with_every_comment(world):
    problem = problem_at(world.sibling, responsible=world.other_principal)
    officer, inspector = world.other_principal, world.inspector
    services.problem_start(actor=officer, problem=problem, comment="已安排施工")
    services.problem_submit(
        actor=officer, problem=problem, proof="新建实验室一间", comment="请核验"
    )
    services.problem_return(actor=inspector, problem=problem, comment="未配齐实验器材")
    services.problem_start(actor=officer, problem=problem, comment="补充采购")
    services.problem_submit(actor=officer, problem=problem, proof="器材已配齐")
    problem = services.problem_close(actor=inspector, problem=problem, comment="现场核验属实")
    assert problem.status == Status.CLOSED
    assert problem.closed_by == inspector and problem.closed_at is not None
    assert problem.proof == "器材已配齐"
    entries = AuditEntry.objects.filter(object_type="rectification.Problem", object_id=problem.pk)
    assert [(e.action, e.comment) for e in entries.order_by("pk")] == [
        ("start", "已安排施工"),
        ("submit", "请核验"),
        ("return", "未配齐实验器材"),
        ("start", "补充采购"),
        ("submit", ""),
        ("close", "现场核验属实"),
    ]
    assert all(e.school == world.sibling and e.county == world.county for e in entries)
    assert entries.get(action="submit", comment="请核验").after["proof"] == "新建实验室一间"


def test_submitting_needs_proof_and_returning_needs_a_comment(world):
    problem = problem_at(world.sibling, status=Status.RECTIFYING)
    with pytest.raises(services.RectificationError) as refused:
        services.problem_submit(actor=world.other_principal, problem=problem, proof="  ")
    assert "整改情况" in refused.value.zh
    problem = problem_at(world.sibling, status=Status.SUBMITTED)
    with pytest.raises(services.RectificationError) as refused:
        services.problem_return(actor=world.county_admin, problem=problem, comment="")
    assert refused.value.zh == "退回时必须填写意见"
    problem.refresh_from_db()
    assert problem.status == Status.SUBMITTED
    assert not AuditEntry.objects.filter(object_type="rectification.Problem").exists()


def test_an_inactive_responsible_person_moves_nothing(world, people):
    person = people["responsible"]
    problem = problem_at(world.sibling, responsible=person)
    person.is_active = False
    person.save()
    with pytest.raises(services.NotAllowed):
        services.problem_start(actor=person, problem=problem)


def test_a_problem_without_a_school_is_moved_by_its_township_and_verified_by_the_county(world):
    problem = problem_at(None, county=world.county, township=world.township)
    services.problem_start(actor=world.township_officer, problem=problem)
    services.problem_submit(actor=world.township_officer, problem=problem, proof="已完成")
    with pytest.raises(services.NotAllowed):  # no school: no assigned inspector verifies it
        services.problem_close(actor=world.inspector, problem=problem)
    with pytest.raises(services.NotAllowed):
        services.problem_close(actor=world.principal, problem=problem)
    assert services.problem_close(actor=world.county_admin, problem=problem).is_closed


def test_a_superuser_sees_and_may_do_everything_and_an_anonymous_visitor_nothing(world):
    root = make_user("root", "", is_superuser=True, is_staff=True)
    problem = problem_at(world.foreign_school)
    for action in (VIEW, access.ADVANCE, access.VERIFY):
        assert list(models.Problem.objects.restrict(root, action)) == [problem]
        assert not models.Problem.objects.restrict(AnonymousUser(), action).exists()
