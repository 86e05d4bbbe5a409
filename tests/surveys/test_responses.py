"""Storing a response: a token works once — also when two submissions race — and the stored
response keeps no link to the token, the address or the time of day."""

from __future__ import annotations

import contextlib
import datetime
import io
import threading
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from junheng.audit.models import AuditEntry
from junheng.surveys import services
from junheng.surveys.choices import Channel
from junheng.surveys.models import Answer, Response, Survey, Token
from junheng.surveys.services import answering
from surveys.helpers import FULL, NONE, PARTIAL, answers_for, group, issue, open_survey


def test_a_token_stores_one_response_and_is_used_up(world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)

    response = services.response_submit_token(
        token=token, answers=answers_for(survey, "家长", [FULL, PARTIAL, NONE])
    )

    assert response.school == world.school and response.group.name == "家长"
    assert response.channel == Channel.TOKEN
    assert Token.objects.get().used
    choices = sorted(Answer.objects.exclude(choice=None).values_list("choice", flat=True))
    assert choices == [0, 1, 2, 2, 2, 2]
    with pytest.raises(services.TokenUnusable):
        services.response_submit_token(token=token, answers=answers_for(survey, "家长", [FULL]))
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_parallel_submissions_with_one_token_store_exactly_one(world, monkeypatch):
    """Two threads, each with its own connection, send the same token at the same moment.
    On PostgreSQL both read the token as unused before either writes (the barrier holds them
    there): the conditional UPDATE lets one through and the other finds the token used. On
    SQLite the immediate transactions let one in at a time (the barrier times out)."""
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)
    answers = answers_for(survey, "家长", [FULL])
    gate = threading.Barrier(2)
    check = answering.check_answers
    held: list[int] = []

    def check_then_wait(**kwargs):
        checked = check(**kwargs)
        held.append(1)
        with contextlib.suppress(threading.BrokenBarrierError):
            gate.wait(timeout=1)
        return checked

    # held between the check and the token's conditional update, where the race is
    monkeypatch.setattr(answering, "check_answers", check_then_wait)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            services.response_submit_token(token=token, answers=answers)
            outcomes.append("stored")
        except services.TokenUnusable:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert held, "the submissions were not held between the check and the token's update"
    assert sorted(outcomes) == ["refused", "stored"]
    assert Response.objects.count() == 1
    assert Token.objects.get().used


def test_answers_that_break_the_rules_store_nothing_and_leave_the_token_usable(world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)
    questions = list(group(survey, "家长").questionnaire.questions.all())
    incomplete = answers_for(survey, "家长", [FULL])
    del incomplete[questions[0].pk]
    out_of_range = answers_for(survey, "家长", [FULL], extra={questions[1].pk: 7})
    too_long = answers_for(survey, "家长", [FULL], text="很" * 1001)

    for answers, problem in (
        (incomplete, "请回答此题"),
        (out_of_range, "请从选项中选择一项"),
        (too_long, "请不超过 1000 字"),
    ):
        with pytest.raises(services.InvalidAnswers) as error:
            services.response_submit_token(token=token, answers=answers)
        assert problem in error.value.problems.values()

    assert not Response.objects.exists() and not Token.objects.get().used
    services.response_submit_token(token=token, answers=answers_for(survey, "家长", [FULL]))
    assert Response.objects.count() == 1


def test_optional_questions_may_stay_empty_and_other_keys_are_ignored(world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)
    answers = answers_for(survey, "家长", [FULL])
    answers[999_999] = "不是本问卷的题"
    services.response_submit_token(token=token, answers=answers)
    assert Answer.objects.count() == 6  # the six scale items; the text question left empty


def test_a_closed_survey_or_one_outside_its_period_takes_no_answers(world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)
    answers = answers_for(survey, "家长", [FULL])
    today = datetime.date(2025, 5, 20)
    Survey.objects.filter(pk=survey.pk).update(closes_on=datetime.date(2025, 5, 19))
    with pytest.raises(services.NotAccepting):
        services.response_submit_token(token=token, answers=answers, today=today)
    Survey.objects.filter(pk=survey.pk).update(closes_on=None, opens_on=datetime.date(2025, 5, 21))
    with pytest.raises(services.NotAccepting):
        services.response_submit_token(token=token, answers=answers, today=today)
    Survey.objects.filter(pk=survey.pk).update(opens_on=None)
    services.survey_close(actor=world.county_admin, survey=survey)
    with pytest.raises(services.NotAccepting):
        services.response_submit_token(token=token, answers=answers, today=today)
    assert not Token.objects.get().used and not Response.objects.exists()


