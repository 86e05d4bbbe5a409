"""Kindergartens and senior high schools on the dashboards (docs/standards.md §4): the county's
counts are of the schools evaluated, and such a school's page says plainly that the compulsory
evaluation does not apply and where the 双普 figures are, rather than an empty evaluation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from factories import make_school

YEAR = 2025


@pytest.mark.parametrize("school_type", ["幼儿园", "高级中学"])
def test_a_kindergarten_s_page_says_the_evaluation_does_not_apply(client, world, school_type):
    school = make_school(world.township, "6101010009", "城关幼儿园", school_type=school_type)
    client.force_login(world.county_admin)

    response = client.get(reverse("dashboards:school", args=["610101", YEAR, school.code]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "不参加义务教育均衡发展评估" in page
    assert f"本校为{school_type}，不属于义务教育学校" in page
    assert reverse("recognition:road") + f"?year={YEAR}#coverage" in page
    assert "达标率" not in page  # no empty evaluation table


def test_a_kindergarten_s_page_is_still_scoped(client, world):
    school = make_school(world.township, "6101010009", "城关幼儿园", school_type="幼儿园")
    client.force_login(world.foreign_admin)
    url = reverse("dashboards:school", args=["610101", YEAR, school.code])
    assert client.get(url).status_code == 404


def test_the_county_dashboard_counts_only_the_schools_evaluated(client, world):
    make_school(world.township, "6101010009", "城关幼儿园", school_type="幼儿园")
    make_school(world.township, "6101010010", "城关高级中学", school_type="高级中学")
    client.force_login(world.county_admin)

    page = client.get(reverse("dashboards:county", args=["610101", YEAR])).content.decode()

    assert "3 所参评学校（学部）" in page
    assert "城关幼儿园" not in page and "城关高级中学" not in page
