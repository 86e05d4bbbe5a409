"""The school-data template (学校基本情况表): its columns and their rules.

The contract is docs/school-data-template.md. This module knows the columns; reading the
files is in `template_files`, checking the values in `template_checks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from junheng.evaluation.levels import SCHOOL_TYPES

# Kinds of column: how a cell is parsed and checked.
INTEGER = "integer"  # a year
COUNT = "count"  # a non-negative whole number
AMOUNT = "amount"  # a non-negative number (m², 万元)
TEXT = "text"
CODE = "code"  # a fixed number of digits
CHOICE = "choice"
# Kinds read as numbers: a Parquet file's numeric column of these is kept as it is typed.
NUMERIC_KINDS = (INTEGER, COUNT, AMOUNT)


@dataclass(frozen=True)
class Column:
    """One column of the template."""

    key: str
    header: str
    kind: str
    digits: int = 0
    choices: tuple[str, ...] = ()
    default: str | None = None
    # always required; level columns are required for the levels a school teaches (checks)
    required: bool = True
    # an empty cell (or a column left out of the file) means "not reported", never 0
    unknown_when_empty: bool = False
    # the English name (issue 14 §7): the web form's label in English; files keep `header`
    header_en: str = ""


def _level_counts(stem: str, header: str) -> tuple[Column, Column]:
    return (
        Column(f"primary_{stem}", f"小学{header}", COUNT, required=False),
        Column(f"junior_{stem}", f"初中{header}", COUNT, required=False),
    )


# docs/standards.md §2: every class of a level at most 45 (小学) / 50 (初中) students; §3: the
# bands of 大班额 (56–65) and 超大班额 (66 and more).
CLASS_SIZE_LIMITS = {"primary": 45, "junior": 50}
LARGE_CLASS = (56, 65)
VERY_LARGE_CLASS = 66


def _class_band_columns(stem: str, header: str, header_en: str) -> tuple[Column, ...]:
    """Optional counts of a level's classes in a band, as the statistics report them."""
    return tuple(
        Column(
            f"{level}_{stem}",
            f"{name}{header.format(limit=CLASS_SIZE_LIMITS[level])}",
            COUNT,
            required=False,
            unknown_when_empty=True,
            header_en=f"{name_en} {header_en.format(limit=CLASS_SIZE_LIMITS[level])}",
        )
        for level, name, name_en in (
            ("primary", "小学", "Primary"),
            ("junior", "初中", "Junior secondary"),
        )
    )


