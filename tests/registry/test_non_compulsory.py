"""Kindergartens (幼儿园) and senior high schools (高级中学) in the registry (docs/standards.md §4):
added by the county admin, listed, filtered and scoped as any school, but never in the
compulsory-education data or evaluation — no yearly record, no unit, no lock blocker, no row of
the template export, no import row."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from collection.test_imports import preview, row_of
from factories import figures_for, make_school, make_school_year
from junheng.assessment.evaluation import (
    county_evaluation,
    county_records,
    visible_school_codes,
)
from junheng.audit.models import AuditEntry
from junheng.collection import selectors as collection_selectors
from junheng.collection.models import SchoolYear
from junheng.collection.rules import lock_blockers
from junheng.collection.services import school_year_save
from junheng.refusals import Refusal
from junheng.registry import services
from junheng.registry.choices import SchoolType
from junheng.registry.models import School

YEAR = 2025


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new_school_data(world, **changes) -> dict:
    data = {
        "code": "6101019001",
        "name": "城关中心幼儿园",
        "school_type": SchoolType.KINDERGARTEN,
        "location": "城区",
        "ownership": "公办",
        "affiliation": "县属",
        "township": world.township.pk,
        "parent": "",
        "latitude": "",
        "longitude": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def others(world):
    """A kindergarten and a senior high school in the principal's township."""
    kindergarten = make_school(world.township, "6101019001", "城关中心幼儿园", "幼儿园")
    senior = make_school(world.township, "6101019002", "县第一高级中学", "高级中学")
    return kindergarten, senior


def test_the_county_admin_adds_a_kindergarten_on_the_registry_page_audited(world):
    client = client_for(world.county_admin)
    assert "新增学校" in client.get(reverse("registry:school_list")).content.decode()

    response = client.post(reverse("registry:school_create"), new_school_data(world))

    school = School.objects.get(county=world.county, code="6101019001")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:school_detail", args=[school.pk])
    assert school.school_type == "幼儿园" and not school.is_compulsory
    entry = AuditEntry.objects.get(object_type="registry.School", object_id=str(school.pk))
    assert entry.action == "create" and entry.actor == world.county_admin
    assert entry.after["school_type"] == "幼儿园" and entry.after["code"] == "6101019001"


