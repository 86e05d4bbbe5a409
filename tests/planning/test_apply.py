"""Applying a plan to the template rows: amounts added where the plan says, types kept, the
rest untouched; a transfer takes from one school what it gives another."""

from __future__ import annotations

import polars as pl

from evaluation.factory import code, school
from junheng.planning.apply import apply_changes, changes_frame
from junheng.planning.result import Action, Transfer
from planning.conftest import county, make_costs


def action(number: int, lever: str, quantity: float, level: str | None = None) -> Action:
    return Action(code(number), "", level, lever, "", quantity, "", 0, 0, 1, 1)


def test_purchases_and_hires_are_added_to_the_schools_row():
    data = county([school(1), school(2, "初级中学")])
    costs = make_costs()  # backbone and PE/art teachers count as qualified
    changes = changes_frame(
        "360734",
        2025,
        [
            action(1, "teaching_room", 12.5),
            action(1, "multimedia_classroom", 2),
            action(2, "hire_backbone", 3, "junior"),
        ],
        [],
        costs,
    )
    after = apply_changes(data, changes)
    before = data.rows_by_key("school_code", named=True, unique=True)
    now = after.rows_by_key("school_code", named=True, unique=True)
    assert now[code(1)]["teaching_room_area"] == before[code(1)]["teaching_room_area"] + 12.5
    assert now[code(1)]["multimedia_classrooms"] == before[code(1)]["multimedia_classrooms"] + 2
    for column in ("junior_teachers", "junior_backbone_teachers", "junior_qualified_teachers"):
        assert now[code(2)][column] == before[code(2)][column] + 3
    assert now[code(2)]["junior_pe_art_teachers"] == before[code(2)]["junior_pe_art_teachers"]
    assert after.schema == data.schema
    # a junior school's empty primary cells stay empty
    assert now[code(2)]["primary_teachers"] == before[code(2)]["primary_teachers"]


def test_a_transfer_moves_the_teacher_between_schools():
    data = county([school(1), school(2)])
    costs = make_costs(teachers={"backbone_is_qualified": False})
    move = Transfer("backbone", "primary", code(1), "", code(2), "", 2, 0.0)
    after = apply_changes(data, changes_frame("360734", 2025, [], [move], costs))
    column = pl.col("primary_backbone_teachers")
    assert after.select(column).to_series().to_list() == [
        data[0, "primary_backbone_teachers"] - 2,
        data[1, "primary_backbone_teachers"] + 2,
    ]
    assert after["primary_qualified_teachers"].equals(data["primary_qualified_teachers"])


def test_no_changes_leave_the_data_as_it_is():
    data = county([school(1)])
    assert apply_changes(data, changes_frame("360734", 2025, [], [], make_costs())) is data
