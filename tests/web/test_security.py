"""Login, sessions, CSRF, headers and production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from factories import PASSWORD

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
