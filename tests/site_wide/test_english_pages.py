"""Issue 14 §7: in English, the evaluation pages carry no Chinese outside user data — the
names of schools, townships, counties and people, listed explicitly below — and in Chinese no
bilingual 「中文 / English」 text. The standard files give the indicators' English names.

Covered so far: the county dashboard and every school's dashboard, as each role opens them,
under both standards. (The data form, problems, checklist and survey pages still show Chinese
fragments in English: see the issue.)"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from junheng.accounts.models import User
from junheng.registry.models import County, School, Township

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
BILINGUAL = re.compile(r"[\u4e00-\u9fff][^<>\n]{0,80} / [A-Za-z]")
STANDARDS = ("quality-2017", "basic-2012")
# the official document numbers of the standards (教督〔2017〕6号): names, not translatable
DOCUMENTS = ("教督〔2017〕6号", "教督〔2012〕3号")


def visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(r'<button name="language" value="zh-hans"[^>]*>中文</button>', " ", html)
    html = re.sub(r'<a class="brand".*?</a>', " ", html, flags=re.S)  # 均衡 Junheng, the logo
    return re.sub(r"<[^>]+>", " ", html)


def user_data() -> list[str]:
    """Every name the users gave: schools, townships, counties, people (longest first, so that
    a school named after its township goes as a whole)."""
    names = [
        *School.objects.values_list("name", flat=True),
        *Township.objects.values_list("name", flat=True),
        *County.objects.values_list("name", flat=True),
        *User.objects.values_list("last_name", flat=True),
        *User.objects.values_list("first_name", flat=True),
    ]
    return sorted({n for n in names if n}, key=len, reverse=True)


def chinese_left(html: str) -> list[str]:
    text = visible_text(html)
    for value in (*user_data(), *DOCUMENTS):
        text = text.replace(value, " ")
    return sorted(set(CJK.findall(text)))


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
    client.force_login(getattr(world, role))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
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
