"""The interface in Chinese (default) and English (the language switch), and the shipped English
catalog: every message translated, none fuzzy, and the compiled .mo in step with the .po."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")


# --- the pages ----------------------------------------------------------------------------------


def to_english(client, next_url: str = "/") -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302


def section(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return found.group(1)


def text_of(html: str) -> str:
    """The visible text of an HTML fragment (tags, attributes and scripts dropped)."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def header_chrome(html: str, *data: str) -> str:
    """The header's text without the bilingual logo, the switch back to 中文 (named in its own
    language on purpose) and the user's own data (names of people, schools and counties)."""
    header = section(html, r'<header class="topbar">(.*?)</header>')
    header = re.sub(r'<a class="brand".*?</a>', " ", header, flags=re.S)
    header = re.sub(r'<button name="language" value="zh-hans"[^>]*>中文</button>', " ", header)
    text = text_of(header)
    for value in data:
        text = text.replace(value, " ")
    return text


def test_the_login_page_is_chinese_by_default_and_english_after_the_switch(client, db):
    url = reverse("accounts:login")
    html = client.get(url).content.decode()
    assert '<html lang="zh-hans">' in html
    for chinese in ("登录均衡", "用户名", "密码", ">English</button>"):
        assert chinese in html

    to_english(client, url)
    html = client.get(url).content.decode()
    assert '<html lang="en">' in html
    for english in ("Sign in to Junheng", "User name", "Password", ">Sign in</button>"):
        assert english in html
    assert ">中文</button>" in html
    main = text_of(section(html, r'<main class="page">(.*?)</main>'))
    assert not CJK.findall(main), main
    assert not CJK.findall(header_chrome(html))


def test_a_wrong_password_is_explained_in_english(client, world):
    to_english(client, reverse("accounts:login"))
    response = client.post(reverse("accounts:login"), {"username": "principal", "password": "x"})
    assert "Wrong user name or password." in response.content.decode()


def test_a_logged_in_page_switches_its_chrome_and_content_to_english(client, world):
    world.county.inspection_date = timezone.localdate() + timedelta(days=30)
    world.county.save()
    client.force_login(world.county_admin)
    url = reverse("registry:school_list")
    html = client.get(url).content.decode()
    assert '<html lang="zh-hans">' in html
    nav = text_of(section(html, r'<nav class="nav">(.*?)</nav>'))
    for chinese in ("首页", "学校名录", "年度数据", "数据导入", "操作记录"):
        assert chinese in nav
    assert "迎检倒计时 30 天" in html
    assert "县教育局管理员" in html and "退出" in html

    to_english(client, url)
    response = client.get(url)
    html = response.content.decode()
    assert '<html lang="en">' in html
    nav = text_of(section(html, r'<nav class="nav">(.*?)</nav>'))
    for english in ("Home", "School registry", "Yearly data", "Import data", "Activity log"):
        assert english in nav
    assert not CJK.findall(nav), nav
    for english in ("30 days to inspection", "County bureau administrator", "Sign out"):
        assert english in html
    chrome = header_chrome(html, world.county_admin.username, world.county.name)
    assert not CJK.findall(chrome), chrome
    # the page itself: headings, filters, the table's header and the registry's choices
    for english in (
        "<h1>School registry</h1>",
        "3 schools (including teaching points)",
        "All townships",
        "All types",
        "School code",
        "Urban/rural",
        "Rural",  # 东乡中心小学 is 乡村
        ">Filter</button>",
    ):
        assert english in html, english
    thead = text_of(section(html, r"<thead>(.*?)</thead>"))
    assert not CJK.findall(thead), thead

    # the choice sticks (cookie) and switching back gives Chinese again
    assert "Yearly data" in client.get(reverse("collection:overview"), follow=True).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": url})
    assert "<h1>学校名录</h1>" in client.get(url).content.decode()


def test_the_county_dashboard_in_english(client, world):
    client.force_login(world.county_admin)
    to_english(client)
    response = client.get(client.get("/").context["destination"])  # the home page's link
    assert response.status_code == 200
    html = response.content.decode()
    assert "compulsory education balanced development evaluation" in html
    assert "Quality balanced development of county compulsory education (2017)" in html
    assert "Coefficient of variation (CV)" in html and "Schools × indicators" in html
    # the chart's title and series come with the page's data, in the page's language
    charts = section(html, r'<script id="cv-charts" type="application/json">(.*?)</script>')
    assert "Primary: coefficient of variation by indicator" in charts
    assert "Previous year" in charts and "差异系数" not in charts


def test_a_school_s_pages_in_english(client, world):
    client.force_login(world.principal)
    to_english(client)
    html = client.get(client.get("/").context["destination"]).content.decode()
    assert "Primary school" in html and "This school" in html and "indicators met" in html

    url = reverse("collection:school_year", args=[2025, world.school.pk])
    html = client.get(url).content.decode()
    for english in ("Basic information", "Students and classes", "Submission and review"):
        assert english in html, english
    # the template's choices keep their values and show the registry's labels
    assert '<option value="小学" selected>Primary school</option>' in html
    assert '<option value="城区" selected>Urban</option>' in html


