"""The figures of synthetic schools: enrolment, classes, teachers and resources, per year.

Every number is computed column-wise with Polars from uniform draws (a column of draws per
school and purpose, from `randomness.Rng`). Resources scatter around the quality-2017
thresholds (docs/standards.md §2): urban (城区) schools tend to be short of area per student, rural
schools of backbone and PE/art teachers. A later year moves enrolment by up to about ±10 % a
year and grows resources a little.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import polars as pl

from junheng.demo_data.randomness import Rng
from junheng.demo_data.schools import COMPLETE, DIRECT, POINT, PRIVATE, TOWN, TWELVE, URBAN
from junheng.evaluation.template import CLASS_SIZE_LIMITS, KEYS, LARGE_CLASS, VERY_LARGE_CLASS

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
_FLOAT_KEYS = ("teaching_room_area", "sports_area", "equipment_value")
_SCHEMA.update({key: pl.Float64() for key in _FLOAT_KEYS})
_SCHEMA.update({key: pl.Int64() for key in KEYS if key not in _SCHEMA})

# Size profiles (a school's ``kind``): enrolment ranges (primary, junior, senior) drawn
# log-uniformly in the first year.
KINDS: dict[str, tuple[int, int, int, int, int, int]] = {
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


def _uniforms(rng: Rng, n: int, names: Sequence[str]) -> pl.DataFrame:
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


def first_year(skeleton: pl.DataFrame, rng: Rng) -> pl.DataFrame:
    """Per-school state of the first year: enrolment, stable rates and resource stocks."""
    draws = _uniforms(rng, skeleton.height, _FIRST_YEAR_DRAWS)
    kinds = pl.DataFrame(
        [(k, *v) for k, v in KINDS.items()],
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


def _even_classes_within(n: pl.Expr, classes: pl.Expr, lo: int, hi: int | None) -> pl.Expr:
    """How many of `classes` hold lo..hi students (hi None: no upper bound) when `n` students
    are spread as evenly as they go (each class q or q + 1)."""
    low = n // classes.clip(lower_bound=1)
    fuller = n - low * classes  # the classes of low + 1 students

    def holds(size: pl.Expr) -> pl.Expr:
        return (size >= lo) & (size <= hi) if hi is not None else size >= lo

    return pl.when(holds(low)).then(classes - fuller).otherwise(0) + pl.when(holds(low + 1)).then(
        fuller
    ).otherwise(0)


def _class_bands() -> list[pl.Expr]:
    """The template's optional class-size bands, with a level's students spread as evenly as
    they go over its classes: the same classes as the average, no new draw."""
    out = []
    for level, n in (("primary", pl.col("n_p")), ("junior", pl.col("n_j"))):
        classes = pl.col(f"{level}_classes")
        bands = {
            "classes_over_limit": (CLASS_SIZE_LIMITS[level] + 1, None),
            "large_classes": LARGE_CLASS,
            "very_large_classes": (VERY_LARGE_CLASS, None),
        }
        for stem, (lo, hi) in bands.items():
            count = pl.when(classes > 0).then(_even_classes_within(n, classes, lo, hi))
            out.append(count.otherwise(0).cast(pl.Int64).alias(f"{level}_{stem}"))
    return out


def next_year(state: pl.DataFrame, rng: Rng, *, steps: int) -> pl.DataFrame:
    """Advance the state by ``steps`` years: enrolment drifts (county town up, villages down) by at
    most about 10 % a year, teacher qualifications improve and resources grow a little."""
    draws = _uniforms(rng, state.height, _NEXT_YEAR_DRAWS)
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


def materialise(state: pl.DataFrame, year: int) -> pl.DataFrame:
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
    return (
        df.with_columns(
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
        )
        .with_columns(_class_bands())
        .select(pl.col(key).cast(_SCHEMA[key]) for key in KEYS)
    )
