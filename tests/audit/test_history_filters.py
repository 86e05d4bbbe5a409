"""The audit history at county scale (issue 14 §7): filters by school, person, action and date
range, pages that keep the filters, and an xlsx export of exactly the filtered rows, scoped as
the page is."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from junheng.audit import exports, selectors
from junheng.audit.models import AuditEntry
from junheng.audit.services import audit_record
from junheng.collection.models import SchoolYear

YEAR = 2025


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def record(actor, school, action: str, day: dt.date, comment: str = "") -> AuditEntry:
    """An entry written on that day (the trail's clock is the only thing changed)."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    obj = SchoolYear.objects.get(school=school, year=YEAR)
    with mock.patch("django.utils.timezone.now", return_value=at):
        return audit_record(
            actor=actor,
            action=action,
            obj=obj,
            before={"primary_students": 1},
            after={"primary_students": 2},
            school=school,
            year=YEAR,
            comment=comment,
        )


@pytest.fixture
def trail(world):
    record(world.principal, world.school, "change", dt.date(2025, 3, 1), "一校改")
    record(world.principal, world.school, "submit", dt.date(2025, 3, 2), "一校报")
    record(world.other_principal, world.sibling, "change", dt.date(2025, 3, 5), "二校改")
    record(world.township_officer, world.sibling, "return", dt.date(2025, 3, 9), "二校退")
    record(world.county_admin, world.far_school, "approve", dt.date(2025, 4, 1), "东乡批")
    record(world.foreign_admin, world.foreign_school, "change", dt.date(2025, 3, 5), "邻县改")
    return world


def comments(html: str) -> set[str]:
    return {c for c in ("一校改", "一校报", "二校改", "二校退", "东乡批", "邻县改") if c in html}


def page(user, **query) -> str:
    response = client_for(user).get(reverse("collection:history"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_each_filter_narrows_the_county_history(trail):
    admin = trail.county_admin
    assert comments(page(admin)) == {"一校改", "一校报", "二校改", "二校退", "东乡批"}
    assert comments(page(admin, school=trail.sibling.pk)) == {"二校改", "二校退"}
    assert comments(page(admin, actor=trail.principal.pk)) == {"一校改", "一校报"}
    assert comments(page(admin, action="change")) == {"一校改", "二校改"}
    assert comments(page(admin, since="2025-03-02", until="2025-03-09")) == {
        "一校报",
        "二校改",
        "二校退",
    }
    both = page(admin, action="change", since="2025-03-02")
    assert comments(both) == {"二校改"}
    assert "共 1 条记录" in both


def test_the_filters_offer_only_what_the_scope_holds(trail):
    html = page(trail.township_officer)
    assert comments(html) == {"一校改", "一校报", "二校改", "二校退"}
    choices = selectors.filter_choices(AuditEntry.objects.restrict(trail.township_officer, "view"))
    assert {name for _pk, name in choices["schools"]} == {"城关一小", "城关二小"}
    assert {key for key, _name in choices["actions"]} == {"change", "submit", "return"}
    # another county's school asked for by its key shows nothing, not that county's entries
    assert comments(page(trail.county_admin, school=trail.foreign_school.pk)) == set()


def test_a_filter_value_that_does_not_parse_is_left_out(trail):
    html = page(trail.county_admin, since="yesterday", school="x", action="change")
    assert comments(html) == {"一校改", "二校改"}


def test_pages_keep_the_filters(trail, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    html = page(trail.county_admin, action="change")
    assert "第 1 / 2 页" in html
    assert 'href="?action=change&amp;page=2"' in html
    assert comments(page(trail.county_admin, action="change", page=2)) == {"一校改"}


def export_rows(user, url: str, **query) -> list[tuple]:
    response = client_for(user).get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(book.active.iter_rows(values_only=True))


def test_the_export_holds_the_filtered_rows_of_the_scope(trail):
    url = reverse("collection:history_export")
    rows = export_rows(trail.county_admin, url, school=trail.sibling.pk)
    assert rows[0][:4] == ("时间", "操作人", "角色", "操作")
    assert [(r[3], r[5], r[8]) for r in rows[1:]] == [
        ("退回", "城关二小", "二校退"),
        ("修改", "城关二小", "二校改"),
    ]
    assert rows[1][7] == "在校生数（小学）：1 → 2" or "：1 → 2" in rows[1][7]
    # a principal's export is their school's, whatever is asked
    rows = export_rows(trail.principal, url, school=trail.sibling.pk)
    assert rows[1:] == []
    rows = export_rows(trail.principal, url)
    assert {r[8] for r in rows[1:]} == {"一校改", "一校报"}


def test_a_school_history_exports_that_school_only_and_404s_outside_the_scope(trail):
    url = reverse("collection:school_history_export", args=[trail.sibling.pk])
    rows = export_rows(trail.county_admin, url, action="return")
    assert [r[8] for r in rows[1:]] == ["二校退"]
    assert client_for(trail.principal).get(url).status_code == 404


def test_an_export_too_long_is_refused_with_a_way_to_narrow_it(trail, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 2)
    client = client_for(trail.county_admin)
    response = client.get(reverse("collection:history_export"), {"action": "change"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application")
    response = client.get(reverse("collection:history_export"), {"year": YEAR}, follow=True)
    html = response.content.decode()
    assert "超过一次导出的上限 2 条" in html
    assert response.redirect_chain[-1][0].endswith("?year=2025")


def test_a_formula_in_a_comment_is_exported_as_text(trail):
    record(trail.principal, trail.school, "change", dt.date(2025, 5, 1), "=HYPERLINK(1)")
    rows = export_rows(trail.principal, reverse("collection:history_export"))
    assert rows[1][8] == "=HYPERLINK(1)"
