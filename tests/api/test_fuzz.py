"""Whatever a careless user or an attacker sends to the API's writers and the web forms (the
login and the yearly-data form), the answer is a 4xx with a message or a success — never a 500,
never a partial write. Hypothesis draws the requests: NUL and control characters, text far
longer than any column, numbers beyond any column's range, values of the wrong type, unknown
keys. Bounded examples, so that it runs in seconds; meaningful on PostgreSQL above all, which
refuses NUL in text and numbers beyond its columns (`make test-postgres`)."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from factories import figures_for
from junheng.audit.models import AuditEntry
from junheng.collection.fields import YEARLY_COLUMNS
from junheng.collection.models import SchoolYear

YEAR = 2025
KEYS = [column.key for column in YEARLY_COLUMNS]
HOSTILE_TEXT = [
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "  ",
    "\t\r\n",
    "名" * 101,
    "x" * 300,
    "6101010001\n",
    "١٢٣٤٥٦٧٨٩٠",
]
TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(HOSTILE_TEXT),
    st.text(min_size=95, max_size=400),
)
NUMBER = st.one_of(
    st.integers(min_value=-5, max_value=5000),
    st.sampled_from([-1, 2**31 - 1, 2**31, 3_000_000_000, 10**15, 10**20, 2**63]),
    st.floats(allow_nan=False, allow_infinity=False),
)
VALUE = st.one_of(st.none(), st.booleans(), NUMBER, TEXT, st.lists(st.integers(), max_size=2))
CHANGES = st.dictionaries(
    st.one_of(st.sampled_from([*KEYS, "version", "comment", "year", "status"]), TEXT),
    VALUE,
    max_size=4,
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def state_of(school: Any) -> tuple[Any, ...]:
    """What a refused request must leave as it was: the record and the audit trail."""
    record = SchoolYear.objects.filter(school=school, year=YEAR).first()
    figures = record.figures() if record else None
    return figures, record.version if record else None, AuditEntry.objects.count()


def assert_refused_with_a_message_or_done(response: Any, before: Any, after: Any) -> None:
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert after == before, "a refused request changed something"


def assert_error_body(response: Any) -> None:
    body = response.json()
    assert body["errors"], body
    assert all(item["message_zh"] and item["message_en"] for item in body["errors"])


# --- the API's writers -------------------------------------------------------------------------


@FUZZ
@given(changes=CHANGES, with_version=st.booleans(), method=st.sampled_from(["put", "patch"]))
@example(changes={"school_name": "长" * 300}, with_version=True, method="patch")
@example(changes={"township": "乡" * 51}, with_version=True, method="put")
@example(changes={"school_name": "a\x00b"}, with_version=True, method="patch")
@example(changes={"books": 3_000_000_000}, with_version=True, method="patch")
@example(changes={"ownership": ""}, with_version=True, method="patch")
def test_an_api_write_is_a_refusal_with_a_message_or_a_whole_success(
    world, changes, with_version, method
):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=world.county_admin)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    record = SchoolYear.objects.get(school=world.school, year=YEAR)
    body: dict[str, Any] = figures_for(world.school) if method == "put" else {}
    if with_version:
        body["version"] = record.version
    body.update(changes)
    before = state_of(world.school)
    url = f"/api/school-years/{world.school.code}/{YEAR}/"
    response = getattr(client, method)(url, body, format="json")
    after = state_of(world.school)
    assert_refused_with_a_message_or_done(response, before, after)
    if response.status_code >= 400:
        assert_error_body(response)
    else:
        assert response.json()["version"] in (before[1], before[1] + 1)


@FUZZ
@given(username=TEXT, password=TEXT)
@example(username="x" * 256, password="wrong")
@example(username="a\x00b", password="wrong")
def test_a_token_request_is_a_refusal_with_a_message_or_a_token(world, username, password):
    response = APIClient().post(
        "/api/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code in (400, 401, 429), response.content[:500]
    assert_error_body(response)
    assert all(
        len(name or "") <= 255 for name in AccessAttempt.objects.values_list("username", flat=True)
    )


# --- the web forms -----------------------------------------------------------------------------


@FUZZ
@given(username=TEXT, password=TEXT)
@example(username="x" * 256, password="wrong")
@example(username="a\x00b", password="wrong")
def test_a_login_is_a_refusal_with_a_message_or_a_session(world, username, password):
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    assert response.status_code in (200, 400, 429), response.content[:500]
    page = response.content.decode()
    assert any(message in page for message in ("用户名或密码错误", "登录失败次数过多", "NUL")), page
    assert all(
        len(name or "") <= 255 for name in AccessAttempt.objects.values_list("username", flat=True)
    )


@FUZZ
@given(
    changes=st.dictionaries(
        st.sampled_from([*KEYS, "version", "comment"]), st.one_of(TEXT, NUMBER.map(str)), max_size=4
    )
)
def test_the_yearly_data_form_is_a_refusal_with_a_message_or_a_whole_save(world, changes):
    client = Client()
    client.force_login(world.principal)
    record = SchoolYear.objects.get(school=world.school, year=YEAR)
    data = {k: "" if v is None else v for k, v in figures_for(world.school).items()}
    data["version"] = record.version
    data.update(changes)
    before = state_of(world.school)
    url = reverse("collection:school_year", args=[YEAR, world.school.pk])
    response = client.post(url, data)
    after = state_of(world.school)
    assert response.status_code in (200, 302, 400), response.content[:500]
    if response.status_code != 302:
        assert after == before, "a refused form changed something"
        page = response.content.decode()
        assert 'class="error' in page or "errorlist" in page or "NUL" in page, page[:2000]
