"""The county's verdict from the database: each part judged on the year's data, the county's
checklist, its survey and its recognition facts; never 达标 on one part."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from junheng.assessment.parts import county_verdict
from junheng.checklists import services as checklists
from junheng.checklists.models import ChecklistItem
from junheng.evaluation.parts import MET, UNASSESSED, UNMET
from surveys.conftest import answered  # noqa: F401  (a fixture: an answered basic-2012 survey)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_year_without_data_leaves_every_data_part_unassessed(world):
    verdict = county_verdict(county=world.county, year=2019, standard="quality-2017")
    assert verdict.parts[1].rule.key == "resources"
    assert verdict.verdict.part("resources").state == UNASSESSED
    assert verdict.state == UNASSESSED
    assert "尚不能判断" in verdict.title


def test_the_data_part_follows_the_evaluation_and_is_never_the_countys_pass(world):
    verdict = county_verdict(county=world.county, year=2025, standard="quality-2017")
    resources = verdict.verdict.part("resources")
    assert resources.state in (MET, UNMET)
    assert verdict.verdict.part("guarantee").state == UNASSESSED  # no checklist loaded
    assert verdict.state != MET
    assert not verdict.title.startswith("各方面均达到要求")


def _leaves(checklist, code: str) -> list[ChecklistItem]:
    items = checklist.items.filter(code__startswith=code + ".")
    return [i for i in items if not i.children.exists()]


def _pass(actor, item: ChecklistItem) -> None:
    """Score an item as met: with the threshold as its value where it is judged on a figure."""
    if item.threshold is not None:
        value = {">": item.threshold + 1, "<": item.threshold / 2}.get(
            item.comparison, item.threshold
        )
        checklists.item_score_set(actor=actor, item=item, justification="核实", value=value)
    else:
        checklists.item_score_set(actor=actor, item=item, justification="核实", met=True)


def test_a_checklist_part_is_judged_on_the_countys_scores(world):
    admin = world.county_admin
    checklist = checklists.checklist_load_builtin(
        actor=admin, county=world.county, key="quality-2017"
    )
    leaves = _leaves(checklist, "3")
    for item in leaves:
        _pass(admin, item)
    verdict = county_verdict(county=world.county, year=2025, standard="quality-2017")
    assert verdict.verdict.part("quality").state == MET
    assert verdict.verdict.part("guarantee").state in (UNASSESSED, UNMET)
    failing = next(item for item in leaves if item.threshold is None)
    checklists.item_score_set(actor=admin, item=failing, justification="未落实", met=False)
    verdict = county_verdict(county=world.county, year=2025, standard="quality-2017")
    quality = verdict.verdict.part("quality")
    assert quality.state == UNMET
    assert failing.code in quality.findings[0].zh
    assert verdict.state == UNMET
    assert "未达到要求" in verdict.title


def test_the_satisfaction_part_takes_the_countys_survey(world, answered):  # noqa: F811
    verdict = county_verdict(county=world.county, year=2025, standard="basic-2012")
    satisfaction = verdict.verdict.part("satisfaction")
    # 59 满意 + 12 基本满意 of 84 answers are not 不满意: 84.5 % < 85 %
    assert satisfaction.state == UNMET
    assert "84.5%" in satisfaction.findings[0].zh
    assert "本县自测" in satisfaction.findings[0].zh


def test_the_2012_entry_condition_is_unassessed_without_provincial_thresholds(world):
    verdict = county_verdict(county=world.county, year=2025, standard="basic-2012")
    assert verdict.verdict.part("entry").state == UNASSESSED
    assert verdict.verdict.part("balance").state in (MET, UNMET)


def test_the_entry_condition_takes_the_countys_recognition(world):
    from junheng.recognition.models import CountyRecognition

    CountyRecognition.objects.create(county=world.county, basic_year=2021)
    verdict = county_verdict(county=world.county, year=2025, standard="quality-2017")
    assert verdict.verdict.part("entry").state == MET
    CountyRecognition.objects.filter(county=world.county).update(basic_year=2023)
    verdict = county_verdict(county=world.county, year=2025, standard="quality-2017")
    assert verdict.verdict.part("entry").state == UNMET


def test_county_years_lists_each_year_once(world):
    from factories import make_school_year
    from junheng.assessment.evaluation import county_years

    make_school_year(world.school, 2024)
    assert county_years(county=world.county) == [2025, 2024]
