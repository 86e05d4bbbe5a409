"""The production path: the job waits in the database queue until django-tasks-db's worker
(`manage.py db_worker`, run here in-process) picks it up."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from junheng.jobs import services
from junheng.jobs.choices import JobStatus

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> None:
    """`manage.py db_worker --batch`: run every queued task, then stop. The worker installs its
    own signal handlers; the test process gets its own back."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0",
            verbosity=0,
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_the_database_worker_runs_a_queued_job(world):
    job = services.job_start(
        actor=world.county_admin,
        kind="evaluation_workbook",
        county=world.county,
        params={"year": 2025, "standard": "quality-2017"},
    )
    assert job.status == JobStatus.QUEUED
    task = DBTaskResult.objects.get()
    assert str(task.id) == job.task_id
    assert task.task_path == "junheng.jobs.services.run_job"

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error_zh
    assert job.result_name.endswith(".xlsx") and job.result
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_the_worker_records_a_crash_as_the_task_s_failure_and_the_job_s_message(world):
    job = services.job_start(actor=world.county_admin, kind="test_crashing", county=world.county)

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert (job.error_zh, job.error_en) == services.UNEXPECTED
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == "FAILED" and "ZeroDivisionError" in task.traceback


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_queued_job_whose_task_ended_without_it_is_marked_failed(world):
    from datetime import timedelta

    from junheng.jobs.models import Job

    job = services.job_start(actor=world.county_admin, kind="test_counting", county=world.county)
    DBTaskResult.objects.filter(pk=job.task_id).update(status="FAILED")  # lost before it began
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at - timedelta(hours=1))

    assert services.jobs_fail_stale(older_than=timedelta(minutes=30)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_an_unknown_task_backend_stops_the_start(tmp_path):
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'junheng.site.settings'; "
        "django.setup()"
    )
    env = {
        "JUNHENG_DEBUG": "1",
        "JUNHENG_DATA_DIR": str(tmp_path),
        "JUNHENG_TASKS_BACKEND": "celery",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "JUNHENG_TASKS_BACKEND='celery'" in result.stderr