@pytest.mark.parametrize("persona", ["township_officer", "principal", "inspector"])
def test_only_a_county_admin_may_add_a_school(world, persona):
    user = getattr(world, persona)
    client = client_for(user)
    assert "新增学校" not in client.get(reverse("registry:school_list")).content.decode()
    assert client.get(reverse("registry:school_create")).status_code == 404
    with pytest.raises(Refusal):
        services.school_create(
            actor=user,
            county=world.county,
            code="6101019001",
            name="幼儿园",
            school_type="幼儿园",
            location="城区",
            ownership="公办",
            affiliation="县属",
            township=world.township,
        )
    assert not School.objects.filter(code="6101019001").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "61010190"}, "10 位"),
        ({"code": "6101010001"}, "已存在"),
        ({"school_type": "小学教学点"}, "所属学校"),
    ],
)
def test_a_new_school_is_refused_with_the_reason(world, changes, message):
    response = client_for(world.county_admin).post(
        reverse("registry:school_create"), new_school_data(world, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert School.objects.filter(county=world.county).count() == 3


def test_the_admin_s_new_school_goes_to_the_admin_s_own_county(world):
    client_for(world.foreign_admin).post(
        reverse("registry:school_create"),
        new_school_data(world, township=world.township.pk),
    )
    # the township of another county is not a choice of the foreign admin's form
    assert not School.objects.filter(code="6101019001").exists()


def test_kindergartens_and_senior_highs_are_listed_filtered_and_scoped_as_any_school(world, others):
    kindergarten, senior = others
    url = reverse("registry:school_list")
    html = client_for(world.township_officer).get(url).content.decode()
    assert kindergarten.name in html and senior.name in html
    html = client_for(world.county_admin).get(url, {"school_type": "幼儿园"}).content.decode()
    assert kindergarten.name in html and senior.name not in html and "城关一小" not in html
    html = client_for(world.county_admin).get(url, {"school_type": "高级中学"}).content.decode()
    assert senior.name in html and kindergarten.name not in html
    assert kindergarten.name not in client_for(world.principal).get(url).content.decode()
    assert kindergarten.name not in client_for(world.foreign_admin).get(url).content.decode()
    detail = reverse("registry:school_detail", args=[kindergarten.pk])
    assert client_for(world.foreign_admin).get(detail).status_code == 404
    page = client_for(world.township_officer).get(detail).content.decode()
    assert "不填报义务教育学校基本情况数据" in page
    assert reverse("collection:school_year", args=[YEAR, kindergarten.pk]) not in page


def test_a_school_with_compulsory_data_cannot_become_a_kindergarten(world):
    with pytest.raises(Refusal, match="不能改为幼儿园"):
        services.school_update(
            actor=world.county_admin,
            school=world.school,
            **{**_facts(world.school), "school_type": "幼儿园"},
        )
    assert School.objects.get(pk=world.school.pk).school_type == "小学"


def test_a_school_without_data_may_change_between_the_kinds(world, others):
    kindergarten, _senior = others
    changed = services.school_update(
        actor=world.county_admin,
        school=kindergarten,
        **{**_facts(kindergarten), "school_type": "小学"},
    )
    assert changed.school_type == "小学" and changed.is_compulsory
    fresh = make_school(world.township, "6101019009", "新校")
    changed = services.school_update(
        actor=world.county_admin, school=fresh, **{**_facts(fresh), "school_type": "高级中学"}
    )
    assert changed.school_type == "高级中学"


def test_a_school_with_teaching_points_stays_a_primary_teaching_school(world):
    point = make_school(world.township, "6101010009", "村点", "小学教学点", parent=world.sibling)
    SchoolYear.objects.filter(school=world.sibling).delete()
    with pytest.raises(Refusal, match="下设教学点"):
        services.school_update(
            actor=world.county_admin,
            school=world.sibling,
            **{**_facts(world.sibling), "school_type": "初级中学"},
        )
    assert point.parent == world.sibling


def _facts(school: School) -> dict:
    return {
        "name": school.name,
        "school_type": school.school_type,
        "location": school.location,
        "ownership": school.ownership,
        "affiliation": school.affiliation,
        "township": school.township,
        "parent": school.parent,
        "latitude": school.latitude,
        "longitude": school.longitude,
    }


# --- never in the compulsory-education data or evaluation -------------------------------------


def test_no_yearly_compulsory_data_is_saved_for_them(world, others):
    for school in others:
        with pytest.raises(Refusal, match="不填报义务教育学校基本情况数据"):
            school_year_save(
                actor=world.county_admin,
                school=school,
                year=YEAR,
                figures=figures_for(school, school_type="小学"),
                expected_version=None,
            )
        assert not SchoolYear.objects.filter(school=school).exists()
        page = reverse("collection:school_year", args=[YEAR, school.pk])
        assert client_for(world.county_admin).get(page).status_code == 404


def test_an_import_row_with_a_kindergarten_s_code_is_refused(world, others):
    kindergarten, _senior = others
    row = row_of(world.school, school_code=kindergarten.code, school_name=kindergarten.name)
    batch = preview(world.county_admin, [row])

    [problem] = batch.preview["problems"]
    assert problem["column"] == "学校标识码" and "幼儿园" in problem["zh"]
    assert not SchoolYear.objects.filter(school=kindergarten).exists()


def test_they_neither_block_the_year_s_lock_nor_appear_on_the_year_s_board(world, others):
    blockers = {b.school.code for b in lock_blockers(world.county, YEAR)}
    assert blockers == {world.school.code, world.sibling.code, world.far_school.code}
    overview = collection_selectors.year_overview(user=world.county_admin, year=YEAR)
    codes = {row.school.code for row in overview.rows}
    assert codes == {world.school.code, world.sibling.code, world.far_school.code}


def test_they_are_never_evaluated_even_with_a_stray_record(world, others):
    """A record written behind the services' back still stays out of the evaluation, the
    template export and the schools whose rows a user sees."""
    kindergarten, senior = others
    make_school_year(kindergarten, YEAR, school_type="小学")
    make_school_year(senior, YEAR, school_type="初级中学", primary_students=0, junior_students=300)

    records = {r.school.code for r in county_records(county=world.county, year=YEAR)}
    assert records == {world.school.code, world.sibling.code, world.far_school.code}
    assert kindergarten.code not in visible_school_codes(
        user=world.county_admin, county=world.county
    )
    evaluation = county_evaluation(county=world.county, year=YEAR, standard="quality-2017")
    units = set(evaluation.units["school_code"].to_list())
    assert units == {world.school.code, world.sibling.code, world.far_school.code}
    exported = collection_selectors.export_records(user=world.county_admin, year=YEAR)
    assert {r.school.code for r in exported} == records
    response = client_for(world.county_admin).get(reverse("collection:export", args=[YEAR]))
    assert kindergarten.code.encode() not in response.content
