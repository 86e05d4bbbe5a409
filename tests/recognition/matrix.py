"""The recognition routes for the permission matrix (tests/site_wide/test_permission_matrix.py).

The road is read by everyone of the county; its forms and the draws' writes only by the
county's admins; the draws by the roles that see the county's evaluation (not principals).
Each county of the matrix's world gets draws holding all its schools. To integrate:

    from recognition.matrix import recognition_routes
    CATALOGUE.update(recognition_routes(Route, ROLES))
"""

from __future__ import annotations

from typing import Any

from junheng.recognition.models import DrawnSchool, MockDraw
from junheng.recognition.sampling import type_group

YEAR = 2025
ADMINS = frozenset({"county_admin", "foreign_admin"})


def matrix_draw(county: Any, name: str = "矩阵抽取") -> MockDraw:
    """A draw of the county holding all its schools (made once per name)."""
    from junheng.accounts.models import User

    found = MockDraw.objects.filter(county=county, name=name).first()
    if found is not None:
        return found
    admin = User.objects.filter(role="county_admin", county=county).first()
    draw = MockDraw.objects.create(
        county=county,
        name=name,
        year=YEAR,
        standard="quality-2017",
        size=10,
        seed=7,
        strata=[],
        created_by=admin,
    )
    for position, school in enumerate(county.schools.order_by("code"), 1):
        DrawnSchool.objects.create(
            draw=draw,
            school=school,
            position=position,
            location=school.location,
            group=type_group(school.school_type),
        )
    return draw


def recognition_routes(route: Any, roles: tuple[str, ...]) -> dict[str, Any]:
    sees_draws = {
        "county_admin": {"A"},
        "township_officer": {"A"},
        "inspector": {"A"},
        "foreign_admin": {"B"},
    }
    managers = {"county_admin": {"A"}, "foreign_admin": {"B"}}
    return {
        "recognition:road": route("list"),
        "recognition:profile": route(
            "list", lambda w, t: {"year": YEAR}, methods=("GET", "POST"), opens=ADMINS
        ),
        "recognition:coverage": route(
            "list", lambda w, t: {"year": YEAR}, methods=("GET", "POST"), opens=ADMINS
        ),
        "recognition:recognised": route("list", methods=("GET", "POST"), opens=ADMINS),
        "recognition:stage": route(
            "list", lambda w, t: {"stage": "city"}, methods=("GET", "POST"), opens=ADMINS
        ),
        "recognition:draws": route("list", opens=frozenset(roles) - {"principal"}),
        "recognition:draw_create": route("list", methods=("GET", "POST"), opens=ADMINS),
        "recognition:draw_detail": route(
            "county", lambda w, c: {"pk": matrix_draw(c).pk}, sees=sees_draws
        ),
        "recognition:draw_export": route(
            "county", lambda w, c: {"pk": matrix_draw(c).pk}, sees=sees_draws
        ),
        "recognition:draw_compare": route(
            "county",
            query=lambda w, c: (
                f"?first={matrix_draw(c).pk}&second={matrix_draw(c, '矩阵抽取二').pk}"
            ),
            sees=sees_draws,
        ),
        "recognition:draw_delete": route(
            "county",
            lambda w, c: {"pk": matrix_draw(c, "矩阵待删").pk},
            methods=("POST",),
            sees=managers,
        ),
    }
