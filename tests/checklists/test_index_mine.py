"""The checklists page counts the user's tasks as the home page's to-dos do: those not done."""

from __future__ import annotations

import datetime as dt
import io

from django.test import Client
from django.urls import reverse

from junheng.checklists import services as checklists
from junheng.checklists.choices import UnitKind
from junheng.dashboards.todos import todos
from rectification.builders import png_bytes


def test_the_checklists_page_counts_my_tasks_not_done_as_the_home_page_does(world):
    checklist = checklists.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    leaves = checklist.items.filter(children__isnull=True, source="").order_by("code")
    done, waiting = leaves[:2]
    assignments = [
        checklists.assignment_create(
            actor=world.county_admin,
            item=item,
            unit_kind=UnitKind.SCHOOL,
            school=world.school,
            person=world.principal,
            deadline=dt.date(2030, 1, 1),
        )
        for item in (done, waiting)
    ]
    photo = png_bytes()
    checklists.evidence_upload(
        actor=world.principal,
        assignment=assignments[0],
        name="核实照片.png",
        handle=io.BytesIO(photo),
        size=len(photo),
        requirement="",
    )
    type(done).objects.filter(pk=done.pk).update(evidence=[])  # nothing to upload
    checklists.item_score_set(actor=world.county_admin, item=done, justification="已核实", met=True)

    home = {g.key: g for g in todos(user=world.principal).groups}["assignments"]
    client = Client()
    client.force_login(world.principal)
    page = client.get(reverse("checklists:index")).content.decode()
    assert home.count == 1
    assert 'title="未完成">1</b>' in page
