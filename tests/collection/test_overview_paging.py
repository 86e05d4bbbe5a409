"""The year page of a large county reads one page of schools; what it counts — the statuses,
the schools that block the lock, the batch actions offered — is still the whole year's
(issue 15 §2), filtered as the page is."""

from __future__ import annotations

from junheng.collection import rules, selectors
from junheng.collection.choices import NO_DATA, DataStatus
from junheng.collection.models import SchoolYear
from junheng.registry.models import School
from junheng.web.paging import PAGE_SIZE
from query_counts import add_schools

YEAR = 2025


def test_a_later_page_still_counts_the_whole_year_and_what_blocks_the_lock(world):
    add_schools(world, PAGE_SIZE + 10)
    county_schools = School.objects.filter(county=world.county)
    submitted = list(county_schools.order_by("code")[:7])
    SchoolYear.objects.filter(school__in=submitted, year=YEAR).update(status=DataStatus.SUBMITTED)
    SchoolYear.objects.filter(school=world.far_school, year=YEAR).delete()

    overview = selectors.year_overview(user=world.county_admin, year=YEAR, page_number=2)

    statuses = [
        SchoolYear.objects.filter(school=s, year=YEAR).values_list("status", flat=True).first()
        or NO_DATA
        for s in county_schools.compulsory()
    ]
    expected = {s: statuses.count(s) for s in set(statuses)}
    assert overview.counts == expected
    assert overview.total == county_schools.compulsory().count() == PAGE_SIZE + 13
    assert len(overview.rows) == 13 and overview.page.number == 2
    blockers = rules.lock_blockers(world.county, YEAR)
    assert overview.pending == len(blockers)
    assert overview.blockers_without_data == sum(b.status == NO_DATA for b in blockers) == 1


def test_the_status_filter_pages_only_the_schools_of_that_status(world):
    add_schools(world, PAGE_SIZE + 10)
    chosen = list(School.objects.filter(county=world.county).order_by("-code")[:3])
    SchoolYear.objects.filter(school__in=chosen, year=YEAR).update(status=DataStatus.SUBMITTED)

    overview = selectors.year_overview(
        user=world.township_officer, year=YEAR, status=DataStatus.SUBMITTED
    )

    in_township = {s for s in chosen if s.township_id == world.township_officer.township_id}
    assert in_township and in_township != set(chosen)
    assert {row.school for row in overview.rows} == in_township
    assert all(row.status == DataStatus.SUBMITTED for row in overview.rows)
    # the township reviews what was submitted to it; nothing else is offered
    assert overview.batch_actions == (["review", "return"] if in_township else [])


def test_the_schools_without_data_are_listed_when_asked_for(world):
    add_schools(world, 4)
    SchoolYear.objects.filter(school=world.sibling, year=YEAR).delete()

    overview = selectors.year_overview(user=world.county_admin, year=YEAR, status=NO_DATA)

    assert [row.school for row in overview.rows] == [world.sibling]
    assert overview.rows[0].record is None and overview.batch_actions == []
