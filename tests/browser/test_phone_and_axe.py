"""Issue 14 §7 in Chromium, on the demo county: the main pages pass an axe-core audit as each
role sees them (no violation at all), and on a phone (390 × 844) no page is wider than the
screen while sign-out and the language switch stay in reach.

axe-core is the copy vendored in src/junheng/static/vendor/axe-core (no network at run time);
it is evaluated into each page by Playwright, so the pages' CSP does not apply to it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from browser.conftest import log_in, snap
from junheng.access import VIEW
from junheng.accounts.models import User
from junheng.assessment.evaluation import county_years
from junheng.checklists.models import Checklist, ChecklistItem
from junheng.collection.models import SchoolYear
from junheng.demo_county import DEMO_PASSWORD
from junheng.registry.models import County
from junheng.surveys.models import Survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "src/junheng/static/vendor/axe-core/axe.min.js"
ROLES = ("county_admin", "township_officer", "principal", "inspector")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(settings) -> County:
    """The demo county as `make run` loads it, at the smallest size the command allows."""
    settings.DEMO = True
    call_command("load_demo", schools=10, stdout=io.StringIO())
    return County.objects.get()


def main_pages(county: County, user: User) -> dict[str, str]:
    """The pages issue 14 §7 names, for the user: those their role opens (a principal and an
    inspector see no county dashboard; a township or a school sees no checklist board)."""
    year = county_years(county=county)[0]
    school = SchoolYear.objects.restrict(user, VIEW).filter(year=year).first().school
    pages = {
        "home": reverse("dashboards:home"),
        "school-dashboard": reverse("dashboards:school", args=[county.code, year, school.code]),
        "data-form": reverse("collection:school_year", args=[year, school.pk]),
        "problems": reverse("rectification:list"),
        "survey": reverse("surveys:detail", args=[Survey.objects.get(county=county).pk]),
        "history": reverse("collection:history"),
    }
    if user.role in ("county_admin", "township_officer"):
        pages["county-dashboard"] = reverse("dashboards:county", args=[county.code, year])
    if user.role == "county_admin":
        board = Checklist.objects.filter(county=county).first()
        pages["checklist-board"] = reverse("checklists:board", args=[board.pk])
    return pages


def open_page(page, url: str) -> None:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, (url, response.status)


def axe_violations(page) -> list[str]:
    """Every axe-core violation on the page, one line per failing element."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .flatMap(v => v.nodes.map(n => v.id + ' ' + n.target.join(' ') + ': '
                + (n.failureSummary || '').split('\\n').slice(1, 2).join('').trim()))"""
    )
    return list(found)


def test_the_main_pages_pass_an_axe_audit_for_every_role_in_both_languages(page, live_server, demo):
    found: dict[str, list[str]] = {}
    for role in ROLES:
        user = User.objects.get(username=role)
        log_in(page, live_server, role, DEMO_PASSWORD)
        for language in ("zh", "en"):
            if language == "en":
                with page.expect_navigation():
                    page.locator("form.lang button").click()
            for name, url in main_pages(demo, user).items():
                open_page(page, live_server.url + url)
                violations = axe_violations(page)
                if violations:
                    found[f"{role} {language} {name}"] = violations
                    snap(page, f"axe-{role}-{language}-{name}")
        with page.expect_navigation():
            page.locator("header .session button", has_text="Sign out").click()
        with page.expect_navigation():  # back to Chinese for the next role
            page.locator("form.lang button").click()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_on_a_phone_no_page_scrolls_sideways_and_the_header_folds(browser, live_server, demo):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        for role in ("county_admin", "principal"):
            user = User.objects.get(username=role)
            log_in(page, live_server, role, DEMO_PASSWORD)
            for name, url in main_pages(demo, user).items():
                open_page(page, live_server.url + url)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE["width"], (role, name, width)
                snap(page, f"phone-{role}-{name}")
            # the menu is folded behind 菜单 and opens as a list
            nav = page.locator("header nav.nav")
            assert not nav.is_visible()
            menu = page.get_by_role("button", name="菜单")
            menu.click()
            assert menu.get_attribute("aria-expanded") == "true"
            assert nav.get_by_role("link", name="问题整改").is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            snap(page, f"phone-{role}-menu-open")
            # the language switch and sign-out are in the bar itself, and both work
            with page.expect_navigation():
                page.get_by_role("button", name="English").click()
            assert page.locator("html").get_attribute("lang") == "en"
            assert page.get_by_role("button", name="Menu").is_visible()
            with page.expect_navigation():
                page.get_by_role("button", name="中文").click()
            with page.expect_navigation():
                page.get_by_role("button", name="退出").click()
            assert "/accounts/login/" in page.url
    finally:
        context.close()


def wide_pages(county: County) -> dict[str, str]:
    """The pages a browser review found wider than a phone: the plan page (its tables), the
    survey's results (the chart and the tables), a checklist item with its evidence table, and
    both dashboards (the year/standard switcher names a standard at length in English)."""
    year = county_years(county=county)[0]
    school = SchoolYear.objects.filter(year=year, school__county=county).first().school
    item = (
        ChecklistItem.objects.filter(checklist__county=county, assignments__isnull=False)
        .order_by("pk")
        .first()
    )
    return {
        "plan": reverse("dashboards:plan", args=[county.code, year]),
        "survey-results": reverse("surveys:results", args=[Survey.objects.get(county=county).pk]),
        "checklist-item": reverse("checklists:item", args=[item.pk]),
        "county-dashboard": reverse("dashboards:county", args=[county.code, year]),
        "school-dashboard": reverse("dashboards:school", args=[county.code, year, school.code]),
    }


def test_on_a_phone_the_plan_results_item_and_dashboards_fit_in_both_languages(
    browser, live_server, demo
):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        log_in(page, live_server, "county_admin", DEMO_PASSWORD)
        too_wide = {}
        for language in ("zh", "en"):
            if language == "en":
                with page.expect_navigation():
                    page.get_by_role("button", name="English").click()
            for name, url in wide_pages(demo).items():
                open_page(page, live_server.url + url)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > PHONE["width"]:
                    too_wide[f"{language} {name}"] = width
                snap(page, f"phone-{language}-{name}")
        assert not too_wide, json.dumps(too_wide)
    finally:
        context.close()
