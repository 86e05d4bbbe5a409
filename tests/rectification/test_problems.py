"""Recording problems (who records what, where), their photos (checked by content, served only
to those who see the problem), and changing a problem's measure, deadline or responsible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from junheng.audit.models import AuditEntry
from junheng.rectification import images, rules, services
from junheng.rectification.choices import PhotoStage, Source, Status
from junheng.rectification.models import Problem, ProblemPhoto
from rectification.builders import JPEG_BYTES, photo_upload, png_bytes, problem_at

LATER = timezone.localdate() + dt.timedelta(days=20)


def record(world, actor, school=None, **extra):
    values = {
        "actor": actor,
        "county": world.county,
        "source": Source.COUNTY,
        "description": "音乐教室被挪作仓库",
        "school": school,
    }
    values.update(extra)
    return services.problem_create(**values)


def test_the_county_records_a_problem_with_measure_deadline_responsible_and_photos(world):
    problem = record(
        world,
        world.county_admin,
        world.sibling,
        source=Source.PROVINCE,
        checklist_item="2.3 功能室配备",
        measure="腾空仓库，恢复音乐教室",
        responsible=world.other_principal,
        deadline=LATER,
        photos=[photo_upload("现场1.png"), photo_upload("现场2.jpg", JPEG_BYTES)],
    )
    assert problem.status == Status.OPEN
    assert (problem.township, problem.school) == (world.township, world.sibling)
    photos = list(problem.photos.order_by("pk"))
    assert [p.content_type for p in photos] == ["image/png", "image/jpeg"]
    assert [p.original_name for p in photos] == ["现场1.png", "现场2.jpg"]
    stored = Path(photos[0].file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT)) and stored.suffix == ".png"
    assert "现场" not in stored.name  # stored under a random name
    entry = AuditEntry.objects.get(object_type="rectification.Problem", object_id=problem.pk)
    assert entry.action == "create" and entry.school == world.sibling
    assert entry.after["deadline"] == LATER.isoformat() and entry.after["photos"] == 2


@pytest.mark.parametrize(
    "role, sources",
    [
        ("county_admin", {"self", "township", "county", "city", "province", "national"}),
        ("township_officer", {"self", "township"}),
        ("principal", {"self"}),
        ("inspector", {"county"}),
    ],
)
def test_each_role_records_under_its_own_sources(world, role, sources):
    actor = getattr(world, role)
    school = world.school if role != "inspector" else world.sibling
    for source in Source.values:
        if source in sources:
            assert record(world, actor, school, source=source).source == source
        else:
            with pytest.raises(services.NotAllowed):
                record(world, actor, school, source=source)


def test_nobody_records_a_problem_of_a_school_outside_their_scope(world):
    with pytest.raises(services.NotAllowed):
        record(world, world.principal, world.sibling, source=Source.SELF_CHECK)
    with pytest.raises(services.NotAllowed):
        record(world, world.inspector, world.school)  # not assigned to A1
    with pytest.raises(services.NotAllowed):
        record(world, world.township_officer, world.far_school, source=Source.TOWNSHIP)
    with pytest.raises(services.NotAllowed):
        record(world, world.foreign_admin, world.school)
    assert not Problem.objects.exists() and not AuditEntry.objects.exists()


def test_township_and_county_problems_without_a_school(world):
    township_problem = record(
        world, world.township_officer, township=world.township, source=Source.TOWNSHIP
    )
    assert (township_problem.school, township_problem.township) == (None, world.township)
    county_problem = record(world, world.county_admin, source=Source.NATIONAL)
    assert county_problem.unit_name == "示例县"
    with pytest.raises(services.NotAllowed):  # only the bureau records county-wide problems
        record(world, world.township_officer, source=Source.TOWNSHIP)
    with pytest.raises(services.NotAllowed):
        record(world, world.principal, township=world.township, source=Source.SELF_CHECK)


def test_a_problem_needs_a_description_a_county_person_and_a_future_deadline(world):
    with pytest.raises(services.RectificationError):
        record(world, world.county_admin, world.school, description="  ")
    with pytest.raises(services.RectificationError) as refused:
        record(world, world.county_admin, world.school, responsible=world.foreign_admin)
    assert refused.value.zh == "责任人必须是本县的用户"
    with pytest.raises(services.RectificationError) as refused:
        record(world, world.county_admin, world.school, deadline=dt.date(2000, 1, 1))
    assert refused.value.zh == "整改期限不能早于今天"


@pytest.mark.parametrize(
    "name, data",
    [
        ("假照片.jpg", b"%PDF-1.7 not an image"),
        ("脚本.png", b"<svg onload=alert(1)></svg>"),
        ("空.png", b""),
        ("改名.gif", b"MZ\x90\x00 an executable"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_whatever_its_name(world, name, data):
    with pytest.raises(services.InvalidPhoto) as refused:
        record(world, world.county_admin, world.school, photos=[photo_upload(name, data)])
    assert name in refused.value.zh
    assert not Problem.objects.exists() and not ProblemPhoto.objects.exists()


def test_photos_are_recognised_by_their_magic_bytes():
    assert images.image_kind(png_bytes()).content_type == "image/png"
    assert images.image_kind(JPEG_BYTES).extension == "jpg"
    assert images.image_kind(b"GIF89a....").extension == "gif"
    assert images.image_kind(b"RIFF\x00\x00\x00\x00WEBPVP8 ").extension == "webp"
    assert images.image_kind(b"RIFF\x00\x00\x00\x00WAVEfmt ") is None
    assert images.image_kind(b"\x89PNX") is None


def test_an_oversized_photo_is_refused(world, monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 50)
    with pytest.raises(services.InvalidPhoto) as refused:
        record(world, world.county_admin, world.school, photos=[photo_upload()])
    assert "MB" in refused.value.zh


def test_a_photo_is_served_only_to_those_who_see_its_problem(client, world):
    problem = record(world, world.county_admin, world.school, photos=[photo_upload()])
    photo = problem.photos.get()
    url = reverse("rectification:photo", args=[photo.pk])
    for user, status in (
        (world.principal, 200),
        (world.township_officer, 200),
        (world.county_admin, 200),
        (world.other_principal, 404),
        (world.inspector, 404),
        (world.foreign_admin, 404),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Type"] == "image/png"
            # what is served is the photo re-encoded without its metadata (issue 13 §4)
            assert b"".join(response.streaming_content) == images.reencoded(png_bytes())
    client.logout()
    assert client.get(url).status_code == 302
    assert not settings.MEDIA_URL.startswith("/media/")


def test_the_bureau_changes_everything_the_responsible_side_only_the_measure(world):
    problem = problem_at(world.school, responsible=world.principal, created_by=world.county_admin)
    assert rules.editable_fields(actor=world.county_admin, problem=problem) == rules.MANAGED_FIELDS
    assert rules.editable_fields(actor=world.principal, problem=problem) == ("measure",)
    assert rules.editable_fields(actor=world.township_officer, problem=problem) == ("measure",)
    assert rules.editable_fields(actor=world.inspector, problem=problem) == ()
    services.problem_update(
        actor=world.principal, problem=problem, changes={"measure": "调整功能室"}, comment="细化"
    )
    with pytest.raises(services.NotAllowed):
        services.problem_update(actor=world.principal, problem=problem, changes={"deadline": LATER})
    problem = services.problem_update(
        actor=world.county_admin,
        problem=problem,
        changes={"deadline": LATER, "responsible": world.township_officer},
    )
    entries = AuditEntry.objects.filter(action="change").order_by("pk")
    assert [e.after for e in entries] == [
        {"measure": "调整功能室"},
        {"deadline": LATER.isoformat(), "responsible": "township_officer"},
    ]
    assert entries[0].comment == "细化"


def test_the_recorder_may_change_their_problem_but_nobody_changes_a_closed_one(world):
    problem = record(world, world.inspector, world.sibling, responsible=world.other_principal)
    assert rules.editable_fields(actor=world.inspector, problem=problem) == rules.MANAGED_FIELDS
    Problem.objects.filter(pk=problem.pk).update(status=Status.CLOSED)
    problem.refresh_from_db()
    with pytest.raises(services.NotAllowed):
        services.problem_update(actor=world.county_admin, problem=problem, changes={"measure": "x"})


def test_proof_photos_come_with_the_submission(world):
    problem = problem_at(world.school, status=Status.RECTIFYING)
    services.problem_submit(
        actor=world.principal, problem=problem, proof="已腾空", photos=[photo_upload("整改后.png")]
    )
    assert problem.photos.get().stage == PhotoStage.PROOF
