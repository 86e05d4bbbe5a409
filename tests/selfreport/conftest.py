"""The self-report's tests reuse the web tests' personas (tests/personas.py) with varied
figures, so that the CVs are not zero and some units fail."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from factories import make_school_year
from junheng.collection.models import SchoolYear
from personas import World, world  # noqa: F401  (the personas, used as a fixture)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def varied(world: World) -> World:  # noqa: F811  (the imported fixture, requested)
    changes = {
        world.school: {"primary_students": 900, "teaching_room_area": 3100.0, "books": 9000},
        world.sibling: {"primary_students": 260, "sports_area": 1500.0, "equipment_value": 40.5},
        world.far_school: {
            "primary_students": 75,
            "primary_teachers": 7,
            "primary_qualified_teachers": 7,
            "primary_senior_title_teachers": 3,
            "primary_backbone_teachers": 0,
            "primary_pe_art_teachers": 1,
            "multimedia_classrooms": 1,
            "primary_classes": 6,
        },
    }
    for school, figures in changes.items():
        SchoolYear.objects.filter(school=school, year=2025).update(**figures)
    make_school_year(world.school, 2024, primary_students=850)
    return world
