"""Class size is judged per class (docs/standards.md §2, issue 12 §2): the quality-2017 items
2.5.1–2.5.4 are scored from the classes each school reports above the limit and in the 大班额 /
超大班额 bands; from averages alone an item reads 「需核实（仅有平均班额）」 and is never met."""

from __future__ import annotations

import pytest

from junheng.checklist_core.figures import AVERAGE_ONLY, school_data_figures
from junheng.checklist_core.model import ChecklistSpec, Item
from junheng.checklist_core.scoring import Result, score_measured, summarize
from junheng.checklists import autoscoring, selectors, services
from junheng.checklists.models import ItemScore
from junheng.collection.models import SchoolYear

YEAR = 2025
BANDS_NONE = {
    "primary_classes_over_limit": 0,
    "primary_large_classes": 0,
    "primary_very_large_classes": 0,
}


@pytest.fixture
def quality(world):
    return services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )


def scored(checklist, world, code):
    autoscoring.checklist_score_automatic(actor=world.county_admin, checklist=checklist, year=YEAR)
    return ItemScore.objects.get(item__checklist=checklist, item__code=code)


def report_bands(world, **bands):
    SchoolYear.objects.filter(school__county=world.county, year=YEAR).update(
        **{**BANDS_NONE, **bands}
    )


def test_every_school_reporting_no_class_above_45_meets_the_item(world, quality):
    report_bands(world)

    item = scored(quality, world, "2.5.1")

    assert item.met is True and item.value == 0
    assert "实际值 0 个，标准 ≤ 0 个，达标" in item.justification
    assert "各校填报：无" in item.justification
    assert ItemScore.objects.get(item__checklist=quality, item__code="2.5.3").met is True
    assert ItemScore.objects.get(item__checklist=quality, item__code="2.5.4").met is True


def test_classes_reported_above_the_limit_fail_the_item_by_school(world, quality):
    report_bands(world)
    SchoolYear.objects.filter(school=world.sibling, year=YEAR).update(
        primary_classes_over_limit=3, primary_large_classes=1
    )

    item = scored(quality, world, "2.5.1")

    assert item.met is False and item.value == 3
    assert "城关二小小学 3 个班" in item.justification
    large = ItemScore.objects.get(item__checklist=quality, item__code="2.5.3")
    assert large.met is False and large.value == 1


def test_one_school_without_bands_leaves_the_items_to_verify_never_met(world, quality):
    report_bands(world)
    SchoolYear.objects.filter(school=world.sibling, year=YEAR).update(
        primary_classes_over_limit=None, primary_large_classes=None, primary_very_large_classes=None
    )

    item = scored(quality, world, "2.5.1")

    # 400 students in 10 classes everywhere: an average of 40 cannot prove every class ≤ 45
    assert item.met is None and item.score is None
    assert item.justification.startswith("需核实（仅有平均班额）")
    assert "未填报班额分段：城关二小小学" in item.justification
    summary = selectors.checklist_summary(quality)
    assert summary.nodes["2.5.1"].scored == 0  # to verify: not counted as assessed
    assert summary.nodes["2.5"].met is None
    assert summary.passed is not True


def test_the_average_alone_still_proves_a_failure(world, quality):
    SchoolYear.objects.filter(school=world.sibling, year=YEAR).update(
        primary_students=470, primary_classes=10
    )

    item = scored(quality, world, "2.5.1")

    assert item.met is False and item.value == 10  # 47 on average: some class above 45


# the core ---------------------------------------------------------------------------------


ITEM = Item(
    code="2.5.1",
    title="小学班额不超过 45 人",
    scoring="binary",
    max_score=None,
    figure="小学超过 45 人的班数",
    comparison="<=",
    threshold=0,
    unit="个",
    source="classes_over_limit.primary",
)


def test_an_unverified_value_that_meets_the_limit_decides_nothing():
    assert score_measured(ITEM, 0, unverified=True) == Result(None, None, 0)
    assert score_measured(ITEM, 0) == Result(None, True, 0)


def test_an_unverified_failure_counts_only_where_the_average_proves_it():
    assert score_measured(ITEM, 2, unverified=True) == Result(None, None, 2)
    assert score_measured(ITEM, 2, unverified=True, failure_proven=True).met is False


def test_a_leaf_to_verify_keeps_an_all_required_checklist_from_passing():
    item = Item(**{**ITEM.__dict__, "code": "1"})
    spec = ChecklistSpec(key="t", name="t", items=(item,), all_required=True)

    assert summarize(spec, {"1": Result(None, None, 0)}).passed is None
    assert summarize(spec, {"1": Result(None, True, 0)}).passed is True


def test_the_classes_above_the_limit_add_up_over_the_schools_that_report_them():
    rows = [
        {
            "school_name": "一小",
            "school_type": "小学",
            "primary_students": 500,
            "primary_classes": 10,
            "primary_classes_over_limit": 2,
        },
        {
            "school_name": "一中",
            "school_type": "初级中学",
            "junior_students": 500,
            "junior_classes": 10,
            "junior_classes_over_limit": 0,
        },
        {
            "school_name": "九年",
            "school_type": "九年一贯制学校",
            "primary_students": 300,
            "primary_classes": 6,
            "primary_classes_over_limit": 1,
            "junior_students": 200,
            "junior_classes": 4,
            "junior_classes_over_limit": 0,
        },
    ]

    figures = school_data_figures(rows)

    primary, junior = figures["classes_over_limit.primary"], figures["classes_over_limit.junior"]
    assert primary.value == 3 and not primary.unverified
    assert primary.detail == "各校填报：一小小学 2 个班、九年小学 1 个班"
    assert junior.value == 0 and junior.detail == "各校填报：无"
    assert figures["large_classes"].unverified == AVERAGE_ONLY  # not reported by any school
    assert figures["class_size_max.primary"].unverified == AVERAGE_ONLY
