"""The costs what-if: the plan and the verdict after it change with the unit costs."""

from __future__ import annotations

from junheng.collection.models import SchoolYear

URL = "/county/610101/2025/plan/"


def short_of_rooms(world):
    # A3: 400 students and 1,200 m² of rooms: 4.5 m² per student needs 1,800 m²; the school
    # meets the other six, so it passes at 85 % of the standard: 1,530 m², 330 m² to build
    SchoolYear.objects.filter(school=world.far_school).update(teaching_room_area=1200.0)


def test_the_plan_costs_what_the_missing_rooms_cost_at_the_given_price(client, world):
    short_of_rooms(world)
    client.force_login(world.county_admin)
    response = client.post(
        URL, {"teaching_room": "3000", "transfers": "on"}, HTTP_HX_REQUEST="true"
    )
    plan = response.context["plan"]
    assert plan["after"]["pass"] is True
    rooms = [a for a in plan["actions"] if a["school_code"] == "6101010003"]
    assert rooms and abs(sum(a["cost_wan"] for a in rooms) - 330 * 3000 / 10000) < 0.01
    cheaper = client.post(URL, {"teaching_room": "1500", "transfers": "on"}, HTTP_HX_REQUEST="true")
    assert abs(cheaper.context["plan"]["cost_wan"] - plan["cost_wan"] / 2) < 0.01


def test_a_negative_price_is_refused(client, world):
    client.force_login(world.county_admin)
    response = client.post(URL, {"teaching_room": "-1"})
    assert "不是非负数" in response.content.decode()
    assert response.context["plan"] is None


def test_the_basic_standard_has_no_planner(client, world):
    client.force_login(world.county_admin)
    assert client.get(URL + "?standard=basic-2012").status_code == 404
