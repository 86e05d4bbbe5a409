"""The login form and the lock-out's bookkeeping (junheng.accounts.forms, .lockout)."""

from __future__ import annotations

from django.test import RequestFactory

from junheng.accounts.forms import LoginForm
from junheng.accounts.lockout import RECORDED_NAME_LENGTH, recorded_username


def test_the_login_form_refuses_a_name_longer_than_any_account_without_authenticating(
    db, monkeypatch
):
    tried = []
    monkeypatch.setattr("django.contrib.auth.forms.authenticate", lambda *a, **k: tried.append(k))
    form = LoginForm(RequestFactory().post("/"), data={"username": "x" * 151, "password": "secret"})
    assert not form.is_valid()
    assert tried == []
    assert form.non_field_errors()


def test_the_login_form_still_authenticates_a_name_of_an_accounts_length(db, monkeypatch):
    tried = []
    monkeypatch.setattr(
        "django.contrib.auth.forms.authenticate", lambda *a, **k: tried.append(k["username"])
    )
    LoginForm(RequestFactory().post("/"), data={"username": "x" * 150, "password": "s"}).is_valid()
    assert tried == ["x" * 150]


def test_the_lock_out_records_a_name_cut_to_its_column():
    request = RequestFactory().post("/", {"username": "z" * 300})
    assert recorded_username(request, {"username": "y" * 300}) == "y" * RECORDED_NAME_LENGTH
    assert recorded_username(request, None) == "z" * RECORDED_NAME_LENGTH
    assert recorded_username(request, {"username": "short"}) == "short"
    assert recorded_username(RequestFactory().post("/"), {}) is None
