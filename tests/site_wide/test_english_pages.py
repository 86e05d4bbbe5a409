"""Issue 14 §7: in English, the evaluation pages carry no Chinese outside user data — the
names of schools, townships, counties and people, listed explicitly below — and in Chinese no
bilingual 「中文 / English」 text. The standard files give the indicators' English names.

Covered: the county dashboard and every school's dashboard, as each role opens them, under
both standards; and each role's main pages (home with its to-dos and reminders, the data form
and year page, import, problems list/detail/form, reminders, visits, checklists, surveys and a
survey's progress, the plan, the road, ledgers, jobs, bulletins, audit history), with a
problem, its reminder and a visit in the world. User data met there is listed in `user_data`
(problem and visit texts, survey titles, beside the names). The other pages have their own
files beside this one, each with the data that shows their text: test_english_surveys (every
survey page), test_english_checklists (checklists, board, items, mine, the home page's
checklist to-dos), test_english_data (data form, import, history, what-if), test_english_county
(dashboards, plan, suggestions, road, draws, self-report) and test_english_work (problems,
visits, reminders, rankings, bulletins and notices, jobs). What a county hands out in Chinese
(bulletin and notice bodies, the self-report's narrative, the evaluation report, the QR cards)
is marked lang="zh-Hans" and is not interface text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from junheng.accounts.models import User
from junheng.inspections.models import Finding, Visit
from junheng.rectification.choices import NotificationKind
from junheng.rectification.models import Notification, Problem
from junheng.registry.models import County, School, Township
from junheng.surveys.models import Survey
from rectification.builders import matrix_visit, problem_at

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
BILINGUAL = re.compile(r"[\u4e00-\u9fff][^<>\n]{0,80} / [A-Za-z]")
STANDARDS = ("quality-2017", "basic-2012")
# the official document numbers of the standards (教督〔2017〕6号) and the template's official
# name, which the English import page cites: names, not translatable
DOCUMENTS = ("教督〔2017〕6号", "教督〔2012〕3号", "学校基本情况表")


class _VisibleText(HTMLParser):
    """The text a reader sees, without scripts and styles, and without what is marked as
    written in Chinese (`lang="zh-Hans"`): the documents a county hands out (bulletins,
    notices, the self-report, the evaluation report) are Chinese whatever the interface."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: hidden (script, style, Chinese)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        hidden = (
            tag in ("script", "style")
            or (attributes.get("lang") or "").startswith("zh")
            or (self.stack[-1] if self.stack else False)
        )
        self.stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    html = re.sub(r'<button name="language" value="zh-hans"[^>]*>中文</button>', " ", html)
    html = re.sub(r'<a class="brand".*?</a>', " ", html, flags=re.S)  # 均衡 Junheng, the logo
    html = re.sub(r"<html[^>]*>", "<html>", html, count=1)  # the page's own lang is not a mark
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def user_data() -> list[str]:
    """Every name the users gave: schools, townships, counties, people (longest first, so that
    a school named after its township goes as a whole)."""
    names = [
        *School.objects.values_list("name", flat=True),
        *Township.objects.values_list("name", flat=True),
        *County.objects.values_list("name", flat=True),
        *User.objects.values_list("last_name", flat=True),
        *User.objects.values_list("first_name", flat=True),
        # what people wrote: a problem's description, a visit's checks and findings
        *Problem.objects.values_list("description", flat=True),
        *Visit.objects.values_list("checked", flat=True),
        *Finding.objects.values_list("text", flat=True),
        *Survey.objects.values_list("title", flat=True),
    ]
    return sorted({n for n in names if n}, key=len, reverse=True)


def chinese_left(html: str) -> list[str]:
    text = visible_text(html)
    for value in (*user_data(), *DOCUMENTS):
        text = text.replace(value, " ")
    return sorted(set(CJK.findall(text)))


def english(client, user) -> None:
    """The user logged in, reading in English."""
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def chinese_on_pages(client, urls, left=chinese_left) -> dict[str, list[str]]:
    """The Chinese each page still shows outside user data (`left` reads a page's html), for
    the pages that show any; every page must answer 200."""
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        shown = left(response.content.decode())
        if shown:
            found[url] = shown
    return found


def pages(world, role: str) -> list[str]:
    county, year = world.county, 2025
    schools = {"county_admin": [world.school, world.sibling, world.far_school]}
    schools["township_officer"] = [world.school, world.sibling]
    schools["principal"] = [world.school]
    schools["inspector"] = [world.sibling, world.far_school]
    urls = [reverse("dashboards:school", args=[county.code, year, s.code]) for s in schools[role]]
    if role != "principal":
        urls.append(reverse("dashboards:county", args=[county.code, year]))
    return urls


@pytest.mark.parametrize("role", ["county_admin", "township_officer", "principal", "inspector"])
def test_the_evaluation_pages_have_no_chinese_outside_user_data_in_english(client, world, role):
    english(client, getattr(world, role))
    found = {}
    for url in pages(world, role):
        for standard in STANDARDS:
            response = client.get(url, {"standard": standard})
            assert response.status_code == 200, url
            assert '<html lang="en">' in response.content.decode()
            left = chinese_left(response.content.decode())
            if left:
                found[f"{url}?standard={standard}"] = left
    assert not found, found


