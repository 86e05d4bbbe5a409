"""Visits by the cadres assigned to schools (包校): recording what was checked, findings (each a
problem in one step) and photos; the bureau's visit density and each cadre's follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from factories import make_user
from junheng.audit.models import AuditEntry
from junheng.inspections import selectors, services
from junheng.inspections.models import Finding, Visit
from junheng.rectification.choices import Source, Status
from junheng.rectification.models import Problem
from rectification.builders import photo_upload, problem_at

TODAY = timezone.localdate()


def visit(world, actor=None, school=None, date=None, findings=("音乐教室被挪作仓库",), **extra):
    return services.visit_create(
        actor=actor or world.inspector,
        school=school or world.sibling,
        date=date or TODAY,
        checked="功能室使用、实验教学开设",
        findings=findings,
        **extra,
    )


def test_a_cadre_records_a_visit_with_findings_and_photos(world):
    recorded = visit(
        world,
        findings=["音乐教室被挪作仓库", "  ", "实验室无安全制度上墙"],
        companions="张三",
        photos=[photo_upload("仓库.png")],
    )
    assert recorded.visitor == world.inspector and recorded.county == world.county
    assert [f.text for f in recorded.findings.all()] == [
        "音乐教室被挪作仓库",
        "实验室无安全制度上墙",
    ]
    assert recorded.photos.get().content_type == "image/png"
    entry = AuditEntry.objects.get(action="visit")
    assert entry.school == world.sibling and entry.after["photos"] == 1
    assert entry.after["findings"] == ["音乐教室被挪作仓库", "实验室无安全制度上墙"]


def test_only_visiting_roles_record_visits_to_schools_in_their_scope(world):
    with pytest.raises(services.NotAllowed):
        visit(world, actor=world.principal, school=world.school)
    with pytest.raises(services.NotAllowed):
        visit(world, actor=world.inspector, school=world.school)  # not the inspector's school
    with pytest.raises(services.NotAllowed):
        visit(world, actor=world.foreign_admin)
    assert visit(world, actor=world.township_officer, school=world.school).pk
    assert visit(world, actor=world.county_admin, school=world.far_school).pk


def test_a_visit_cannot_be_dated_in_the_future_or_check_nothing(world):
    with pytest.raises(services.InspectionError):
        visit(world, date=TODAY + dt.timedelta(days=1))
    with pytest.raises(services.InspectionError):
        services.visit_create(actor=world.inspector, school=world.sibling, date=TODAY, checked=" ")
    assert not Visit.objects.exists()


def test_a_finding_becomes_a_problem_in_one_step(world):
    finding = visit(world).findings.get()
    deadline = TODAY + dt.timedelta(days=30)
    problem = services.finding_to_problem(
        actor=world.inspector, finding=finding, deadline=deadline, responsible=world.other_principal
    )
    assert (problem.source, problem.school, problem.status) == (
        Source.COUNTY,
        world.sibling,
        Status.OPEN,
    )
    assert problem.description == "音乐教室被挪作仓库" and problem.deadline == deadline
    assert Finding.objects.get().problem == problem
    assert AuditEntry.objects.get(action="create").comment == f"{TODAY.isoformat()} 走访发现"
    with pytest.raises(services.InspectionError):
        services.finding_to_problem(
            actor=world.inspector, finding=finding, deadline=None, responsible=None
        )
    assert Problem.objects.count() == 1


def test_a_township_visit_finds_township_problems_and_a_principal_converts_nothing(world):
    finding = visit(world, actor=world.township_officer, school=world.school).findings.get()
    assert not selectors.may_convert(actor=world.principal, finding=finding)
    with pytest.raises(services.NotAllowed):
        services.finding_to_problem(
            actor=world.principal, finding=finding, deadline=None, responsible=None
        )
    problem = services.finding_to_problem(
        actor=world.township_officer, finding=finding, deadline=None, responsible=None
    )
    assert problem.source == Source.TOWNSHIP


def test_the_visit_page_turns_a_finding_into_a_problem(client, world):
    recorded = visit(world)
    client.force_login(world.inspector)
    page = client.get(reverse("inspections:detail", args=[recorded.pk])).content.decode()
    assert "转为问题" in page
    finding = recorded.findings.get()
    response = client.post(
        reverse("inspections:finding_problem", args=[finding.pk]),
        {
            "deadline": (TODAY + dt.timedelta(days=10)).isoformat(),
            "responsible": world.other_principal.pk,
        },
    )
    problem = Problem.objects.get()
    assert response.url == reverse("rectification:detail", args=[problem.pk])
    assert problem.responsible == world.other_principal
    page = client.get(reverse("inspections:detail", args=[recorded.pk])).content.decode()
    assert f"问题 #{problem.pk}" in page and 'class="convert"' not in page


def test_recording_a_visit_through_the_form(client, world):
    client.force_login(world.inspector)
    form = client.get(reverse("inspections:create")).content.decode()
    assert "城关二小" in form and "城关一小" not in form
    response = client.post(
        reverse("inspections:create"),
        {
            "school": world.far_school.pk,
            "date": TODAY.isoformat(),
            "checked": "校园安全",
            "findings": "消防通道堵塞\n\n灭火器过期",
            "photos": [photo_upload()],
        },
    )
    recorded = Visit.objects.get()
    assert response.url == reverse("inspections:detail", args=[recorded.pk])
    assert recorded.findings.count() == 2 and recorded.photos.count() == 1
    client.force_login(world.principal)
    assert client.get(reverse("inspections:create")).status_code == 403


def test_visit_photos_are_served_only_within_the_scope(client, world):
    photo = visit(world, photos=[photo_upload()]).photos.get()
    url = reverse("inspections:photo", args=[photo.pk])
    for user, status in (
        (world.inspector, 200),
        (world.other_principal, 200),
        (world.principal, 404),
        (world.foreign_admin, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status


def test_visit_density_and_each_cadres_follow_up(world):
    today = TODAY
    cadre = make_user("cadre", "inspector", county=world.county, assigned_schools=[world.school])
    for date, school, actor in (
        (today - dt.timedelta(days=5), world.sibling, world.inspector),
        (today - dt.timedelta(days=20), world.sibling, world.inspector),
        (today - dt.timedelta(days=100), world.far_school, world.inspector),
        (today - dt.timedelta(days=2), world.school, world.county_admin),
    ):
        visit(world, actor=actor, school=school, date=date)
    # the inspector's schools (A2, A3): 4 problems, 1 closed, 1 overdue, 1 waiting
    problem_at(world.sibling, status=Status.CLOSED)
    problem_at(world.sibling, deadline=today - dt.timedelta(days=1))
    problem_at(world.far_school, status=Status.SUBMITTED, deadline=today - dt.timedelta(days=1))
    problem_at(world.far_school, deadline=today + dt.timedelta(days=9))
    problem_at(world.school, status=Status.CLOSED)  # the other cadre's school
    data = selectors.density(
        user=world.county_admin,
        county=world.county,
        start=today - dt.timedelta(days=30),
        end=today,
        days=30,
        today=today,
    )
    rows = {row.school.code: row for row in data.schools}
    assert [(c, rows[c].visits, rows[c].days_since) for c in sorted(rows)] == [
        ("6101010001", 1, 2),
        ("6101010002", 2, 5),
        ("6101010003", 0, 100),
    ]
    assert rows["6101010002"].cadres == ["inspector"] and rows["6101010001"].cadres == ["cadre"]
    assert [row.school.code for row in data.stale] == ["6101010003"]
    assert (data.total_visits, data.visited_schools) == (3, 2)
    follow = {row.cadre.username: row for row in data.cadres}
    inspector = follow["inspector"]
    assert (
        inspector.schools,
        inspector.own_visits,
        inspector.school_visits,
        inspector.unvisited,
        inspector.problems,
        inspector.closed,
        inspector.overdue,
        inspector.waiting,
        inspector.rate,
    ) == (2, 2, 2, 1, 4, 1, 1, 1, 0.25)
    assert follow[cadre.username].rate == 1.0 and follow[cadre.username].own_visits == 0


def test_the_density_page_is_the_bureaus(client, world):
    visit(world)
    client.force_login(world.county_admin)
    page = client.get(reverse("inspections:density") + "?days=10").content.decode()
    assert "超过 10 天未走访" in page and "从未走访" in page
    client.force_login(world.inspector)
    assert client.get(reverse("inspections:density")).status_code == 403


def test_the_bureau_assigns_cadres_their_schools(client, world):
    client.force_login(world.county_admin)
    response = client.post(
        reverse("inspections:cadres"),
        {"cadre": world.inspector.pk, "schools": [world.school.pk]},
    )
    assert response.status_code == 302
    assert list(world.inspector.assigned_schools.all()) == [world.school]
    entry = AuditEntry.objects.get(action="assign")
    assert entry.before == {"assigned_schools": ["6101010002", "6101010003"]}
    assert entry.after == {"assigned_schools": ["6101010001"]}
    with pytest.raises(services.InspectionError):
        services.cadre_assign(
            actor=world.county_admin, cadre=world.inspector, schools=[world.foreign_school]
        )
    with pytest.raises(services.NotAllowed):
        services.cadre_assign(actor=world.township_officer, cadre=world.inspector, schools=[])
    with pytest.raises(services.InspectionError):
        services.cadre_assign(actor=world.county_admin, cadre=world.principal, schools=[])
