"""The checklist's progress board at county scale: items given to every school, and as many
queries for many schools as for few."""

from __future__ import annotations

import datetime as dt

from junheng.checklists import school_assignments, services
from query_counts import add_schools, page_queries


def test_the_board_of_items_given_to_every_school_takes_as_many_queries_for_many(client, world):
    checklist = services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    client.force_login(world.county_admin)
    url = f"/checklists/{checklist.pk}/board/"
    counts = []
    for added, start in ((5, 100), (45, 105)):
        add_schools(world, added, start=start)
        for code in ("3.3", "3.4"):  # the schools added since get the items too
            school_assignments.assignment_create_for_schools(
                actor=world.county_admin,
                item=checklist.items.get(code=code),
                reach="all",
                deadline=dt.date(2030, 9, 1),
                fallback=world.county_admin,
            )
        client.get(url)
        counts.append(page_queries(client, url))
    assert counts[1] == counts[0]