COLUMNS: tuple[Column, ...] = (
    Column("year", "年度", INTEGER, header_en="Year"),
    Column("county_code", "县代码", CODE, digits=6, header_en="County code"),
    Column("county_name", "县名称", TEXT, header_en="County name"),
    Column("township", "乡镇", TEXT, header_en="Township"),
    Column("school_code", "学校标识码", CODE, digits=10, header_en="School code"),
    Column("school_name", "学校名称", TEXT, header_en="School name"),
    Column("school_type", "学校类型", CHOICE, choices=SCHOOL_TYPES, header_en="School type"),
    Column(
        "parent_school_code",
        "所属学校标识码",
        CODE,
        digits=10,
        required=False,
        header_en="Parent school code",
    ),
    Column(
        "location",
        "城乡分类",
        CHOICE,
        choices=("城区", "镇区", "乡村"),
        header_en="Urban/rural category",
    ),
    Column(
        "ownership",
        "办学性质",
        CHOICE,
        choices=("公办", "民办"),
        default="公办",
        required=False,
        header_en="Ownership",
    ),
    Column(
        "affiliation",
        "隶属关系",
        CHOICE,
        choices=("县属", "省市直属"),
        default="县属",
        required=False,
        header_en="Affiliation",
    ),
    Column("primary_students", "小学在校生数", COUNT, required=False, header_en="Primary students"),
    Column(
        "junior_students",
        "初中在校生数",
        COUNT,
        required=False,
        header_en="Junior secondary students",
    ),
    Column(
        "senior_students",
        "高中在校生数",
        COUNT,
        required=False,
        header_en="Senior secondary students",
    ),
    Column("primary_classes", "小学班数", COUNT, required=False, header_en="Primary classes"),
    Column(
        "junior_classes", "初中班数", COUNT, required=False, header_en="Junior secondary classes"
    ),
    Column(
        "primary_teachers",
        "小学专任教师数",
        COUNT,
        required=False,
        header_en="Primary full-time teachers",
    ),
    Column(
        "junior_teachers",
        "初中专任教师数",
        COUNT,
        required=False,
        header_en="Junior secondary full-time teachers",
    ),
    Column(
        "primary_qualified_teachers",
        "小学高于规定学历教师数",
        COUNT,
        required=False,
        header_en="Primary teachers above the required degree",
    ),
    Column(
        "junior_qualified_teachers",
        "初中高于规定学历教师数",
        COUNT,
        required=False,
        header_en="Junior secondary teachers above the required degree",
    ),
    Column(
        "primary_senior_title_teachers",
        "小学中级及以上职称教师数",
        COUNT,
        required=False,
        header_en="Primary teachers with intermediate or higher titles",
    ),
    Column(
        "junior_senior_title_teachers",
        "初中中级及以上职称教师数",
        COUNT,
        required=False,
        header_en="Junior secondary teachers with intermediate or higher titles",
    ),
    Column(
        "primary_backbone_teachers",
        "小学县级及以上骨干教师数",
        COUNT,
        required=False,
        header_en="Primary county-level or higher backbone teachers",
    ),
    Column(
        "junior_backbone_teachers",
        "初中县级及以上骨干教师数",
        COUNT,
        required=False,
        header_en="Junior secondary county-level or higher backbone teachers",
    ),
    Column(
        "primary_pe_art_teachers",
        "小学体育艺术专任教师数",
        COUNT,
        required=False,
        header_en="Primary full-time PE and arts teachers",
    ),
    Column(
        "junior_pe_art_teachers",
        "初中体育艺术专任教师数",
        COUNT,
        required=False,
        header_en="Junior secondary full-time PE and arts teachers",
    ),
    Column(
        "teaching_room_area",
        "教学及辅助用房面积",
        AMOUNT,
        header_en="Teaching and auxiliary room area",
    ),
    Column("sports_area", "体育运动场馆面积", AMOUNT, header_en="Sports ground area"),
    Column("equipment_value", "教学仪器设备值", AMOUNT, header_en="Teaching equipment value"),
    Column("computers", "教学用计算机台数", COUNT, header_en="Computers for teaching"),
    Column("books", "图书册数", COUNT, header_en="Books"),
    Column(
        "multimedia_classrooms",
        "网络多媒体教室数",
        COUNT,
        header_en="Networked multimedia classrooms",
    ),
    # Additions (docs/school-data-template.md "Additions"): classes per size band, optional
    *_class_band_columns(
        "classes_over_limit", "超过{limit}人班数", "classes over {limit} students"
    ),
    *_class_band_columns("large_classes", "大班额班数", "large classes (56–65)"),  # 56–65
    *_class_band_columns(
        "very_large_classes", "超大班额班数", "very large classes (66 and more)"
    ),  # 66 and more
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
KEYS = tuple(column.key for column in COLUMNS)
HEADERS = {column.key: column.header for column in COLUMNS}

# Per level, the columns a school teaching that level must fill (and leave 0 otherwise).
LEVEL_COLUMNS = {
    level: tuple(
        f"{level}_{stem}"
        for stem in (
            "students",
            "classes",
            "teachers",
            "qualified_teachers",
            "senior_title_teachers",
            "backbone_teachers",
            "pe_art_teachers",
        )
    )
    for level in ("primary", "junior")
}
LEVEL_COLUMNS["senior"] = ("senior_students",)
# Per level, the optional class-size band counts (empty: not reported; 0 where the school does
# not teach the level).
CLASS_BAND_COLUMNS = {
    level: (f"{level}_classes_over_limit", f"{level}_large_classes", f"{level}_very_large_classes")
    for level in ("primary", "junior")
}
# The level columns whose headers must be present in every file: a file of primary schools
# alone still carries the junior columns (empty), as the template has them.
ALWAYS_PRESENT = (
    tuple(c.key for c in COLUMNS if c.required)
    + LEVEL_COLUMNS["primary"]
    + (LEVEL_COLUMNS["junior"])
)
# Teacher subsets that cannot exceed the level's full-time teachers.
TEACHER_SUBSETS = (
    "qualified_teachers",
    "senior_title_teachers",
    "backbone_teachers",
    "pe_art_teachers",
)

# Columns a bureau's sheet may carry beside the template's; they are ignored.
IGNORED_HEADERS = frozenset({"序号", "备注", "说明"})
# Rows below the data that are not schools.
TOTAL_WORDS = ("合计", "总计", "小计")
NOTE_PREFIXES = ("填表人", "审核人", "填表日期", "说明", "注：", "注:", "备注", "负责人", "制表")

_UNIT_SUFFIX = re.compile(r"[（(【\[].*?[）)】\]]")
_SPACES = re.compile(r"\s+")


def normalise_header(cell: str) -> str:
    """A header as written → the bare name: no unit in brackets, nothing after a line break."""
    text = str(cell).strip()
    text = re.split(r"[\r\n]", text, maxsplit=1)[0]
    text = _UNIT_SUFFIX.sub("", text)
    text = _SPACES.sub("", text).strip("*＊:：")
    return text


_BY_CHINESE = {column.header: column.key for column in COLUMNS}
_BY_ENGLISH = {column.key: column.key for column in COLUMNS}


def match_header(cell: str) -> tuple[str, str] | None:
    """(key, language) of a header cell, language 'zh' or 'en'; None when not a template column."""
    name = normalise_header(cell)
    if name in _BY_CHINESE:
        return _BY_CHINESE[name], "zh"
    if name.lower() in _BY_ENGLISH:
        return _BY_ENGLISH[name.lower()], "en"
    return None
