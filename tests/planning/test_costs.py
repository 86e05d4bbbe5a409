"""The costs file: the documented example loads; every mistake is named by its key, in Chinese
and English, all at once."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from evaluation.factory import builtin_text
from junheng.evaluation.standard import parse_standard
from junheng.planning import CostsError, load_costs
from junheng.planning.costs import Training, check_costs_for, example_text, parse_costs
from planning.conftest import costs_document


def problems(document: dict) -> list[tuple[str, str]]:
    with pytest.raises(CostsError) as caught:
        parse_costs(document, source="costs.toml")
    return caught.value.problems


def test_the_example_file_loads_with_its_documented_values(tmp_path: Path):
    path = tmp_path / "costs.toml"
    path.write_text(example_text(), encoding="utf-8")
    costs = load_costs(path)
    assert costs.years == 3 and costs.budget is None
    assert (costs.teaching_room, costs.sports_ground) == (3500, 500)
    assert costs.equipment_factor == 1.0 and costs.multimedia_classroom == 60000
    # backbone teachers are designated from a school's own teachers, not hired
    assert costs.teacher == {"qualified": 100000, "pe_art": 100000}
    assert costs.hiring and costs.backbone_is_qualified and costs.pe_art_is_qualified
    assert costs.transfers.allowed and costs.transfers.allowance == 10000
    assert costs.training == Training(allowed=True, backbone=20000, degree=15000)
    assert costs.staffing == {}  # hiring unbounded until the county sets its quota
    assert costs.source == str(path)


def test_a_missing_key_is_named():
    document = costs_document()
    del document["teachers"]["pe_art"]
    assert problems(document) == [("「teachers.pe_art」缺失", "teachers.pe_art: missing")]


def test_hiring_a_backbone_teacher_and_the_staffing_quota_are_settings():
    costs = parse_costs(
        costs_document(teachers={"backbone": 150000}, staffing={"primary": 19, "junior": 13.5})
    )
    assert costs.teacher["backbone"] == 150000
    assert costs.staffing == {"primary": 19, "junior": 13.5}


def test_training_needs_both_prices_unless_it_is_off():
    document = costs_document()
    del document["training"]["degree"]
    assert problems(document) == [
        ("「training.degree」缺失（不培训时写 allowed = false）", "training.degree: missing")
    ]
    off = parse_costs(costs_document(training={"allowed": False}))
    assert not off.training.allowed


def test_a_misspelt_key_or_table_is_not_ignored():
    document = costs_document(plan={"budgt": 100}, transfer={"allowed": False})
    found = problems(document)
    assert (
        "「transfer」未知的表，可用的表：plan、construction、equipment、teachers、transfers、"
        "training、staffing",
        "transfer: unknown table; the tables are plan, construction, equipment, teachers, "
        "transfers, training, staffing",
    ) in found
    assert any(zh.startswith("「plan.budgt」未知的键") for zh, _ in found)
    assert any(
        en.startswith("plan.budgt: unknown key; [plan] has years, budget") for _, en in found
    )


@pytest.mark.parametrize(
    ("table", "key", "value", "zh", "en"),
    [
        ("plan", "years", 0, "必须在 1 到 20 之间", "must be between 1 and 20"),
        ("plan", "years", 2.5, "必须是整数", "must be a whole number"),
        ("plan", "budget", -1, "必须大于 0", "must be greater than 0"),
        ("construction", "teaching_room", "3500", "不是数字", "is not a number"),
        ("construction", "sports_ground", 0, "必须大于 0", "must be greater than 0"),
        ("equipment", "cost_factor", True, "不是数字", "is not a number"),
        ("teachers", "hiring", "yes", "必须是 true 或 false", "must be true or false"),
        ("transfers", "max_in_per_school", -1, "不能为负数", "must not be negative"),
        ("transfers", "allowance", -5, "不能为负数", "must not be negative"),
        ("training", "backbone", -20000, "必须大于 0", "must be greater than 0"),
        ("staffing", "primary", 0, "必须大于 0", "must be greater than 0"),
    ],
)
def test_a_bad_value_is_named_with_what_is_wrong(table, key, value, zh, en):
    assert problems(costs_document(**{table: {key: value}})) == [
        (f"「{table}.{key}」{zh}", f"{table}.{key}: {en}")
    ]


def test_every_problem_is_reported_at_once():
    document = costs_document(plan={"years": 0}, construction={"teaching_room": -1})
    del document["equipment"]
    found = [en.split(":")[0] for _, en in problems(document)]
    assert found == [
        "plan.years",
        "construction.teaching_room",
        "equipment.cost_factor",
        "equipment.multimedia_classroom",
    ]


def test_the_error_message_names_the_file():
    with pytest.raises(CostsError) as caught:
        parse_costs(costs_document(plan={"years": 0}), source="county/costs.toml")
    assert caught.value.message().startswith(
        "单价文件 county/costs.toml 有误 / invalid costs file county/costs.toml:"
    )


def test_a_missing_file_and_bad_toml_are_reported(tmp_path: Path):
    with pytest.raises(CostsError) as caught:
        load_costs(tmp_path / "none.toml")
    assert "找不到单价文件" in caught.value.problems[0][0]
    bad = tmp_path / "bad.toml"
    bad.write_text("[plan\nyears = 3", encoding="utf-8")
    with pytest.raises(CostsError) as caught:
        load_costs(bad)
    assert caught.value.problems[0][0].startswith("TOML 格式错误")


def test_a_standard_with_a_books_indicator_needs_a_book_price():
    text = builtin_text("quality-2017").replace(
        'resource = "multimedia_classrooms"', 'resource = "books"'
    )
    standard = parse_standard(tomllib.loads(text))
    with pytest.raises(CostsError) as caught:
        check_costs_for(parse_costs(costs_document()), standard)
    [(zh, en)] = caught.value.problems
    assert zh.startswith("「equipment.book」缺失")
    assert en.startswith("equipment.book: missing; the standard's indicator")
    check_costs_for(parse_costs(costs_document(equipment={"book": 30})), standard)
