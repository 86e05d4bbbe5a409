"""The yearly-data services: saving, every transition allowed and refused by role, the
county's lock, and the audit entries they write."""

from __future__ import annotations

import pytest

from factories import figures_for
from junheng.audit.models import AuditEntry
from junheng.collection import rules, selectors, services
from junheng.collection.choices import DataStatus
from junheng.collection.models import CountyYear, SchoolYear
from junheng.refusals import NotAllowed, Refusal

YEAR = 2025


def record_of(school, year=YEAR) -> SchoolYear:
    return SchoolYear.objects.get(school=school, year=year)


def set_status(school, status, year=YEAR) -> SchoolYear:
    SchoolYear.objects.filter(school=school, year=year).update(status=status)
    return record_of(school, year)


def save(actor, school, year=YEAR, version="current", **changes):
    record = SchoolYear.objects.filter(school=school, year=year).first()
    expected = (record.version if record else None) if version == "current" else version
    return services.school_year_save(
        actor=actor,
        school=school,
        year=year,
        figures=figures_for(school, **changes),
        expected_version=expected,
    )


# saving ---------------------------------------------------------------------------------


def test_a_principal_creates_their_school_s_record_for_a_new_year_with_an_audit_entry(world):
    record = save(world.principal, world.school, year=2026, primary_students=410)

    assert record.version == 1 and record.primary_students == 410
    entry = AuditEntry.objects.get(action="create", year=2026)
    assert entry.actor == world.principal and entry.school == world.school
    assert entry.before is None and entry.after["primary_students"] == 410


def test_a_change_is_audited_with_the_figures_before_and_after(world):
    save(world.principal, world.school, primary_students=420)

    entry = AuditEntry.objects.get(action="change")
    assert entry.before["primary_students"] == 400
    assert entry.after["primary_students"] == 420
    assert entry.changed_fields() == [("primary_students", 400, 420)]
    assert record_of(world.school).version == 2


def test_saving_the_same_figures_again_makes_no_new_version_and_no_entry(world):
    record = save(world.principal, world.school)

    assert record.version == 1
    assert not AuditEntry.objects.exists()


def test_a_save_with_a_stale_version_is_refused_and_changes_nothing(world):
    save(world.principal, world.school, primary_students=420)  # version 1 → 2

    with pytest.raises(services.ConcurrentEdit) as refused:
        save(world.township_officer, world.school, version=1, primary_students=430)

    assert "其他用户" in refused.value.zh
    assert record_of(world.school).primary_students == 420


def test_a_save_for_a_new_record_refuses_a_version_that_never_existed(world):
    with pytest.raises(services.ConcurrentEdit):
        save(world.principal, world.school, year=2026, version=3)


@pytest.mark.parametrize(
    ("actor", "school"),
    [
        ("principal", "sibling"),
        ("township_officer", "far_school"),
        ("inspector", "sibling"),
        ("foreign_admin", "school"),
    ],
)
def test_a_save_out_of_the_actor_s_scope_or_role_is_refused(world, actor, school):
    with pytest.raises(services.NotAllowed):
        save(getattr(world, actor), getattr(world, school), primary_students=1)


def test_invalid_figures_are_refused_with_problems_naming_their_fields(world):
    from junheng.collection.validation import field_of

    with pytest.raises(services.InvalidFigures) as refused:
        save(world.principal, world.school, primary_students=-3, primary_qualified_teachers=99)

    fields = {field_of(p) for p in refused.value.problems}
    assert {"primary_students", "primary_qualified_teachers"} <= fields
    assert record_of(world.school).primary_students == 400


def test_an_empty_count_of_a_level_the_school_does_not_teach_is_stored_as_zero(world):
    record = save(world.principal, world.school, junior_students=None, junior_teachers=None)

    assert record.junior_students == 0 and record.junior_teachers == 0


def test_an_empty_count_of_a_level_the_school_teaches_is_refused(world):
    with pytest.raises(services.InvalidFigures):
        save(world.principal, world.school, primary_teachers=None)


def test_keys_that_are_not_template_fields_are_never_set(world):
    save(world.principal, world.school, status=DataStatus.APPROVED, primary_students=401)

    assert record_of(world.school).status == DataStatus.DRAFT


def test_a_principal_cannot_change_submitted_data_but_the_county_can(world):
    set_status(world.school, DataStatus.SUBMITTED)

    with pytest.raises(services.NotAllowed):
        save(world.principal, world.school, primary_students=401)
    assert save(world.county_admin, world.school, primary_students=402).primary_students == 402


# transitions ----------------------------------------------------------------------------


def review(actor, record):
    return services.school_year_review(actor=actor, record=record, comment="")


def approve(actor, record):
    return services.school_year_approve(actor=actor, record=record, comment="")


