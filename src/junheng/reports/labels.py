"""Chinese labels shared by the human-facing reports."""

from __future__ import annotations

GAP_UNITS = {
    "teaching_room_area": "m²",
    "sports_area": "m²",
    "equipment_value": "万元",
    "computers": "台",
    "books": "册",
    "multimedia_classrooms": "间",
}


def gap_unit(column: str) -> str:
    """The unit of a gap in the template's column: m², 万元, rooms, teachers."""
    return GAP_UNITS.get(column, "人")


def verdict(passed: bool | None) -> str:
    if passed is None:
        return "—"
    return "达标" if passed else "未达标"
