"""Problems suggested by the evaluation: each unmet threshold with its gap in words, accepted
by the bureau (an open problem with deadline and responsible person) or dismissed; a re-run
never duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from factories import make_school_year
from junheng.audit.models import AuditEntry
from junheng.collection.models import SchoolYear
from junheng.rectification import services
from junheng.rectification.choices import Source, Status, SuggestionStatus
from junheng.rectification.gaps import amount, gap_text
from junheng.rectification.models import Problem, Suggestion

LATER = timezone.localdate() + dt.timedelta(days=30)
ROOMS = "teaching_room_area_per_student"


def set_figures(school, year=2025, **figures):
    record = SchoolYear.objects.get(school=school, year=year)
    for key, value in figures.items():
        setattr(record, key, value)
    record.save()  # a new updated_at: the cached evaluation is not reused


def generate(world, year=2025):
    return services.suggestions_generate(
        actor=world.county_admin, county=world.county, year=year, standard="quality-2017"
    )


@pytest.fixture
def short_of_rooms(world):
    # 400 pupils need 400 × 4.5 = 1,800 m² of teaching rooms; 城关一小 has 624 m²
    set_figures(world.school, teaching_room_area=624.0)
    return world


def test_the_gap_is_stated_in_words():
    assert gap_text("teaching_room_area", "primary", 2423.2, whole=False) == (
        "缺少教学及辅助用房 2,424 m²"
    )
    assert gap_text("sports_area", "junior", 15.0, whole=False) == "缺少体育运动场馆 15 m²"
    assert (
        gap_text("equipment_value", "primary", 12.341, whole=False)
        == "缺少教学仪器设备值 12.35 万元"
    )
    assert gap_text("{level}_backbone_teachers", "junior", 3, whole=True) == (
        "缺少县级及以上骨干教师 3 人"
    )
    assert gap_text("multimedia_classrooms", "primary", 2, whole=True) == "缺少网络多媒体教室 2 间"
    assert amount(12.5, "万元", whole=False) == "12.5"


def test_each_unmet_threshold_becomes_a_proposal_with_its_gap(short_of_rooms):
    world = short_of_rooms
    report = generate(world)
    assert (report.created, report.updated, report.removed) == (1, 0, 0)
    suggestion = Suggestion.objects.get()
    assert (suggestion.school, suggestion.level, suggestion.indicator_key) == (
        world.school,
        "primary",
        ROOMS,
    )
    assert suggestion.text == "缺少教学及辅助用房 1,176 m²"
    assert suggestion.description == (
        "小学「生均教学及辅助用房面积」未达到标准：实际 1.56m²，标准 4.5m²；"
        "缺少教学及辅助用房 1,176 m²。"
    )
    assert suggestion.status == SuggestionStatus.PROPOSED
    entry = AuditEntry.objects.get(action="suggest")
    assert entry.after["created"] == 1 and entry.year == 2025


def test_a_re_run_adds_nothing_twice(short_of_rooms):
    generate(short_of_rooms)
    report = generate(short_of_rooms)
    assert (report.created, report.unchanged) == (0, 1)
    assert Suggestion.objects.count() == 1


def test_the_bureau_accepts_a_proposal_as_an_open_problem(short_of_rooms):
    world = short_of_rooms
    generate(world)
    suggestion = Suggestion.objects.get()
    problem = services.suggestion_accept(
        actor=world.county_admin,
        suggestion=suggestion,
        deadline=LATER,
        responsible=world.principal,
        measure="新建综合楼",
    )
    assert problem.status == Status.OPEN and problem.source == Source.SELF_CHECK
    assert (problem.school, problem.indicator_key, problem.level) == (
        world.school,
        ROOMS,
        "primary",
    )
    assert (problem.deadline, problem.responsible, problem.measure) == (
        LATER,
        world.principal,
        "新建综合楼",
    )
    assert "缺少教学及辅助用房 1,176 m²" in problem.description
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED and suggestion.problem == problem
    with pytest.raises(services.RectificationError):  # decided once
        services.suggestion_dismiss(actor=world.county_admin, suggestion=suggestion)
    report = generate(world)  # an accepted proposal stays as it is
    assert (report.created, report.unchanged) == (0, 1)
    assert Problem.objects.count() == 1


def test_accepting_needs_a_deadline_and_a_responsible_person(short_of_rooms):
    generate(short_of_rooms)
    with pytest.raises(services.RectificationError):
        services.suggestion_accept(
            actor=short_of_rooms.county_admin,
            suggestion=Suggestion.objects.get(),
            deadline=LATER,
            responsible=None,
        )
    assert not Problem.objects.exists()


def test_a_dismissed_proposal_is_not_proposed_again(short_of_rooms):
    world = short_of_rooms
    generate(world)
    services.suggestion_dismiss(
        actor=world.county_admin, suggestion=Suggestion.objects.get(), comment="已列入新建计划"
    )
    report = generate(world)
    assert report.created == 0
    assert Suggestion.objects.get().status == SuggestionStatus.DISMISSED
    assert AuditEntry.objects.get(action="dismiss").comment == "已列入新建计划"


def test_changed_data_updates_or_removes_undecided_proposals(short_of_rooms):
    world = short_of_rooms
    generate(world)
    set_figures(world.school, teaching_room_area=1000.0)
    assert generate(world).updated == 1
    assert Suggestion.objects.get().text == "缺少教学及辅助用房 800 m²"
    set_figures(world.school, teaching_room_area=2000.0)
    assert generate(world).removed == 1
    assert not Suggestion.objects.exists()


def test_a_gap_with_an_unclosed_problem_is_not_proposed_for_the_next_year(short_of_rooms):
    world = short_of_rooms
    generate(world)
    services.suggestion_accept(
        actor=world.county_admin,
        suggestion=Suggestion.objects.get(),
        deadline=LATER,
        responsible=world.principal,
    )
    for school in (world.school, world.sibling, world.far_school):
        make_school_year(school, 2026)
    set_figures(world.school, year=2026, teaching_room_area=624.0)
    report = generate(world, 2026)
    assert (report.created, report.already_open) == (0, 1)


def test_only_the_bureau_generates_and_decides(short_of_rooms):
    world = short_of_rooms
    for actor in (world.township_officer, world.principal, world.inspector, world.foreign_admin):
        with pytest.raises(services.NotAllowed):
            services.suggestions_generate(
                actor=actor, county=world.county, year=2025, standard="quality-2017"
            )
    generate(world)
    with pytest.raises(services.NotAllowed):
        services.suggestion_accept(
            actor=world.township_officer,
            suggestion=Suggestion.objects.get(),
            deadline=LATER,
            responsible=world.principal,
        )


def test_a_year_without_data_is_explained(world):
    with pytest.raises(services.RectificationError) as refused:
        generate(world, 2019)
    assert refused.value.zh == "2019 年度没有数据"


def test_the_suggestions_page_generates_lists_and_accepts(client, short_of_rooms):
    world = short_of_rooms
    client.force_login(world.county_admin)
    response = client.post(
        reverse("rectification:suggestions_generate"),
        {"year": 2025, "standard": "quality-2017"},
        follow=True,
    )
    page = response.content.decode()
    assert "新增 1 条" in page and "缺少教学及辅助用房 1,176 m²" in page
    suggestion = Suggestion.objects.get()
    response = client.post(
        reverse("rectification:suggestion_decide", args=[suggestion.pk]),
        {"decision": "accept", "deadline": LATER.isoformat(), "responsible": world.principal.pk},
        follow=True,
    )
    assert "已采纳为问题" in response.content.decode()
    assert Problem.objects.get().responsible == world.principal
    client.force_login(world.township_officer)
    assert client.get(reverse("rectification:suggestions")).status_code == 403


def test_a_per_100_students_gap_names_its_unit_on_the_problems_list(client, world):
    # 400 pupils need 400 × 4.2 / 100 = 16.8 qualified teachers (docs/standards.md §2
    # 资源配置 (1)); with 10 the school has 2.5 per 100 students, not 「2.5人」
    set_figures(world.school, primary_qualified_teachers=10)
    generate(world)
    suggestion = Suggestion.objects.get(indicator_key="qualified_teachers_per_100_students")
    assert "实际 2.5人/百名学生，标准 4.2人/百名学生；" in suggestion.description
    services.suggestion_accept(
        actor=world.county_admin,
        suggestion=suggestion,
        deadline=LATER,
        responsible=world.principal,
    )
    client.force_login(world.county_admin)
    page = client.get(reverse("rectification:list")).content.decode()
    assert "实际 2.5人/百名学生，标准 4.2人/百名学生" in page


def test_the_suggestions_page_names_the_standards_not_their_keys(client, world):
    client.force_login(world.county_admin)
    page = client.get(reverse("rectification:suggestions")).content.decode()
    quality = "县域义务教育优质均衡发展督导评估办法"
    assert f'<option value="quality-2017" selected>{quality}</option>' in page
    assert '<option value="basic-2012">县域义务教育均衡发展督导评估暂行办法</option>' in page
    assert ">quality-2017<" not in page and ">basic-2012<" not in page