def give_back(actor, record):
    return services.school_year_return(actor=actor, record=record, comment="请核对教师数")


def submit(actor, record):
    return services.school_year_submit(actor=actor, record=record)


ALLOWED = [
    ("principal", submit, DataStatus.DRAFT, DataStatus.SUBMITTED),
    ("principal", submit, DataStatus.RETURNED, DataStatus.SUBMITTED),
    ("township_officer", submit, DataStatus.DRAFT, DataStatus.SUBMITTED),
    ("county_admin", submit, DataStatus.DRAFT, DataStatus.SUBMITTED),
    ("township_officer", review, DataStatus.SUBMITTED, DataStatus.REVIEWED),
    ("county_admin", review, DataStatus.SUBMITTED, DataStatus.REVIEWED),
    ("county_admin", approve, DataStatus.REVIEWED, DataStatus.APPROVED),
    ("township_officer", give_back, DataStatus.SUBMITTED, DataStatus.RETURNED),
    ("county_admin", give_back, DataStatus.SUBMITTED, DataStatus.RETURNED),
    ("county_admin", give_back, DataStatus.REVIEWED, DataStatus.RETURNED),
    ("county_admin", give_back, DataStatus.APPROVED, DataStatus.RETURNED),
]

REFUSED = [
    ("principal", submit, DataStatus.SUBMITTED),
    ("principal", submit, DataStatus.APPROVED),
    ("inspector", submit, DataStatus.DRAFT),
    ("other_principal", submit, DataStatus.DRAFT),
    ("foreign_admin", submit, DataStatus.DRAFT),
    ("principal", review, DataStatus.SUBMITTED),
    ("inspector", review, DataStatus.SUBMITTED),
    ("township_officer", review, DataStatus.DRAFT),
    ("county_admin", review, DataStatus.REVIEWED),
    ("foreign_admin", review, DataStatus.SUBMITTED),
    ("township_officer", approve, DataStatus.REVIEWED),
    ("principal", approve, DataStatus.REVIEWED),
    ("county_admin", approve, DataStatus.SUBMITTED),
    ("foreign_admin", approve, DataStatus.REVIEWED),
    ("principal", give_back, DataStatus.SUBMITTED),
    ("inspector", give_back, DataStatus.SUBMITTED),
    ("township_officer", give_back, DataStatus.REVIEWED),
    ("township_officer", give_back, DataStatus.APPROVED),
    ("county_admin", give_back, DataStatus.DRAFT),
]


@pytest.mark.parametrize(("actor", "action", "start", "end"), ALLOWED)
def test_an_allowed_transition_moves_the_status_and_is_audited(world, actor, action, start, end):
    record = set_status(world.school, start)
    user = getattr(world, actor)

    action(user, record)

    record = record_of(world.school)
    assert record.status == end
    assert record.version == 2 and record.updated_by == user
    entry = AuditEntry.objects.get()
    assert entry.actor == user
    assert (entry.before, entry.after) == ({"status": start}, {"status": end})


@pytest.mark.parametrize(("actor", "action", "start"), REFUSED)
def test_a_refused_transition_changes_nothing(world, actor, action, start):
    record = set_status(world.school, start)

    with pytest.raises(Refusal):  # a CollectionError, or NotAllowed (one type for every app)
        action(getattr(world, actor), record)

    assert record_of(world.school).status == start
    assert not AuditEntry.objects.exists()


def test_returning_without_a_comment_is_refused(world):
    record = set_status(world.school, DataStatus.SUBMITTED)

    with pytest.raises(services.CollectionError) as refused:
        services.school_year_return(actor=world.township_officer, record=record, comment="  ")

    assert "意见" in refused.value.zh


def test_the_return_comment_is_kept_on_the_record_and_in_the_entry(world):
    give_back(world.township_officer, set_status(world.school, DataStatus.SUBMITTED))

    assert record_of(world.school).review_comment == "请核对教师数"
    assert AuditEntry.objects.get().comment == "请核对教师数"


@pytest.mark.parametrize(
    ("actor", "status", "expected"),
    [
        ("principal", DataStatus.DRAFT, ["submit"]),
        ("principal", DataStatus.SUBMITTED, []),
        ("inspector", DataStatus.DRAFT, []),
        ("township_officer", DataStatus.SUBMITTED, ["review", "return"]),
        ("township_officer", DataStatus.REVIEWED, []),
        ("county_admin", DataStatus.REVIEWED, ["approve", "return"]),
        ("county_admin", DataStatus.APPROVED, ["return"]),
    ],
)
def test_the_transitions_offered_are_those_the_services_allow(world, actor, status, expected):
    record = set_status(world.school, status)

    offered = selectors.school_year_transitions(actor=getattr(world, actor), record=record)

    assert offered == expected


# the county's lock ---------------------------------------------------------------------


