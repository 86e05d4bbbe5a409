"""The audit trail's pages: who, when, what, each changed field 旧值 → 新值 under its template
header, and why; each user sees the entries of their scope; nothing can change an entry."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from factories import figures_for
from junheng.audit.models import AuditEntry, AuditTrailIsAppendOnly
from junheng.audit.selectors import history_line
from junheng.collection import services
from junheng.collection.choices import DataStatus
from junheng.collection.models import SchoolYear

YEAR = 2025


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change(actor, school, comment="", **figures):
    record = SchoolYear.objects.get(school=school, year=YEAR)
    services.school_year_save(
        actor=actor,
        school=school,
        year=YEAR,
        figures=figures_for(school, **figures),
        expected_version=record.version,
        comment=comment,
    )


def test_a_change_reads_as_the_template_header_with_old_and_new_values(world):
    change(world.principal, world.school, comment="据学籍核对", primary_students=412)

    html = (
        client_for(world.principal)
        .get(reverse("collection:school_history", args=[world.school.pk]))
        .content.decode()
    )

    assert "修改" in html and "据学籍核对" in html and "principal" in html
    assert "小学在校生数" in html
    assert (
        '<span class="old">400</span><span class="arrow">→</span><span class="new">412</span>'
        in html
    )


def test_a_status_change_reads_in_chinese(world):
    record = SchoolYear.objects.get(school=world.school, year=YEAR)
    services.school_year_submit(actor=world.principal, record=record)

    line = history_line(AuditEntry.objects.get())

    assert str(line.action) == "上报"
    [shown] = line.changes
    assert (str(shown.label), shown.before, shown.after) == ("状态", "填报中", "已上报，待乡镇审核")


def test_each_user_sees_the_entries_of_their_scope(world):
    change(world.principal, world.school, primary_students=401)
    change(world.county_admin, world.far_school, primary_students=402)
    change(world.foreign_admin, world.foreign_school, primary_students=403)

    def seen(persona):
        page = client_for(getattr(world, persona)).get(reverse("collection:history"))
        return {line.entry.school.name for line in page.context["history"].lines}

    assert seen("county_admin") == {"城关一小", "东乡中心小学"}
    assert seen("township_officer") == {"城关一小"}
    assert seen("principal") == {"城关一小"}
    assert seen("inspector") == {"东乡中心小学"}
    assert seen("foreign_admin") == {"北镇小学"}


def test_the_county_admin_sees_the_lock_and_unlock_of_the_year(world):
    SchoolYear.objects.filter(school__county=world.county).update(status=DataStatus.APPROVED)
    services.county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)
    services.county_year_unlock(
        actor=world.county_admin, county=world.county, year=YEAR, reason="更正数据"
    )

    page = client_for(world.county_admin).get(reverse("collection:history"), {"year": YEAR})

    html = page.content.decode()
    assert "锁定年度" in html and "解锁年度" in html and "更正数据" in html


def test_the_history_filters_by_year(world):
    change(world.principal, world.school, primary_students=401)

    page = client_for(world.principal).get(reverse("collection:history"), {"year": 2019})

    assert page.context["history"].lines == []


@pytest.mark.parametrize(
    ("persona", "school"),
    [("principal", "sibling"), ("principal", "foreign_school"), ("inspector", "school")],
)
def test_the_history_of_a_school_out_of_scope_is_not_found(world, persona, school):
    url = reverse("collection:school_history", args=[getattr(world, school).pk])

    assert client_for(getattr(world, persona)).get(url).status_code == 404


def test_the_history_pages_offer_no_way_to_change_an_entry(world):
    change(world.principal, world.school, primary_students=401)
    client = client_for(world.county_admin)

    assert client.post(reverse("collection:history")).status_code == 405
    assert (
        client.post(reverse("collection:school_history", args=[world.school.pk])).status_code == 405
    )
    entry = AuditEntry.objects.get()
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.all().delete()


def test_a_registry_correction_appears_in_the_school_s_history(world):
    client = client_for(world.county_admin)
    client.post(
        reverse("registry:school_edit", args=[world.school.pk]),
        {
            "name": "城关第一小学",
            "school_type": "小学",
            "location": "城区",
            "ownership": "公办",
            "affiliation": "县属",
            "township": world.township.pk,
        },
    )

    html = client.get(reverse("collection:school_history", args=[world.school.pk])).content
    html = html.decode()

    assert "学校名录" in html and "城关第一小学" in html and "学校名称" in html


def test_a_recorded_list_or_mapping_reads_as_text_not_as_python():
    from junheng.audit.selectors import shown

    assert shown(["食堂留样记录缺少两天", "消防器材检查记录未按月填写"]) == (
        "食堂留样记录缺少两天；消防器材检查记录未按月填写"
    )
    assert shown([]) == "—"
    assert shown({"students_per_class": "已核实"}) == "students_per_class：已核实"
    assert shown([2000.0, True]) == "2000；是"
