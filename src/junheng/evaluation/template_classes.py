"""The optional class-size band counts of the template (docs/school-data-template.md
"Additions"): classes above the limit of docs/standards.md §2 and in the 大班额 / 超大班额 bands of
§3, per level, as the statistics report them. Checked with the sheet's other rules
(`template_checks.check_sheet`), on the frame whose level columns are already parsed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from junheng.evaluation.levels import SCHOOL_TYPE_LEVELS
from junheng.evaluation.template import (
    CLASS_BAND_COLUMNS,
    CLASS_SIZE_LIMITS,
    HEADERS,
    LARGE_CLASS,
    VERY_LARGE_CLASS,
)

if TYPE_CHECKING:
    from junheng.evaluation.template_checks import _Problems as Problems


def check_class_bands(frame: pl.DataFrame, problems: Problems) -> None:
    """The optional class-size band counts (docs/school-data-template.md "Additions"): empty
    is "not reported"; a level the school does not teach has none; a band holds no more
    classes than the level has, the bands above the limit add up, and the classes counted
    hold at least the students their bands need."""
    school_type = pl.col("school_type")
    for level, keys in CLASS_BAND_COLUMNS.items():
        over_key, large_key, very_key = keys
        types = [t for t, levels in SCHOOL_TYPE_LEVELS.items() if level in levels]
        teaches = school_type.is_in(types)
        others = school_type.is_in(list(SCHOOL_TYPE_LEVELS)) & ~teaches
        classes, students = pl.col(f"{level}_classes"), pl.col(f"{level}_students")
        classes_known = ~pl.col(f"{level}_classes__unknown")
        students_known = ~pl.col(f"{level}_students__unknown")
        classes_header = problems.sheet.headers.get(f"{level}_classes", HEADERS[f"{level}_classes"])
        for key in keys:
            problems.flag(
                frame,
                others & (pl.col(key) > 0),
                key,
                "该学校类型没有此学段，应为空或 0（请核对学校类型）",
                "must be empty or 0 for a school of this type (check the school type)",
            )
            problems.flag(
                frame,
                teaches & classes_known & (pl.col(key) > classes),
                key,
                f"（{{v}}）多于「{classes_header}」",
                f'({{v}}) exceeds "{classes_header}"',
            )
        limit = CLASS_SIZE_LIMITS[level]
        over, large, very = pl.col(over_key), pl.col(large_key), pl.col(very_key)
        banded = large.fill_null(0) + very.fill_null(0)
        # docs/standards.md §3: 大班额 56–65 and 超大班额 ≥ 66 are both above the §2 limit
        problems.flag(
            frame,
            teaches & (over < banded),
            over_key,
            "（{v}）少于大班额与超大班额班数之和",
            "({v}) is less than the large and very large classes together",
        )
        # the fewest students the classes counted can hold: each class above the limit at
        # least limit + 1, a 大班额 at least 56, a 超大班额 at least 66
        fewest = (
            (pl.max_horizontal(over.fill_null(0), banded) - banded) * (limit + 1)
            + large.fill_null(0) * LARGE_CLASS[0]
            + very.fill_null(0) * VERY_LARGE_CLASS
        )
        problems.flag(
            frame,
            teaches & students_known & (fewest > students),
            f"{level}_students",
            f"（{{v}}）少于所填班额分段的班级至少应有的学生数"
            f"（超过 {limit} 人的班按 {limit + 1} 人、大班额按 {LARGE_CLASS[0]} 人、"
            f"超大班额按 {VERY_LARGE_CLASS} 人计）",
            f"({{v}}) is fewer than the classes in the size bands must hold (a class above "
            f"{limit} at least {limit + 1}, a large class {LARGE_CLASS[0]}, a very large one "
            f"{VERY_LARGE_CLASS})",
        )
        # an average above the limit means at least one class above it (and an average above
        # 65, at least one class of 66 or more)
        known = teaches & classes_known & students_known & (classes > 0)
        for key, bound, zh, en in (
            (over_key, limit, f"超过 {limit} 人", f"above {limit}"),
            (
                very_key,
                VERY_LARGE_CLASS - 1,
                f" {VERY_LARGE_CLASS} 人及以上",
                f"of {VERY_LARGE_CLASS} or more",
            ),
        ):
            problems.flag(
                frame,
                known & (pl.col(key) == 0) & (students > classes * bound),
                key,
                f"平均班额超过 {bound} 人，至少有一个班{zh}，不能为 0",
                f"the average class is above {bound}: at least one class is {en}; cannot be 0",
            )
