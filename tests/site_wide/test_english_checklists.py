"""Issue 14 §7 for the checklist pages: in English the national checklists read in English
(their names, notes, items' titles, rules, figures, units, clauses, notes and evidence come
from the shipped files' `*_en` twins while the stored text is still the file's), the notes the
automatic scoring stored read in English, and so do the fragments around user data; in Chinese
every page reads as before. A checklist the county imported, and a text it changed, are its
own and shown as written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from junheng.checklist_core.figures import AVERAGE_ONLY, FigureValue
from junheng.checklists import autoscoring, services
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import ChecklistItem
from site_wide.test_english_pages import CJK, DOCUMENTS, chinese_left, chinese_on_pages, english

DEADLINE = dt.date(2030, 9, 1)


@pytest.fixture
def checklist_world(world):
    """Both national checklists loaded; items given to the principal's school, a township and
    a bureau office (a department name is user data); items scored by hand and by the data."""
    admin = world.county_admin
    quality = services.checklist_load_builtin(actor=admin, county=world.county, key="quality-2017")
    services.checklist_load_builtin(actor=admin, county=world.county, key="basic-2012")
    items = {item.code: item for item in quality.items.all()}
    services.assignment_create(
        actor=admin,
        item=items["3.3"],
        unit_kind=UnitKind.SCHOOL,
        school=world.school,
        person=world.principal,
        deadline=DEADLINE,
    )
    services.assignment_create(
        actor=admin,
        item=items["2.15.1"],
        unit_kind=UnitKind.TOWNSHIP,
        township=world.school.township,
        person=world.township_officer,
        deadline=dt.date(2020, 1, 1),  # overdue
    )
    services.assignment_create(
        actor=admin,
        item=items["2.3.3"],
        unit_kind=UnitKind.OFFICE,
        office="计划财务股",
        person=admin,
        deadline=DEADLINE,
    )
    services.item_score_set(actor=admin, item=items["2.3.3"], value=96, justification="登记表")
    school = world.school.name
    figures = {
        "school_size_max": FigureValue("school_size_max", 2492.0, f"{school}：2492 人"),
        "classes_over_limit.primary": FigureValue(
            "classes_over_limit.primary", 3.0, f"各校填报：{school}小学 3 个班"
        ),
        "large_classes": FigureValue(
            "large_classes",
            1.0,
            f"未填报班额分段：{school}小学；按校均班额：{school}小学（57.0 人/班，2 个班）",
            unverified=AVERAGE_ONLY,
        ),
        "quality.failing_units": FigureValue(
            "quality.failing_units", 1.0, f"{school}（小学，5 项达标）"
        ),
    }
    leaves = quality.items.filter(children__isnull=True).exclude(source="")
    autoscoring._score_from_figures(admin, leaves, figures, 2025, keep_hand_scores=False)
    world.quality = quality
    world.items = items
    return world


def _get(client, user, url, language):
    client.force_login(user)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _pages(world, role):
    items = world.items
    urls = [reverse("checklists:index"), reverse("checklists:mine"), reverse("dashboards:home")]
    urls += [reverse("checklists:checklist", args=[world.quality.pk])]
    urls += [reverse("checklists:board", args=[world.quality.pk])]
    if role == "county_admin":
        codes = ("1.1", "2.3", "2.3.3", "2.4.1", "2.5.1", "2.5.3", "2.15.1", "3.3", "4.1", "5.4")
    elif role == "principal":
        codes = ("3.3",)
    else:
        codes = ("2.15.1",)
    urls += [reverse("checklists:item", args=[items[code].pk]) for code in codes]
    return urls


# what the world's people wrote: a department's name, a hand score's justification
WRITTEN = ("计划财务股", "登记表")


def _left(html: str) -> list[str]:
    found = chinese_left(html)
    return [f for f in found if not any(f in w for w in WRITTEN + DOCUMENTS)]


@pytest.mark.parametrize("role", ["county_admin", "township_officer", "principal"])
def test_the_checklist_pages_have_no_chinese_outside_user_data_in_english(
    client, checklist_world, role
):
    world = checklist_world
    english(client, getattr(world, role))
    found = chinese_on_pages(client, _pages(world, role), left=_left)
    assert not found, found


def test_a_national_checklist_reads_in_english_from_its_file(client, checklist_world):
    world = checklist_world
    admin, items = world.county_admin, world.items
    page = _get(client, admin, reverse("checklists:checklist", args=[world.quality.pk]), "en")
    assert "Evaluation of quality balanced development of county compulsory" in page
    assert "Jiaodu [2017] No. 6" in page
    assert "Music room area ≥ 96 m²" in page  # figure and unit of 2.3.3
    item = _get(client, admin, reverse("checklists:item", args=[items["2.4.1"].pk]), "en")
    assert "Primary and junior secondary schools at most 2000 students" in item
    assert "Government guarantee (4)" in item  # the clause
    assert "School statistics (education statistics)" in item  # the evidence
    # the automatic score's stored note, read in English
    assert (
        "Scored automatically from the school data of 2025: value 2492 students, "
        "standard ≤ 2000 students, not met" in item
    )
    large = _get(client, admin, reverse("checklists:item", args=[items["2.5.3"].pk]), "en")
    assert "To be verified (only average class sizes are known): the school data of 2025" in large
    assert "class-size bands not reported" in large


def test_in_chinese_the_checklist_pages_read_as_before(client, checklist_world):
    world = checklist_world
    admin, items = world.county_admin, world.items
    page = _get(client, admin, reverse("checklists:checklist", args=[world.quality.pk]), "zh-hans")
    assert "县域义务教育优质均衡发展督导评估" in page
    assert "音乐专用教室面积 ≥ 96 平方米" in page
    item = _get(client, admin, reverse("checklists:item", args=[items["2.4.1"].pk]), "zh-hans")
    assert "小学、初中学校规模不超过 2000 人" in item
    assert "系统依据 2025 年度学校数据自动评分：实际值 2492 人，标准 ≤ 2000 人，未达标" in item
    assert "Scored automatically" not in item
    board = _get(client, admin, reverse("checklists:board", args=[world.quality.pk]), "zh-hans")
    assert "留守儿童关爱体系健全" in board
    home = _get(client, world.principal, reverse("dashboards:home"), "zh-hans")
    assert "3.3 所有学校制定章程，实现学校管理与教学信息化" in home


def test_the_home_page_lists_a_checklist_to_do_in_english(client, checklist_world):
    home = _get(client, checklist_world.principal, reverse("dashboards:home"), "en")
    assert "3.3 Every school has a charter and manages and teaches with information" in home


def test_a_text_the_county_changed_is_shown_as_written(client, checklist_world):
    world = checklist_world
    item = world.items["2.1"]
    ChecklistItem.objects.filter(pk=item.pk).update(title="本县自定：学校布局合理")
    page = _get(client, world.county_admin, reverse("checklists:item", args=[item.pk]), "en")
    assert "本县自定：学校布局合理" in page
    assert "reasonably located" not in page


def test_the_shipped_files_give_every_text_in_english():
    from junheng.checklists.english import builtin_english
    from junheng.checklists.national import BUILTIN, builtin_checklist

    for key in BUILTIN:
        spec, english = builtin_checklist(key), builtin_english()[key]
        for name in ("name", "document", "note"):
            found = english.head(name, getattr(spec, name))
            assert found and not CJK.search(found), (key, name)
        for item in spec.items:
            for name in ("title", "rule", "figure", "clause", "note"):
                text = getattr(item, name)
                if not text or (name == "clause" and not CJK.search(text)):
                    continue
                found = english.text(item.code, name, text)
                assert found and not CJK.search(found), (key, item.code, name)
            if item.unit and CJK.search(item.unit):
                assert english.text(item.code, "unit", item.unit), (key, item.code)
            for evidence in item.evidence:
                assert not CJK.search(english.evidence.get(evidence, "中")), (key, evidence)


def test_a_scored_item_names_who_scored_it_and_whether_it_is_met(client, checklist_world):
    world = checklist_world
    url = reverse("checklists:item", args=[world.items["2.3.3"].pk])
    chinese = _get(client, world.county_admin, url, "zh-hans")
    assert "<dt>评分人</dt>" in chinese and "<dt>是否达标</dt>" in chinese
    html = _get(client, world.county_admin, url, "en")
    assert "<dt>Scored by</dt>" in html and "<dt>Met?</dt>" in html
