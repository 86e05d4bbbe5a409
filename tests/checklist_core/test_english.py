"""A checklist file's English twins (`title_en` …): read beside the Chinese, never part of the
checklist itself; a twin of no known key is refused as any unknown key is."""

from __future__ import annotations

import pytest

from junheng.checklist_core.english import read_english
from junheng.checklist_core.files import read_checklist_toml
from junheng.evaluation.errors import DataError

TEXT = """
[checklist]
key = "k"
name = "测试指标"
name_en = "Test checklist"

[[items]]
code = "1"
title = "资源配置"
title_en = "Resource allocation"

[[items]]
code = "1.1"
title = "小学班额不超过 45 人"
title_en = "Primary classes at most 45 students"
scoring = "binary"
figure = "小学班额"
figure_en = "Primary class size"
comparison = "<="
threshold = 45
unit = "人"
unit_en = "students"
evidence = ["班级名册", "班额统计表"]
evidence_en = ["Class registers", "Class-size statistics"]
"""


def test_the_english_twins_stay_out_of_the_checklist():
    spec = read_checklist_toml(TEXT, file="k.toml")
    item = spec.by_code["1.1"]
    assert (item.title, item.figure, item.unit) == ("小学班额不超过 45 人", "小学班额", "人")
    assert item.evidence == ("班级名册", "班额统计表")


def test_the_english_is_found_only_for_the_file_s_own_chinese():
    english = read_english(TEXT)
    assert english.head("name", "测试指标") == "Test checklist"
    title = english.text("1.1", "title", "小学班额不超过 45 人")
    assert title == "Primary classes at most 45 students"
    assert english.text("1.1", "unit", "人") == "students"
    assert english.text("1.1", "title", "本县改写的标题") is None  # a changed text is the county's
    assert english.text("1", "title", "小学班额不超过 45 人") is None  # another item's
    assert english.evidence["班额统计表"] == "Class-size statistics"


def test_a_twin_of_no_known_key_is_refused():
    with pytest.raises(DataError, match="colour_en"):
        read_checklist_toml(TEXT.replace('unit_en = "students"', 'colour_en = "red"'), file="k")


def test_evidence_twins_must_match_one_to_one():
    with pytest.raises(ValueError, match="evidence"):
        read_english(TEXT.replace(', "Class-size statistics"', ""))