def test_an_unknown_or_voided_token_is_refused(world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)
    with pytest.raises(services.TokenUnusable):
        services.response_submit_token(token="A" * 24, answers={})
    Token.objects.update(voided=True)
    with pytest.raises(services.TokenUnusable):
        services.response_submit_token(token=token, answers=answers_for(survey, "家长", [FULL]))


# open links ---------------------------------------------------------------------------------


def test_an_open_link_takes_repeated_answers_for_a_chosen_covered_school(world):
    survey = open_survey(world)
    parents = services.open_link_set(
        actor=world.county_admin, group=group(survey, "家长"), enabled=True
    )
    answers = answers_for(survey, "家长", [FULL])
    for _ in range(2):
        services.response_submit_open(slug=parents.open_slug, school=world.sibling, answers=answers)
    assert (
        list(Response.objects.values_list("channel", "school"))
        == [(Channel.OPEN, world.sibling.pk)] * 2
    )
    for school in (None, world.foreign_school):
        with pytest.raises(services.InvalidAnswers):
            services.response_submit_open(slug=parents.open_slug, school=school, answers=answers)


def test_a_county_wide_group_s_open_link_stores_no_school(world):
    survey = open_survey(world)
    deputies = services.open_link_set(
        actor=world.county_admin, group=group(survey, "人大代表"), enabled=True
    )
    response = services.response_submit_open(
        slug=deputies.open_slug,
        school=world.school,
        answers=answers_for(survey, "人大代表", [FULL]),
    )
    assert response.school is None


def test_a_closed_open_link_is_refused(world):
    survey = open_survey(world)
    parents = services.open_link_set(
        actor=world.county_admin, group=group(survey, "家长"), enabled=True
    )
    slug = parents.open_slug
    services.open_link_set(actor=world.county_admin, group=parents, enabled=False)
    with pytest.raises(services.TokenUnusable):
        services.response_submit_open(slug=slug, school=world.school, answers={})


# anonymity ----------------------------------------------------------------------------------


def test_a_response_has_no_field_that_could_link_it_to_a_token_a_person_or_a_time():
    response_fields = {f.name for f in Response._meta.concrete_fields}
    assert response_fields == {"id", "survey", "group", "school", "channel", "submitted_on"}
    assert Response._meta.get_field("submitted_on").get_internal_type() == "DateField"
    answer_fields = {f.name for f in Answer._meta.concrete_fields}
    assert answer_fields == {"id", "response", "question", "choice", "choices", "text"}
    token_fields = {f.name for f in Token._meta.concrete_fields}
    assert token_fields == {"id", "survey", "batch", "group", "school", "digest", "used", "voided"}
    for model in (Response, Answer):
        assert model._meta.pk.get_internal_type() == "UUIDField"


def test_nothing_stored_after_a_submission_holds_the_address_the_token_or_the_time(client, world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)
    audit_before = AuditEntry.objects.count()
    questions = group(survey, "家长").questionnaire.questions.all()
    data = {f"q{q.pk}": "0" for q in questions if q.kind == "scale"}

    response = client.post(
        f"/surveys/a/{token}/",
        data,
        REMOTE_ADDR="203.0.113.77",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
        HTTP_USER_AGENT="Mozilla/5.0 (iPhone) 独特的浏览器标识",
    )

    assert response.status_code == 302
    stored = Response.objects.get()
    assert isinstance(stored.id, uuid.UUID) and stored.id.version == 4
    assert stored.submitted_on == datetime.date.today() or stored.submitted_on
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    text = dump.getvalue()
    for secret in ("203.0.113.77", "198.51.100.23", "独特的浏览器标识", token):
        assert secret not in text, secret
    digest = services.token_digest(token)
    assert text.count(digest) == 1  # in the token table only
    assert AuditEntry.objects.count() == audit_before  # a response writes no audit entry
