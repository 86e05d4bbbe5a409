"""The evidence archive (台账) as a background job (issue 13 §2): a small archive is still sent at
once; a larger one is offered, then packed by a job that counts the files packed, scoped to
its starter, holding what the direct download holds."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from checklists import samples
from jobs.builders import made_through_job
from junheng.checklists import services
from junheng.checklists.choices import UnitKind
from junheng.jobs.choices import JobStatus
from junheng.jobs.models import Job


@pytest.fixture
def evidenced(world):
    """A checklist with two pieces of evidence uploaded by the principal."""
    checklist = services.checklist_load_builtin(
        actor=world.county_admin, county=world.county, key="quality-2017"
    )
    assignment = services.assignment_create(
        actor=world.county_admin,
        item=checklist.items.get(code="2.3.1"),
        unit_kind=UnitKind.SCHOOL,
        school=world.school,
        person=world.principal,
        deadline=dt.date(2025, 9, 1),
    )
    for name, data in (("功能教室统计表.pdf", samples.PDF), ("音乐教室.png", samples.PNG)):
        services.evidence_upload(
            actor=world.principal,
            assignment=assignment,
            name=name,
            handle=io.BytesIO(data),
            size=len(data),
            requirement="各校功能教室统计表",
        )
    return checklist


def archive_url(checklist) -> str:
    return reverse("checklists:archive", args=[checklist.pk])


def contents(data: bytes) -> dict[str, object]:
    """The archive's files, and its index's cells (the xlsx's own timestamps aside)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found: dict[str, object] = {
            name: archive.read(name) for name in archive.namelist() if name != "目录.xlsx"
        }
        index = load_workbook(io.BytesIO(archive.read("目录.xlsx"))).active
        found["目录.xlsx"] = [row for row in index.iter_rows(values_only=True)]
    return found


def test_a_large_archive_is_offered_then_packed_by_a_job_holding_the_direct_download(
    client, world, evidenced, monkeypatch
):
    client.force_login(world.county_admin)
    direct = client.get(archive_url(evidenced))  # two files: sent at once
    assert direct["Content-Type"] == "application/zip"
    direct_bytes = b"".join(direct.streaming_content)
    assert not Job.objects.exists()

    monkeypatch.setattr("junheng.checklists.views.ARCHIVE_FILES_IN_REQUEST", 1)
    offer = client.get(archive_url(evidenced))
    html = offer.content.decode()
    assert offer.status_code == 200 and "台账共 2 个文件，将在后台打包" in html
    assert f'method="post" action="{archive_url(evidenced)}"' in html
    assert not Job.objects.exists()  # a GET starts nothing

    job, download = made_through_job(client, archive_url(evidenced))

    assert job.kind == "checklist_archive" and job.status == JobStatus.SUCCEEDED
    assert job.started_by == world.county_admin and job.county == world.county
    assert (job.done, job.total) == (2, 2)
    assert job.message_zh == "已打包 2 / 2 个文件"
    assert job.result_name == f"{world.county.name}{evidenced.name}台账.zip"
    assert download["Content-Type"] == "application/zip"
    assert contents(download.data) == contents(direct_bytes)


def test_the_job_packs_only_what_its_starter_sees(client, world, evidenced):
    services.assignment_create(
        actor=world.county_admin,
        item=evidenced.items.get(code="2.3.1"),
        unit_kind=UnitKind.SCHOOL,
        school=world.sibling,
        person=world.other_principal,
        deadline=dt.date(2025, 9, 1),
    )
    client.force_login(world.other_principal)  # the sibling school's: not the evidence of A1
    job, download = made_through_job(client, archive_url(evidenced))

    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        assert archive.namelist() == ["目录.xlsx"]
    assert (job.done, job.total) == (0, 0)


@pytest.mark.parametrize("outsider", ["other_principal", "township_officer", "foreign_admin"])
def test_nobody_else_fetches_the_principal_s_archive(client, world, evidenced, outsider):
    client.force_login(world.principal)
    job, _download = made_through_job(client, archive_url(evidenced))

    client.force_login(getattr(world, outsider))
    for name in ("detail", "progress", "download"):
        assert client.get(reverse(f"jobs:{name}", kwargs={"pk": job.pk})).status_code == 404


def test_another_county_s_archive_starts_no_job(client, world, evidenced):
    client.force_login(world.foreign_admin)
    assert client.post(archive_url(evidenced)).status_code == 404
    client.logout()
    assert client.post(archive_url(evidenced)).status_code == 302  # to the login
    assert not Job.objects.exists()
