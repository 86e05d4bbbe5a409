"""The cadre select of the 包校安排 page (/visits/cadres/) names each person as every other
person select does — full name, role and scope — never by the login name."""

from __future__ import annotations

import re

from django.urls import reverse


def test_the_cadre_select_shows_full_names_and_roles_not_login_names(client, world):
    world.inspector.last_name = "李督学"
    world.inspector.save()
    world.county_admin.last_name = "王科长"
    world.county_admin.save()
    client.force_login(world.county_admin)
    page = client.get(reverse("inspections:cadres")).content.decode()
    select = re.search(r'<select name="cadre".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)
    assert "李督学（督学/包校干部 · 示例县）" in options
    assert "王科长（县教育局管理员 · 示例县）" in options
    assert not {"inspector", "county_admin"} & set(options)
