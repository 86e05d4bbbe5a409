"""Who sees which results: a principal their school, a township officer the township, an
inspector the assigned schools, the county everything — and nobody a free-text answer from a
school and group where fewer than five responded. The hand-made responses are the
`answered` fixture's (conftest.py gives the sums)."""

from __future__ import annotations

import io
from fractions import Fraction

import openpyxl
import pytest

from junheng.surveys import selectors

OTHER_SCHOOLS = {"principal": ("城关二小", "东乡中心小学"), "township_officer": ("东乡中心小学",)}


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response, response.content.decode()


def test_a_principal_sees_only_their_school_s_rates(world, answered):
    results = selectors.results(user=world.principal, survey=answered)
    assert results.scope == "城关一小"
    assert [s.label for s in results.by_school] == ["城关一小"]
    assert results.by_township == []
    assert results.overall.rate.exact == Fraction(35, 42)
    assert results.responses == 7
    groups = {g.label: g.cell for g in results.by_group}
    assert set(groups) == {"家长", "教师"}  # not the county-wide 人大代表
    assert groups["家长"].rate.exact == Fraction(23, 30) and groups["教师"].suppressed


def test_a_principal_reads_the_free_text_of_a_group_of_five_but_never_of_a_smaller_one(
    client, world, answered
):
    response, body = page(client, world.principal, f"/surveys/{answered.pk}/results/")
    assert response.status_code == 200
    assert "城关一小家长意见0" in body
    for hidden in ("城关一小教师意见0", "城关一小教师意见1", "代表意见", "东乡家长意见"):
        assert hidden not in body
    for school in ("城关二小", "东乡中心小学"):
        assert school not in body
    assert "另有 2 条意见" in body  # the two teachers'


def test_a_principal_opens_their_school_s_page_and_no_other(client, world, answered):
    response, body = page(
        client, world.principal, f"/surveys/{answered.pk}/results/schools/{world.school.pk}/"
    )
    assert response.status_code == 200 and "83.3%" in body
    for school in (world.sibling, world.far_school, world.foreign_school):
        response, _body = page(
            client, world.principal, f"/surveys/{answered.pk}/results/schools/{school.pk}/"
        )
        assert response.status_code == 404


def test_a_township_officer_sees_the_township_s_schools(world, answered):
    results = selectors.results(user=world.township_officer, survey=answered)
    assert [s.label for s in results.by_school] == ["城关一小", "城关二小"]
    assert results.overall.rate.exact == Fraction(65, 72)
    assert "人大代表" not in {g.label for g in results.by_group}


def test_an_inspector_sees_the_assigned_schools(world, answered):
    results = selectors.results(user=world.inspector, survey=answered)
    assert {s.label for s in results.by_school} == {"城关二小", "东乡中心小学"}
    assert results.overall.rate.exact == Fraction(30, 36)
    assert results.comments == [] and results.suppressed_comments == 1  # A3's single parent


def test_the_county_sees_every_school_and_the_county_wide_groups(world, answered):
    results = selectors.results(user=world.county_admin, survey=answered)
    assert len(results.by_school) == 3 and results.responses == 14
    assert "人大代表" in {g.label for g in results.by_group}


def test_another_county_s_admin_does_not_find_the_survey(client, world, answered):
    for suffix in ("", "results/", "progress/", "results.xlsx", "preview/"):
        response, _body = page(client, world.foreign_admin, f"/surveys/{answered.pk}/{suffix}")
        assert response.status_code == 404
    assert selectors.survey_list(user=world.foreign_admin) == []


@pytest.mark.parametrize("role", ["principal", "township_officer"])
def test_the_workbook_keeps_to_the_scope_and_withholds_small_groups_texts(
    client, world, answered, role
):
    client.force_login(getattr(world, role))
    response = client.get(f"/surveys/{answered.pk}/results.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    text = "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    for school in OTHER_SCHOOLS[role]:
        assert school not in text
    assert "城关一小家长意见0" in text
    assert "城关一小教师意见0" not in text and "代表意见" not in text
    assert answered.formula_text() in text


def test_a_principal_s_progress_shows_their_school_only(client, world, answered):
    response, body = page(client, world.principal, f"/surveys/{answered.pk}/progress/")
    assert response.status_code == 200
    assert "城关一小" in body and "城关二小" not in body and "东乡中心小学" not in body
    progress = selectors.progress(user=world.principal, survey=answered)
    assert [r.label for r in progress.rows] == ["城关一小"]
    assert progress.county_rows == [] and progress.checks == []
    assert progress.responses == 7


def test_the_county_s_progress_counts_tokens_quotas_and_the_sample_rules(world, answered):
    from junheng.surveys import services

    services.survey_update(
        actor=world.county_admin, survey=answered, changes={"population": 300_000}
    )
    answered.refresh_from_db()
    progress = selectors.progress(user=world.county_admin, survey=answered)
    assert progress.responses == 14
    checks = {c.label: c for c in progress.checks}
    assert checks["样本量"].ok is False and "应不少于 600 份" in checks["样本量"].detail
    assert checks["家长占比"].ok is True  # 11 of 14
    assert checks["有效回收率"].ok is True  # every issued token came back
    deputies = progress.county_rows[[g.name for g in progress.county_groups].index("人大代表")]
    assert deputies.cells[0].issued == 1 and deputies.cells[0].used == 1


def test_the_suggested_parents_sample_follows_the_students(world, answered):
    from junheng.collection.models import SchoolYear
    from junheng.surveys import services

    SchoolYear.objects.filter(school=world.school).update(primary_students=600)
    SchoolYear.objects.filter(school=world.sibling).update(primary_students=300)
    SchoolYear.objects.filter(school=world.far_school).update(primary_students=300)
    services.survey_update(
        actor=world.county_admin, survey=answered, changes={"population": 300_000}
    )
    answered.refresh_from_db()
    # 600 at least (under 400,000 people), half of them parents: 300 over 600 : 300 : 300
    assert selectors.suggested_parent_quotas(survey=answered) == {
        world.school.pk: 150,
        world.sibling.pk: 75,
        world.far_school.pk: 75,
    }
