"""The problem pages: recording through the form, the buttons each side gets, moving a problem
through its states on the page, and editing."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from junheng.rectification.choices import Status
from junheng.rectification.models import Problem
from rectification.builders import photo_upload, problem_at

LATER = timezone.localdate() + dt.timedelta(days=20)


def test_a_principal_records_a_self_check_problem_with_a_photo(client, world):
    client.force_login(world.principal)
    form = client.get(reverse("rectification:create")).content.decode()
    assert "城关一小" in form and "城关二小" not in form  # only their school to choose
    response = client.post(
        reverse("rectification:create"),
        {
            "source": "self",
            "school": world.school.pk,
            "description": "图书室藏书不足",
            "measure": "采购图书 2000 册",
            "responsible": world.principal.pk,
            "deadline": LATER.isoformat(),
            "photos": [photo_upload("图书室.png")],
        },
    )
    problem = Problem.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "rectification:detail", args=[problem.pk]
    )
    assert (problem.source, problem.school, problem.responsible) == (
        "self",
        world.school,
        world.principal,
    )
    page = client.get(response.url).content.decode()
    assert (
        "图书室藏书不足" in page
        and reverse("rectification:photo", args=[problem.photos.get().pk]) in page
    )


def test_the_form_refuses_a_school_outside_the_scope_and_shows_why(client, world):
    client.force_login(world.principal)
    response = client.post(
        reverse("rectification:create"),
        {"source": "self", "school": world.sibling.pk, "description": "x"},
    )
    assert response.status_code == 200 and not Problem.objects.exists()
    assert "school" in response.context["form"].errors


def test_a_non_photo_upload_is_explained_on_the_form(client, world):
    client.force_login(world.county_admin)
    response = client.post(
        reverse("rectification:create"),
        {
            "source": "county",
            "school": world.school.pk,
            "description": "x",
            "photos": [photo_upload("a.jpg", b"not an image at all")],
        },
    )
    assert response.status_code == 200
    assert "不是照片" in response.content.decode()
    assert not Problem.objects.exists()


def test_the_responsible_side_sees_forward_buttons_the_verifier_verify_buttons(client, world):
    problem = problem_at(world.sibling, status=Status.SUBMITTED)
    url = reverse("rectification:detail", args=[problem.pk])
    client.force_login(world.inspector)
    page = client.get(url).content.decode()
    assert 'value="close"' in page and 'value="return"' in page
    client.force_login(world.other_principal)
    page = client.get(url).content.decode()
    assert 'value="close"' not in page and 'name="proof"' not in page
    Problem.objects.filter(pk=problem.pk).update(status=Status.RECTIFYING)
    page = client.get(url).content.decode()
    assert 'name="proof"' in page and 'value="close"' not in page


def test_a_problem_goes_round_on_its_page(client, world):
    problem = problem_at(world.sibling, responsible=world.other_principal)
    act = reverse("rectification:act", args=[problem.pk])
    client.force_login(world.other_principal)
    assert client.post(act, {"action": "start", "comment": "开始"}).status_code == 302
    response = client.post(
        act, {"action": "submit", "proof": "已腾空音乐教室", "photos": [photo_upload("后.png")]}
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == Status.SUBMITTED and problem.photos.get().stage == "proof"
    # the school cannot close its own problem
    assert client.post(act, {"action": "close"}).status_code == 403
    client.force_login(world.inspector)
    response = client.post(act, {"action": "return", "comment": ""}, follow=True)
    assert "退回时必须填写意见" in response.content.decode()
    client.post(act, {"action": "close", "comment": "现场核验"})
    problem.refresh_from_db()
    assert problem.status == Status.CLOSED
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert "核验销号" in page and "现场核验" in page and "已腾空音乐教室" in page


def test_the_responsible_side_edits_only_the_measure(client, world):
    problem = problem_at(world.school)
    client.force_login(world.principal)
    url = reverse("rectification:edit", args=[problem.pk])
    page = client.get(url).content.decode()
    assert 'name="measure"' in page and 'name="deadline"' not in page
    client.post(url, {"measure": "调整", "deadline": "2099-01-01"})
    problem.refresh_from_db()
    assert problem.measure == "调整" and problem.deadline is None
    client.force_login(world.inspector)  # a verifier of A2/A3, not of this problem
    assert client.get(url).status_code == 404


def test_the_list_filters_by_township_school_source_status_and_overdue(client, world):
    today = timezone.localdate()
    late = problem_at(world.school, deadline=today - dt.timedelta(days=3), source="self")
    problem_at(world.sibling, deadline=today + dt.timedelta(days=3), source="county")
    far = problem_at(world.far_school, status=Status.CLOSED, source="province")
    submitted = problem_at(world.far_school, status=Status.SUBMITTED, deadline=late.deadline)
    client.force_login(world.county_admin)
    url = reverse("rectification:list")

    def listed(query=""):
        return set(client.get(url + query).context["rows"].values_list("pk", flat=True))

    assert len(listed()) == 4
    assert listed(f"?township={world.other_township.pk}") == {far.pk, submitted.pk}
    assert listed(f"?school={world.school.pk}") == {late.pk}
    assert listed("?source=province") == {far.pk}
    assert listed("?status=closed") == {far.pk}
    # overdue: past the deadline and still owed by the responsible side (not submitted)
    assert listed("?overdue=on") == {late.pk}
    page = client.get(url).content.decode()
    assert "逾期 1 个" in page
