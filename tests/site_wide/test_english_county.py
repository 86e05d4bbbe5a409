"""Issue 14 §7 on the county's evaluation and recognition pages: in English no Chinese is left
outside user data, in Chinese the official wording is unchanged.

The world here holds what shows the text: varied school data (so that units fail, the plan
has measures and the evaluation proposes problems), the county's recognition with its
document number, its 双普 figures with a remark, a stage with a note, a mock draw the county
left unnamed, and its self-report. User data met on these pages beside the names of
`user_data`: the remarks and the stage note the county typed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from junheng.collection.models import SchoolYear
from junheng.recognition import services as recognition
from junheng.recognition.models import MockDraw
from junheng.rectification import services as rectification
from site_wide.test_english_pages import (
    CJK,
    DOCUMENTS,
    chinese_on_pages,
    english,
    user_data,
    visible_text,
)

YEAR = 2025
STANDARD = "quality-2017"
# what the county typed on these pages (user data, shown as written)
TYPED = ("县统计局人口统计、教育事业统计报表", "县人民政府组织自评，形成自评报告")


@pytest.fixture
def county_world(world):
    cache.clear()
    changes = {
        world.school: {"primary_students": 900, "teaching_room_area": 624.0, "books": 9000},
        world.sibling: {"primary_students": 260, "sports_area": 1500.0, "equipment_value": 40.5},
        world.far_school: {
            "primary_students": 75,
            "primary_teachers": 7,
            "primary_qualified_teachers": 5,
            "primary_senior_title_teachers": 3,
            "primary_backbone_teachers": 0,
            "primary_pe_art_teachers": 0,
            "multimedia_classrooms": 0,
            "primary_classes": 6,
        },
    }
    for school, figures in changes.items():
        SchoolYear.objects.filter(school=school, year=YEAR).update(**figures)
    admin, county = world.county_admin, world.county
    recognition.recognition_save(
        actor=admin, county=county, basic_year=2021, basic_document="教督函〔2021〕12号"
    )
    recognition.coverage_save(
        actor=admin,
        county=county,
        year=YEAR,
        figures={
            "preschool_children": 9000,
            "preschool_age_population": 10000,
            "public_children": 4000,
            "inclusive_private_children": 3500,
            "general_senior_students": 6000,
            "vocational_students": 3000,
            "senior_age_population": 10000,
        },
        notes=TYPED[0],
    )
    recognition.stage_save(
        actor=admin,
        county=county,
        stage="county",
        planned_date=dt.date(2025, 3, 1),
        done_date=None,
        body="county_bureau",
        note=TYPED[1],
    )
    recognition.draw_create(actor=admin, county=county, size=2, year=YEAR, standard=STANDARD)
    rectification.suggestions_generate(actor=admin, county=county, year=YEAR, standard=STANDARD)
    yield world
    cache.clear()


# The verdict of every part (partials/verdict_parts.html, findings by evaluation.parts) is
# checked on its own below: a failing CV's English finding still names the indicator in Chinese.
PARTS = re.compile(r'<section class="card parts-verdict.*?</section>', re.S)


def left_in(html: str, parts: bool = False) -> list[str]:
    text = visible_text(html if parts else PARTS.sub(" ", html))
    for value in (*user_data(), *TYPED):
        text = text.replace(value, " ")
    return sorted(set(CJK.findall(text)))


def urls(world) -> list[str]:
    code = world.county.code
    draw = MockDraw.objects.get(county=world.county)
    return [
        reverse("dashboards:county", args=[code, YEAR]) + f"?standard={STANDARD}",
        reverse("dashboards:school", args=[code, YEAR, world.school.code])
        + f"?standard={STANDARD}",
        reverse("dashboards:plan", args=[code, YEAR]) + f"?standard={STANDARD}",
        reverse("rectification:suggestions") + "?status=all",
        reverse("recognition:road") + f"?year={YEAR}",
        reverse("recognition:draws"),
        reverse("recognition:draw_detail", args=[draw.pk]),
        reverse("recognition:stage", args=["county"]),
        reverse("selfreport:page", args=[code, YEAR]) + f"?standard={STANDARD}",
    ]


def test_the_county_pages_have_no_chinese_outside_user_data_in_english(client, county_world):
    english(client, county_world.county_admin)
    found = chinese_on_pages(client, urls(county_world), left=left_in)
    assert not found, found


def test_the_generated_wording_is_english_in_english_and_chinese_in_chinese(client, county_world):
    world = county_world
    code = world.county.code
    plan = reverse("dashboards:plan", args=[code, YEAR]) + f"?standard={STANDARD}"
    suggestions = reverse("rectification:suggestions") + "?status=all"
    road = reverse("recognition:road") + f"?year={YEAR}"
    draws = reverse("recognition:draws")
    report = reverse("selfreport:page", args=[code, YEAR]) + f"?standard={STANDARD}"
    dashboard = reverse("dashboards:county", args=[code, YEAR]) + f"?standard={STANDARD}"
    client.force_login(world.county_admin)
    chinese = {url: client.get(url).content.decode() for url in (plan, suggestions, road)}
    chinese |= {url: client.get(url).content.decode() for url in (draws, report, dashboard)}
    assert "新建教学及辅助用房" in chinese[plan] and " m²" in chinese[plan]
    assert "缺少教学及辅助用房" in chinese[suggestions]
    assert "在园幼儿 9,000 人 ÷ 3–5 周岁适龄人口 10,000 人" in chinese[road]
    assert "认定文号：教督函〔2021〕12号" in chinese[road]
    assert "模拟抽校 " in chinese[draws]
    assert "教学及辅助用房建设单价（元/m²）" in chinese[report]
    assert "教督〔2017〕6号" in chinese[dashboard]

    english(client, world.county_admin)
    shown = {url: visible_text(client.get(url).content.decode()) for url in chinese}
    assert "Build teaching rooms" in shown[plan]
    assert "Short of teaching and auxiliary room area:" in shown[suggestions]
    assert "9,000 children in kindergartens ÷ 10,000 children aged 3–5" in shown[road]
    assert "Jiaoduhan [2021] No. 12" in shown[road]
    assert "Mock inspection draw " in shown[draws]
    assert "Building price of teaching and auxiliary rooms (yuan/m²)" in shown[report]
    assert "Jiaodu [2017] No. 6" in shown[dashboard] and DOCUMENTS[0] not in shown[dashboard]


def test_the_evaluation_report_is_a_chinese_document_marked_as_such(client, county_world):
    english(client, county_world.county_admin)
    url = reverse("dashboards:report_html", args=[county_world.county.code, YEAR])
    html = client.get(url, {"standard": STANDARD}).content.decode()
    assert '<main lang="zh-Hans">' in html and "县域义务教育均衡发展评估报告" in html
    assert not left_in(html)


def test_the_self_report_narrative_is_marked_chinese(client, county_world):
    english(client, county_world.county_admin)
    url = reverse("selfreport:page", args=[county_world.county.code, YEAR])
    html = client.get(url, {"standard": STANDARD}).content.decode()
    textarea = re.search(r'<textarea[^>]*name="practice"[^>]*>', html)
    assert textarea is not None and 'lang="zh-Hans"' in textarea.group()


def test_the_verdict_of_every_part_names_failing_cvs_in_english(client, county_world):
    english(client, county_world.county_admin)
    url = reverse("dashboards:county", args=[county_world.county.code, YEAR])
    assert not left_in(client.get(url, {"standard": STANDARD}).content.decode(), parts=True)


def test_the_home_page_says_why_a_school_is_left_out_in_one_language(client, world):
    from junheng.registry.models import School

    cache.clear()
    # a teaching point of 30 pupils: quality-2017 leaves it out of the computation
    School.objects.filter(pk=world.school.pk).update(school_type="小学教学点", parent=world.sibling)
    SchoolYear.objects.filter(school=world.school, year=YEAR).update(
        school_type="小学教学点", parent_school_code=world.sibling.code, primary_students=30
    )
    client.force_login(world.principal)
    chinese = visible_text(client.get(reverse("dashboards:home")).content.decode())
    assert "本校不参与该标准的校际均衡计算：" in chinese and " / " not in chinese
    english(client, world.principal)
    shown = visible_text(client.get(reverse("dashboards:home")).content.decode())
    assert "teaching point" in shown and " / " not in shown
    assert not left_in(client.get(reverse("dashboards:home")).content.decode())
    cache.clear()
