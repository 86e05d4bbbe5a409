"""Realistic synthetic school data in the school-data template (学校基本情况表).

Used by the demo, the tests and the national-scale benchmarks. ``generate`` returns one row
per school per year with exactly the template's English keys, in template order; ``write``
saves a frame as a bureau-style ``.xlsx`` (title and unit rows above the Chinese header),
a ``.csv`` (UTF-8 with BOM, Chinese headers) or a ``.parquet`` (English keys).

Each county has a county town (城区) with a few large primary and junior schools, one or two
完全中学 and sometimes a 十二年一贯制学校, private (民办) and directly-run (省市直属) schools;
every township seat has a 中心小学 and a junior school; villages have small primary schools
and 小学教学点 that belong to their township's 中心小学. Resources scatter around the
quality-2017 thresholds (STANDARDS.md §2): urban (城区) schools tend to be short of area per
student, rural schools of backbone and PE/art teachers.

The structure (counties, townships, schools, names, codes) is built in a Python loop over
schools; every number is computed column-wise with Polars from uniform draws. All randomness
comes from ``random.Random(seed).random()``, whose sequence Python keeps stable across
versions, so a seed gives the same data everywhere.
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Iterator, Sequence

import polars as pl

from junheng.evaluation.template import HEADERS, KEYS
from junheng.evaluation.template_files import SHEET_NAME
from junheng.template_writer import write_template

__all__ = ["COLUMNS", "HEADERS_ZH", "SCHOOL_TYPES", "SHEET_NAME", "generate", "write"]

# The template's columns, in template order: English key -> 中文表头 (school-data-template.md).
HEADERS_ZH: dict[str, str] = dict(HEADERS)
COLUMNS: tuple[str, ...] = KEYS

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

_SCHEMA: dict[str, pl.DataType] = {
    key: pl.String()
    for key in (
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
    )
}
_FLOAT_COLUMNS = ("teaching_room_area", "sports_area", "equipment_value")
_SCHEMA.update({key: pl.Float64() for key in _FLOAT_COLUMNS})
_SCHEMA.update({key: pl.Int64() for key in COLUMNS if key not in _SCHEMA})

# Size profiles: enrolment ranges (primary, junior, senior) drawn log-uniformly in the first year.
_KINDS: dict[str, tuple[int, int, int, int, int, int]] = {
    "urban_primary": (1500, 3000, 0, 0, 0, 0),
    "urban_junior": (0, 0, 1000, 2500, 0, 0),
    "urban_nine": (800, 1800, 500, 1200, 0, 0),
    "complete": (0, 0, 800, 2000, 1200, 3000),
    "town_complete": (0, 0, 500, 1200, 600, 1600),
    "twelve": (600, 1500, 400, 1000, 300, 1000),
    "town_central": (500, 1800, 0, 0, 0, 0),
    "xiang_central": (200, 700, 0, 0, 0, 0),
    "town_junior": (0, 0, 400, 1500, 0, 0),
    "xiang_junior": (0, 0, 150, 600, 0, 0),
    "rural_nine": (120, 600, 80, 450, 0, 0),
    "village": (50, 400, 0, 0, 0, 0),
    "point": (5, 120, 0, 0, 0, 0),
    "private_primary": (500, 1800, 0, 0, 0, 0),
    "private_junior": (0, 0, 500, 1500, 0, 0),
    "private_nine": (500, 1500, 300, 1000, 0, 0),
}

# Provincial prefixes of administrative division codes (municipalities without counties left out).
_PROVINCES = (
    *("13", "14", "15", "21", "22", "23", "32", "33", "34", "35", "36", "37", "41", "42"),
    *("43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"),
)
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


class _Rng:
    """Only ``random.random()`` is stable across Python versions; everything derives from it."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed).random

    def random(self) -> float:
        return self._random()

    def uniform(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self._random()

    def integer(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi]."""
        return lo + min(int(self._random() * (hi - lo + 1)), hi - lo)

    def chance(self, p: float) -> bool:
        return self._random() < p

    def choice(self, items: Sequence[str]) -> str:
        return items[self.integer(0, len(items) - 1)]

    def sample(self, items: Sequence[str], k: int) -> list[str]:
        pool = list(items)
        for i in range(k):
            j = self.integer(i, len(pool) - 1)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def column(self, n: int) -> list[float]:
        rnd = self._random
        return [rnd() for _ in range(n)]


def generate(
    *,
    counties: int,
    seed: int,
    years: tuple[int, ...] = (2025,),
    schools_per_county: int | None = None,
) -> pl.DataFrame:
    """Generate synthetic school data: one row per school per year, in the template's columns.

    Args:
        counties: number of counties (each with its own 6-digit code and "XX县" name).
        seed: the random seed; the same arguments always give the same frame.
        years: the statistical years. Schools persist across years with their codes; enrolment
            moves by up to about ±10 % a year and resources grow a little.
        schools_per_county: schools in every county (at least 10); by default each county
            draws its own size (30–300, about 84 on average).

    Returns:
        A frame whose columns are ``COLUMNS`` in order, sorted by year, county and school;
        codes are strings, counts Int64 (``senior_students`` null for schools without a senior
        section), areas (m²) and ``equipment_value`` (万元) Float64.
    """
    if counties < 1:
        raise ValueError(f"counties must be at least 1, got {counties}")
    if not years:
        raise ValueError("years must name at least one year")
    if len(set(years)) != len(years):
        raise ValueError(f"years must not repeat, got {years}")
    if schools_per_county is not None and schools_per_county < 10:
        raise ValueError(f"schools_per_county must be at least 10, got {schools_per_county}")
    capacity = len(_PROVINCES) * 20 * 20
    if counties > capacity:
        raise ValueError(f"at most {capacity} counties can be generated, got {counties}")

    rng = _Rng(seed)
    skeleton = _skeleton(rng, counties, schools_per_county)
    n = skeleton.height
    state = _first_year(skeleton, _uniforms(rng, n, _FIRST_YEAR_DRAWS))
    ordered = sorted(years)
    frames = []
    for i, year in enumerate(ordered):
        if i:
            draws = _uniforms(rng, n, _NEXT_YEAR_DRAWS)
            state = _next_year(state, draws, steps=year - ordered[i - 1])
        frames.append(_materialise(state, year))
    return pl.concat(frames, how="vertical", rechunk=True)


def write(df: pl.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write a template frame by the file's suffix (see `junheng.template_writer`)."""
    write_template(df, path)


# --- structure ------------------------------------------------------------------------------


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


def _county_sizes(rng: _Rng, counties: int, fixed: int | None) -> list[int]:
    if fixed is not None:
        return [fixed] * counties
    sizes = []
    for _ in range(counties):
        # Log-normal, median 74 (mean ≈ 84 after clipping), clipped to 30–300.
        z = math.sqrt(-2.0 * math.log(1.0 - rng.random())) * math.cos(2 * math.pi * rng.random())
        sizes.append(min(300, max(30, round(74 * math.exp(0.5 * z)))))
    return sizes


def _county_codes(rng: _Rng, counties: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < counties:
        prov = rng.choice(_PROVINCES)
        codes.add(f"{prov}{rng.integer(1, 20):02d}{rng.integer(21, 40):02d}")
    return sorted(codes)


def _names(rng: _Rng, first: str, second: str, k: int, suffix: str = "") -> list[str]:
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


def _name_stream(rng: _Rng) -> Iterator[str]:
    """Distinct village names (马庄, 王家坪, ...), drawn on demand."""
    seen: set[str] = set()
    while True:
        a, b = rng.choice(_PLACE_FIRST), rng.choice(_PLACE_SECOND)
        name = a + "家" + b if rng.chance(0.2) else a + b
        if a != b and name not in seen:
            seen.add(name)
            yield name


def _skeleton(rng: _Rng, counties: int, schools_per_county: int | None) -> pl.DataFrame:
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


def _county_schools(rng: _Rng, county: str, size: int) -> list[dict[str, str | None]]:
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


# --- numbers --------------------------------------------------------------------------------

# Uniform draws per school: u_* shape the first year, z* feed normals, f_* size the minimum
# plant of small schools, r_* are kept for stochastic rounding in every year, g_* move a year on.
_FIRST_YEAR_DRAWS = (
    *("u_np", "u_nj", "u_ns", "u_big", "u_csp", "u_csj", "u_rp", "u_rj", "u_tcp", "u_tcj"),
    *("u_qp", "u_qj", "u_tp", "u_tj", "u_bp", "u_bj", "u_ap", "u_aj", "u_mm", "u_mmx"),
    *("u_bkp", "u_bkj", "u_bks", "z1", "z2", "z3", "z4", "z5", "z6"),
    *("f_area", "f_sport", "f_equip", "f_comp", "f_book"),
    *("r_qp", "r_qj", "r_tp", "r_tj", "r_bp", "r_bj", "r_ap", "r_aj", "r_tep", "r_tej", "r_mm"),
)
_NEXT_YEAR_DRAWS = (
    *("g_np", "g_nj", "g_ns", "g_qp", "g_qj"),
    *("g_area", "g_sport", "g_equip", "g_comp", "g_book", "g_mm"),
)


def _uniforms(rng: _Rng, n: int, names: Sequence[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {name: rng.column(n) for name in names}, schema=dict.fromkeys(names, pl.Float64())
    )


def _u(col: str, lo: float | pl.Expr, hi: float | pl.Expr) -> pl.Expr:
    """Uniform on [lo, hi] from the uniform draw ``col``."""
    return lo + (hi - lo) * pl.col(col)


def _by_loc(urban: float | pl.Expr, town: float | pl.Expr, rural: float | pl.Expr) -> pl.Expr:
    loc = pl.col("location")
    return pl.when(loc == URBAN).then(urban).when(loc == TOWN).then(town).otherwise(rural)


def _normals(a: str, b: str) -> tuple[pl.Expr, pl.Expr]:
    """Two standard normals from two uniform draws (Box–Muller)."""
    radius = (-2.0 * (1.0 - pl.col(a)).log()).sqrt()
    angle = 2 * math.pi * pl.col(b)
    return radius * angle.cos(), radius * angle.sin()


def _first_year(skeleton: pl.DataFrame, draws: pl.DataFrame) -> pl.DataFrame:
    """Per-school state of the first year: enrolment, stable rates and resource stocks."""
    kinds = pl.DataFrame(
        [(k, *v) for k, v in _KINDS.items()],
        schema=["kind", "p_lo", "p_hi", "j_lo", "j_hi", "s_lo", "s_hi"],
        orient="row",
    )
    df = skeleton.join(kinds, on="kind", how="left", maintain_order="left").hstack(draws)
    is_point = pl.col("school_type") == POINT
    big_class = pl.col("u_big") < _by_loc(0.25, 0.08, 0.0)

    def students(level: str) -> pl.Expr:
        lo, hi = pl.col(f"{level}_lo").cast(pl.Float64), pl.col(f"{level}_hi").cast(pl.Float64)
        value = lo * (hi / lo.clip(lower_bound=1)).pow(pl.col(f"u_n{level}"))
        return pl.when(pl.col(f"{level}_hi") > 0).then(value.round().cast(pl.Int64)).otherwise(0)

    z_area, z_sport = _normals("z1", "z2")
    z_equip, z_comp = _normals("z3", "z4")
    z_book, _ = _normals("z5", "z6")
    private = pl.col("ownership") == PRIVATE
    direct = pl.col("affiliation") == DIRECT
    df = df.with_columns(
        n_p=students("p"),
        n_j=students("j"),
        n_s=students("s"),
        # Class size targets: mostly 30-50; some urban and town schools 56-70 (大班额).
        cs_p=pl.when(big_class)
        .then(_u("u_csp", 56, 70))
        .otherwise(_by_loc(_u("u_csp", 38, 50), _u("u_csp", 34, 48), _u("u_csp", 30, 45))),
        cs_j=pl.when(big_class)
        .then(_u("u_csj", 56, 68))
        .otherwise(_by_loc(_u("u_csj", 40, 50), _u("u_csj", 36, 50), _u("u_csj", 30, 46))),
        # Students per teacher (the 19:1 / 13.5:1 norms, worse in crowded schools) and the
        # minimum teachers per class that small schools need.
        ratio_p=pl.when(big_class).then(_u("u_rp", 20, 26)).otherwise(_u("u_rp", 16, 21)),
        ratio_j=pl.when(big_class).then(_u("u_rj", 14, 18)).otherwise(_u("u_rj", 11, 14.5)),
        per_class_p=pl.when(is_point).then(_u("u_tcp", 1.0, 1.5)).otherwise(_u("u_tcp", 1.3, 1.8)),
        per_class_j=_u("u_tcj", 2.6, 3.4),
        # Shares of teachers: qualified (小学 专科+, 初中 本科+), senior titles, backbone, PE/art.
        share_qp=_by_loc(_u("u_qp", 0.90, 1.0), _u("u_qp", 0.85, 1.0), _u("u_qp", 0.72, 1.0)),
        share_qj=_by_loc(_u("u_qj", 0.85, 1.0), _u("u_qj", 0.78, 0.98), _u("u_qj", 0.66, 0.95)),
        share_tp=_by_loc(_u("u_tp", 0.40, 0.70), _u("u_tp", 0.35, 0.65), _u("u_tp", 0.20, 0.55)),
        share_tj=_by_loc(_u("u_tj", 0.40, 0.70), _u("u_tj", 0.35, 0.65), _u("u_tj", 0.25, 0.60)),
        share_bp=_by_loc(_u("u_bp", 0.18, 0.36), _u("u_bp", 0.14, 0.32), _u("u_bp", 0.08, 0.30))
        * pl.when(private).then(0.6).otherwise(1.0),
        share_bj=_by_loc(_u("u_bj", 0.15, 0.32), _u("u_bj", 0.12, 0.28), _u("u_bj", 0.07, 0.24))
        * pl.when(private).then(0.6).otherwise(1.0),
        share_ap=_by_loc(_u("u_ap", 0.16, 0.27), _u("u_ap", 0.14, 0.26), _u("u_ap", 0.08, 0.26)),
        share_aj=_by_loc(_u("u_aj", 0.13, 0.22), _u("u_aj", 0.11, 0.21), _u("u_aj", 0.07, 0.22)),
        mm_cover=pl.when(is_point)
        .then(_u("u_mm", 0.3, 1.2))
        .otherwise(_by_loc(_u("u_mm", 1.05, 1.5), _u("u_mm", 0.9, 1.35), _u("u_mm", 0.7, 1.3))),
        # Resource levels relative to the quality-2017 standard (1 = exactly at the threshold).
        lvl_area=(_by_loc(math.log(1.15), math.log(1.3), math.log(1.5)) + 0.22 * z_area).exp()
        * pl.when(big_class).then(0.8).otherwise(1.0),
        lvl_sport=(_by_loc(math.log(1.15), math.log(1.35), math.log(1.6)) + 0.3 * z_sport).exp()
        * pl.when(big_class).then(0.8).otherwise(1.0),
        lvl_equip=(_by_loc(math.log(1.4), math.log(1.3), math.log(1.3)) + 0.3 * z_equip).exp(),
        comp_per_100=(_by_loc(math.log(12), math.log(11), math.log(10)) + 0.3 * z_comp).exp(),
        book_level=(_by_loc(math.log(1.05), math.log(1.0), math.log(0.9)) + 0.25 * z_book).exp(),
        rich=pl.when(direct).then(1.2).when(private).then(1.1).otherwise(1.0),
    )
    df = df.with_columns(_classes())
    # Senior classes are not in the template but take rooms too.
    senior_classes = (pl.col("n_s") / pl.col("cs_j")).round()
    classes = pl.col("primary_classes") + pl.col("junior_classes") + senior_classes
    n_all = pl.col("n_p") + pl.col("n_j") + pl.col("n_s")
    n_p, n_j, n_s = (pl.col(c).cast(pl.Float64) for c in ("n_p", "n_j", "n_s"))
    rich = pl.col("rich")
    # Small schools have a minimum plant however few their pupils.
    area_floor = classes * _u("f_area", 45, 70) + _u("f_area", 60, 300)
    sport_floor = pl.when(is_point).then(_u("f_sport", 0, 400)).otherwise(_u("f_sport", 400, 2500))
    equip_floor = pl.when(is_point).then(_u("f_equip", 2e4, 6e4)).otherwise(_u("f_equip", 5e4, 2e5))
    comp_floor = pl.when(is_point).then(_u("f_comp", 1, 6)).otherwise(_u("f_comp", 10, 40))
    book_floor = pl.when(is_point).then(_u("f_book", 300, 1500)).otherwise(_u("f_book", 2e3, 6e3))
    per_student_books = (
        n_p * _u("u_bkp", 20, 36) + n_j * _u("u_bkj", 28, 48) + n_s * _u("u_bks", 35, 60)
    )
    return df.with_columns(
        area=pl.max_horizontal(
            (4.5 * n_p + 5.8 * n_j + 7.0 * n_s) * pl.col("lvl_area") * rich, area_floor
        ),
        sport=pl.max_horizontal(
            (7.5 * n_p + 10.2 * n_j + 11.0 * n_s) * pl.col("lvl_sport") * rich, sport_floor
        ),
        equip=pl.max_horizontal(
            (2000 * n_p + 2500 * n_j + 3000 * n_s) * pl.col("lvl_equip") * rich, equip_floor
        ),
        comp=pl.max_horizontal(n_all * pl.col("comp_per_100") / 100 * rich, comp_floor),
        book=pl.max_horizontal(per_student_books * pl.col("book_level"), book_floor),
        mm=(
            classes * pl.col("mm_cover")
            + pl.min_horizontal(classes / 4, 6) * pl.col("u_mmx")  # labs and special rooms
            + pl.col("r_mm")
        ).floor(),
    ).drop(
        *(c for c in draws.columns if not c.startswith("r_")),
        "p_lo",
        "p_hi",
        "j_lo",
        "j_hi",
        "s_lo",
        "s_hi",
        "primary_classes",
        "junior_classes",
    )


def _classes() -> list[pl.Expr]:
    """Class counts from enrolment and class-size target (small schools keep a class per
    grade or two, 复式 for the smallest)."""
    is_point = pl.col("school_type") == POINT
    out = []
    for level, size, grades, per in (("p", "cs_p", 6, 15), ("j", "cs_j", 3, 20)):
        n = pl.col(f"n_{level}")
        grades_expr = pl.when(is_point).then(3).otherwise(grades) if level == "p" else grades
        by_size = (n / pl.col(size)).round()
        minimum = pl.min_horizontal(grades_expr, (n / per).ceil())
        count = pl.min_horizontal(pl.max_horizontal(by_size, minimum, 1), n)
        name = "primary_classes" if level == "p" else "junior_classes"
        out.append(pl.when(n > 0).then(count).otherwise(0).cast(pl.Int64).alias(name))
    return out


def _next_year(state: pl.DataFrame, draws: pl.DataFrame, *, steps: int) -> pl.DataFrame:
    """Advance the state by ``steps`` years: enrolment drifts (county town up, villages down) by at
    most about 10 % a year, teacher qualifications improve and resources grow a little."""
    df = state.hstack(draws)
    drift = _by_loc(0.015, 0.0, -0.02)

    def enrol(level: str) -> pl.Expr:
        n = pl.col(f"n_{level}")
        factor = (1 + drift + _u(f"g_n{level}", -0.07, 0.07)).pow(steps)
        return (
            pl.when(n > 0)
            .then((n * factor).round().cast(pl.Int64).clip(lower_bound=1))
            .otherwise(0)
        )

    def grow(col: str, draw: str, lo: float, hi: float) -> pl.Expr:
        return pl.col(col) * (1 + _u(draw, lo, hi)).pow(steps)

    return df.with_columns(
        n_p=enrol("p"),
        n_j=enrol("j"),
        n_s=enrol("s"),
        share_qp=(pl.col("share_qp") + steps * _u("g_qp", 0, 0.015)).clip(upper_bound=1.0),
        share_qj=(pl.col("share_qj") + steps * _u("g_qj", 0, 0.02)).clip(upper_bound=1.0),
        area=grow("area", "g_area", 0, 0.02),
        sport=grow("sport", "g_sport", 0, 0.015),
        equip=grow("equip", "g_equip", 0.01, 0.08),
        comp=grow("comp", "g_comp", 0, 0.06),
        book=grow("book", "g_book", 0, 0.05),
        mm=(pl.col("mm") * (1 + _u("g_mm", 0, 0.05)).pow(steps)).floor(),
    ).drop(draws.columns)


def _materialise(state: pl.DataFrame, year: int) -> pl.DataFrame:
    """The template rows of one year from the state."""
    df = state.with_columns(_classes())
    teacher_cols = []
    for level, name in (("p", "primary"), ("j", "junior")):
        n = pl.col(f"n_{level}")
        by_ratio = (n / pl.col(f"ratio_{level}")).round()
        by_class = (
            pl.col(f"{name}_classes") * pl.col(f"per_class_{level}") + pl.col(f"r_te{level}")
        ).floor()
        teachers = pl.when(n > 0).then(pl.max_horizontal(by_ratio, by_class, 1)).otherwise(0)
        teacher_cols.append(teachers.cast(pl.Int64).alias(f"{name}_teachers"))
    df = df.with_columns(teacher_cols)
    sub = []
    for level, name in (("p", "primary"), ("j", "junior")):
        teachers = pl.col(f"{name}_teachers")
        for share, rnd, col in (
            ("share_q", "r_q", "qualified_teachers"),
            ("share_t", "r_t", "senior_title_teachers"),
            ("share_b", "r_b", "backbone_teachers"),
            ("share_a", "r_a", "pe_art_teachers"),
        ):
            # Stochastic rounding keeps the expected share for small staffs.
            count = (teachers * pl.col(f"{share}{level}") + pl.col(f"{rnd}{level}")).floor()
            sub.append(pl.min_horizontal(count, teachers).cast(pl.Int64).alias(f"{name}_{col}"))
    has_senior = pl.col("school_type").is_in([COMPLETE, TWELVE])
    return df.with_columns(
        *sub,
        year=pl.lit(year, dtype=pl.Int64),
        primary_students=pl.col("n_p"),
        junior_students=pl.col("n_j"),
        senior_students=pl.when(has_senior).then(pl.col("n_s")).otherwise(None),
        teaching_room_area=pl.col("area").round(1),
        sports_area=pl.col("sport").round(1),
        equipment_value=(pl.col("equip") / 10_000).round(2),
        computers=pl.col("comp").round().cast(pl.Int64),
        books=pl.col("book").round().cast(pl.Int64),
        multimedia_classrooms=pl.col("mm").cast(pl.Int64),
    ).select(pl.col(key).cast(_SCHEMA[key]) for key in COLUMNS)
