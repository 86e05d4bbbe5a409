"""A gap's unit in English agrees with its amount: 「1 teacher」, 「2 teachers」."""

from __future__ import annotations

from junheng.rectification.gaps import gap_text_en
from junheng.reports.labels import unit_en


def test_a_counted_unit_is_singular_for_one_and_plural_otherwise():
    assert unit_en("人", "1") == "teacher" and unit_en("人", 1.0) == "teacher"
    assert unit_en("人", "2") == unit_en("人") == "teachers"
    assert unit_en("间", "1") == "room" and unit_en("间", "3") == "rooms"
    # an amount of money or area has no singular
    assert unit_en("万元", "1") == "10,000 yuan" and unit_en("m²", "1") == "m²"


def test_a_gap_of_one_teacher_reads_in_the_singular():
    one = gap_text_en("{level}_backbone_teachers", "primary", 1.0, True)
    two = gap_text_en("{level}_backbone_teachers", "primary", 2.0, True)
    assert one.endswith(": 1 teacher") and two.endswith(": 2 teachers")
