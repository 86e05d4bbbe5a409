"""The school × indicator matrix at county scale (issue 14 §7): 只看未达标, sorting by a column,
the verdict column kept in view; a school's page states the rule behind its verdict from the
standard file (docs/standards.md §2, quality-2017 第六条) and leads back to the matrix."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from junheng.assessment.evaluation import county_evaluation
from junheng.collection.models import SchoolYear
from junheng.dashboards.matrix import school_rule_text
from junheng.evaluation.standard import load_standard

YEAR = 2025


@pytest.fixture
def county_page(world):
    """Three schools of different sizes; 东乡中心小学 lacks backbone, PE/arts teachers and
    multimedia rooms, so it fails quality-2017's rule while the others pass."""
    SchoolYear.objects.filter(school=world.school, year=YEAR).update(primary_students=320)
    SchoolYear.objects.filter(school=world.sibling, year=YEAR).update(primary_students=260)
    SchoolYear.objects.filter(school=world.far_school, year=YEAR).update(
        primary_students=75,
        primary_backbone_teachers=0,
        primary_pe_art_teachers=0,
        multimedia_classrooms=0,
    )
    return world


def matrix_html(client, user, **query) -> str:
    client.force_login(user)
    url = reverse("dashboards:county", args=[user.county.code, YEAR])
    response = client.get(url, {"standard": "quality-2017", **query})
    assert response.status_code == 200
    html = response.content.decode()
    return re.search(r'<table class="matrix">(.*?)</table>', html, re.S).group(1)


def school_names(table: str) -> list[str]:
    return re.findall(r'<td class="sticky-first"><a [^>]*>([^<]+)</a>', table)


def verdicts(table: str) -> list[str]:
    return re.findall(r'<td class="sticky-last (?:pass|fail)">([^<]+)</td>', table)


def test_the_failing_filter_keeps_exactly_the_units_the_evaluation_fails(client, county_page):
    evaluation = county_evaluation(county=county_page.county, year=YEAR, standard="quality-2017")
    failing = set(evaluation.units.filter(~evaluation.units["pass"])["school_name"])
    assert failing == {"东乡中心小学"}

    everything = matrix_html(client, county_page.county_admin)
    assert sorted(school_names(everything)) == ["东乡中心小学", "城关一小", "城关二小"]
    only = matrix_html(client, county_page.county_admin, only="failing")
    assert school_names(only) == ["东乡中心小学"]
    assert verdicts(only) == ["未达到要求"]


def test_the_filter_says_how_many_units_it_shows_and_leads_back_to_all(client, county_page):
    client.force_login(county_page.county_admin)
    url = reverse("dashboards:county", args=[county_page.county.code, YEAR])
    html = client.get(url, {"only": "failing", "sort": "-students"}).content.decode()
    assert "显示 1 / 3 个学校（学部）" in html
    # back to every school, keeping the sort
    assert '<a href="?standard=quality-2017&amp;sort=-students#matrix">全部学校</a>' in html


def test_sorting_by_a_column_and_the_same_header_again_reverses_it(client, county_page):
    admin = county_page.county_admin
    ascending = matrix_html(client, admin, sort="students")
    assert school_names(ascending) == ["东乡中心小学", "城关二小", "城关一小"]
    assert 'aria-sort="ascending"' in ascending
    assert "sort=-students#matrix" in ascending  # the header's link now reverses
    descending = matrix_html(client, admin, sort="-students")
    assert school_names(descending) == ["城关一小", "城关二小", "东乡中心小学"]
    assert 'aria-sort="descending"' in descending

    # an indicator's column: 东乡中心小学 has no multimedia room at all
    by_rooms = matrix_html(client, admin, sort="multimedia_classrooms_per_100_students")
    assert school_names(by_rooms)[0] == "东乡中心小学"
    # the filter and the sort together
    both = matrix_html(client, admin, only="failing", sort="-students")
    assert school_names(both) == ["东乡中心小学"]


def test_an_unknown_sort_or_filter_leaves_the_matrix_as_the_evaluation_orders_it(
    client, county_page
):
    admin = county_page.county_admin
    plain = matrix_html(client, admin)
    assert matrix_html(client, admin, sort="nonsense", only="maybe") == plain
    assert "aria-sort" not in plain


def test_the_verdict_column_stays_in_view_on_every_row(client, county_page):
    table = matrix_html(client, county_page.county_admin)
    assert '<th scope="col" class="sticky-last">结论</th>' in table
    assert len(verdicts(table)) == len(school_names(table)) == 3
    with open(finders.find("css/dashboards.css"), encoding="utf-8") as css:
        stylesheet = css.read()
    assert re.search(r"td\.sticky-last \{[^}]*position:sticky; right:0", stylesheet)


def test_a_school_page_states_the_rule_from_the_standard_file_and_links_back(client, county_page):
    client.force_login(county_page.county_admin)
    url = reverse("dashboards:school", args=[county_page.county.code, YEAR, "6101010003"])
    html = client.get(url, {"standard": "quality-2017"}).content.decode()
    rule = load_standard("quality-2017").school_rule
    assert (rule.min_met, rule.floor_ratio) == (6, 0.85)
    assert "每所学校（学部）7 项指标中至少 6 项达到要求，其余项不低于要求的 85%。" in html
    back = reverse("dashboards:county", args=[county_page.county.code, YEAR])
    assert f'href="{back}?standard=quality-2017#matrix"' in html

    # basic-2012 sets no per-school thresholds: its entry part's name, read from the file
    html = client.get(url, {"standard": "basic-2012"}).content.decode()
    entry = next(p for p in load_standard("basic-2012").parts if p.judged_by == "school_rule")
    assert f"{entry.name}：本标准文件没有学校达标线" in html
    assert "至少 6 项" not in html


def test_the_rule_follows_the_numbers_of_the_standard():
    standard = load_standard("quality-2017")
    stricter = replace(standard, school_rule=replace(standard.school_rule, min_met=7))
    assert "至少 7 项" in school_rule_text(stricter)


def test_a_principal_reads_the_rule_without_a_link_to_the_county_matrix(client, county_page):
    client.force_login(county_page.principal)
    url = reverse("dashboards:school", args=[county_page.county.code, YEAR, "6101010001"])
    html = client.get(url).content.decode()
    assert "其余项不低于要求的 85%" in html
    assert "#matrix" not in html


def test_the_matrix_and_the_rule_in_english(client, county_page):
    client.force_login(county_page.county_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    table = matrix_html(client, county_page.county_admin, only="failing")
    head = re.sub(r"<[^>]+>", " ", re.search(r"<thead>(.*?)</thead>", table, re.S).group(1))
    assert "Networked multimedia classrooms per 100 students" in head
    assert not re.search(r"[\u4e00-\u9fff]", head), head
    url = reverse("dashboards:school", args=[county_page.county.code, YEAR, "6101010003"])
    html = client.get(url).content.decode()
    assert "meets at least 6 of the 7 indicators" in html
    assert "Back to the county's school × indicator table" in html
