"""The mock national inspection draw (模拟国检抽校): N schools drawn at random, stratified as the
national inspection draws them (docs/standards.md §3, "The road to recognition": urban and
rural, 小学, 初中 and teaching points). Pure Python, no Django: the service feeds it the registry.

**Strata.** Each school falls in one stratum: its 城乡分类 (城区 / 镇区 / 乡村, the registry's
`location`) × its type group — 小学; 初中 (初级中学); 一贯制 (九年一贯制学校, 十二年一贯制学校,
完全中学); 教学点 (小学教学点). The strata are taken in that order (location first).

**Allocation** of the N places (N is cut to the county's number of schools when larger):

1. If N is smaller than the number of non-empty strata, the N largest strata get one school
   each (ties: the earlier stratum in the order above); the others none.
2. Otherwise every non-empty stratum gets at least one school, the rest in proportion to the
   strata's sizes: a stratum's share is (places) × (its schools) ÷ (schools of the strata still
   sharing). A stratum whose share is below one gets exactly one school and leaves the sharing;
   the shares of the others are computed again with the places left, until every share is at
   least one.
3. The shares are rounded by the largest remainder: each stratum gets its share rounded down,
   and the places still left go one each to the largest remainders (ties: the larger stratum,
   then the earlier one). A share is never larger than the stratum, so no stratum is over-drawn.

Shares are exact fractions, never floats, so the allocation is the same on every machine.

**Drawing.** `random.Random(seed)`; the strata are visited in the order above and in each the
schools, sorted by code, are sampled with `rng.sample`. The same schools, seed and N give the
same draw.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor

LOCATIONS: tuple[str, ...] = ("城区", "镇区", "乡村")

PRIMARY, JUNIOR, THROUGH, TEACHING_POINT = "primary", "junior", "through", "point"
GROUPS: tuple[str, ...] = (PRIMARY, JUNIOR, THROUGH, TEACHING_POINT)

# The registry's school types (registry.choices.SchoolType values) by type group.
TYPE_GROUPS: dict[str, str] = {
    "小学": PRIMARY,
    "初级中学": JUNIOR,
    "九年一贯制学校": THROUGH,
    "十二年一贯制学校": THROUGH,
    "完全中学": THROUGH,
    "小学教学点": TEACHING_POINT,
}

Stratum = tuple[str, str]  # (location, type group)
STRATA: tuple[Stratum, ...] = tuple((loc, group) for loc in LOCATIONS for group in GROUPS)


def type_group(school_type: str) -> str:
    """The type group of a registry school type."""
    try:
        return TYPE_GROUPS[school_type]
    except KeyError:
        raise ValueError(f"no type group for school type {school_type!r}") from None


@dataclass(frozen=True)
class Candidate:
    """A school that may be drawn."""

    id: int
    code: str
    location: str
    school_type: str

    @property
    def stratum(self) -> Stratum:
        return (self.location, type_group(self.school_type))


@dataclass(frozen=True)
class StratumCount:
    location: str
    group: str
    schools: int
    drawn: int


@dataclass(frozen=True)
class DrawResult:
    """What a draw recorded: the seed, N asked, the strata and the schools drawn (stratum order,
    then the order the generator picked them)."""

    seed: int
    size: int
    strata: tuple[StratumCount, ...]
    drawn: tuple[Candidate, ...]


def allocate(sizes: Mapping[Stratum, int], n: int) -> dict[Stratum, int]:
    """The number of schools to draw from each stratum (the rule in the module's docstring).

    `sizes` gives each stratum's number of schools, in the strata's order."""
    order = list(sizes)
    allocation = {stratum: 0 for stratum in order}
    live = [stratum for stratum in order if sizes[stratum] > 0]
    places = max(0, min(n, sum(sizes[stratum] for stratum in live)))
    if places == 0:
        return allocation
    if places < len(live):
        largest = sorted(live, key=lambda s: (-sizes[s], order.index(s)))
        for stratum in largest[:places]:
            allocation[stratum] = 1
        return allocation

    fixed: list[Stratum] = []
    while True:
        sharing = [stratum for stratum in live if stratum not in fixed]
        seats = places - len(fixed)
        pool = sum(sizes[stratum] for stratum in sharing)
        below_one = [s for s in sharing if Fraction(seats * sizes[s], pool) < 1]
        if not below_one:
            break
        fixed += below_one
    for stratum in fixed:
        allocation[stratum] = 1
    shares = {s: Fraction(seats * sizes[s], pool) for s in sharing}
    for stratum, share in shares.items():
        allocation[stratum] = floor(share)
    left = seats - sum(allocation[s] for s in sharing)
    by_remainder = sorted(
        sharing, key=lambda s: (-(shares[s] - allocation[s]), -sizes[s], order.index(s))
    )
    for stratum in by_remainder[:left]:
        allocation[stratum] += 1
    return allocation


def strata_of(candidates: Iterable[Candidate]) -> dict[Stratum, list[Candidate]]:
    """The candidates of each stratum (every stratum, in order), each list sorted by code."""
    members: dict[Stratum, list[Candidate]] = {stratum: [] for stratum in STRATA}
    for candidate in sorted(candidates, key=lambda c: c.code):
        members[candidate.stratum].append(candidate)
    return members


def draw(candidates: Sequence[Candidate], n: int, seed: int) -> DrawResult:
    """Draw N schools (at most all of them), stratified, reproducibly from the seed."""
    if n < 1:
        raise ValueError("a draw takes at least one school")
    members = strata_of(candidates)
    allocation = allocate({s: len(found) for s, found in members.items()}, n)
    rng = random.Random(seed)
    drawn: list[Candidate] = []
    counts = []
    for stratum in STRATA:
        found = members[stratum]
        picked = rng.sample(found, allocation[stratum]) if allocation[stratum] else []
        drawn += picked
        counts.append(StratumCount(stratum[0], stratum[1], len(found), len(picked)))
    return DrawResult(seed=seed, size=n, strata=tuple(counts), drawn=tuple(drawn))
