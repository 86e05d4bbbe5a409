"""A bulletin's school counts are of compulsory education (docs/standards.md §4)."""

from __future__ import annotations

import datetime as dt

from factories import make_school
from junheng.bulletins.figures import bulletin_figures
from junheng.inspections import services as visits

TODAY = dt.date(2025, 5, 10)


def test_kindergartens_and_senior_highs_are_not_counted_among_the_schools(world):
    kindergarten = make_school(world.township, "6101010009", "城关幼儿园", school_type="幼儿园")
    make_school(world.township, "6101010010", "城关高级中学", school_type="高级中学")
    for school in (kindergarten, world.sibling):
        visits.visit_create(
            actor=world.county_admin,
            school=school,
            date=TODAY,
            checked="保教设施",
            findings=(),
        )

    figures = bulletin_figures(user=world.county_admin, county=world.county, today=TODAY)

    assert figures["data"]["schools"] == 3  # A1, A2, A3: the yearly records to approve
    # both visits count; only the compulsory school is in the 包校 coverage of the three
    assert figures["visits"] == {"days": 30, "count": 2, "schools": 1, "total_schools": 3}
