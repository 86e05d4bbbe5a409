"""The county's 包校 visit frequency: each cadre visits each assigned school at least once in N
days (default 30, set by the bureau, audited); the schools behind it are flagged on the density
page (and can be listed alone) and their cadres reminded in the app, once a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from factories import make_user
from junheng.audit.models import AuditEntry
from junheng.inspections import selectors, services
from junheng.inspections.models import DEFAULT_VISIT_EVERY_DAYS, Visit, VisitFrequency
from junheng.rectification import services as rectification_services
from junheng.rectification.models import Notification
from rectification.builders import problem_at

TODAY = dt.date(2025, 5, 10)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def visited(world, school, when, visitor=None):
    return Visit.objects.create(
        county=world.county,
        school=school,
        date=when,
        visitor=visitor or world.inspector,
        checked="功能室使用",
    )


def overdue(world, **kwargs):
    return [
        (o.cadre.username, o.school.code, o.days_since)
        for o in selectors.overdue_visits(county=world.county, today=TODAY, **kwargs)
    ]


# --- the setting ------------------------------------------------------------------------------


def test_a_county_visits_every_30_days_until_the_bureau_says_otherwise(world):
    assert DEFAULT_VISIT_EVERY_DAYS == 30
    assert selectors.visit_every_days(world.county) == 30
    services.visit_frequency_set(actor=world.county_admin, county=world.county, every_days=14)
    assert selectors.visit_every_days(world.county) == 14
    assert selectors.visit_every_days(world.other_county) == 30


def test_setting_the_frequency_is_audited_and_a_same_value_writes_nothing(world):
    services.visit_frequency_set(actor=world.county_admin, county=world.county, every_days=45)
    services.visit_frequency_set(actor=world.county_admin, county=world.county, every_days=45)
    services.visit_frequency_set(actor=world.county_admin, county=world.county, every_days=20)
    entries = AuditEntry.objects.filter(action="visit_frequency").order_by("pk")
    assert [(e.before, e.after) for e in entries] == [
        ({"every_days": 30}, {"every_days": 45}),
        ({"every_days": 45}, {"every_days": 20}),
    ]
    assert entries[0].county == world.county and entries[0].actor == world.county_admin
    assert VisitFrequency.objects.get().updated_by == world.county_admin


@pytest.mark.parametrize("who", ["township_officer", "principal", "inspector", "foreign_admin"])
def test_only_the_county_bureau_sets_the_frequency(world, who):
    with pytest.raises(services.NotAllowed):
        services.visit_frequency_set(actor=getattr(world, who), county=world.county, every_days=7)
    assert not VisitFrequency.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize("every_days", [0, 366])
def test_the_frequency_is_a_day_to_a_year(world, every_days):
    with pytest.raises(services.InspectionError):
        services.visit_frequency_set(
            actor=world.county_admin, county=world.county, every_days=every_days
        )


# --- which visits are overdue -----------------------------------------------------------------


def test_a_school_is_overdue_when_its_cadre_has_not_been_there_for_more_than_n_days(world):
    visited(world, world.sibling, days_ago(30))  # on the line: not overdue
    visited(world, world.far_school, days_ago(31))
    assert overdue(world) == [("inspector", "6101010003", 31)]
    assert overdue(world, every_days=29) == [
        ("inspector", "6101010003", 31),
        ("inspector", "6101010002", 30),
    ]


def test_only_the_cadres_own_visits_count_and_never_visited_comes_first(world):
    visited(world, world.sibling, days_ago(2), visitor=world.county_admin)  # not the cadre
    visited(world, world.far_school, days_ago(40))
    assert overdue(world) == [("inspector", "6101010002", None), ("inspector", "6101010003", 40)]


def test_each_cadre_of_a_school_is_held_to_it_and_inactive_cadres_are_not(world):
    second = make_user("second", "inspector", county=world.county, assigned_schools=[world.school])
    gone = make_user("gone", "inspector", county=world.county, assigned_schools=[world.school])
    gone.is_active = False
    gone.save()
    visited(world, world.sibling, days_ago(1))
    visited(world, world.far_school, days_ago(1))
    assert overdue(world) == [("second", "6101010001", None)]
    visited(world, world.school, days_ago(3), visitor=second)
    assert overdue(world) == []


def test_a_future_visit_does_not_count(world):
    visited(world, world.sibling, TODAY + dt.timedelta(days=1))
    visited(world, world.far_school, days_ago(0))
    assert overdue(world) == [("inspector", "6101010002", None)]


# --- the density page ---------------------------------------------------------------------------


def density(world, **kwargs):
    return selectors.density(
        user=world.county_admin,
        county=world.county,
        start=days_ago(30),
        end=TODAY,
        days=30,
        today=TODAY,
        **kwargs,
    )


def test_the_density_flags_the_schools_behind_the_frequency(world):
    make_user("cadre", "inspector", county=world.county, assigned_schools=[world.school])
    visited(world, world.sibling, days_ago(5))
    visited(world, world.far_school, days_ago(45))
    data = density(world)
    rows = {row.school.code: row for row in data.schools}
    assert [o.cadre.username for o in rows["6101010001"].overdue] == ["cadre"]
    assert not rows["6101010002"].is_overdue
    assert [o.days_since for o in rows["6101010003"].overdue] == [45]
    assert data.overdue_schools == 2 and data.every_days == 30
    assert len(data.listed) == 3
    follow = {row.cadre.username: row.overdue_visits for row in data.cadres}
    assert follow == {"inspector": 1, "cadre": 1}
    only = density(world, only_overdue=True)
    assert sorted(row.school.code for row in only.listed) == ["6101010001", "6101010003"]
    assert len(only.schools) == 3  # the counts above the list stay the county's


def test_the_density_page_shows_the_frequency_and_lists_only_the_overdue(client, world):
    visited(world, world.sibling, timezone.localdate())
    services.visit_frequency_set(actor=world.county_admin, county=world.county, every_days=21)
    client.force_login(world.county_admin)
    page = client.get(reverse("inspections:density")).content.decode()
    assert "包校干部每 21 天至少到所包学校走访一次" in page
    assert 'name="every_days" value="21"' in page
    assert "超过 21 天未走访" in page  # the page's threshold starts from the county's
    assert "城关二小" in page and "东乡中心小学" in page
    page = client.get(reverse("inspections:density") + "?overdue=on").content.decode()
    assert "东乡中心小学" in page and "城关二小" not in page


def test_the_bureau_sets_the_frequency_on_the_density_page(client, world):
    client.force_login(world.county_admin)
    response = client.post(reverse("inspections:frequency"), {"every_days": "14"})
    assert response.status_code == 302 and response.url == reverse("inspections:density")
    assert selectors.visit_every_days(world.county) == 14
    response = client.post(reverse("inspections:frequency"), {"every_days": "0"}, follow=True)
    assert "请填写 1 至 365 之间的天数" in response.content.decode()
    assert selectors.visit_every_days(world.county) == 14
    client.force_login(world.foreign_admin)  # the other county's bureau sets its own
    client.post(reverse("inspections:frequency"), {"every_days": "60"})
    assert selectors.visit_every_days(world.county) == 14
    assert selectors.visit_every_days(world.other_county) == 60
    for who in (world.inspector, world.township_officer, world.principal):
        client.force_login(who)
        assert client.post(reverse("inspections:frequency"), {"every_days": "7"}).status_code == 403
    assert selectors.visit_every_days(world.county) == 14


# --- the reminders ------------------------------------------------------------------------------


def test_the_cadre_of_an_overdue_school_is_reminded_in_the_app_once_a_day(world):
    world.inspector.email = "inspector@example.cn"
    world.inspector.save()
    visited(world, world.far_school, days_ago(40))
    assert services.visit_reminders_send(today=TODAY) == 2
    notes = {n.school.code: n.text for n in Notification.objects.filter(recipient=world.inspector)}
    assert notes == {
        "6101010002": "【走访超期】城关二小：您包校以来尚未走访"
        "（本县要求包校干部每 30 天至少走访一次）",
        "6101010003": "【走访超期】东乡中心小学：已 40 天未走访（最近一次 2025-03-31，"
        "本县要求包校干部每 30 天至少走访一次）",
    }
    assert services.visit_reminders_send(today=TODAY) == 0  # the same day: nothing new
    assert services.visit_reminders_send(today=TODAY + dt.timedelta(days=1)) == 2
    assert Notification.objects.filter(problem=None, kind="visit_due").count() == 4
    # in the app only: the problems' e-mails do not carry them
    report = rectification_services.reminders_send(today=TODAY)
    assert report.emails == 0 and not mail.outbox


def test_a_visit_ends_the_reminders_and_other_counties_are_their_own(world):
    foreign_cadre = make_user(
        "foreign_cadre",
        "inspector",
        county=world.other_county,
        assigned_schools=[world.foreign_school],
    )
    visited(world, world.sibling, TODAY)
    visited(world, world.far_school, TODAY)
    assert services.visit_reminders_send(today=TODAY, county=world.county) == 0
    assert services.visit_reminders_send(today=TODAY) == 1
    assert Notification.objects.get().recipient == foreign_cadre


def test_the_daily_command_sends_both_kinds_of_reminder(world, capsys):
    problem_at(world.school, deadline=TODAY - dt.timedelta(days=1), responsible=world.principal)
    call_command("send_reminders", "--date", TODAY.isoformat())
    out = capsys.readouterr().out
    assert "1 new notifications" in out and "overdue visits: 2 new notifications" in out
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert "overdue visits: 0 new notifications" in capsys.readouterr().out


def test_the_reminder_leads_the_cadre_to_record_the_visit(client, world):
    services.visit_reminders_send(today=TODAY)
    client.force_login(world.inspector)
    page = client.get(reverse("rectification:notifications")).content.decode()
    assert f"{reverse('inspections:create')}?school={world.sibling.pk}" in page
    assert "【走访超期】城关二小" in page
    client.force_login(world.principal)
    assert "走访超期" not in client.get(reverse("rectification:notifications")).content.decode()
