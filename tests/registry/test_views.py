"""The registry pages: the user's schools, one school, and the county admin's corrections of a
school's registry facts (through `registry.services.school_update`, audited)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from factories import make_school
from junheng.audit.models import AuditEntry
from junheng.registry import services
from junheng.registry.models import School


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_data(school, **changes) -> dict:
    data = {
        "name": school.name,
        "school_type": school.school_type,
        "location": school.location,
        "ownership": school.ownership,
        "affiliation": school.affiliation,
        "township": school.township_id,
        "parent": school.parent_id or "",
        "latitude": "",
        "longitude": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("persona", "seen", "unseen"),
    [
        ("county_admin", ["城关一小", "城关二小", "东乡中心小学"], ["北镇小学"]),
        ("township_officer", ["城关一小", "城关二小"], ["东乡中心小学", "北镇小学"]),
        ("principal", ["城关一小"], ["城关二小", "东乡中心小学", "北镇小学"]),
        ("inspector", ["城关二小", "东乡中心小学"], ["城关一小", "北镇小学"]),
        ("foreign_admin", ["北镇小学"], ["城关一小"]),
    ],
)
def test_the_school_list_shows_the_user_s_scope_only(world, persona, seen, unseen):
    html = client_for(getattr(world, persona)).get(reverse("registry:school_list")).content
    html = html.decode()

    assert all(name in html for name in seen)
    assert not any(name in html for name in unseen)


def test_the_school_list_filters_by_township_type_and_search(world):
    make_school(world.township, "6101010009", "城关中学", school_type="初级中学")
    client = client_for(world.county_admin)
    url = reverse("registry:school_list")

    township = client.get(url, {"township": world.other_township.pk}).content.decode()
    junior = client.get(url, {"school_type": "初级中学"}).content.decode()
    by_name = client.get(url, {"q": "二小"}).content.decode()
    by_code = client.get(url, {"q": "6101010003"}).content.decode()

    assert "东乡中心小学" in township and "城关一小" not in township
    assert "城关中学" in junior and "城关一小" not in junior
    assert "城关二小" in by_name and "城关一小" not in by_name
    assert "东乡中心小学" in by_code and "城关二小" not in by_code


def test_the_school_page_shows_the_facts_and_the_years_with_status(world):
    page = client_for(world.principal).get(
        reverse("registry:school_detail", args=[world.school.pk])
    )

    html = page.content.decode()
    assert "城关一小" in html and "6101010001" in html
    assert "2025" in html and "填报中" in html
    assert reverse("collection:school_year", args=[2025, world.school.pk]) in html
    assert "修改名录信息" not in html


@pytest.mark.parametrize(
    ("persona", "school"),
    [("principal", "sibling"), ("township_officer", "far_school"), ("foreign_admin", "school")],
)
def test_a_school_out_of_scope_is_not_found(world, persona, school):
    client = client_for(getattr(world, persona))
    pk = getattr(world, school).pk

    assert client.get(reverse("registry:school_detail", args=[pk])).status_code == 404
    assert client.get(reverse("registry:school_edit", args=[pk])).status_code == 404


@pytest.mark.parametrize("persona", ["principal", "township_officer", "inspector"])
def test_only_county_admins_may_edit_the_registry(world, persona):
    client = client_for(getattr(world, persona))
    url = reverse("registry:school_edit", args=[world.school.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(world.school, name="改名")).status_code == 404
    assert School.objects.get(pk=world.school.pk).name == "城关一小"


def test_the_county_admin_corrects_a_school_s_facts_and_it_is_audited(world):
    client = client_for(world.county_admin)

    page = client.post(
        reverse("registry:school_edit", args=[world.school.pk]),
        edit_data(
            world.school,
            name="城关第一小学",
            township=world.other_township.pk,
            latitude="34.261000",
            longitude="108.942000",
        ),
    )

    school = School.objects.get(pk=world.school.pk)
    assert page.status_code == 302
    assert school.name == "城关第一小学" and school.township == world.other_township
    assert str(school.latitude) == "34.261000"
    entry = AuditEntry.objects.get()
    assert entry.object_type == "registry.School" and entry.actor == world.county_admin
    assert ("name", "城关一小", "城关第一小学") in entry.changed_fields()
    assert ("township", "城关镇", "东乡") in entry.changed_fields()


def test_saving_unchanged_facts_writes_no_entry(world):
    client_for(world.county_admin).post(
        reverse("registry:school_edit", args=[world.school.pk]), edit_data(world.school)
    )

    assert not AuditEntry.objects.exists()


def test_a_teaching_point_needs_a_parent_school_shown_on_the_form(world):
    page = client_for(world.county_admin).post(
        reverse("registry:school_edit", args=[world.far_school.pk]),
        edit_data(world.far_school, school_type="小学教学点"),
    )

    assert page.status_code == 200
    assert "小学教学点必须设置所属学校" in page.content.decode()
    assert School.objects.get(pk=world.far_school.pk).school_type == "小学"


def test_a_teaching_point_may_belong_to_a_primary_school_of_the_county(world):
    services.school_update(
        actor=world.county_admin,
        school=world.far_school,
        **{
            **_facts(world.far_school),
            "school_type": "小学教学点",
            "parent": world.school,
        },
    )

    assert School.objects.get(pk=world.far_school.pk).parent == world.school


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "  "}, "学校名称不能为空"),
        ({"parent": "school"}, "只有小学教学点"),
        ({"school_type": "小学教学点", "parent": "foreign_school"}, "所属学校必须是本县"),
        ({"township": "foreign_township"}, "乡镇不属于"),
    ],
)
def test_registry_rules_refuse_bad_facts(world, changes, message):
    facts = _facts(world.sibling)
    for key, value in changes.items():
        if value in ("school", "foreign_school"):
            value = getattr(world, value)
        elif value == "foreign_township":
            value = world.foreign_school.township
        facts[key] = value

    with pytest.raises(services.RegistryError) as refused:
        services.school_update(actor=world.county_admin, school=world.sibling, **facts)

    assert message in refused.value.zh


def test_another_county_s_admin_cannot_change_the_school(world):
    with pytest.raises(services.RegistryError):
        services.school_update(
            actor=world.foreign_admin,
            school=world.school,
            **{**_facts(world.school), "name": "改名"},
        )


def _facts(school) -> dict:
    return {
        "name": school.name,
        "school_type": school.school_type,
        "location": school.location,
        "ownership": school.ownership,
        "affiliation": school.affiliation,
        "township": school.township,
        "parent": school.parent,
        "latitude": school.latitude,
        "longitude": school.longitude,
    }


def test_a_registry_refusal_is_the_project_s_one_refusal_type():
    from junheng.refusals import Refusal

    assert issubclass(services.RegistryError, Refusal)


# --- the Django admin: it reads the registry; a change goes through the services ------------


@pytest.fixture
def superuser(db):
    from junheng.accounts.models import User

    return User.objects.create_superuser("root", "root@example.org", "x-secret-x")


def test_an_admin_edit_of_a_school_is_refused_and_leaves_no_unaudited_change(world, superuser):
    client = client_for(superuser)
    url = reverse("admin:registry_school_change", args=[world.school.pk])
    data = {
        "county": world.county.pk,
        "township": world.other_township.pk,
        "code": world.school.code,
        "name": "改名小学",
        "school_type": "小学教学点",  # without a parent: the registry's rules refuse it
        "location": world.school.location,
        "ownership": world.school.ownership,
        "affiliation": world.school.affiliation,
    }

    page = client.get(url)
    posted = client.post(url, data)

    assert page.status_code == 200  # the facts can be read
    assert posted.status_code == 403
    school = School.objects.get(pk=world.school.pk)
    assert (school.name, school.school_type, school.township) == (
        "城关一小",
        "小学",
        world.township,
    )
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("url_name", ["admin:registry_school_add", "admin:registry_township_add"])
def test_the_admin_adds_no_school_or_township(world, superuser, url_name):
    assert client_for(superuser).get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("model", ["school", "township", "county"])
def test_the_admin_deletes_nothing_of_the_registry(world, superuser, model):
    obj = {"school": world.school, "township": world.township, "county": world.county}[model]
    url = reverse(f"admin:registry_{model}_delete", args=[obj.pk])

    assert client_for(superuser).post(url, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_installation_s_administrator_adds_a_county_in_the_admin_audited(db, superuser):
    from junheng.registry.models import County

    page = client_for(superuser).post(
        reverse("admin:registry_county_add"), {"code": "610103", "name": "新县"}
    )

    assert page.status_code == 302
    county = County.objects.get(code="610103")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.county) == ("create", "registry.County", county)
    assert entry.actor == superuser and entry.after["name"] == "新县"


def test_the_admin_s_county_form_shows_the_registry_s_rules(db, superuser):
    from junheng.registry.models import County

    page = client_for(superuser).post(
        reverse("admin:registry_county_add"), {"code": "61010X", "name": "新县"}
    )

    assert page.status_code == 200 and "县代码应为 6 位数字" in page.content.decode()
    assert not County.objects.exists() and not AuditEntry.objects.exists()


def test_only_the_installation_s_administrator_adds_a_county(world):
    with pytest.raises(services.RegistryError):
        services.county_create(actor=world.county_admin, code="610103", name="新县")
    staff = world.county_admin
    staff.is_staff = True
    staff.save()

    page = client_for(staff).get(reverse("admin:registry_county_add"))

    assert page.status_code in (302, 403)
    assert not AuditEntry.objects.exists()
