"""The template's columns and header matching (school-data-template.md)."""

from __future__ import annotations

import pytest

from evaluation.factory import HEADERS
from junheng.evaluation.template import COLUMNS, match_header, normalise_header


def test_the_template_has_the_columns_of_the_spec_in_its_order_then_the_additions():
    spec = COLUMNS[: len(HEADERS)]
    assert {c.key: c.header for c in spec} == HEADERS
    assert [c.key for c in spec] == list(HEADERS)
    # docs/school-data-template.md "Additions": the class-size bands, optional and unknown
    # when empty
    additions = COLUMNS[len(HEADERS) :]
    assert [c.key for c in additions] == [
        f"{level}_{stem}"
        for stem in ("classes_over_limit", "large_classes", "very_large_classes")
        for level in ("primary", "junior")
    ]
    assert all(not c.required and c.unknown_when_empty for c in additions)
    assert not any(c.unknown_when_empty for c in spec)


def test_only_parent_ownership_affiliation_and_level_columns_are_optional():
    optional = {c.key for c in COLUMNS[: len(HEADERS)] if not c.required}

    assert optional == {
        "parent_school_code",
        "ownership",
        "affiliation",
        *(k for k in HEADERS if k.startswith(("primary_", "junior_", "senior_"))),
    }


def test_ownership_and_affiliation_default_to_public_and_county_run():
    defaults = {c.key: c.default for c in COLUMNS if c.default is not None}

    assert defaults == {"ownership": "公办", "affiliation": "县属"}


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("教学及辅助用房面积（平方米）", "教学及辅助用房面积"),
        ("教学及辅助用房面积(平方米)", "教学及辅助用房面积"),
        ("教学仪器设备值\n(万元)", "教学仪器设备值"),
        ("教学仪器设备值\r\n万元", "教学仪器设备值"),
        ("图书册数【册】", "图书册数"),
        (" 学校 标识码 ", "学校标识码"),
        ("*学校名称", "学校名称"),
        ("学校名称：", "学校名称"),
    ],
)
def test_a_header_loses_its_unit_spaces_and_marks(written, name):
    assert normalise_header(written) == name


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("学校标识码", ("school_code", "zh")),
        ("体育运动场馆面积（平方米）", ("sports_area", "zh")),
        ("school_code", ("school_code", "en")),
        ("School_Code", ("school_code", "en")),
        ("sports_area (m2)", ("sports_area", "en")),
        ("校长姓名", None),
        ("学校代码", None),
    ],
)
def test_a_header_is_matched_to_its_key_and_language(written, expected):
    assert match_header(written) == expected
