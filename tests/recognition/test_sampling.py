"""The stratified draw (recognition.sampling): the allocation rule, strata never over-drawn,
N larger than the county, and reproducibility from the seed."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from junheng.recognition import sampling
from junheng.recognition.choices import TypeGroup
from junheng.recognition.sampling import STRATA, Candidate, allocate, draw, type_group

URBAN_PRIMARY = ("城区", "primary")
TOWN_PRIMARY = ("镇区", "primary")
RURAL_PRIMARY = ("乡村", "primary")
RURAL_POINT = ("乡村", "point")
URBAN_JUNIOR = ("城区", "junior")
URBAN_THROUGH = ("城区", "through")


def sizes(**given: int) -> dict[tuple[str, str], int]:
    """Every stratum in order, with the sizes given by short names."""
    names = {
        "urban_primary": URBAN_PRIMARY,
        "town_primary": TOWN_PRIMARY,
        "rural_primary": RURAL_PRIMARY,
        "rural_point": RURAL_POINT,
        "urban_junior": URBAN_JUNIOR,
        "urban_through": URBAN_THROUGH,
    }
    found = {stratum: 0 for stratum in STRATA}
    for name, size in given.items():
        found[names[name]] = size
    return found


def county(spec: dict[tuple[str, str], int]) -> list[Candidate]:
    types = {
        "primary": "小学",
        "junior": "初级中学",
        "through": "九年一贯制学校",
        "point": "小学教学点",
    }
    schools, number = [], 0
    for (location, group), size in spec.items():
        for _ in range(size):
            number += 1
            code = f"61010{number:05d}"
            schools.append(Candidate(number, code, location, types[group]))
    return schools


def test_the_type_groups_follow_the_national_inspection():
    assert type_group("小学") == "primary"
    assert type_group("初级中学") == "junior"
    for through in ("九年一贯制学校", "十二年一贯制学校", "完全中学"):
        assert type_group(through) == "through"
    assert type_group("小学教学点") == "point"
    assert set(sampling.GROUPS) == set(TypeGroup.values)
    assert len(STRATA) == 12 and STRATA[0] == ("城区", "primary") and STRATA[-1] == RURAL_POINT


def test_each_stratum_gets_its_proportional_share_with_at_least_one():
    # shares of 10 places over 20 schools: 5, 3, 1.5 and 0.5; the teaching points' share is
    # below one, so they get one and the 9 other places are shared over 19 schools:
    # 4.74, 2.84, 1.42 → 4, 2, 1 and the two places left to the largest remainders (.84, .74)
    found = allocate(sizes(urban_primary=10, town_primary=6, rural_primary=3, rural_point=1), 10)
    assert found[URBAN_PRIMARY] == 5
    assert found[TOWN_PRIMARY] == 3
    assert found[RURAL_PRIMARY] == 1
    assert found[RURAL_POINT] == 1
    assert sum(found.values()) == 10
    assert all(
        found[s] == 0
        for s in STRATA
        if s not in {URBAN_PRIMARY, TOWN_PRIMARY, RURAL_PRIMARY, RURAL_POINT}
    )


def test_exact_proportions_need_no_rounding():
    found = allocate(sizes(urban_primary=20, town_primary=10, rural_primary=10), 8)
    assert (found[URBAN_PRIMARY], found[TOWN_PRIMARY], found[RURAL_PRIMARY]) == (4, 2, 2)


def test_small_strata_each_get_one_before_the_large_ones_share():
    # 100 urban primaries and three strata of one school: 4 places → one each, not 4 urban
    found = allocate(sizes(urban_primary=100, urban_junior=1, urban_through=1, rural_point=1), 4)
    assert found[URBAN_PRIMARY] == 1
    assert found[URBAN_JUNIOR] == found[URBAN_THROUGH] == found[RURAL_POINT] == 1


def test_fewer_places_than_strata_go_to_the_largest_strata():
    found = allocate(sizes(urban_primary=5, town_primary=3, rural_primary=3, rural_point=1), 2)
    # 5 schools first, then the tie of 3 and 3 goes to the earlier stratum (镇区 before 乡村)
    assert found[URBAN_PRIMARY] == 1 and found[TOWN_PRIMARY] == 1
    assert found[RURAL_PRIMARY] == 0 and found[RURAL_POINT] == 0


def test_n_larger_than_the_county_draws_every_school():
    spec = sizes(urban_primary=4, town_primary=2, rural_point=1)
    assert allocate(spec, 50) == spec
    result = draw(county(spec), 50, seed=3)
    assert len(result.drawn) == 7
    assert {c.drawn for c in result.strata} == {c.schools for c in result.strata}


def test_nothing_to_draw_from():
    assert sum(allocate(sizes(), 5).values()) == 0


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=12, max_size=12),
    st.integers(min_value=0, max_value=250),
)
def test_the_rule_holds_for_any_county(stratum_sizes, n):
    spec = dict(zip(STRATA, stratum_sizes, strict=True))
    found = allocate(spec, n)
    total = sum(spec.values())
    places = min(n, total)
    assert sum(found.values()) == places
    live = [s for s in STRATA if spec[s] > 0]
    for stratum in STRATA:
        assert 0 <= found[stratum] <= spec[stratum]  # never over-drawn
    if places >= len(live):
        assert all(found[s] >= 1 for s in live)
    else:
        assert all(found[s] <= 1 for s in STRATA)
    # a stratum at least twice as large as another never gets fewer places than it
    for a in live:
        for b in live:
            if spec[a] >= 2 * spec[b]:
                assert found[a] >= found[b], (spec, n, a, b)


def test_the_same_seed_draws_the_same_schools_whatever_the_order_given():
    schools = county(sizes(urban_primary=12, town_primary=9, rural_primary=14, rural_point=5))
    first = draw(schools, 10, seed=20251203)
    shuffled = list(schools)
    random.Random(1).shuffle(shuffled)
    again = draw(shuffled, 10, seed=20251203)
    assert [c.code for c in first.drawn] == [c.code for c in again.drawn]
    assert first.strata == again.strata
    assert first.seed == 20251203 and first.size == 10


def test_different_seeds_generally_draw_different_schools():
    schools = county(sizes(urban_primary=12, town_primary=9, rural_primary=14, rural_point=5))
    draws = {frozenset(c.code for c in draw(schools, 10, seed=seed).drawn) for seed in range(20)}
    assert len(draws) > 10
    # but always by the same allocation
    counts = {draw(schools, 10, seed=seed).strata for seed in range(5)}
    assert len(counts) == 1


def test_each_stratum_is_drawn_from_its_own_schools():
    schools = county(sizes(urban_primary=6, town_primary=4, rural_point=3))
    result = draw(schools, 5, seed=11)
    by_stratum: dict[tuple[str, str], int] = {}
    for candidate in result.drawn:
        by_stratum[candidate.stratum] = by_stratum.get(candidate.stratum, 0) + 1
    for count in result.strata:
        assert by_stratum.get((count.location, count.group), 0) == count.drawn
    assert len({c.code for c in result.drawn}) == len(result.drawn) == 5
