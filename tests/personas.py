"""Personas of the web tests: two counties, townships and schools, one user per role.

county A (610101): townships 城关镇 (schools A1, A2) and 东乡 (school A3)
county B (610102): township 北镇 (school B1)
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from factories import make_county, make_school, make_school_year, make_township, make_user
from junheng.accounts.models import User
from junheng.registry.models import County, School, Township


@dataclass
class World:
    county: County
    other_county: County
    township: Township
    other_township: Township
    school: School  # A1, the principal's
    sibling: School  # A2, same township
    far_school: School  # A3, other township
    foreign_school: School  # B1, other county
    county_admin: User
    township_officer: User
    principal: User
    inspector: User
    other_principal: User
    foreign_admin: User

    def users(self) -> dict[str, User]:
        return {
            "county_admin": self.county_admin,
            "township_officer": self.township_officer,
            "principal": self.principal,
            "inspector": self.inspector,
        }


@pytest.fixture
def world(db) -> World:
    county = make_county("610101", "示例县")
    other_county = make_county("610102", "邻县")
    township = make_township(county, "城关镇")
    other_township = make_township(county, "东乡")
    foreign_township = make_township(other_county, "北镇")
    school = make_school(township, "6101010001", "城关一小")
    sibling = make_school(township, "6101010002", "城关二小")
    far_school = make_school(other_township, "6101010003", "东乡中心小学", location="乡村")
    foreign_school = make_school(foreign_township, "6101020001", "北镇小学")
    for s in (school, sibling, far_school, foreign_school):
        make_school_year(s, 2025)
    return World(
        county=county,
        other_county=other_county,
        township=township,
        other_township=other_township,
        school=school,
        sibling=sibling,
        far_school=far_school,
        foreign_school=foreign_school,
        county_admin=make_user("county_admin", "county_admin", county=county),
        township_officer=make_user(
            "township_officer", "township_officer", county=county, township=township
        ),
        principal=make_user("principal", "principal", county=county, school=school),
        inspector=make_user(
            "inspector", "inspector", county=county, assigned_schools=[sibling, far_school]
        ),
        other_principal=make_user("other_principal", "principal", county=county, school=sibling),
        foreign_admin=make_user("foreign_admin", "county_admin", county=other_county),
    )
