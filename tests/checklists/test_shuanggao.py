"""An imported 「双高双普」 checklist scores its 双普 items from the county's own figures
(docs/standards.md §4): the sample file (`shuanggao.py`, `data/shuanggao-sample.xlsx`) is
imported as a bureau would, then entering the figures on the road page scores the items, and
changing them scores them again — no button."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from checklists.shuanggao import ROWS, SAMPLE
from junheng.audit.models import AuditEntry
from junheng.checklist_core.figures import FIGURES
from junheng.checklists import autoscoring, imports
from junheng.checklists.models import Checklist, ItemScore
from junheng.checklists.selectors import county_figures
from junheng.recognition.services import coverage_save

YEAR = 2025
SOURCES = {
    "1.1": "county.preschool_gross_rate",
    "1.2": "county.inclusive_coverage",
    "1.3": "county.public_kindergarten_share",
    "2.1": "county.senior_gross_rate",
}


def imported(world) -> Checklist:
    batch = imports.checklist_import_preview(
        actor=world.county_admin,
        county=world.county,
        name="陕西双高双普（示例）.xlsx",
        data=SAMPLE.read_bytes(),
    )
    assert batch.preview["problems"] == []
    return imports.checklist_import_commit(actor=world.county_admin, batch=batch)


def scores(checklist: Checklist) -> dict[str, ItemScore]:
    return {s.item.code: s for s in ItemScore.objects.filter(item__checklist=checklist)}


def enter(world, year: int = YEAR, **figures) -> None:
    coverage_save(actor=world.county_admin, county=world.county, year=year, figures=figures)


# 在园 9,000 of 10,000 children aged 3–5: 90 %; (5,000 + 2,000) / 9,000 = 77.78 %;
# 5,000 / 9,000 = 55.56 %; (3,000 + 1,500) / 5,300 = 84.91 %
COUNTS = {
    "preschool_children": 9000,
    "preschool_age_population": 10000,
    "public_children": 5000,
    "inclusive_private_children": 2000,
    "general_senior_students": 3000,
    "vocational_students": 1500,
    "senior_age_population": 5300,
}


def test_the_sample_file_is_the_documented_table_and_names_only_known_figures():
    sheet = load_workbook(SAMPLE)["指标体系"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [r[0] for r in ROWS]
    assert set(SOURCES.values()) <= set(FIGURES)


def test_importing_the_sample_keeps_each_item_s_figure_and_threshold(world):
    checklist = imported(world)
    items = {item.code: item for item in checklist.items.all()}
    assert {code: items[code].source for code in SOURCES} == SOURCES
    assert items["1.1"].automatic and items["1.1"].threshold == 85 and items["1.1"].unit == "%"
    assert items["1.1"].unconfirmed and items["2.1"].veto
    assert not items["2.2"].automatic


def test_entering_the_counts_scores_the_items_and_leaves_the_hand_scored_one(world):
    checklist = imported(world)
    assert scores(checklist) == {}

    enter(world, **COUNTS)

    found = scores(checklist)
    assert set(found) == set(SOURCES)
    assert (found["1.1"].met, found["1.1"].score, found["1.1"].value) == (True, 10, 90.0)
    # 按比例得分: 77.78 / 80 of 10 points
    assert found["1.2"].met is False and found["1.2"].score == pytest.approx(9.72)
    assert (found["1.3"].met, found["1.3"].score) == (True, 10)
    assert (found["2.1"].met, found["2.1"].score, found["2.1"].value) == (False, 0, 84.91)
    assert all(s.automatic and s.year == YEAR for s in found.values())
    assert "县级普及数据" in found["2.1"].justification
    assert "15–17 周岁适龄人口 5,300 人" in found["2.1"].justification
    entries = AuditEntry.objects.filter(object_type="checklists.ItemScore", action="score_auto")
    assert entries.count() == 4 and {e.actor for e in entries} == {world.county_admin}


def test_changing_the_figures_scores_the_items_again(world):
    checklist = imported(world)
    enter(world, **COUNTS)
    assert scores(checklist)["2.1"].met is False

    enter(world, senior_age_population=4800)  # 4,500 / 4,800 = 93.75 %

    again = scores(checklist)
    assert (again["2.1"].met, again["2.1"].score, again["2.1"].value) == (True, 15, 93.75)
    assert again["1.1"].met is True  # unchanged figures, unchanged score
    entry = AuditEntry.objects.filter(
        object_type="checklists.ItemScore", object_id=str(again["2.1"].pk)
    ).latest("pk")
    assert entry.before["met"] is False and entry.after["met"] is True


def test_a_rate_entered_without_its_counts_scores_its_item(world):
    checklist = imported(world)
    enter(world, preschool_gross_rate=Decimal("83.5"))

    found = scores(checklist)
    assert set(found) == {"1.1"}  # the other rates are not known: their items wait
    assert (found["1.1"].met, found["1.1"].value) == (False, 83.5)
    assert "县填报的比率" in found["1.1"].justification


def test_an_older_year_does_not_overwrite_a_score_from_a_later_one(world):
    checklist = imported(world)
    enter(world, **COUNTS)
    enter(world, year=YEAR - 1, **{**COUNTS, "preschool_children": 7000})

    found = scores(checklist)
    assert found["1.1"].year == YEAR and found["1.1"].value == 90.0


def test_the_scoring_button_uses_the_county_figures_of_a_year_without_school_data(world):
    checklist = imported(world)
    enter(world, year=YEAR - 1, **COUNTS)
    assert ItemScore.objects.filter(item__checklist=checklist, year=YEAR - 1).count() == 4
    ItemScore.objects.filter(item__checklist=checklist).delete()

    report = autoscoring.checklist_score_automatic(
        actor=world.county_admin, checklist=checklist, year=YEAR - 1
    )

    assert sorted(report.scored) == sorted(SOURCES)
    figures = county_figures(county=world.county, year=YEAR - 1)
    assert figures["county.senior_gross_rate"].value == 84.91


def test_the_school_data_year_carries_the_county_figures_beside_the_measured_ones(world):
    enter(world, **COUNTS)
    figures = county_figures(county=world.county, year=YEAR)
    assert figures["county.preschool_gross_rate"].value == 90.0
    assert "class_size_max.primary" in figures
    assert county_figures(county=world.county, year=YEAR - 3) is None
