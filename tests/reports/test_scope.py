"""What the reports' verdict covers: the parts the school data judge, under the standard's own
names, and the sentence naming every other part (docs/standards.md §2)."""

from __future__ import annotations

import pytest

from junheng.evaluation import load_standard
from junheng.evaluation.standard import parse_standard
from junheng.reports import scope
from reports.conftest import province_basic_standard

QUALITY_OTHERS = ("申报条件", "政府保障程度", "教育质量", "社会认可度", "一票否决事项")
BASIC_OTHERS = ("县级人民政府推进义务教育均衡发展工作", "公众满意度")
ENTRY_2012 = "入口条件（学校达到省定办学基本标准）"


def county(*, passed: bool, cv_pass: bool, schools_pass: bool | None = None) -> dict:
    row = {"pass": passed, "cv_pass": cv_pass}
    if schools_pass is not None:
        row["schools_pass"] = schools_pass
    return row


def test_quality_2017_data_judge_resource_allocation_and_nothing_else():
    standard = load_standard("quality-2017")

    assert [p.key for p in scope.judged_parts(standard)] == ["resources"]
    assert scope.judged_name(standard) == "资源配置"
    assert tuple(p.name for p in scope.other_parts(standard)) == QUALITY_OTHERS
    assert (
        scope.county_verdict(standard, county(passed=False, cv_pass=True)) == "资源配置未达到要求"
    )
    assert scope.county_verdict(standard, county(passed=True, cv_pass=True)) == "资源配置达到要求"
    assert scope.county_verdict(standard, county(passed=True, cv_pass=True), en=True) == (
        "resource allocation met"
    )


def test_basic_2012_data_judge_the_balance_and_leave_the_entry_condition_to_the_province():
    standard = load_standard("basic-2012")

    assert scope.judged_name(standard) == "校际均衡状况"
    assert tuple(p.name for p in scope.other_parts(standard)) == (ENTRY_2012, *BASIC_OTHERS)
    assert scope.county_verdict(standard, county(passed=True, cv_pass=True)) == (
        "校际均衡状况达到要求"
    )


def test_with_a_provinces_thresholds_the_data_judge_the_entry_condition_too():
    standard = province_basic_standard()

    assert scope.judged_name(standard) == f"{ENTRY_2012}、校际均衡状况"
    assert tuple(p.name for p in scope.other_parts(standard)) == BASIC_OTHERS
    row = county(passed=False, cv_pass=True, schools_pass=False)
    assert scope.county_verdict(standard, row) == f"{ENTRY_2012}未达到要求，校际均衡状况达到要求"
    # the schools are the entry condition's, not a part called 资源配置
    assert scope.failing_schools(standard, 3) == "3 所学校（学部）未达到要求"


@pytest.mark.parametrize(
    ("name", "judged", "others"),
    [("quality-2017", "资源配置", QUALITY_OTHERS), ("basic-2012", "校际均衡状况", BASIC_OTHERS)],
)
def test_the_scope_note_names_what_is_judged_and_every_other_part(name, judged, others):
    standard = load_standard(name)
    note = scope.scope_note(standard)

    assert note.startswith(f"本结论只针对{judged}，由学校数据计算。")
    assert "、".join(others) + "等其他方面不在本数据范围内" in note
    assert "县域是否达到认定要求，以各方面评估结果为准" in note
    english = scope.scope_note(standard, en=True)
    assert "Whether the county is recognised depends on the verdict of every part" in english
    for part in scope.other_parts(standard):
        assert part.name_en[1:] in english


def test_the_schools_failing_the_rule_are_named_by_the_resource_part():
    standard = load_standard("quality-2017")

    assert scope.failing_schools(standard, 12) == "12 所学校（学部）资源配置未达到要求"
    assert scope.failing_heading(standard) == "资源配置未达到要求的学校（学部）"


def test_a_standard_file_without_parts_names_its_resource_part():
    standard = parse_standard(
        {
            "standard": {"id": "x", "name": "某省标准"},
            "cv": {"mode": "composite", "max": {"primary": 0.65}},
            "indicators": [
                {"key": "books_per_student", "name": "生均图书册数", "resource": "books"}
            ],
        }
    )

    assert scope.judged_name(standard) == "资源配置"
    assert scope.other_parts(standard) == ()
    assert "评估标准的其他方面不在本数据范围内" in scope.scope_note(standard)
