"""Large yearly-data imports in the background (issue 13 §2): a file beyond a few hundred rows
is checked by a job, whose page leads to the same preview the request would have made, and
committed by a job, all or nothing, failing with the first problems and the way back to the
preview; a small file stays immediate. (The threshold is lowered here so that the tests' files
count as large.)"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from junheng.collection import imports
from junheng.collection.choices import DataStatus, ImportStatus
from junheng.collection.models import ImportBatch, SchoolYear
from junheng.collection.template_rows import record_row
from junheng.evaluation.template import HEADERS, KEYS
from junheng.jobs.choices import JobStatus
from junheng.jobs.models import Job
from junheng.web import imports as flow
from junheng.web.import_jobs import flow_named

YEAR = 2025


def csv_file(*rows: dict[str, Any]) -> bytes:
    lines = [",".join(HEADERS[k] for k in KEYS)]
    lines += [",".join("" if r[k] is None else str(r[k]) for k in KEYS) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def row_of(school, **changes: Any) -> dict[str, Any]:
    return {**record_row(SchoolYear.objects.get(school=school, year=YEAR)), **changes}


def students(school) -> int:
    return SchoolYear.objects.get(school=school, year=YEAR).primary_students


@pytest.fixture
def large(monkeypatch):
    """Files of more than one row count as large."""
    monkeypatch.setattr(flow, "ROWS_IN_REQUEST", 1)


def upload(client, data: bytes, name: str = "学校基本情况.csv"):
    return client.post(reverse("collection:import"), {"file": SimpleUploadedFile(name, data)})


def test_a_large_file_is_checked_by_a_job_that_leads_to_the_request_s_own_preview(
    client, world, large
):
    data = csv_file(row_of(world.school, primary_students=450), row_of(world.sibling))
    client.force_login(world.township_officer)

    response = upload(client, data)

    job = Job.objects.get()
    batch = ImportBatch.objects.get()
    preview = reverse("collection:import_preview", args=[batch.pk])
    assert job.kind == "import_check" and job.status == JobStatus.SUCCEEDED
    assert job.started_by == world.township_officer and job.county == world.county
    assert job.result_url == preview and response.url == preview
    assert (job.done, job.total) == (3, 3)  # the header and two rows, counted without parsing
    assert job.message_zh == "已检查 3 行，发现 0 处问题。请查看预览。"
    direct = imports.import_preview(
        actor=world.township_officer, county=world.county, name="学校基本情况.csv", data=data
    )
    assert batch.preview == ImportBatch.objects.get(pk=direct.pk).preview
    assert batch.created_by == world.township_officer
    assert students(world.school) == 400  # a preview writes nothing
    _folders, kept = default_storage.listdir(flow.UPLOADS_FOLDER)
    assert kept == []  # the upload kept for the job is gone with it


def test_a_small_file_stays_immediate(client, world):
    client.force_login(world.township_officer)

    response = upload(client, csv_file(row_of(world.school, primary_students=450)))

    batch = ImportBatch.objects.get()
    assert response.url == reverse("collection:import_preview", args=[batch.pk])
    assert not Job.objects.exists()


def test_a_large_commit_is_a_job_writing_every_row(client, world, large):
    client.force_login(world.township_officer)
    rows = (row_of(world.school, primary_students=450), row_of(world.sibling, primary_students=460))
    upload(client, csv_file(*rows))
    batch = ImportBatch.objects.get()

    response = client.post(reverse("collection:import_commit", args=[batch.pk]))

    job = Job.objects.get(kind="import_commit")
    assert job.status == JobStatus.SUCCEEDED and job.params["batch"] == batch.pk
    assert response.url == job.result_url == reverse("collection:year", args=[YEAR])
    assert job.message_zh == "导入完成：新建 0 条，修改 2 条"
    assert job.message_en.startswith("Import")
    assert students(world.school) == 450 and students(world.sibling) == 460
    assert ImportBatch.objects.get().status == ImportStatus.COMMITTED


def test_a_commit_that_no_longer_passes_fails_with_its_problems_and_the_way_back(
    client, world, large
):
    client.force_login(world.township_officer)
    rows = (row_of(world.school, primary_students=450), row_of(world.sibling, primary_students=460))
    upload(client, csv_file(*rows))
    batch = ImportBatch.objects.get()
    SchoolYear.objects.filter(school=world.sibling).update(status=DataStatus.SUBMITTED)

    response = client.post(reverse("collection:import_commit", args=[batch.pk]))

    job = Job.objects.get(kind="import_commit")
    preview = reverse("collection:import_preview", args=[batch.pk])
    assert job.status == JobStatus.FAILED and response.url == job.get_absolute_url()
    assert job.error_zh.startswith("导入文件有误，未导入任何数据（共 1 处问题：第 3 行")
    assert job.result_url == preview
    html = client.get(response.url).content.decode()
    assert f'href="{preview}"' in html and "Traceback" not in html
    assert students(world.school) == 400 and students(world.sibling) == 400
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEW


def test_nobody_else_follows_the_import_s_job(client, world, large):
    client.force_login(world.principal)
    upload(client, csv_file(row_of(world.school, primary_students=450), row_of(world.school)))
    job = Job.objects.get()

    for outsider in (world.other_principal, world.township_officer, world.foreign_admin):
        client.force_login(outsider)
        assert client.get(job.get_absolute_url()).status_code == 404, outsider
    # the county's admins see the job, but the preview stays the uploader's own
    client.force_login(world.county_admin)
    assert client.get(job.get_absolute_url()).status_code == 200
    assert client.get(job.result_url).status_code == 404


def test_rows_are_counted_without_parsing():
    assert flow.rows_in("a.csv", b"h\n1\n2\n") == 3
    assert flow.rows_in("a.csv", b"h\n1\n2") == 3
    assert flow.rows_in("a.xlsx", b"PK\x03\x04 not really a workbook") == flow.ROWS_IN_REQUEST + 1
    book = Workbook()
    for number in range(40):
        book.active.append([number, "城关一小"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert flow.rows_in("a.xlsx", buffer.getvalue()) == 40
    assert flow_named("collection").namespace == "collection"


def test_the_check_job_reports_each_row_as_it_is_checked(client, world, large, monkeypatch):
    """The job's page follows the check row by row (the yearly data's check loop reports it;
    the job's progress is written at most twice a second, so the calls are what is counted)."""
    from junheng.web import import_jobs

    reported: list[tuple[int, int, str]] = []

    def recorded(job_id, done, total, zh, en=""):
        reported.append((done, total, zh))

    monkeypatch.setattr(import_jobs, "job_progress", recorded)
    data = csv_file(row_of(world.school), row_of(world.sibling), row_of(world.far_school))
    client.force_login(world.county_admin)

    upload(client, data)

    assert Job.objects.get().status == JobStatus.SUCCEEDED
    in_loop = [
        (done, total) for done, total, zh in reported if zh.startswith("已检查 ") and "/" in zh
    ]
    assert in_loop == [(0, 3), (1, 3), (2, 3)]
    assert "已检查 1 / 3 行" in reported[2][2]


def test_the_check_tells_its_progress_of_every_row_only_when_asked(world):
    data = csv_file(row_of(world.school), row_of(world.sibling))
    seen: list[tuple[int, int]] = []

    asked = imports.plan_import(
        actor=world.county_admin,
        county=world.county,
        name="学校基本情况.csv",
        data=data,
        progress=lambda done, total: seen.append((done, total)),
    )
    silent = imports.plan_import(
        actor=world.county_admin, county=world.county, name="学校基本情况.csv", data=data
    )

    assert seen == [(0, 2), (1, 2)]
    assert asked.summary() == silent.summary()
