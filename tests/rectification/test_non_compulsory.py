"""Kindergartens and senior high schools in the rankings (docs/standards.md §4): their problems
count like any school's, but they have no yearly compulsory record, so no data completeness and
no place in a township's mean."""

from __future__ import annotations

import datetime as dt

from factories import make_school
from junheng.collection.models import SchoolYear
from junheng.ledgers.rankings import DEFINITIONS
from junheng.rectification.choices import Status
from junheng.rectification.rankings import county_rankings
from rectification.builders import problem_at

TODAY = dt.date(2025, 5, 10)


def test_a_kindergarten_ranks_on_its_problems_but_has_no_data_completeness(world):
    kindergarten = make_school(world.township, "6101010009", "城关幼儿园", school_type="幼儿园")
    problem_at(kindergarten, status=Status.CLOSED, deadline=TODAY)
    SchoolYear.objects.filter(school=world.school).update(status="approved")

    data = county_rankings(user=world.county_admin, county=world.county, today=TODAY, sort="data")

    rows = {row.name: row for row in data.schools}
    assert (rows["城关幼儿园"].problems, rows["城关幼儿园"].rate) == (1, 1.0)
    assert rows["城关幼儿园"].data is None and rows["城关幼儿园"].rank is None
    assert data.schools[-1].name == "城关幼儿园"  # not ranked on data: listed last
    # 城关镇: A1 approved (1) and A2 in draft (¼); the kindergarten does not pull it to ~0.42
    township = {row.name: row for row in data.townships}["城关镇"]
    assert township.data == (1.0 + 0.25) / 2
    assert data.total.data == (1.0 + 0.25 + 0.25) / 3
    assert "幼儿园、高级中学不填报义务教育数据" in DEFINITIONS[2]
