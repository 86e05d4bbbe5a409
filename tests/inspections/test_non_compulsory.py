"""包校 and kindergartens (docs/standards.md §4): the bureau may give one to a cadre, and then
its visits are watched like any school's; one nobody has is no gap on the density page."""

from __future__ import annotations

import datetime as dt

from factories import make_school
from junheng.inspections import selectors, services

TODAY = dt.date(2025, 5, 10)


def _density(world):
    return selectors.density(
        user=world.county_admin,
        county=world.county,
        start=TODAY - dt.timedelta(days=30),
        end=TODAY,
        days=30,
        today=TODAY,
    )


def test_a_kindergarten_is_on_the_density_page_only_when_a_cadre_has_it(world):
    kindergarten = make_school(world.township, "6101010009", "城关幼儿园", school_type="幼儿园")
    make_school(world.township, "6101010010", "城关高级中学", school_type="高级中学")
    assert kindergarten in selectors.assignable_schools(
        user=world.county_admin, county=world.county
    )

    codes = sorted(row.school.code for row in _density(world).schools)
    assert codes == ["6101010001", "6101010002", "6101010003"]

    services.cadre_assign(
        actor=world.county_admin,
        cadre=world.inspector,
        schools=[world.sibling, world.far_school, kindergarten],
    )
    data = _density(world)
    rows = {row.school.code: row for row in data.schools}
    assert sorted(rows) == ["6101010001", "6101010002", "6101010003", "6101010009"]
    assert rows["6101010009"].cadres == ["inspector"]
    assert rows["6101010009"].overdue  # never visited by its cadre: behind the frequency
