"""Login, sessions, CSRF, headers and production settings."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from factories import PASSWORD
from junheng.site.security import POLICY, static_file_headers

ROOT = Path(__file__).resolve().parents[2]


def post_login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_user_logs_in_with_the_right_password(client, world):
    response = post_login(client, "principal", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.principal.pk)


def test_the_session_key_changes_at_login(client, world):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    post_login(client, "principal", PASSWORD)
    assert client.session.session_key != before


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "principal", "wrong-password")
        assert "_auth_user_id" not in client.session
    locked = post_login(client, "principal", PASSWORD)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_login_form_posted_without_its_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    assert post_login(client, "principal", PASSWORD).status_code == 403


def test_pages_carry_the_security_headers(client, world):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_contain_no_inline_script_and_load_nothing_from_other_hosts(client, world):
    client.force_login(world.county_admin)
    page = client.get("/accounts/login/").content.decode()
    assert "http://" not in page and "https://" not in page
    import re

    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_passwords_are_hashed_with_argon2_in_production():
    from django.conf import settings

    # the test settings swap in a fast hasher; the production list is in the settings module
    source = (ROOT / "src/junheng/site/settings.py").read_text()
    assert source.index("Argon2PasswordHasher") < source.index("PBKDF2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"


def _production_environment(tmp_path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JUNHENG_", "DJANGO_", "DATABASE_URL"))
    }
    environment.update(
        JUNHENG_SECRET_KEY="x" * 20 + "-production-secret-with-enough-entropy-4f9a8b7c6d5e",
        JUNHENG_ALLOWED_HOSTS="junheng.example.org",
        JUNHENG_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="junheng.site.settings",
    )
    return environment


def test_production_settings_pass_the_deployment_check_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_environment(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("variable", ["JUNHENG_SECRET_KEY"])
def test_production_refuses_to_start_without_a_secret_key(tmp_path, variable):
    environment = _production_environment(tmp_path)
    del environment[variable]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert variable in result.stderr


def test_a_bad_boolean_setting_stops_the_start_loudly(tmp_path):
    environment = _production_environment(tmp_path)
    environment["JUNHENG_DEBUG"] = "maybe"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "JUNHENG_DEBUG" in result.stderr


# --- NUL characters: a clear 400, never a 500 (PostgreSQL refuses NUL in text) -----------------


@pytest.mark.parametrize(
    ("url", "part"),
    [
        ("/registry/schools/%00/", "address"),
        ("/data/?q=%00", "query string"),
        ("/data/?%00=1", "query string"),
    ],
)
def test_a_nul_in_the_address_is_refused_with_a_message(client, world, url, part):
    client.force_login(world.county_admin)
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert "NUL" in text and part in text


def test_a_nul_in_a_form_is_refused_before_any_view_reads_it(client, world):
    response = post_login(client, "principal\x00", PASSWORD)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_nul_in_a_multipart_form_field_is_refused(client, world):
    client.force_login(world.county_admin)
    response = client.post("/data/2025/batch/", {"comment": "a\x00b", "file": io.BytesIO(b"\x00")})
    assert response.status_code == 400


def test_a_nul_in_a_file_is_the_views_to_judge(client, world):
    upload = io.BytesIO(b"PK\x03\x04\x00\x00binary")
    upload.name = "data.xlsx"
    client.force_login(world.county_admin)
    assert client.post("/data/2025/batch/", {"file": upload}).status_code != 400


def test_a_nul_in_a_cookie_is_refused(client, world):
    response = client.get("/accounts/login/", HTTP_COOKIE='sessionid="\\000abcdefgh"')
    assert response.status_code == 400


def test_a_nul_in_the_api_is_refused_in_json(world):
    client = APIClient()
    client.force_authenticate(world.county_admin)
    for response in (
        client.get("/api/schools/%00/"),
        client.patch(
            "/api/school-years/6101010001/2025/",
            {"school_name": "a\x00b", "version": 1},
            format="json",
        ),
    ):
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert "NUL" in response.json()["errors"][0]["message_en"]


# --- the API answers JSON everywhere under /api/ -----------------------------------------------


@pytest.mark.parametrize("authenticated", [True, False])
def test_an_unmatched_path_under_the_api_is_a_json_404(client, world, authenticated):
    if authenticated:
        client.force_login(world.county_admin)
    for url in ("/api/nothing/", "/api/schools/6101010001/extra/", "/api/school-years/x/y/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"][0]["message_en"] == "not found, or outside your scope"


def test_an_unmatched_path_elsewhere_is_still_a_page(client, world):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- user names longer than any account's -------------------------------------------------------


def test_a_user_name_longer_than_any_account_is_a_wrong_login_and_not_recorded(client, world):
    response = post_login(client, "x" * 300, "whatever-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_the_lock_out_records_at_most_the_width_of_its_column(world):
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request=request, username="y" * 400, password="wrong") is None
    assert [len(a.username) for a in AccessAttempt.objects.all()] == [255]


def test_the_token_endpoint_refuses_an_over_long_user_name_as_a_bad_request(world):
    response = APIClient().post(
        "/api/token/", {"username": "x" * 256, "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "username"
    assert not AccessAttempt.objects.exists()


# --- failed logins from one address across user names ------------------------------------------


def test_failures_spread_over_many_names_lock_the_address(client, world, settings):
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    statuses = [post_login(client, f"nobody-{i}", "wrong").status_code for i in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]  # as for one name: the last failure locks
    locked = post_login(client, "principal", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # another address is not locked
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert post_login(other, "principal", PASSWORD).status_code == 302


def test_a_name_is_still_locked_by_its_own_lower_limit(client, world, settings):
    assert settings.AXES_FAILURE_LIMIT < settings.LOGIN_ADDRESS_FAILURE_LIMIT
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "principal", "wrong-password")
    assert post_login(client, "principal", PASSWORD).status_code == 429
    assert post_login(client, "township_officer", PASSWORD).status_code == 302


def test_a_successful_login_does_not_clear_the_addresss_count(client, world, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for i in range(5):
        post_login(client, f"nobody-{i}", "wrong-password")
    assert post_login(client, "principal", PASSWORD).status_code == 302
    client.logout()
    post_login(client, "nobody-5", "wrong-password")
    assert post_login(client, "principal", PASSWORD).status_code == 429


def test_forty_token_requests_under_forty_names_are_not_all_answered(world, settings):
    client = APIClient()
    responses = [
        client.post("/api/token/", {"username": f"guess-{i}", "password": "x"}) for i in range(40)
    ]
    statuses = [response.status_code for response in responses]
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert statuses[: limit - 1] == [401] * (limit - 1)
    assert set(statuses[limit - 1 :]) == {429}
    assert "锁定" in responses[limit].json()["errors"][0]["message_zh"]
    right = client.post("/api/token/", {"username": "principal", "password": PASSWORD})
    assert right.status_code == 429


# --- static files carry the pages' headers ------------------------------------------------------


def test_static_files_carry_the_security_headers_of_the_pages(client, db):
    response = client.get("/static/css/junheng.css")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response


def test_whitenoise_gives_every_static_file_the_page_headers_itself():
    headers: dict[str, str] = {"Content-Type": "image/svg+xml"}
    static_file_headers(headers, "/srv/static/x.svg", "/static/x.svg")
    assert headers["Content-Security-Policy"] == POLICY
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


# --- the cache every worker shares --------------------------------------------------------------


def _setting(tmp_path, expression: str, **environment: str) -> subprocess.CompletedProcess:
    env = _production_environment(tmp_path)
    env.update(environment)
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_counts_in_the_database_cache_by_default(tmp_path):
    result = _setting(tmp_path, "settings.CACHES['default']")
    assert result.returncode == 0, result.stderr
    assert "DatabaseCache" in result.stdout and "junheng_cache" in result.stdout


@pytest.mark.parametrize("variable", ["JUNHENG_CACHE_URL", "JUNHENG_REDIS_URL"])
def test_a_redis_url_makes_redis_the_cache(tmp_path, variable):
    result = _setting(
        tmp_path, "settings.CACHES['default']", **{variable: "redis://127.0.0.1:6379/2"}
    )
    if importlib.util.find_spec("redis") is None:
        assert result.returncode != 0
        assert "redis" in result.stderr
    else:
        assert "RedisCache" in result.stdout and "6379/2" in result.stdout


def test_a_cache_url_that_is_not_redis_stops_the_start(tmp_path):
    result = _setting(tmp_path, "1", JUNHENG_CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "JUNHENG_CACHE_URL" in result.stderr


# --- limits hold across workers -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post_token(port: int, address: str, username: str, password: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/token/",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": address},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served(tmp_path):
    """The app as deployed: production settings, SQLite migrated from scratch (which creates
    the cache table), gunicorn with two workers, one proxy trusted (X-Forwarded-For)."""
    environment = _production_environment(tmp_path)
    environment.update(
        JUNHENG_HTTPS="0",
        JUNHENG_ALLOWED_HOSTS="127.0.0.1",
        JUNHENG_NUM_PROXIES="1",
        JUNHENG_API_TOKEN_RATE="6/hour",
        JUNHENG_LOGIN_ADDRESS_FAILURE_LIMIT="4",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["createsuperuser", "--noinput", "--username", "root"]):
        subprocess.run(
            manage + command,
            cwd=ROOT,
            env={**environment, "DJANGO_SUPERUSER_EMAIL": "r@x.org"},
            check=True,
            capture_output=True,
        )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--preload",
            "--bind",
            f"127.0.0.1:{port}",
            "junheng.site.wsgi:application",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # loading the app (--preload) takes a while on a busy machine: wait for the port, up to
        # two minutes, and say so if gunicorn stopped instead
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
                break
            assert server.poll() is None, "gunicorn stopped before it served"
            assert time.monotonic() < deadline, "gunicorn did not open its port in two minutes"
            time.sleep(0.2)
        yield port, tmp_path / "junheng.sqlite3"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_limits_hold_across_workers(served):
    port, database = served
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master")}
    assert "junheng_cache" in tables
    # the token throttle (6 an hour an address here), counted in the shared cache: with a
    # cache of each worker's own, each worker would allow 6
    statuses = [_post_token(port, "203.0.113.1", "root", PASSWORD) for _ in range(9)]
    assert statuses == [200] * 6 + [429] * 3
    # failed logins across names from one address (4 here), counted in the database
    statuses = [_post_token(port, "203.0.113.2", f"guess-{i}", "x") for i in range(6)]
    assert statuses == [401] * 3 + [429] * 3


def test_a_server_error_under_the_api_is_json_too(world, monkeypatch):
    def broken(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr("junheng.api.views.schools.SchoolList.get_queryset", broken)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(world.county_admin)
    response = client.get("/api/schools/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["message_zh"].startswith("服务器内部错误")
