"""Schools the yearly template does not carry (docs/standards.md §4): two public kindergartens
and a stand-alone senior high school (高级中学), added on the registry page by the county admin
(`registry.services.school_create`, audited). They are listed and scoped as any school and
never enter the compulsory-education data, the evaluation or a mock draw.

They are added after the set-up (so that the checklists' per-school assignments and the 包校
cadres, made then for the compulsory schools, never name them)."""

from __future__ import annotations

from junheng.demo_county.clock import Timeline
from junheng.demo_county.people import Cast
from junheng.registry import services as registry
from junheng.registry.choices import Affiliation, Location, Ownership, SchoolType
from junheng.registry.models import School, Township

ADDED_DAYS_AGO = 130


def county_seat(cast: Cast) -> Township:
    """The township of the county's first urban school (the county seat), else the officer's."""
    urban = School.objects.filter(county=cast.county, location=Location.URBAN).order_by("code")
    first = urban.select_related("township").first()
    return first.township if first is not None else cast.township


def town_away_from(cast: Cast, seat: Township) -> Township:
    """Where the second kindergarten opens: the officer's township, or another than the seat
    when the officer's is the seat (a township kindergarten beside the county seat's)."""
    if cast.township.pk != seat.pk:
        return cast.township
    others = cast.county.townships.exclude(pk=seat.pk).order_by("name")
    return others.first() or seat


def registry_schools(timeline: Timeline, cast: Cast) -> None:
    """The three schools, each with a code of its own (学校标识码, ten digits)."""

    def add() -> None:
        county, seat = cast.county, county_seat(cast)
        township = town_away_from(cast, seat)
        # the county seat's schools lie in town (城区), a township's centre in 镇区
        rows = (
            (f"{county.name}城关第二幼儿园", SchoolType.KINDERGARTEN, seat, Location.URBAN),
            (f"{township.name}中心幼儿园", SchoolType.KINDERGARTEN, township, Location.TOWN),
            (f"{county.name}第二高级中学", SchoolType.SENIOR_HIGH, seat, Location.URBAN),
        )
        for number, (name, school_type, place, location) in enumerate(rows, start=1):
            registry.school_create(
                actor=cast.admin,
                county=county,
                code=f"2{county.code}9{number:02d}",
                name=name,
                school_type=school_type,
                location=location,
                ownership=Ownership.PUBLIC,
                affiliation=Affiliation.COUNTY,
                township=place,
            )

    timeline.at(ADDED_DAYS_AGO, add)
