"""Starting, running and ending jobs (on the immediate backend: the job runs as it starts)."""

from __future__ import annotations

import io
import logging
import os
from datetime import timedelta

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend

from jobs import kinds as test_kinds
from jobs.builders import finished_job
from junheng.jobs import services
from junheng.jobs.choices import JobStatus
from junheng.jobs.kinds import UnknownKind, job_kind, kind_named
from junheng.jobs.models import Job
from junheng.refusals import NotAllowed, Refusal

WORKBOOK = {"year": 2025, "standard": "quality-2017"}


def start(world, kind: str, actor=None, **extra) -> Job:
    return services.job_start(
        actor=actor or world.county_admin, kind=kind, county=world.county, **extra
    )


def test_starting_a_job_runs_it_and_stores_the_county_workbook(world):
    job = start(world, "evaluation_workbook", params=WORKBOOK)

    assert job.status == JobStatus.SUCCEEDED, job.error_zh
    assert job.task_id
    assert (job.done, job.total) == (3, 3)
    assert job.result_name == "示例县2025年均衡评估（quality-2017）.xlsx"
    assert job.result.name.endswith(".xlsx") and str(job.pk) in job.result.name
    with job.result.open("rb") as stored:
        workbook = openpyxl.load_workbook(io.BytesIO(stored.read()), read_only=True)
    assert "县域汇总" in workbook.sheetnames
    assert job.started_at <= job.finished_at


def test_the_workbook_holds_only_the_schools_its_starter_may_see(world):
    job = start(world, "evaluation_workbook", actor=world.township_officer, params=WORKBOOK)

    with job.result.open("rb") as stored:
        workbook = openpyxl.load_workbook(io.BytesIO(stored.read()), read_only=True)
    cells = {
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    }
    assert world.school.name in cells and world.sibling.name in cells
    assert world.far_school.name not in cells  # the other township's school


def test_a_year_without_data_ends_with_its_reason(world):
    job = start(world, "evaluation_workbook", params={"year": 2019, "standard": "quality-2017"})

    assert job.status == JobStatus.FAILED
    assert job.error_zh == "示例县2019年没有学校数据。"
    assert job.error_en == "示例县 has no data for 2019."
    assert not job.result


def test_progress_is_recorded_while_the_job_runs(world):
    test_kinds.SEEN_WHILE_RUNNING.clear()
    job = start(world, "test_counting")

    assert test_kinds.SEEN_WHILE_RUNNING == [
        {
            "status": JobStatus.RUNNING,
            "done": 5000,
            "total": 5000,
            "message_zh": "已检查 5,000 / 5,000 行",
        }
    ]
    assert job.status == JobStatus.SUCCEEDED
    assert job.percent == 100
    assert job.result.read() == b"5000 rows checked\n"


def test_progress_is_written_at_most_twice_a_second_except_the_last_step(world):
    job = Job.objects.create(
        kind="test_counting", started_by=world.county_admin, county=world.county, status="running"
    )
    services.job_progress(job.pk, 1, 10, "第一步", "first")
    services.job_progress(job.pk, 2, 10, "第二步", "second")  # within 0.5 s: skipped
    job.refresh_from_db()
    assert (job.done, job.message_en) == (1, "first")

    services.job_progress(job.pk, 10, 10, "最后一步", "last")  # the last step is always written
    job.refresh_from_db()
    assert (job.done, job.total, job.message_zh, job.percent) == (10, 10, "最后一步", 100)


def test_a_refusal_becomes_the_job_s_message(world):
    job = start(world, "test_refusing")

    assert job.status == JobStatus.FAILED
    assert (job.error_zh, job.error_en) == ("第 3 行：学校代码不存在", "Row 3: no such school code")
    assert (job.done, job.total) == (1, 4)
    assert job.finished_at is not None


def test_an_unexpected_exception_gives_a_generic_message_and_logs_the_stack(world, caplog):
    with caplog.at_level(logging.ERROR):
        job = start(world, "test_crashing")

    assert job.status == JobStatus.FAILED
    assert (job.error_zh, job.error_en) == services.UNEXPECTED
    assert "secret internals" not in job.error_zh + job.error_en
    assert "ZeroDivisionError" in caplog.text  # the stack is in the log, not in the job


def test_a_job_that_ends_without_a_result_fails(world):
    job = start(world, "test_forgetful")

    assert job.status == JobStatus.FAILED
    assert (job.error_zh, job.error_en) == services.UNEXPECTED


def test_a_job_may_end_with_a_link_to_a_page_of_the_site(world):
    job = start(world, "test_linking")

    assert job.status == JobStatus.SUCCEEDED
    assert job.result_url == "/data/" and not job.result
    with pytest.raises(ValueError):
        services.job_succeed_with_link(job.pk, "//evil.example/")


def test_nobody_starts_a_job_outside_what_the_policy_allows(world):
    with pytest.raises(NotAllowed):  # a principal does not see the county's evaluation
        start(world, "evaluation_workbook", actor=world.principal, params=WORKBOOK)
    with pytest.raises(NotAllowed):  # another county
        start(world, "evaluation_workbook", actor=world.foreign_admin, params=WORKBOOK)
    with pytest.raises(NotAllowed):  # a school of another county than the job's
        start(world, "test_counting", school=world.foreign_school)
    with pytest.raises(NotAllowed):  # a school outside the principal's scope
        start(world, "test_counting", actor=world.principal, school=world.sibling)
    assert not Job.objects.exists()