def test_an_import_s_problems_are_shown_in_the_page_s_language(client, world):
    from junheng.collection import imports
    from junheng.collection.models import SchoolYear
    from junheng.collection.template_rows import record_row
    from junheng.evaluation.template import HEADERS, KEYS

    rows = [record_row(SchoolYear.objects.get(school=world.far_school, year=2025))]
    lines = [",".join(HEADERS[k] for k in KEYS)]
    lines += [",".join("" if r[k] is None else str(r[k]) for k in KEYS) for r in rows]
    batch = imports.import_preview(
        actor=world.township_officer,  # 东乡中心小学 is outside the officer's township
        county=world.county,
        name="schools.csv",
        data=("\n".join(lines) + "\n").encode("utf-8"),
    )
    [problem] = batch.preview["problems"]
    client.force_login(world.township_officer)
    url = reverse("collection:import_preview", args=[batch.pk])
    html = client.get(url).content.decode()
    assert problem["zh"] in html and "文件有 1 处问题" in html

    to_english(client, url)
    html = client.get(url).content.decode()
    assert problem["en"] in html and problem["zh"] not in html
    assert "Import preview: schools.csv" in html
    assert "The file has 1 problem and cannot be imported." in html


# --- the catalog --------------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the subset of the format that makemessages writes)."""
    entries: list[Entry] = []
    entry, key = Entry(), None

    def finish() -> None:
        nonlocal entry, key
        if key is not None or entry.obsolete:
            entries.append(entry)
        entry, key = Entry(), None

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgid":
                entry.msgid += value
            elif key == "msgid_plural":
                entry.msgid_plural += value
            elif key == "msgctxt":
                entry.msgctxt += value
            else:
                entry.msgstr[key] += value
        else:
            keyword, value = line.split(" ", 1)
            value = ast.literal_eval(value)
            if keyword in ("msgid", "msgid_plural", "msgctxt"):
                key = keyword
                setattr(entry, keyword, value)
            else:
                found = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
                assert found, line
                key = int(found.group(1) or 0)
                entry.msgstr[key] = value
    finish()
    return entries


@pytest.fixture(scope="module")
def catalog() -> list[Entry]:
    return read_po(CATALOG / "django.po")


def messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid]


def test_the_english_catalog_translates_every_message(catalog):
    header = next(e for e in catalog if e.msgid == "")
    assert "fuzzy" not in header.flags
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    entries = messages(catalog)
    assert len(entries) > 250
    assert not [e.msgid for e in catalog if e.obsolete]
    assert not [e.msgid for e in entries if "fuzzy" in e.flags]
    for e in entries:
        expected = 2 if e.msgid_plural is not None else 1
        assert len(e.msgstr) == expected, e.msgid
        for text in e.msgstr.values():
            assert text.strip(), f"untranslated: {e.msgid}"
            # English only (the upload page names the template as its Chinese users know it)
            assert not CJK.search(text.replace("学校基本情况表", "")), (e.msgid, text)


def test_the_translations_keep_the_placeholders(catalog):
    for e in messages(catalog):
        wanted = sorted(PLACEHOLDER.findall(e.msgid))
        for text in e.msgstr.values():
            assert sorted(PLACEHOLDER.findall(text)) == wanted, (e.msgid, text)
            if "python-format" in e.flags:
                assert text.count("%%") == e.msgid.count("%%"), (e.msgid, text)


def test_the_shipped_mo_matches_the_po(catalog):
    """The .mo is in the repository (production may lack gettext): it must say what the .po
    says, message for message, or someone changed the .po without compiling it."""
    with (CATALOG / "django.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    assert compiled.info()["language"] == "en"
    for e in messages(catalog):
        msgid = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            assert compiled.gettext(msgid) == e.msgstr[0], e.msgid
        else:
            assert compiled.ngettext(msgid, e.msgid_plural, 1) == e.msgstr[0], e.msgid
            assert compiled.ngettext(msgid, e.msgid_plural, 5) == e.msgstr[1], e.msgid
    # and nothing in the .mo that the .po no longer has
    keys = set()
    for e in messages(catalog):
        msgid = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        keys.update([(msgid, n) for n in e.msgstr] if e.msgid_plural is not None else [msgid])
    assert set(compiled._catalog) - {""} == keys


def test_django_uses_the_english_catalog():
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("学校名录") == "School registry"
        plural = "共 %(counter)s 所学校（含教学点）"
        assert translation.ngettext(plural, plural, 1) % {"counter": 1} == (
            "1 school (including teaching points)"
        )
    with translation.override("zh-hans"):
        assert translation.gettext("学校名录") == "学校名录"


def test_an_english_browser_still_gets_chinese_until_the_user_switches(client, world):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page
