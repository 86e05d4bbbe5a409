"""The figures the system measures itself from the yearly school data (系统数据).

A checklist item names one by key in its `source`; its comparison and threshold stay in the
checklist file. Class size applies to every class (docs/standards.md §2): the classes above the
limit and in the 大班额 / 超大班额 bands (§3: 56–65 and ≥ 66) come from the template's optional
band columns. Where a school teaching the level has not reported them, only its average class
(校均班额: students ÷ classes) is known, which cannot prove that every class keeps the limit: the
figure is then `unverified` and its item reads 「需核实（仅有平均班额）」, never 达标. The
resource-allocation figures and CVs come from the evaluation core (`junheng.evaluation`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from junheng.evaluation.engine import Evaluation
from junheng.evaluation.levels import LEVEL_NAMES, LEVEL_NAMES_EN, LEVELS, SCHOOL_TYPE_LEVELS
from junheng.evaluation.standard import load_standard
from junheng.evaluation.template import CLASS_SIZE_LIMITS, LARGE_CLASS, VERY_LARGE_CLASS

# What an item reads when its figure rests on average class sizes alone.
AVERAGE_ONLY = "需核实（仅有平均班额）"
THROUGH_TYPES = ("九年一贯制学校", "十二年一贯制学校")
DETAIL_SCHOOLS = 5


@dataclass(frozen=True)
class Figure:
    key: str
    name: str
    unit: str
    method: str
    # for pages in English (default: the Chinese)
    name_en: str = ""
    method_en: str = ""


@dataclass(frozen=True)
class FigureValue:
    """A measured figure: the value and, for a person, where it comes from. A value of None
    means the county has nothing the figure is about (no junior classes, no nine-year
    school): a limit on it holds (不适用). `unverified` says why the value cannot prove the
    item met (it rests on averages): the item is then to be verified, unless the value fails
    the item and `failure_proven` (an average above a limit proves a class above it)."""

    key: str
    value: float | None
    detail: str = ""
    unverified: str = ""
    failure_proven: bool = False


def _quality_figures() -> list[Figure]:
    standard = load_standard("quality-2017")
    figures = [
        Figure(
            "quality.failing_units",
            "资源配置未达标学校数",
            "所",
            "按优质均衡第六条：每校至少 6 项指标达标、余项不低于标准的 85%；"
            "计不符合的学校（学段）数",
            "Schools failing resource allocation",
            "Quality balance, article 6: each school meets at least 6 indicators, the rest at "
            "least 85% of the standard; counts the schools (school levels) that do not",
        )
    ]
    for level in LEVELS:
        figures.append(
            Figure(
                f"quality.cv_max.{level}",
                f"{LEVEL_NAMES[level]}资源配置指标差异系数最大值",
                "",
                "优质均衡 7 项资源配置指标中差异系数最大的一项（按在校生数加权）",
                f"{LEVEL_NAMES_EN[level]}: highest CV of the resource-allocation indicators",
                "The highest coefficient of variation of the 7 quality-balance resource "
                "indicators (weighted by enrolment)",
            )
        )
    for indicator in standard.indicators:
        for level in LEVELS:
            figures.append(
                Figure(
                    f"quality.cv.{indicator.key}.{level}",
                    f"{LEVEL_NAMES[level]}{indicator.name}差异系数",
                    "",
                    f"优质均衡{indicator.clause}，按在校生数加权的差异系数",
                    f"{LEVEL_NAMES_EN[level]}: CV of {indicator.name_en}",
                    "Coefficient of variation weighted by enrolment (quality balance)",
                )
            )
    return figures


FIGURES: dict[str, Figure] = {
    figure.key: figure
    for figure in [
        Figure(
            "class_size_max.primary",
            "小学最大校均班额",
            "人",
            "各校小学在校生数 ÷ 小学班数，取最大值",
            "Largest average primary class",
            "Each school's primary students ÷ primary classes, the largest",
        ),
        Figure(
            "class_size_max.junior",
            "初中最大校均班额",
            "人",
            "各校初中在校生数 ÷ 初中班数，取最大值",
            "Largest average junior secondary class",
            "Each school's junior secondary students ÷ junior secondary classes, the largest",
        ),
        *(
            Figure(
                f"classes_over_limit.{level}",
                f"{LEVEL_NAMES[level]}超过 {CLASS_SIZE_LIMITS[level]} 人的班数",
                "个",
                f"各校填报的「{LEVEL_NAMES[level]}超过{CLASS_SIZE_LIMITS[level]}人班数」之和；"
                "有学校未填报时仅有平均班额，需核实",
                f"{LEVEL_NAMES_EN[level]} classes above {CLASS_SIZE_LIMITS[level]} students",
                f"Sum of the schools' reported {LEVEL_NAMES_EN[level].lower()} classes above "
                f"{CLASS_SIZE_LIMITS[level]}; where a school has not reported it only the "
                "average class size is known, to be verified",
            )
            for level in LEVELS
        ),
        Figure(
            "large_classes",
            "大班额班数（56–65 人）",
            "个",
            "各校填报的小学、初中大班额班数之和；有学校未填报时按校均班额（四舍五入）估计，需核实",
            "Large classes (56–65 students)",
            "Sum of the schools' reported large classes; where a school has not reported it, "
            "estimated from its average class size (rounded), to be verified",
        ),
        Figure(
            "very_large_classes",
            "超大班额班数（66 人及以上）",
            "个",
            "各校填报的小学、初中超大班额班数之和；有学校未填报时按校均班额（四舍五入）估计，需核实",
            "Very large classes (66 students or more)",
            "Sum of the schools' reported very large classes; where a school has not reported "
            "it, estimated from its average class size (rounded), to be verified",
        ),
        Figure(
            "school_size_max",
            "最大学校规模（非一贯制）",
            "人",
            "小学、初级中学、完全中学、教学点义务教育阶段（小学＋初中）在校生数的最大值",
            "Largest school (other than nine- or twelve-year schools)",
            "The largest compulsory-stage (primary + junior secondary) enrolment of primary, "
            "junior secondary and complete secondary schools and teaching points",
        ),
        Figure(
            "school_size_max.through",
            "最大学校规模（一贯制）",
            "人",
            "九年一贯制、十二年一贯制学校义务教育阶段（小学＋初中）在校生数的最大值",
            "Largest nine- or twelve-year school",
            "The largest compulsory-stage (primary + junior secondary) enrolment of nine- and "
            "twelve-year schools",
        ),
        *_quality_figures(),
        *(
            Figure(
                f"basic.composite_cv.{level}",
                f"{LEVEL_NAMES[level]}综合差异系数",
                "",
                "基本均衡 8 项指标差异系数的平均值（按在校生数加权）",
                f"{LEVEL_NAMES_EN[level]} composite coefficient of variation",
                "The average coefficient of variation of the 8 basic-balance indicators "
                "(weighted by enrolment)",
            )
            for level in LEVELS
        ),
    ]
}


def _name(row: Mapping[str, Any]) -> str:
    return str(row.get("school_name") or row.get("school_code") or "")


def _count(row: Mapping[str, Any], key: str) -> int:
    value = row.get(key)
    return int(value) if value else 0


def _class_sizes(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, int, float]]:
    """(school, level, classes, average class size) of every school-level with classes."""
    sizes = []
    for row in rows:
        for level in LEVELS:
            classes = _count(row, f"{level}_classes")
            students = _count(row, f"{level}_students")
            if classes > 0 and students > 0:
                sizes.append((_name(row), level, classes, students / classes))
    return sizes


def _rounded(value: float) -> int:
    return math.floor(value + 0.5)


def _reported(rows: list[Mapping[str, Any]], level: str, stem: str) -> list[tuple[str, int]]:
    """(school, classes in the band) of each school teaching `level` with classes; None for
    the count where the school has not reported the band."""
    return [
        (_name(row), row.get(f"{level}_{stem}"))
        for row in rows
        if level in SCHOOL_TYPE_LEVELS.get(str(row.get("school_type")), ())
        and _count(row, f"{level}_classes") > 0
    ]


def _band_figure(
    key: str,
    reported: list[tuple[str, str, int | None]],
    estimate: FigureValue,
    failure_proven: bool,
) -> FigureValue:
    """A band's count from the schools' reports (school, level, count); where any school has
    not reported it, the estimate from averages, unverified (`failure_proven`: a class counted
    by its average is surely in the band)."""
    missing = [(school, level) for school, level, count in reported if count is None]
    if missing:
        names = "、".join(
            f"{school}{LEVEL_NAMES[level]}" for school, level in missing[:DETAIL_SCHOOLS]
        )
        more = f" 等 {len(missing)} 所" if len(missing) > DETAIL_SCHOOLS else ""
        detail = f"未填报班额分段：{names}{more}"
        if estimate.detail:
            detail += f"；按校均班额：{estimate.detail}"
        return FigureValue(
            key, estimate.value, detail, unverified=AVERAGE_ONLY, failure_proven=failure_proven
        )
    hits = [(school, level, count) for school, level, count in reported if count]
    total = sum(count for _, _, count in hits)
    shown = "、".join(
        f"{school}{LEVEL_NAMES[level]} {count} 个班"
        for school, level, count in hits[:DETAIL_SCHOOLS]
    )
    more = f" 等 {len(hits)} 所" if len(hits) > DETAIL_SCHOOLS else ""
    if not reported:
        return FigureValue(key, None, "县内无班级")
    return FigureValue(key, float(total), f"各校填报：{shown}{more}" if hits else "各校填报：无")


def _banded_figures(
    rows: list[Mapping[str, Any]], sizes: list[tuple[str, str, int, float]]
) -> dict[str, FigureValue]:
    """Classes above the limit and in the 大班额 / 超大班额 bands, from the band columns."""
    result: dict[str, FigureValue] = {}
    for level in LEVELS:
        key = f"classes_over_limit.{level}"
        reported = [
            (school, level, n) for school, n in _reported(rows, level, "classes_over_limit")
        ]
        limit = CLASS_SIZE_LIMITS[level]
        over = [s for s in sizes if s[1] == level and s[3] > limit]
        estimate = FigureValue(
            key,
            float(sum(s[2] for s in over)),
            "、".join(
                f"{school}（{size:.1f} 人/班）" for school, _, _, size in over[:DETAIL_SCHOOLS]
            )
            or f"各校平均班额均不超过 {limit} 人",
        )
        # an average above the limit: at least one class above it
        result[key] = _band_figure(key, reported, estimate, failure_proven=True)
    # an average of 56–65 proves no class of 56–65; one above 65 proves a class of 66 or more
    for key, stem, inside, proven in (
        ("large_classes", "large_classes", lambda n: LARGE_CLASS[0] <= n <= LARGE_CLASS[1], False),
        ("very_large_classes", "very_large_classes", lambda n: n >= VERY_LARGE_CLASS, True),
    ):
        hits = [s for s in sizes if inside(_rounded(s[3]))]
        shown = "、".join(
            f"{school}{LEVEL_NAMES[level]}（{size:.1f} 人/班，{classes} 个班）"
            for school, level, classes, size in hits[:DETAIL_SCHOOLS]
        )
        more = f" 等 {len(hits)} 所" if len(hits) > DETAIL_SCHOOLS else ""
        estimate = FigureValue(key, float(sum(s[2] for s in hits)), shown + more if hits else "无")
        reported = [
            (school, level, n) for level in LEVELS for school, n in _reported(rows, level, stem)
        ]
        result[key] = _band_figure(key, reported, estimate, failure_proven=proven)
    return result


def school_data_figures(rows: Iterable[Mapping[str, Any]]) -> dict[str, FigureValue]:
    """Class sizes, 大班额 counts and school sizes from template rows (English keys)."""
    rows = list(rows)
    result: dict[str, FigureValue] = {}
    sizes = _class_sizes(rows)
    if not rows:
        return result
    for level in LEVELS:
        key = f"class_size_max.{level}"
        level_sizes = [s for s in sizes if s[1] == level]
        if not level_sizes:
            result[key] = FigureValue(key, None, f"县内无{LEVEL_NAMES[level]}班级")
            continue
        school, _, classes, size = max(level_sizes, key=lambda s: s[3])
        # docs/standards.md §2: an average cannot prove that every class keeps the limit
        result[key] = FigureValue(
            key,
            size,
            f"{school}：{size:.1f} 人/班（{classes} 个班）",
            unverified=AVERAGE_ONLY,
            failure_proven=True,  # an average above the limit: some class is above it
        )
    result.update(_banded_figures(rows, sizes))
    for key, through in (("school_size_max", False), ("school_size_max.through", True)):
        schools = [r for r in rows if (r.get("school_type") in THROUGH_TYPES) == through]
        if not schools:
            kind = "一贯制学校" if through else "非一贯制学校"
            result[key] = FigureValue(key, None, f"县内无{kind}")
            continue
        # docs/standards.md §2: school size counts compulsory-level students only, never a
        # 完全中学's or 十二年一贯制's senior students
        totals = [
            (_name(r), _count(r, "primary_students") + _count(r, "junior_students"))
            for r in schools
        ]
        school, students = max(totals, key=lambda t: t[1])
        result[key] = FigureValue(key, float(students), f"{school}：{students} 人")
    return result


def evaluation_figures(
    quality: Evaluation | None, basic: Evaluation | None
) -> dict[str, FigureValue]:
    """The resource-allocation figures (quality-2017) and composite CVs (basic-2012)."""
    result: dict[str, FigureValue] = {}
    if quality is not None and quality.counties.height:
        failing = quality.units.filter(~pl.col("pass"))
        names = "、".join(
            f"{r['school_name']}（{LEVEL_NAMES.get(r['level'], r['level'])}，"
            f"{r['met_count']} 项达标）"
            for r in failing.head(DETAIL_SCHOOLS).iter_rows(named=True)
        )
        more = f" 等 {failing.height} 所" if failing.height > DETAIL_SCHOOLS else ""
        result["quality.failing_units"] = FigureValue(
            "quality.failing_units", float(failing.height), names + more if names else "无"
        )
        names_of = {i.key: i.name for i in quality.standard.indicators}
        for level in LEVELS:
            rows = quality.indicators.filter(pl.col("level") == level).drop_nulls("cv")
            if not rows.height:
                key = f"quality.cv_max.{level}"
                result[key] = FigureValue(key, None, f"无参评{LEVEL_NAMES[level]}学校")
                continue
            worst = rows.sort("cv", descending=True).row(0, named=True)
            key = f"quality.cv_max.{level}"
            result[key] = FigureValue(
                key,
                float(worst["cv"]),
                f"{names_of.get(worst['indicator'], worst['indicator'])}：{worst['cv']:.3f}",
            )
            for row in rows.iter_rows(named=True):
                key = f"quality.cv.{row['indicator']}.{level}"
                result[key] = FigureValue(key, float(row["cv"]), f"{row['units']} 所学校")
    if basic is not None and "composite_cv" in basic.levels.columns:
        for level in LEVELS:
            key = f"basic.composite_cv.{level}"
            result[key] = FigureValue(key, None, f"无参评{LEVEL_NAMES[level]}学校")
        for row in basic.levels.iter_rows(named=True):
            if row["composite_cv"] is None:
                continue
            key = f"basic.composite_cv.{row['level']}"
            result[key] = FigureValue(
                key, float(row["composite_cv"]), f"{row['schools']} 所学校（学段）"
            )
    return result


def compute_figures(
    rows: Iterable[Mapping[str, Any]],
    *,
    quality: Evaluation | None = None,
    basic: Evaluation | None = None,
) -> dict[str, FigureValue]:
    """Every figure the data can give; a figure the data cannot give is absent."""
    return {**school_data_figures(rows), **evaluation_figures(quality, basic)}


# docs/standards.md §4: the county's own figures of universal preschool and senior-secondary
# education (双普). The bureau enters them per year (recognition.CountyCoverage); they are not
# measured from the school data, but a checklist names them in 系统数据 as any other figure.
COUNTY_PREFIX = "county."
COUNTY_FIGURES: tuple[Figure, ...] = (
    Figure(
        "county.preschool_gross_rate",
        "学前三年毛入园率",
        "%",
        "在园幼儿数 ÷ 学前三年（3–5 周岁）适龄人口数 × 100；取本县填报的年度普及数据",
        "Three-year preschool gross enrolment rate",
        "Children in kindergarten ÷ population aged 3–5 × 100; from the county's yearly "
        "coverage figures",
    ),
    Figure(
        "county.inclusive_coverage",
        "普惠性幼儿园覆盖率",
        "%",
        "（公办园 ＋ 普惠性民办园）在园幼儿数 ÷ 在园幼儿数 × 100；取本县填报的年度普及数据",
        "Inclusive kindergarten coverage",
        "Children in public and inclusive private kindergartens ÷ children in kindergarten "
        "× 100; from the county's yearly coverage figures",
    ),
    Figure(
        "county.public_kindergarten_share",
        "公办园在园幼儿占比",
        "%",
        "公办园在园幼儿数 ÷ 在园幼儿数 × 100；取本县填报的年度普及数据",
        "Share of children in public kindergartens",
        "Children in public kindergartens ÷ children in kindergarten × 100; from the county's "
        "yearly coverage figures",
    ),
    Figure(
        "county.senior_gross_rate",
        "高中阶段毛入学率",
        "%",
        "高中阶段在校生数（普通高中 ＋ 中等职业教育）÷ 15–17 周岁适龄人口数 × 100；"
        "取本县填报的年度普及数据",
        "Senior secondary gross enrolment rate",
        "Students of general and vocational senior secondary ÷ population aged 15–17 × 100; "
        "from the county's yearly coverage figures",
    ),
    # docs/standards.md §2: 社会认可度 / 公众满意度 ≥ 85 %, from the county's own survey (自测)
    Figure(
        "county.satisfaction_rate",
        "满意度调查满意率",
        "%",
        "本县该年度满意度调查（自测）的满意率，按调查设置的计算公式；取最近结束的调查，无则取进行中的调查",
        "Satisfaction rate of the survey",
        "The satisfaction rate of the county's own survey of the year, by the survey's "
        "formula; the latest closed survey, else the one open",
    ),
)
FIGURES.update({figure.key: figure for figure in COUNTY_FIGURES})


def county_figure_values(rates: Mapping[str, tuple[float, str]]) -> dict[str, FigureValue]:
    """The county's entered figures (name without the prefix → value and how it was
    obtained) as system figures. A figure not entered is absent — never None, which would
    read as 不适用 and meet its limit."""
    result = {}
    for name, (value, detail) in rates.items():
        key = COUNTY_PREFIX + name
        if key not in FIGURES:
            raise ValueError(f"not a county figure: {name!r}")
        result[key] = FigureValue(key, float(value), detail)
    return result
