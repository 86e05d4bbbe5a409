"""Where a problem came from: the stage of the road (县级自评 → 市级复核 → 省级评估 → 国家认定)
and the body that found it, both read from its source and place; 市级复核 is a source the county
bureau records under; the list shows and filters both."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from junheng.access.policy import PROBLEM_SOURCES
from junheng.recognition.choices import STAGE_BODY, Stage
from junheng.rectification import origins, selectors, services
from junheng.rectification.choices import Source
from junheng.rectification.models import Problem
from junheng.rectification.origins import FoundBy
from rectification.builders import problem_at

TODAY = timezone.localdate()


def test_each_source_belongs_to_its_stage_of_the_road():
    assert origins.SOURCE_STAGE == {
        "self": "county",
        "township": "county",
        "county": "county",
        "city": "city",
        "province": "province",
        "national": "national",
    }
    assert set(origins.SOURCE_STAGE) == set(Source.values)
    assert set(origins.SOURCE_STAGE.values()) == set(Stage.values)  # every stage has a source


def test_the_bodies_beyond_the_county_are_those_holding_the_stages():
    for source in (Source.CITY, Source.PROVINCE, Source.NATIONAL):
        body = origins.source_body(source, township_id=None, school_id=1)
        assert body == STAGE_BODY[origins.source_stage(source)]
    labels = {
        source: origins.BODY_LABELS[origins.source_body(source, township_id=1, school_id=1)]
        for source in (
            Source.TOWNSHIP,
            Source.COUNTY,
            Source.CITY,
            Source.PROVINCE,
            Source.NATIONAL,
        )
    }
    assert labels == {
        "township": "乡镇",
        "county": "县教育局",
        "city": "市教育局",
        "province": "省教育厅",
        "national": "教育部",
    }


def test_a_self_check_is_the_body_of_the_unit_that_checked_itself(world):
    at_school = problem_at(world.school, source=Source.SELF_CHECK)
    at_township = problem_at(
        None, county=world.county, township=world.township, source=Source.SELF_CHECK
    )
    county_wide = problem_at(None, county=world.county, source=Source.SELF_CHECK)
    assert [p.body for p in (at_school, at_township, county_wide)] == [
        FoundBy.SCHOOL,
        FoundBy.TOWNSHIP,
        FoundBy.COUNTY_BUREAU,
    ]
    assert {p.stage for p in (at_school, at_township, county_wide)} == {Stage.COUNTY}
    assert (at_school.stage_label, at_school.body_label) == ("县级自评", "学校")


def test_the_county_bureau_records_a_problem_of_the_citys_review(world):
    assert "city" in PROBLEM_SOURCES["county_admin"]
    problem = services.problem_create(
        actor=world.county_admin,
        county=world.county,
        school=world.sibling,
        source=Source.CITY,
        description="市级复核：图书生均册数不足",
    )
    assert (problem.stage, problem.body) == (Stage.CITY, FoundBy.CITY_BUREAU)
    assert (problem.stage_label, problem.body_label) == ("市级复核", "市教育局")
    for someone in (world.township_officer, world.principal, world.inspector):
        with pytest.raises(services.NotAllowed):
            services.problem_create(
                actor=someone,
                county=world.county,
                school=world.school if someone != world.inspector else world.sibling,
                source=Source.CITY,
                description="市级复核发现的问题",
            )


def test_the_stage_and_body_filters_agree_with_each_problems_own(world):
    """Every source at every kind of place: the ORM filters select exactly the problems whose
    stage (or body) is the one asked for."""
    places = (
        {"school": world.school},
        {"school": None, "township": world.township},
        {"school": None},
    )
    for source, place in itertools.product(Source.values, places):
        school = place.pop("school")
        problem_at(school, county=world.county, source=source, **place)
        place["school"] = school
    problems = list(Problem.objects.all())
    assert len(problems) == len(Source.values) * len(places)
    for stage in Stage.values:
        expected = {p.pk for p in problems if p.stage == stage}
        found = set(
            Problem.objects.filter(origins.stage_condition(stage)).values_list("pk", flat=True)
        )
        assert found == expected and expected
    for body in FoundBy.values:
        expected = {p.pk for p in problems if p.body == body}
        found = set(
            Problem.objects.filter(origins.body_condition(body)).values_list("pk", flat=True)
        )
        assert found == expected and expected


def test_the_list_filters_by_stage_and_body(world):
    own = problem_at(world.school, source=Source.SELF_CHECK)
    city = problem_at(world.school, source=Source.CITY)
    national = problem_at(world.sibling, source=Source.NATIONAL)
    inspected = problem_at(world.sibling, source=Source.COUNTY)

    def listed(**filters):
        rows = selectors.problem_list(
            user=world.county_admin, filters=selectors.ProblemFilters(**filters), today=TODAY
        )
        return {p.pk for p in rows}

    assert listed(stage=Stage.COUNTY) == {own.pk, inspected.pk}
    assert listed(stage=Stage.CITY) == {city.pk}
    assert listed(body=FoundBy.MINISTRY) == {national.pk}
    assert listed(body=FoundBy.SCHOOL) == {own.pk}
    assert listed(stage=Stage.COUNTY, body=FoundBy.COUNTY_BUREAU) == {inspected.pk}


def test_the_list_and_the_problem_page_show_the_stage_and_body(client, world):
    city = problem_at(
        world.school, source=Source.CITY, description="市级复核：功能室未开放", deadline=None
    )
    problem_at(world.school, source=Source.SELF_CHECK, description="自查：图书陈旧")
    client.force_login(world.county_admin)
    page = client.get(reverse("rectification:list") + "?stage=city").content.decode()
    assert "市级复核：功能室未开放" in page and "自查：图书陈旧" not in page
    assert "市级复核 · 市教育局" in page
    page = client.get(reverse("rectification:list") + "?body=school").content.decode()
    assert "自查：图书陈旧" in page and "市级复核：功能室未开放" not in page
    assert "县级自评 · 学校" in page
    detail = client.get(reverse("rectification:detail", args=[city.pk])).content.decode()
    assert "市教育局" in detail and "市级复核" in detail


def test_the_create_form_offers_the_citys_review_to_the_bureau_only(client, world):
    client.force_login(world.county_admin)
    assert 'value="city"' in client.get(reverse("rectification:create")).content.decode()
    client.force_login(world.township_officer)
    assert 'value="city"' not in client.get(reverse("rectification:create")).content.decode()
    client.force_login(world.county_admin)
    response = client.post(
        reverse("rectification:create"),
        {
            "source": "city",
            "school": world.school.pk,
            "description": "市级复核：音乐教室不足",
            "deadline": (TODAY + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Problem.objects.get().body == FoundBy.CITY_BUREAU