def test_a_school_job_is_started_by_whoever_may_act_on_the_school(world):
    job = start(world, "test_counting", actor=world.principal, school=world.school)

    assert job.status == JobStatus.SUCCEEDED
    assert job.school == world.school


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(UnknownKind) as refused:
        start(world, "no_such_kind")
    assert isinstance(refused.value, Refusal)
    assert "no_such_kind" in refused.value.en


def test_a_kind_cannot_be_registered_twice_under_one_name():
    with pytest.raises(ValueError, match="registered twice"):
        job_kind("test_counting", zh="重复", en="Twice", action="view")(lambda job_id: None)
    assert kind_named("test_counting").function is test_kinds.counting


def test_the_task_asks_the_policy_again_when_it_runs(world):
    """A job queued by someone who has since lost the right fails with the refusal."""
    job = Job.objects.create(
        kind="evaluation_workbook", started_by=world.principal, county=world.county, params=WORKBOOK
    )
    services.run_job.enqueue(str(job.pk))

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert (job.error_zh, job.error_en) == services.NOT_ALLOWED


def test_a_job_runs_once(world):
    job = start(world, "test_counting")
    finished_at = job.finished_at

    services.run_job.enqueue(str(job.pk))  # the same job queued again (a retried task)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.finished_at == finished_at


def test_a_queue_that_refuses_the_task_fails_the_job_with_a_message(world, monkeypatch):
    def unavailable(self, task, args, kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(ImmediateBackend, "enqueue", unavailable)
    job = start(world, "test_counting")

    assert job.status == JobStatus.FAILED
    assert (job.error_zh, job.error_en) == services.QUEUE_UNAVAILABLE


def test_jobs_left_running_by_a_stopped_worker_are_marked_failed(world):
    long_ago = timezone.now() - timedelta(hours=2)
    stale = Job.objects.create(
        kind="test_counting",
        started_by=world.county_admin,
        county=world.county,
        status=JobStatus.RUNNING,
        heartbeat_at=long_ago,
    )
    alive = Job.objects.create(
        kind="test_counting",
        started_by=world.county_admin,
        county=world.county,
        status=JobStatus.RUNNING,
        heartbeat_at=timezone.now(),
    )
    call_command("fail_stale_jobs", "--minutes", "30", verbosity=0)

    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.status == JobStatus.FAILED
    assert (stale.error_zh, stale.error_en) == services.STALE
    assert alive.status == JobStatus.RUNNING

    call_command("fail_stale_jobs", "--minutes", "0", verbosity=0)  # `make run`, no worker yet
    alive.refresh_from_db()
    assert alive.status == JobStatus.FAILED


def test_a_late_result_does_not_revive_a_job_marked_failed(world):
    job = Job.objects.create(
        kind="test_counting",
        started_by=world.county_admin,
        county=world.county,
        status=JobStatus.FAILED,
    )
    services.job_succeed(job.pk, b"late", "late.txt", "text/plain")
    services.job_progress(job.pk, 5, 5, "晚到", "late")

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.result and job.done == 0


def test_old_finished_jobs_are_pruned_with_their_files(world):
    old = finished_job(world.county_admin, world.county)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=40))
    recent = finished_job(world.county_admin, world.county)
    storage, name = old.result.storage, old.result.name

    call_command("prune_jobs", "--days", "30", verbosity=0)

    assert not Job.objects.filter(pk=old.pk).exists()
    assert not storage.exists(name)
    assert Job.objects.filter(pk=recent.pk).exists()


def test_prune_jobs_deletes_the_uploads_no_job_will_read(world, settings, tmp_path):
    """An import's upload waits in the private storage for its job; once the job failed before
    it ran, or no job names the file an hour on, prune_jobs deletes it (issue 13 leftovers)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path  # the storage's own folder, not the development data

    def kept(tag: str) -> str:
        return default_storage.save(f"{services.UPLOADS_FOLDER}/{tag}.upload", ContentFile(b"x"))

    def job_naming(upload: str, status: str) -> Job:
        return Job.objects.create(
            kind="import_check",
            started_by=world.county_admin,
            county=world.county,
            params={"flow": "collection", "upload": upload, "name": "数据.xlsx"},
            status=status,
            finished_at=None if status == JobStatus.QUEUED else timezone.now(),
        )

    waiting, failed, orphan, fresh = kept("waiting"), kept("failed"), kept("orphan"), kept("new")
    job_naming(waiting, JobStatus.QUEUED)
    job_naming(failed, JobStatus.FAILED)
    old = (timezone.now() - timedelta(hours=2)).timestamp()
    os.utime(default_storage.path(orphan), (old, old))
    os.utime(default_storage.path(waiting), (old, old))  # old, but its job will still read it

    out = io.StringIO()
    call_command("prune_jobs", "--days", "30", stdout=out)

    assert default_storage.exists(waiting) and default_storage.exists(fresh)
    assert not default_storage.exists(failed) and not default_storage.exists(orphan)
    assert "2 upload(s) deleted" in out.getvalue()


def test_the_import_flow_keeps_its_uploads_where_prune_jobs_looks():
    from junheng.web.imports import UPLOADS_FOLDER

    assert UPLOADS_FOLDER == services.UPLOADS_FOLDER
