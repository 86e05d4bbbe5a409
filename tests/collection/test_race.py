"""Racing first saves of the same school-year (issue 13 §5): the second meets the unique
constraint and is refused as a concurrent edit — the web form's conflict, the API's 409 —
never a 500 and never a half-written record or audit entry."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from factories import figures_for, make_school_year
from junheng.api.views import school_years as api_school_years
from junheng.audit.models import AuditEntry
from junheng.collection import services
from junheng.collection.models import SchoolYear

NEW_YEAR = 2026


def first_save(actor, school, **changes) -> SchoolYear:
    return services.school_year_save(
        actor=actor,
        school=school,
        year=NEW_YEAR,
        figures=figures_for(school, **changes),
        expected_version=None,
    )


@pytest.fixture
def raced(world, monkeypatch):
    """The other request's record is created just after this one looked and found none."""
    monkeypatch.setattr(services, "_record_for_update", lambda school, year: None)
    return make_school_year(world.school, NEW_YEAR, primary_students=410)


def test_a_first_save_that_meets_the_record_another_just_created_is_a_concurrent_edit(world, raced):
    with pytest.raises(services.ConcurrentEdit) as refused:
        first_save(world.principal, world.school, primary_students=433)

    assert "刚刚已新建" in refused.value.zh and "reload" in refused.value.en.lower()
    record = SchoolYear.objects.get(school=world.school, year=NEW_YEAR)
    assert record.primary_students == 410 and record.version == 1
    assert not AuditEntry.objects.exists()


def test_the_web_form_shows_the_racing_first_save_as_a_conflict(world, raced):
    client = Client()
    client.force_login(world.principal)
    body = {k: "" if v is None else v for k, v in figures_for(world.school).items()}

    page = client.post(f"/data/{NEW_YEAR}/schools/{world.school.pk}/", {**body, "version": ""})

    assert page.status_code == 200 and page.context["conflict"]
    assert "其他用户刚刚已新建了这条数据" in page.content.decode()


def test_the_api_answers_a_racing_first_save_with_409(world, raced, monkeypatch):
    monkeypatch.setattr(api_school_years, "_record", lambda request, school, year: None)
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=world.principal)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.put(
        f"/api/school-years/{world.school.code}/{NEW_YEAR}/",
        figures_for(world.school, primary_students=433),
        format="json",
    )

    assert response.status_code == 409, response.json()
    assert SchoolYear.objects.get(school=world.school, year=NEW_YEAR).primary_students == 410


def test_any_other_integrity_error_of_a_first_save_is_not_hidden(world, monkeypatch):
    from django.db import IntegrityError

    def broken_save(self, *args, **kwargs):
        raise IntegrityError("something else")

    monkeypatch.setattr(SchoolYear, "save", broken_save)

    with pytest.raises(IntegrityError):
        first_save(world.principal, world.school)


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_racing_on_postgresql_create_one_record(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the race needs PostgreSQL")
    both_looked = threading.Barrier(2, timeout=10)
    looked_up = services._record_for_update

    def look_then_wait(school, year):
        found = looked_up(school, year)
        both_looked.wait()  # both requests found no record before either inserts
        return found

    monkeypatch.setattr(services, "_record_for_update", look_then_wait)
    outcomes: list[object] = []

    def save(actor, students):
        try:
            outcomes.append(first_save(actor, world.school, primary_students=students))
        except Exception as error:  # the outcome is what the test checks
            outcomes.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(world.principal, 411)),
        threading.Thread(target=save, args=(world.township_officer, 422)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    saved = [o for o in outcomes if isinstance(o, SchoolYear)]
    refused = [o for o in outcomes if isinstance(o, services.ConcurrentEdit)]
    assert (len(saved), len(refused)) == (1, 1), outcomes
    record = SchoolYear.objects.get(school=world.school, year=NEW_YEAR)
    assert record.primary_students == saved[0].primary_students
    assert AuditEntry.objects.filter(year=NEW_YEAR).count() == 1
