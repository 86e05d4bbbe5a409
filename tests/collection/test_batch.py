"""Yearly data at county scale: many records passed, approved or returned at once (all or
nothing), the lock that lists the schools it waits for, an unlock that says what it does, a
county correction that waits for approval again, and a new year started from the last."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from factories import figures_for, make_school, make_school_year
from junheng.audit.models import AuditEntry
from junheng.collection import rules, selectors, services
from junheng.collection.choices import NO_DATA, DataStatus
from junheng.collection.models import CountyYear, SchoolYear
from junheng.refusals import NotAllowed, Refusal

YEAR = 2025


def records(*schools, year=YEAR) -> list[SchoolYear]:
    return [SchoolYear.objects.get(school=s, year=year) for s in schools]


def set_status(status, *schools, year=YEAR) -> None:
    SchoolYear.objects.filter(school__in=schools, year=year).update(status=status)


def status_of(school, year=YEAR) -> str:
    return SchoolYear.objects.get(school=school, year=year).status


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# many records at once --------------------------------------------------------------------


def test_a_township_passes_many_submitted_records_in_one_step_each_audited(world):
    set_status(DataStatus.SUBMITTED, world.school, world.sibling)

    moved = services.school_years_transition(
        actor=world.township_officer, records=records(world.school, world.sibling), name="review"
    )

    assert len(moved) == 2
    assert status_of(world.school) == status_of(world.sibling) == DataStatus.REVIEWED
    entries = AuditEntry.objects.filter(action="review")
    assert {e.school for e in entries} == {world.school, world.sibling}
    assert all(e.actor == world.township_officer for e in entries)


def test_a_township_returns_many_records_with_one_comment(world):
    set_status(DataStatus.SUBMITTED, world.school, world.sibling)

    services.school_years_transition(
        actor=world.township_officer,
        records=records(world.school, world.sibling),
        name="return",
        comment="教师数与人事系统不符",
    )

    for record in records(world.school, world.sibling):
        assert record.status == DataStatus.RETURNED
        assert record.review_comment == "教师数与人事系统不符"
    assert AuditEntry.objects.filter(action="return").count() == 2


def test_the_county_approves_many_records_passed_by_their_townships(world):
    set_status(DataStatus.REVIEWED, world.school, world.sibling, world.far_school)

    services.school_years_transition(
        actor=world.county_admin,
        records=records(world.school, world.sibling, world.far_school),
        name="approve",
    )

    assert {r.status for r in records(world.school, world.sibling, world.far_school)} == {
        DataStatus.APPROVED
    }


def test_one_refused_record_refuses_the_batch_and_names_each_refused_record(world):
    set_status(DataStatus.SUBMITTED, world.school)  # world.sibling stays a draft

    with pytest.raises(services.BatchRefused) as refused:
        services.school_years_transition(
            actor=world.township_officer,
            records=records(world.school, world.sibling),
            name="review",
        )

    assert [r.school for r, _ in refused.value.refused] == [world.sibling]
    assert "城关二小" in refused.value.zh and "填报中" in refused.value.zh
    assert "全部未处理" in refused.value.zh
    assert status_of(world.school) == DataStatus.SUBMITTED  # all or nothing
    assert not AuditEntry.objects.exists()


def test_a_batch_is_refused_by_the_rules_of_the_single_action(world):
    set_status(DataStatus.REVIEWED, world.school, world.sibling)

    with pytest.raises(services.BatchRefused) as refused:
        services.school_years_transition(
            actor=world.township_officer,
            records=records(world.school, world.sibling),
            name="approve",
        )

    assert all(isinstance(reason, NotAllowed) for _, reason in refused.value.refused)
    assert status_of(world.school) == DataStatus.REVIEWED


def test_a_batch_return_needs_a_comment_and_a_batch_needs_records(world):
    set_status(DataStatus.SUBMITTED, world.school)

    with pytest.raises(services.CollectionError, match="意见"):
        services.school_years_transition(
            actor=world.township_officer, records=records(world.school), name="return"
        )
    with pytest.raises(services.CollectionError, match="勾选"):
        services.school_years_transition(actor=world.county_admin, records=[], name="approve")
    with pytest.raises(Refusal):
        services.school_years_transition(
            actor=world.county_admin, records=records(world.school), name="submit"
        )
    assert status_of(world.school) == DataStatus.SUBMITTED


def test_a_batch_in_a_locked_year_is_refused(world):
    set_status(DataStatus.APPROVED, world.school, world.sibling, world.far_school)
    services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)

    with pytest.raises(services.BatchRefused) as refused:
        services.school_years_transition(
            actor=world.county_admin,
            records=records(world.school),
            name="return",
            comment="更正",
        )

    assert isinstance(refused.value.refused[0][1], services.YearLocked)


@pytest.mark.parametrize(
    ("actor", "status", "name", "opens"),
    [
        ("township_officer", DataStatus.SUBMITTED, "review", {"城关一小", "城关二小"}),
        ("township_officer", DataStatus.SUBMITTED, "return", {"城关一小", "城关二小"}),
        ("township_officer", DataStatus.REVIEWED, "return", set()),
        ("county_admin", DataStatus.REVIEWED, "approve", {"城关一小", "城关二小", "东乡中心小学"}),
        ("county_admin", DataStatus.APPROVED, "return", {"城关一小", "城关二小", "东乡中心小学"}),
        ("principal", DataStatus.SUBMITTED, "review", set()),
        ("inspector", DataStatus.SUBMITTED, "review", set()),
        ("foreign_admin", DataStatus.REVIEWED, "approve", {"北镇小学"}),
    ],
)
def test_the_records_open_to_a_batch_are_those_the_single_action_allows(
    world, actor, status, name, opens
):
    SchoolYear.objects.update(status=status)
    user = getattr(world, actor)

    found = rules.open_to(user, SchoolYear.objects.filter(year=YEAR), name)

    assert {r.school.name for r in found} == opens
    for record in SchoolYear.objects.filter(year=YEAR, school__county=world.county):
        single = name in selectors.school_year_transitions(actor=user, record=record)
        assert single == (record in found), (record, single)


# the batch on the year overview --------------------------------------------------------------


def test_the_overview_offers_the_township_its_batch_of_submitted_records(world):
    set_status(DataStatus.SUBMITTED, world.school)

    page = client_for(world.township_officer).get(reverse("collection:year", args=[YEAR]))

    html = page.content.decode()
    overview = page.context["overview"]
    assert overview.batch_actions == ["review", "return"]
    record = records(world.school)[0]
    assert f'name="records" value="{record.pk}" form="batch"' in html
    assert "批量审核通过" in html and "批量县审核通过" not in html
    assert html.count('name="records"') == 1  # the sibling's draft is not offered


def test_a_principal_and_an_inspector_get_no_batch(world):
    set_status(DataStatus.SUBMITTED, world.school, world.sibling)

    for persona in ("principal", "inspector"):
        page = client_for(getattr(world, persona)).get(reverse("collection:year", args=[YEAR]))
        assert page.context["overview"].batch_actions == []
        assert 'id="batch"' not in page.content.decode()


def test_the_batch_page_passes_the_ticked_records_and_keeps_the_filters(world):
    set_status(DataStatus.SUBMITTED, world.school, world.sibling)
    ticked = [r.pk for r in records(world.school, world.sibling)]

    client = client_for(world.township_officer)

    page = client.post(
        reverse("collection:batch", args=[YEAR]),
        {"records": ticked, "action": "review", "status": DataStatus.SUBMITTED},
    )

    assert page.status_code == 302
    assert page.url == reverse("collection:year", args=[YEAR]) + "?status=submitted"
    assert status_of(world.school) == status_of(world.sibling) == DataStatus.REVIEWED
    assert "已审核通过 2 条数据" in client.get(page.url).content.decode()


def test_a_refused_batch_shows_every_reason_and_changes_nothing(world):
    set_status(DataStatus.SUBMITTED, world.school)
    ticked = [r.pk for r in records(world.school, world.sibling)]

    page = client_for(world.township_officer).post(
        reverse("collection:batch", args=[YEAR]),
        {"records": ticked, "action": "review"},
        follow=True,
    )

    html = page.content.decode()
    assert "不能审核通过，全部未处理" in html and "城关二小" in html
    assert status_of(world.school) == DataStatus.SUBMITTED


def test_a_batch_naming_a_record_out_of_scope_is_not_found(world):
    set_status(DataStatus.SUBMITTED, world.school, world.far_school)
    ticked = [r.pk for r in records(world.school, world.far_school)]

    page = client_for(world.township_officer).post(
        reverse("collection:batch", args=[YEAR]), {"records": ticked, "action": "review"}
    )

    assert page.status_code == 404
    assert status_of(world.school) == DataStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["principal", "inspector"])
def test_the_batch_door_is_closed_to_those_who_do_not_review(world, persona):
    set_status(DataStatus.SUBMITTED, world.school)

    page = client_for(getattr(world, persona)).post(
        reverse("collection:batch", args=[YEAR]),
        {"records": [records(world.school)[0].pk], "action": "review"},
    )

    assert page.status_code == 403
    assert status_of(world.school) == DataStatus.SUBMITTED


# the lock lists what it waits for ------------------------------------------------------------


def test_an_empty_year_cannot_be_locked(world):
    with pytest.raises(services.YearNotReady) as refused:
        services.county_year_lock(actor=world.county_admin, county=world.county, year=2026)

    assert len(refused.value.blockers) == 3
    assert {b.status for b in refused.value.blockers} == {NO_DATA}
    assert "未填报 3 所" in refused.value.zh and "城关一小（未填报）" in refused.value.zh
    assert not CountyYear.objects.filter(locked=True).exists()


def test_a_school_without_data_keeps_the_year_from_being_locked(world):
    make_school(world.other_township, "6101010004", "东乡二小")
    set_status(DataStatus.APPROVED, world.school, world.sibling, world.far_school)

    with pytest.raises(NotAllowed) as refused:
        services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)

    assert "东乡二小（未填报）" in refused.value.zh
    assert [b.school.name for b in refused.value.blockers] == ["东乡二小"]


def test_the_lock_refusal_names_the_schools_not_approved_with_their_status(world):
    set_status(DataStatus.APPROVED, world.school, world.far_school)
    set_status(DataStatus.SUBMITTED, world.sibling)

    with pytest.raises(services.YearNotReady) as refused:
        services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)

    assert "城关二小（已上报，待乡镇审核）" in refused.value.zh
    assert "北镇小学" not in refused.value.zh  # another county's school is not this lock's


def test_the_lock_card_counts_the_schools_it_waits_for_across_the_county(world):
    set_status(DataStatus.APPROVED, world.school, world.sibling)
    client = client_for(world.county_admin)

    page = client.get(reverse("collection:year", args=[YEAR]), {"township": world.township.pk})

    overview = page.context["overview"]
    assert overview.pending == 1  # 东乡中心小学, outside the filter, still blocks the lock
    assert overview.blocker_counts() == [(DataStatus.DRAFT, "填报中", 1)]
    assert "锁定年度</button>" in page.content.decode()
    assert "disabled>锁定年度" in page.content.decode()


# unlocking and correcting ------------------------------------------------------------------


def lock(world):
    set_status(DataStatus.APPROVED, world.school, world.sibling, world.far_school)
    services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)


def test_the_unlock_dialog_says_what_unlocking_does(world):
    lock(world)

    html = client_for(world.county_admin).get(reverse("collection:year", args=[YEAR]))

    text = html.content.decode()
    assert "解锁后各校可修改本年度数据" not in text
    assert "学校只能修改被退回的数据" in text and "需重新县审核" in text


def test_after_unlocking_a_school_edits_only_what_the_county_returns(world):
    lock(world)
    services.county_year_unlock(
        actor=world.county_admin, county=world.county, year=YEAR, reason="更正城关一小"
    )
    record = records(world.school)[0]

    with pytest.raises(NotAllowed):
        services.school_year_save(
            actor=world.principal,
            school=world.school,
            year=YEAR,
            figures=figures_for(world.school, primary_students=401),
            expected_version=record.version,
        )
    services.school_years_transition(
        actor=world.county_admin, records=[record], name="return", comment="请更正学生数"
    )
    saved = services.school_year_save(
        actor=world.principal,
        school=world.school,
        year=YEAR,
        figures=figures_for(world.school, primary_students=401),
        expected_version=records(world.school)[0].version,
    )
    assert saved.primary_students == 401


def test_a_county_correction_of_approved_data_waits_for_approval_again(world):
    lock(world)
    services.county_year_unlock(
        actor=world.county_admin, county=world.county, year=YEAR, reason="督导组要求更正"
    )

    saved = services.school_year_save(
        actor=world.county_admin,
        school=world.school,
        year=YEAR,
        figures=figures_for(world.school, primary_students=405),
        expected_version=records(world.school)[0].version,
    )

    assert saved.status == DataStatus.REVIEWED
    entry = AuditEntry.objects.get(action="change")
    assert ("status", DataStatus.APPROVED, DataStatus.REVIEWED) in entry.changed_fields()
    assert ("primary_students", 400, 405) in entry.changed_fields()
    with pytest.raises(services.YearNotReady):
        services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)


def test_a_county_correction_of_data_not_yet_approved_keeps_its_status(world):
    set_status(DataStatus.SUBMITTED, world.school)

    saved = services.school_year_save(
        actor=world.county_admin,
        school=world.school,
        year=YEAR,
        figures=figures_for(world.school, primary_students=405),
        expected_version=records(world.school)[0].version,
    )

    assert saved.status == DataStatus.SUBMITTED
    assert "status" not in AuditEntry.objects.get(action="change").after


# a new year from the last ----------------------------------------------------------------


def test_the_county_starts_a_new_year_from_last_year_s_data_as_drafts(world):
    make_school_year(world.school, 2024)  # an older year: not the one copied
    SchoolYear.objects.filter(school=world.school, year=YEAR).update(primary_students=432)
    world.school.name = "城关第一小学"
    world.school.save()

    created = services.county_year_start(actor=world.county_admin, county=world.county, year=2026)

    assert len(created) == 3
    new = SchoolYear.objects.get(school=world.school, year=2026)
    assert new.status == DataStatus.DRAFT and new.version == 1
    assert new.primary_students == 432 and new.school_name == "城关第一小学"
    assert not SchoolYear.objects.filter(school=world.foreign_school, year=2026).exists()
    entries = AuditEntry.objects.filter(action="create", year=2026)
    assert entries.count() == 3 and all("2025" in e.comment for e in entries)
    assert all(e.actor == world.county_admin for e in entries)


def test_starting_a_year_that_has_data_is_refused(world):
    make_school_year(world.school, 2026)

    with pytest.raises(services.CollectionError, match="已有 1 所学校的数据"):
        services.county_year_start(actor=world.county_admin, county=world.county, year=2026)

    assert SchoolYear.objects.filter(year=2026).count() == 1
    assert not AuditEntry.objects.exists()


def test_starting_a_year_without_data_the_year_before_is_refused(world):
    with pytest.raises(services.CollectionError, match="2026 年度没有数据"):
        services.county_year_start(actor=world.county_admin, county=world.county, year=2027)


@pytest.mark.parametrize("actor", ["township_officer", "principal", "inspector", "foreign_admin"])
def test_only_the_county_s_admin_starts_its_year(world, actor):
    with pytest.raises(NotAllowed):
        services.county_year_start(actor=getattr(world, actor), county=world.county, year=2026)

    assert not SchoolYear.objects.filter(year=2026).exists()


def test_the_overview_of_an_empty_year_offers_the_county_to_start_it(world):
    client = client_for(world.county_admin)

    empty = client.get(reverse("collection:year", args=[2026]))
    started = client.post(reverse("collection:start", args=[2026]), follow=True)
    again = client.get(reverse("collection:year", args=[2026]))

    assert empty.context["overview"].start_from == YEAR
    assert "从 2025 年度数据生成草稿" in empty.content.decode()
    assert "生成 2026 年度草稿 3 条" in started.content.decode()
    assert again.context["overview"].start_from is None
    assert SchoolYear.objects.filter(year=2026, status=DataStatus.DRAFT).count() == 3


@pytest.mark.parametrize("persona", ["township_officer", "principal", "inspector"])
def test_the_start_door_is_closed_to_those_who_do_not_approve(world, persona):
    page = client_for(getattr(world, persona)).post(reverse("collection:start", args=[2026]))

    assert page.status_code == 403
    assert not SchoolYear.objects.filter(year=2026).exists()