@pytest.mark.parametrize("role", ["county_admin", "principal"])
def test_the_evaluation_pages_have_no_bilingual_text_in_chinese(client, world, role):
    client.force_login(getattr(world, role))
    found = {}
    for url in pages(world, role):
        for standard in STANDARDS:
            html = client.get(url, {"standard": standard}).content.decode()
            hits = BILINGUAL.findall(visible_text(html))
            if hits:
                found[url] = hits
    assert not found, found


def test_the_standard_files_name_every_indicator_in_english():
    from junheng.evaluation.standard import load_standard

    for key in STANDARDS:
        for indicator in load_standard(key).indicators:
            assert indicator.name_en != indicator.name, (key, indicator.key)
            assert not CJK.search(indicator.name_en + indicator.display_name_en), indicator.key


def main_pages(world, role: str) -> list[str]:
    """The main pages of each role (issue 14 §7), those the role opens."""
    year, county = 2025, world.county
    school = {"inspector": world.sibling}.get(role, world.school)
    problem = Problem.objects.filter(school=school).first()
    urls = [
        reverse("dashboards:home"),
        reverse("collection:school_year", args=[year, school.pk]),
        reverse("collection:year", args=[year]),
        reverse("rectification:list"),
        reverse("rectification:create"),
        reverse("rectification:detail", args=[problem.pk]),
        reverse("rectification:notifications"),
        reverse("inspections:list"),
        reverse("checklists:index"),
        reverse("checklists:mine"),
        reverse("surveys:list"),
        reverse("recognition:road"),
        reverse("ledgers:index"),
        reverse("jobs:list"),
        reverse("bulletins:list"),
        reverse("collection:history"),
    ]
    survey = county.surveys.get_or_create(title="认可度调查", defaults={"year": year})[0]
    urls.append(reverse("surveys:progress", args=[survey.pk]))  # its checks, each undecided
    if role != "inspector":  # an inspector only reads
        urls.append(reverse("collection:import"))
    if role != "principal":
        urls.append(reverse("dashboards:plan", args=[county.code, year]))
    return urls


@pytest.fixture
def english_world(world):
    """The world with work in it: an overdue problem for each school, reminded to the
    principal, and a visit."""
    import datetime as dt

    from junheng.rectification.services.reminders import reminders_send

    for school in (world.school, world.sibling):
        problem_at(
            school,
            deadline=dt.date(2025, 3, 1),
            responsible=world.principal if school == world.school else None,
            description="音乐教室门窗损坏",
        )
    reminders_send(today=dt.date(2025, 3, 5))
    matrix_visit(world.sibling)
    return world


@pytest.mark.parametrize("role", ["county_admin", "township_officer", "principal", "inspector"])
def test_each_roles_main_pages_have_no_chinese_outside_user_data_in_english(
    client, english_world, role
):
    world = english_world
    assert Notification.objects.filter(
        recipient=world.principal, kind=NotificationKind.OVERDUE
    ).exists()
    english(client, getattr(world, role))
    found = chinese_on_pages(client, main_pages(world, role))
    assert not found, found


def test_the_home_page_shows_a_stored_chinese_reminder_in_english(client, english_world):
    world = english_world
    note = Notification.objects.get(recipient=world.principal, kind=NotificationKind.OVERDUE)
    assert note.text.startswith("【已逾期】城关一小：音乐教室门窗损坏（整改期限 2025-03-01")
    english(client, world.principal)
    html = client.get(reverse("dashboards:home")).content.decode()
    assert "[Overdue] 城关一小: 音乐教室门窗损坏 (deadline 2025-03-01" in html


@pytest.mark.parametrize("role", ["county_admin", "principal"])
def test_each_roles_main_pages_have_no_bilingual_text_in_chinese(client, english_world, role):
    client.force_login(getattr(english_world, role))
    found = {}
    for url in main_pages(english_world, role):
        hits = BILINGUAL.findall(visible_text(client.get(url).content.decode()))
        if hits:
            found[url] = hits
    assert not found, found


def test_the_data_form_labels_the_template_columns_in_english(client, world):
    from junheng.evaluation.template import COLUMNS

    client.force_login(world.principal)
    url = reverse("collection:school_year", args=[2025, world.school.pk])
    chinese = client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(url).content.decode()
    assert "小学在校生数" in chinese
    for column in COLUMNS:
        assert column.header_en and not CJK.search(column.header_en), column.key
    assert "Primary students" in english and "小学在校生数" not in english


def test_visible_text_leaves_out_scripts_and_chinese_documents_only():
    html = (
        '<html lang="en"><body><p>Problems <b>open</b></p><script>var a = "隐藏";</script>'
        '<img src="x"><section lang="zh-Hans"><h2>工作简报</h2><p>第 1 期</p></section>'
        "<p>整改率</p></body></html>"
    )
    text = visible_text(html)
    assert "Problems" in text and "open" in text and "整改率" in text
    assert "隐藏" not in text and "工作简报" not in text and "第 1 期" not in text
    assert CJK.findall(text) == ["整改率"]
