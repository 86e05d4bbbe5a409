"""An item given to "all schools" or a township's goes to the compulsory schools; kindergartens
get it only when their type is chosen (a 双高双普 preschool item, docs/standards.md §4)."""

from __future__ import annotations

from checklists.test_school_assignments import DEADLINE, item  # noqa: F401  (the fixture)
from factories import make_school
from junheng.checklists import school_assignments
from junheng.checklists.forms import REACH_CHOICES
from junheng.checklists.models import Assignment


def assigned(world, given, **reach):
    school_assignments.assignment_create_for_schools(
        actor=world.county_admin,
        item=given,
        deadline=DEADLINE,
        fallback=world.county_admin,
        **reach,
    )
    return {a.school.name for a in Assignment.objects.filter(item=given)}


def test_all_schools_and_a_township_s_schools_leave_kindergartens_out(world, item):  # noqa: F811
    make_school(world.township, "6101010009", "城关幼儿园", school_type="幼儿园")
    make_school(world.township, "6101010010", "城关高级中学", school_type="高级中学")
    assert assigned(world, item, reach="township", township=world.township) == {
        "城关一小",
        "城关二小",
    }
    assert assigned(world, item, reach="all") == {"城关一小", "城关二小", "东乡中心小学"}
    assert "义务教育学校" in str(dict(REACH_CHOICES)["all"])


def test_kindergartens_get_an_item_when_their_type_is_chosen(world, item):  # noqa: F811
    make_school(world.township, "6101010009", "城关幼儿园", school_type="幼儿园")
    assert assigned(world, item, reach="type", school_type="幼儿园") == {"城关幼儿园"}
