"""School levels (学段) and which levels each school type teaches."""

from __future__ import annotations

# The levels the standards evaluate, in report order.
LEVELS = ("primary", "junior")
# The levels whole-school physical resources are shared among (senior is never evaluated).
SPLIT_LEVELS = ("primary", "junior", "senior")

LEVEL_NAMES = {"primary": "小学", "junior": "初中", "senior": "高中"}
LEVEL_NAMES_EN = {"primary": "Primary", "junior": "Junior secondary", "senior": "Senior secondary"}

TEACHING_POINT = "小学教学点"

SCHOOL_TYPE_LEVELS: dict[str, tuple[str, ...]] = {
    "小学": ("primary",),
    "初级中学": ("junior",),
    "九年一贯制学校": ("primary", "junior"),
    "完全中学": ("junior", "senior"),
    "十二年一贯制学校": ("primary", "junior", "senior"),
    TEACHING_POINT: ("primary",),
}
SCHOOL_TYPES = tuple(SCHOOL_TYPE_LEVELS)
