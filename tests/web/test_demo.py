"""The demo county: only in demo mode, with one account per role and two years of data."""

from __future__ import annotations

import pytest

from junheng.accounts.models import User
from junheng.checklists.models import Checklist
from junheng.collection import demo
from junheng.collection.models import CountyYear, SchoolYear


def test_demo_accounts_exist_only_in_demo_mode(db, settings):
    settings.DEMO = False
    with pytest.raises(demo.DemoNotAllowed):
        demo.load_demo_county()
    assert not User.objects.exists()


def test_the_demo_county_has_every_role_two_years_and_a_locked_first_year(
    db, settings, monkeypatch
):
    settings.DEMO = True
    monkeypatch.setattr(demo, "DEMO_SCHOOLS", 15)
    county = demo.load_demo_county()
    users = {u.username: u for u in User.objects.all()}
    assert set(users) == set(demo.DEMO_USERS)
    assert all(u.check_password(demo.DEMO_PASSWORD) for u in users.values())
    assert users["principal"].school.county == county
    assert users["township_officer"].township.county == county
    assert users["inspector"].assigned_schools.count() > 0
    years = SchoolYear.objects.filter(school__county=county)
    assert years.filter(year=2024).count() == years.filter(year=2025).count() == 15
    assert CountyYear.objects.get(county=county, year=2024).locked
    assert Checklist.objects.filter(county=county).count() == 2
    assert demo.load_demo_county() == county  # a second run changes nothing
    assert SchoolYear.objects.count() == 30
