"""The home page's verdict: every part of the county's latest year under its programme's
standard for those who may see the county's evaluation; a principal only their own school's
data verdict; never one part as the county's 达标 (docs/standards.md §2)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factories import make_school, make_school_year
from junheng.bulletins.selectors import default_settings
from junheng.collection.models import SchoolYear
from junheng.dashboards.home_verdict import home_verdict
from junheng.evaluation.parts import MET, STATE_NAMES, UNASSESSED, UNMET
from junheng.recognition.services import recognition_save

EVALUATORS = ["county_admin", "township_officer", "inspector"]
QUALITY_PARTS = ["entry", "resources", "guarantee", "quality", "recognition", "vetoes"]
BASIC_PARTS = ["entry", "balance", "effort", "satisfaction"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 200
    return response


def works_to(county, standard: str) -> None:
    """The county's documents name the programme of `standard` (its document settings)."""
    settings = default_settings(county)
    settings.standard = standard
    settings.save()


@pytest.mark.parametrize("persona", EVALUATORS)
def test_those_who_see_the_evaluation_see_every_part_with_its_state(client, world, persona):
    response = home(client, getattr(world, persona))
    shown = response.context["county_parts"]
    assert (shown.county, shown.year, shown.standard.id) == (world.county, 2025, "quality-2017")
    assert [row.key for row in shown.parts] == QUALITY_PARTS
    html = response.content.decode()
    assert 'class="card parts-verdict' in html
    for row in shown.parts:
        assert f'<a href="{row.url}">{row.name}</a>' in html
        assert f'<span class="part-state {row.state}">{STATE_NAMES[row.state]}</span>' in html
    # no checklist, survey or recognition yet: the county's verdict cannot be a pass
    states = {row.key: row.state for row in shown.parts}
    assert states["guarantee"] == states["recognition"] == states["entry"] == UNASSESSED
    assert "尚不能判断是否达到" in shown.verdict.title and shown.verdict.title in html
    assert response.context["school_verdict"] is None


def test_a_part_shown_follows_the_countys_facts(client, world):
    recognition_save(actor=world.county_admin, county=world.county, basic_year=2015)
    shown = home(client, world.county_admin).context["county_parts"]
    entry = next(row for row in shown.parts if row.key == "entry")
    assert entry.state == MET and any("2015" in finding for finding in entry.findings)


def test_the_standard_is_the_programme_the_countys_documents_name(client, world):
    works_to(world.county, "basic-2012")
    response = home(client, world.county_admin)
    shown = response.context["county_parts"]
    assert shown.standard.id == "basic-2012"
    assert [row.key for row in shown.parts] == BASIC_PARTS
    html = response.content.decode()
    for name in ("校际均衡状况", "县级人民政府推进义务教育均衡发展工作", "公众满意度"):
        assert name in html
    assert "基本均衡" in shown.verdict.title


def test_the_year_is_the_countys_latest(client, world):
    make_school_year(world.school, 2026)
    shown = home(client, world.inspector).context["county_parts"]
    assert shown.year == 2026


def test_each_county_admin_sees_their_own_county(client, world):
    shown = home(client, world.foreign_admin).context["county_parts"]
    assert shown.county == world.other_county


def test_a_principal_sees_their_schools_data_verdict_and_not_the_countys(client, world):
    response = home(client, world.principal)
    assert response.context["county_parts"] is None
    mine = response.context["school_verdict"]
    assert mine.school == world.school and mine.year == 2025
    assert [unit.name for unit in mine.units] == ["小学"]
    unit = mine.units[0]
    assert unit.indicators == 7 and unit.passed in (True, False) and 0 <= unit.met_count <= 7
    html = response.content.decode()
    assert "parts-verdict" not in html  # no county verdict, nor any part of it
    assert world.school.name in html and world.sibling.name not in html
    assert "县域是否达到认定要求以全县各方面的评估结果为准" in html
    assert f"资源配置达标 {unit.met_count}/7 项" in html
    assert STATE_NAMES[MET if unit.passed else UNMET] in html


def test_a_principal_under_basic_2012_gets_no_school_pass_the_standard_does_not_give(client, world):
    works_to(world.county, "basic-2012")
    mine = home(client, world.principal).context["school_verdict"]
    assert [unit.passed for unit in mine.units] == [None]
    html = home(client, world.principal).content.decode()
    assert "不作判定" in html and "达到要求" not in html


def test_without_data_the_home_page_shows_no_verdict(client, world):
    SchoolYear.objects.all().delete()
    response = home(client, world.county_admin)
    assert "county_parts" not in response.context or response.context["county_parts"] is None


def test_the_verdict_costs_as_many_queries_for_many_schools_as_for_few(world):
    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert home_verdict(user=world.county_admin)["county_parts"] is not None
        return len(captured.captured_queries)

    few = queries()
    for n in range(12):
        school = make_school(world.township, f"61010100{n + 10:02d}", f"新建小学{n}")
        make_school_year(school, 2025)
    assert queries() == few


def test_the_parts_in_english(client, world):
    client.force_login(world.county_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("dashboards:home")).content.decode()
    assert ">Resource allocation</a>" in html and ">Government guarantee</a>" in html
    assert "尚未评估" not in html and '<span class="part-state unassessed">not yet assessed' in html
    assert "示例县, data of 2025" in html
    # the headline reads as a sentence: "2 parts not met: the county does not yet meet …"
    assert re.search(r"\d parts? (not met|not yet assessed)", html) and "part(s)" not in html


def test_a_principals_verdict_in_english(client, world):
    client.force_login(world.principal)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("dashboards:home")).content.decode()
    assert "of 7 resource indicators met" in html and "资源配置达标" not in html
