"""A satisfaction survey is of compulsory education (docs/standards.md §2, §4): it offers and
covers no kindergarten or senior high school."""

from __future__ import annotations

import pytest

from factories import make_school
from junheng.surveys import selectors, services


def test_a_survey_neither_offers_nor_covers_a_kindergarten(world):
    kindergarten = make_school(world.township, "6101010009", "城关幼儿园", school_type="幼儿园")
    high = make_school(world.township, "6101010010", "城关高级中学", school_type="高级中学")
    survey = services.survey_create(
        actor=world.county_admin, county=world.county, blueprint="basic-2012", year=2025
    )

    offered = selectors.schools_for_coverage(survey=survey)
    assert sorted(s.code for s in offered) == ["6101010001", "6101010002", "6101010003"]
    for school in (kindergarten, high):
        with pytest.raises(services.SurveyError) as refused:
            services.survey_set_schools(
                actor=world.county_admin, survey=survey, schools=[world.school, school]
            )
        assert "只覆盖义务教育学校" in refused.value.zh
    assert not survey.schools.exists()