def approve_all(world, year=YEAR):
    SchoolYear.objects.filter(school__county=world.county, year=year).update(
        status=DataStatus.APPROVED
    )


def test_the_year_cannot_be_locked_while_data_are_not_approved(world):
    set_status(world.school, DataStatus.APPROVED)

    with pytest.raises(services.NotAllowed) as refused:
        services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)

    assert "未经县审核" in refused.value.zh
    assert not CountyYear.objects.filter(locked=True).exists()


@pytest.mark.parametrize("actor", ["township_officer", "principal", "inspector", "foreign_admin"])
def test_only_the_county_s_admin_locks_its_year(world, actor):
    approve_all(world)

    with pytest.raises(services.NotAllowed):
        services.county_year_lock(actor=getattr(world, actor), county=world.county, year=YEAR)


def test_a_locked_year_refuses_every_edit_and_transition(world):
    approve_all(world)
    services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)

    with pytest.raises(services.YearLocked):
        save(world.county_admin, world.school, primary_students=401)
    with pytest.raises(services.YearLocked):
        give_back(world.county_admin, record_of(world.school))
    refusal = selectors.school_year_edit_refusal(
        actor=world.county_admin, school=world.school, year=YEAR, record=record_of(world.school)
    )
    assert isinstance(refusal, services.YearLocked)
    assert (
        selectors.school_year_transitions(actor=world.county_admin, record=record_of(world.school))
        == []
    )
    assert AuditEntry.objects.get().action == "lock"


def test_unlocking_needs_a_reason_and_is_logged_with_it(world):
    approve_all(world)
    services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)

    with pytest.raises(services.CollectionError):
        services.county_year_unlock(
            actor=world.county_admin, county=world.county, year=YEAR, reason=""
        )
    services.county_year_unlock(
        actor=world.county_admin, county=world.county, year=YEAR, reason="督导组要求更正"
    )

    entry = AuditEntry.objects.filter(action="unlock").get()
    assert entry.comment == "督导组要求更正" and entry.actor == world.county_admin
    assert (entry.before, entry.after) == ({"locked": True}, {"locked": False})
    assert save(world.county_admin, world.school, primary_students=401).primary_students == 401


def test_a_township_officer_cannot_unlock(world):
    approve_all(world)
    services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)

    with pytest.raises(services.NotAllowed):
        services.county_year_unlock(
            actor=world.township_officer, county=world.county, year=YEAR, reason="想改"
        )
    assert CountyYear.objects.get().locked


def test_the_edit_refusal_names_why_the_page_is_read_only(world):
    record = set_status(world.school, DataStatus.SUBMITTED)

    def refusal(actor):
        return selectors.school_year_edit_refusal(
            actor=getattr(world, actor), school=world.school, year=YEAR, record=record
        )

    assert isinstance(refusal("principal"), services.NotAllowed)
    assert "已上报" in refusal("principal").zh
    assert isinstance(refusal("inspector"), services.NotAllowed)
    assert refusal("county_admin") is None


# the rules (collection.rules) ask the policy about the object ----------------------------


@pytest.mark.parametrize(
    ("actor", "corrects"),
    [
        ("county_admin", True),
        ("township_officer", False),
        ("principal", False),
        ("inspector", False),
        ("foreign_admin", False),
    ],
)
def test_only_whoever_approves_a_record_may_correct_it_after_it_was_sent_up(world, actor, corrects):
    set_status(world.school, DataStatus.REVIEWED)
    records = SchoolYear.objects.filter(school=world.school)

    assert rules.correctable(getattr(world, actor), records).exists() is corrects


def test_the_county_returns_what_it_approves_a_township_only_what_was_submitted(world):
    record = set_status(world.school, DataStatus.APPROVED)

    by_county = rules.return_transition(world.county_admin, record)
    by_township = rules.return_transition(world.township_officer, record)
    by_another_county = rules.return_transition(world.foreign_admin, record)

    assert DataStatus.APPROVED in by_county.source and DataStatus.REVIEWED in by_county.source
    assert by_township.source == (DataStatus.SUBMITTED,)
    assert by_another_county.source == (DataStatus.SUBMITTED,)


def test_another_county_s_admin_may_neither_lock_nor_unlock_this_county_s_year(world):
    approve_all(world)
    services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)

    with pytest.raises(NotAllowed):
        services.county_year_unlock(
            actor=world.foreign_admin, county=world.county, year=YEAR, reason="邻县误操作"
        )
    assert CountyYear.objects.get().locked


def test_every_refusal_of_yearly_data_is_one_refusal_type(world):
    assert issubclass(services.CollectionError, Refusal)
    assert issubclass(services.YearLocked, services.CollectionError)
    assert issubclass(services.ConcurrentEdit, services.CollectionError)
    assert services.NotAllowed is NotAllowed
