"""The structure of synthetic counties: townships and schools, their names and codes.

Each county has a county town (城区) with a few large primary and junior schools, one or two
完全中学 and sometimes a 十二年一贯制学校, private (民办) and directly-run (省市直属) schools;
every township seat has a 中心小学 and a junior school; villages have small primary schools
and 小学教学点 that belong to their township's 中心小学. Built in a Python loop over schools;
each school gets a size profile (``kind``, see `figures.KINDS`) its numbers are drawn from.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import polars as pl

from junheng.demo_data.randomness import Rng

PRIMARY, JUNIOR, NINE, COMPLETE, TWELVE, POINT = (
    "小学",
    "初级中学",
    "九年一贯制学校",
    "完全中学",
    "十二年一贯制学校",
    "小学教学点",
)
SCHOOL_TYPES: tuple[str, ...] = (PRIMARY, JUNIOR, NINE, COMPLETE, TWELVE, POINT)
URBAN, TOWN, RURAL = "城区", "镇区", "乡村"
PUBLIC, PRIVATE = "公办", "民办"
COUNTY_RUN, DIRECT = "县属", "省市直属"

# Provincial prefixes of administrative division codes (municipalities without counties left out).
PROVINCES = (
    *("13", "14", "15", "21", "22", "23", "32", "33", "34", "35", "36", "37", "41", "42"),
    *("43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"),
)
# A county code is the province's prefix, a prefecture 01–20 and a county 21–40.
MAX_COUNTIES = len(PROVINCES) * 20 * 20
_COUNTY_FIRST = (
    "安宝保北宾昌长崇大丹德东福富阜高广固海汉和河横洪华怀淮黄惠吉嘉建江金靖静开康乐黎丽临灵隆"
    "龙鹿罗眉米绵南宁平蒲普祁千庆清曲仁荣瑞三沙山商上邵神石寿双顺泗松绥太泰天通桐望威文武西夏"
    "仙湘襄新信兴秀宣延阳宜义永攸余玉元岳云泽漳昭正志中竹资紫遵"
)
_COUNTY_SECOND = (
    "安城川丰峰和河化华江康乐陵宁平坪浦强清泉山水顺台潭亭通溪"
    "阳阴邑源远州原定德昌兴武仁林门南西东谷口池湖"
)
_PLACE_FIRST = (
    "马牛王张李赵刘陈杨黄周吴徐孙胡朱高林何郭罗郑梁谢宋唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋"
    "蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
    "雷钱汤尹黎易常武乔贺赖龚文东西南北上下大小新老前后青红柳桃杏枣松槐双三五七九"
)
_PLACE_SECOND = (
    "庄坪沟湾坝堡寨营店铺集口河源泉溪林峰岭川岗塬桥山湖洲场台峪关池楼园屯滩渠垭坡头寺洼畈埠墩岔坎"
)
_STREETS = ("东城街道", "西城街道", "南关街道", "北关街道", "城南街道", "城北街道")
_ORDINALS = "一二三四五六七八九十"
_PRIVATE_NAMES = (
    *("育才", "博文", "英才", "启明", "明德", "培英"),
    *("新星", "华英", "育英", "博雅", "思源"),
)


class _Skeleton:
    """Column lists of the per-school structure, filled school by school."""

    FIELDS = (
        "county_code",
        "county_name",
        "township",
        "school_code",
        "school_name",
        "school_type",
        "parent_school_code",
        "location",
        "ownership",
        "affiliation",
        "kind",
    )

    def __init__(self) -> None:
        self.cols: dict[str, list[str | None]] = {f: [] for f in self.FIELDS}

    def add(self, school: dict[str, str | None]) -> None:
        for field in self.FIELDS:
            self.cols[field].append(school.get(field))


def _school(
    township: str,
    name: str,
    school_type: str,
    location: str,
    kind: str,
    *,
    ownership: str = PUBLIC,
    affiliation: str = COUNTY_RUN,
    parent: str | None = None,
) -> dict[str, str | None]:
    return {
        "township": township,
        "school_name": name,
        "school_type": school_type,
        "location": location,
        "kind": kind,
        "ownership": ownership,
        "affiliation": affiliation,
        "parent_school_code": parent,
    }


def _county_sizes(rng: Rng, counties: int, fixed: int | None) -> list[int]:
    if fixed is not None:
        return [fixed] * counties
    sizes = []
    for _ in range(counties):
        # Log-normal, median 74 (mean ≈ 84 after clipping), clipped to 30–300.
        z = math.sqrt(-2.0 * math.log(1.0 - rng.random())) * math.cos(2 * math.pi * rng.random())
        sizes.append(min(300, max(30, round(74 * math.exp(0.5 * z)))))
    return sizes


def _county_codes(rng: Rng, counties: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < counties:
        prov = rng.choice(PROVINCES)
        codes.add(f"{prov}{rng.integer(1, 20):02d}{rng.integer(21, 40):02d}")
    return sorted(codes)


def _names(rng: Rng, first: str, second: str, k: int, suffix: str = "") -> list[str]:
    """k two-character names (plus suffix), distinct as long as unused pairs remain."""
    pairs = len(first) * len(second) - len(set(first) & set(second))
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < k:
        a, b = rng.choice(first), rng.choice(second)
        if a == b or (a + b in seen and len(seen) < pairs):
            continue
        seen.add(a + b)
        names.append(a + b + suffix)
    return names


def _name_stream(rng: Rng) -> Iterator[str]:
    """Distinct village names (马庄, 王家坪, ...), drawn on demand."""
    seen: set[str] = set()
    while True:
        a, b = rng.choice(_PLACE_FIRST), rng.choice(_PLACE_SECOND)
        name = a + "家" + b if rng.chance(0.2) else a + b
        if a != b and name not in seen:
            seen.add(name)
            yield name


def skeleton(rng: Rng, counties: int, schools_per_county: int | None) -> pl.DataFrame:
    """One row per school: county, township, code, name, type, location, ownership,
    affiliation, parent school of a teaching point, and the size profile (``kind``) the
    figures draw its enrolment from."""
    sizes = _county_sizes(rng, counties, schools_per_county)
    codes = _county_codes(rng, counties)
    county_names = _names(rng, _COUNTY_FIRST, _COUNTY_SECOND, counties, "县")
    sk = _Skeleton()
    serial: dict[str, int] = {}
    for code, name, size in zip(codes, county_names, sizes, strict=True):
        prov = code[:2]
        if prov not in serial:
            serial[prov] = rng.integer(1000, 90000)
        schools = _county_schools(rng, name, size)
        by_name: dict[str, str] = {}
        for school in schools:
            serial[prov] += rng.integer(1, 3)
            school_code = f"2{prov}{serial[prov]:07d}"
            by_name[str(school["school_name"])] = school_code
            school["school_code"] = school_code
            school["county_code"] = code
            school["county_name"] = name
        for school in schools:
            if school["parent_school_code"] is not None:
                school["parent_school_code"] = by_name[str(school["parent_school_code"])]
            sk.add(school)
    return pl.DataFrame(sk.cols, schema=dict.fromkeys(_Skeleton.FIELDS, pl.String()))


def _county_schools(rng: Rng, county: str, size: int) -> list[dict[str, str | None]]:
    """The schools of one county, exactly ``size`` of them, grouped by township."""
    big = size >= 40
    n_townships = min(18, max(3, round(size / 6.5 + rng.uniform(-1.5, 1.5))))
    n_urban_primary = min(12, max(1, round(size * 0.045 + rng.uniform(-1, 1))))
    n_urban_junior = min(8, max(1, round(size * 0.03 + rng.uniform(-1, 1))))
    n_complete = 2 if big and rng.chance(0.4) else 1
    n_twelve = 1 if big and rng.chance(0.1) else 0
    n_nine = min(6, max(0, round(size * 0.025 + rng.uniform(-1, 1))))
    n_private = (0, 1, 1, 2, 2, 3)[rng.integer(0, 5)] if big else 0
    n_direct = 1 if big and rng.chance(0.12) else 0
    n_streets = rng.integer(1, 2) if size >= 120 else 0

    def fixed() -> int:
        return (
            n_urban_primary
            + n_urban_junior
            + n_complete
            + n_twelve
            + n_nine
            + n_private
            + n_direct
            + 2 * (n_townships - 1)
        )

    while fixed() > size - 2:  # only reachable for the smallest counties
        if n_nine:
            n_nine -= 1
        elif n_townships > 2:
            n_townships -= 1
        else:
            n_urban_junior = n_urban_primary = 1

    others = _names(rng, _PLACE_FIRST, _PLACE_SECOND, n_townships - 1)
    townships = ["城关镇"] + [t + ("乡" if rng.chance(0.3) else "镇") for t in others]
    streets = list(_STREETS[:n_streets])
    urban_areas = ["城关镇", *streets]
    buckets: dict[str, list[dict[str, str | None]]] = {t: [] for t in [*streets, *townships]}
    urban: list[dict[str, str | None]] = []

    def urban_township() -> str:
        return rng.choice(urban_areas)

    primaries = [
        f"{county}实验小学",
        f"{county}第二实验小学",
        "城关第一小学",
        "城关第二小学",
        "城关第三小学",
        f"{county}东关小学",
        f"{county}西关小学",
        f"{county}第三实验小学",
        "城关第四小学",
        "城关第五小学",
        f"{county}南街小学",
    ]
    urban.append(_school("城关镇", "城关镇中心小学", PRIMARY, URBAN, "urban_primary"))
    for name in primaries[: n_urban_primary - 1]:
        urban.append(_school(urban_township(), name, PRIMARY, URBAN, "urban_primary"))
    juniors = [f"{county}实验中学"] + [f"{county}第{o}初级中学" for o in _ORDINALS[:7]]
    for name in juniors[:n_urban_junior]:
        urban.append(_school(urban_township(), name, JUNIOR, URBAN, "urban_junior"))
    urban.append(_school(urban_township(), f"{county}中学", COMPLETE, URBAN, "complete"))

    rural_townships = townships[1:]
    complete_township = None
    if n_complete == 2:
        if rural_townships and rng.chance(0.5):
            complete_township = rng.choice(rural_townships)
            name = f"{complete_township}中学"
            buckets[complete_township].append(
                _school(complete_township, name, COMPLETE, TOWN, "town_complete")
            )
        else:
            name = f"{county}第二中学"
            urban.append(_school(urban_township(), name, COMPLETE, URBAN, "complete"))
    if n_twelve:
        private = rng.chance(0.6)
        name = f"{county}{rng.choice(_PRIVATE_NAMES)}外国语学校" if private else f"{county}实验学校"
        own = PRIVATE if private else PUBLIC
        urban.append(_school(urban_township(), name, TWELVE, URBAN, "twelve", ownership=own))
    if n_direct:
        city = _names(rng, _COUNTY_FIRST, _COUNTY_SECOND, 1)[0]
        if rng.chance(0.6):
            name, stype, kind = f"{city}市第{rng.choice(_ORDINALS[2:])}中学", COMPLETE, "complete"
        else:
            name, stype, kind = f"{city}师范学院附属小学", PRIMARY, "urban_primary"
        school = _school(urban_township(), name, stype, URBAN, kind, affiliation=DIRECT)
        urban.append(school)
    private_names = rng.sample(_PRIVATE_NAMES, n_private)
    for pname in private_names:
        kind = ("private_primary", "private_nine", "private_nine", "private_junior")[
            rng.integer(0, 3)
        ]
        stype = {"private_primary": PRIMARY, "private_nine": NINE, "private_junior": JUNIOR}[kind]
        suffix = {PRIMARY: "小学", NINE: "学校", JUNIOR: "中学"}[stype]
        name = f"{county}{pname}{suffix}"
        if rural_townships and rng.chance(0.2):
            t = rng.choice(rural_townships)
            buckets[t].append(_school(t, name, stype, TOWN, kind, ownership=PRIVATE))
        else:
            urban.append(_school(urban_township(), name, stype, URBAN, kind, ownership=PRIVATE))

    # Township seats: a 中心小学 and a junior school each (乡 seats count as 乡村).
    for t in rural_townships:
        xiang = t.endswith("乡")
        loc = RURAL if xiang else TOWN
        central = "xiang_central" if xiang else "town_central"
        buckets[t].append(_school(t, f"{t}中心小学", PRIMARY, loc, central))
        jname = f"{t}初级中学" if t == complete_township or rng.chance(0.5) else f"{t}中学"
        jkind = "xiang_junior" if xiang else "town_junior"
        buckets[t].append(_school(t, jname, JUNIOR, loc, jkind))

    # Villages: 九年一贯制 schools, 村小 and 教学点 spread over the townships.
    village_names = {t: _name_stream(rng) for t in townships}
    weights = [rng.uniform(0.4, 1.6) for _ in townships]
    total_weight = sum(weights)

    def pick_township() -> str:
        x = rng.random() * total_weight
        for t, w in zip(townships, weights, strict=True):
            x -= w
            if x <= 0:
                return t
        return townships[-1]

    urban_nine_names = iter([f"{county}第{o}实验学校" for o in _ORDINALS])
    for _ in range(n_nine):
        if not rural_townships or rng.chance(0.25):
            name = next(urban_nine_names)
            urban.append(_school(urban_township(), name, NINE, URBAN, "urban_nine"))
        else:
            t = rng.choice(rural_townships)
            loc = TOWN if rng.chance(0.3) and not t.endswith("乡") else RURAL
            name = f"{t}{next(village_names[t])}九年制学校"
            buckets[t].append(_school(t, name, NINE, loc, "rural_nine"))

    rest = size - len(urban) - sum(len(b) for b in buckets.values())
    n_points = round(rest * rng.uniform(0.25, 0.55))
    villages: dict[str, list[dict[str, str | None]]] = {t: [] for t in townships}
    points: dict[str, list[dict[str, str | None]]] = {t: [] for t in townships}
    for i in range(rest):
        t = pick_township()
        village = next(village_names[t])
        if i < n_points:
            parent = "城关镇中心小学" if t == "城关镇" else f"{t}中心小学"
            name = f"{t}{village}教学点"
            points[t].append(_school(t, name, POINT, RURAL, "point", parent=parent))
        else:
            name = f"{t}{village}小学"
            villages[t].append(_school(t, name, PRIMARY, RURAL, "village"))

    schools = list(urban)
    for t in [*streets, *townships]:
        schools += buckets[t] + villages.get(t, []) + points.get(t, [])
    return schools
