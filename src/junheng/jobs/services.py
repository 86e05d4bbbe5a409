"""Every write of a background job: starting it, the task that runs it, its progress, its end.

A job moves queued → running → succeeded or failed, and each move is one conditional UPDATE
(`status=...` in the WHERE clause), so a late message from a worker never overwrites a newer
state: a job marked failed as stale stays failed, a finished job is not started twice.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta
from functools import partial
from pathlib import PurePath
from typing import Any, BinaryIO
from uuid import UUID

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

from junheng.jobs.choices import FINISHED, JobStatus
from junheng.jobs.kinds import kind_named
from junheng.jobs.models import Job
from junheng.refusals import NotAllowed, Refusal

logger = logging.getLogger(__name__)

# What the user reads when the work broke in a way nobody foresaw (the stack goes to the log).
UNEXPECTED = (
    "任务出错，未能完成。请稍后重试；如仍失败，请联系系统管理员。",
    "The job failed. Please try again later; if it fails again, tell the administrator.",
)
STALE = (
    "任务中断：后台任务进程已停止。请重新开始该任务。",
    "The job was interrupted: the background worker stopped. Please start it again.",
)
QUEUE_UNAVAILABLE = (
    "后台任务队列不可用，任务未能开始。请联系系统管理员。",
    "The job queue is unavailable, so the job did not start. Please tell the administrator.",
)
NOT_ALLOWED = (
    "你没有权限在此范围内开始这项任务。",
    "You may not start this job for this county or school.",
)

# An upload kept for a job (an import's file, named by the job's params["upload"]) lives in
# this folder of the private storage until its job reads it.
UPLOADS_FOLDER = "jobs/uploads"
# an upload no waiting job names is kept this long: its job may be being started right now
ORPHAN_UPLOAD_AGE = timedelta(hours=1)

# progress is written at most this often (seconds) per job, besides its first and last step
PROGRESS_INTERVAL = 0.5
_last_progress: dict[str, float] = {}


# --- starting ----------------------------------------------------------------------------------


def job_start(
    *,
    actor: Any,
    kind: str,
    county: Any,
    school: Any = None,
    params: dict[str, Any] | None = None,
) -> Job:
    """Queue a job of a registered kind for the actor on the county (or one of its schools).

    Refused (NotAllowed) unless the policy lets the actor do the kind's action there. With the
    database backend the job and its task row are written in one transaction; a queue outside
    the database (RQ) is told only once the job is committed; the immediate backend runs the
    job here and now."""
    registered = kind_named(kind)
    if not registered.allows(actor, county=county, school=school):
        raise NotAllowed(*NOT_ALLOWED)
    in_database = isinstance(run_job.get_backend(), DatabaseBackend)
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, started_by=actor, county=county, school=school, params=params or {}
        )
        if in_database:
            _enqueue(job.pk)
    if not in_database:
        if isinstance(run_job.get_backend(), ImmediateBackend):
            _enqueue(job.pk)
        else:
            transaction.on_commit(partial(_enqueue, job.pk))
    job.refresh_from_db()
    return job


def _enqueue(job_id: UUID) -> None:
    try:
        with transaction.atomic():  # a savepoint: a failed enqueue leaves the job's row usable
            result = run_job.enqueue(str(job_id))
    except Exception:
        logger.exception("job %s could not be queued", job_id)
        job_fail(job_id, *QUEUE_UNAVAILABLE)
        return
    Job.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])


# --- running -----------------------------------------------------------------------------------


@task(takes_context=True)
def run_job(context: TaskContext, job_id: str) -> None:
    """The one django-tasks task: run the job's registered function as its starter.

    A Refusal raised by the function becomes the job's message; any other exception a generic
    message, while the exception goes on to the task framework, which logs the stack and marks
    its task failed."""
    job = _job_begin(job_id, task_id=str(context.task_result.id))
    if job is None:
        return
    try:
        kind = kind_named(job.kind)
        if job.started_by is None or not kind.allows(
            job.started_by, county=job.county, school=job.school
        ):
            raise NotAllowed(*NOT_ALLOWED)
        kind.function(str(job.pk))
    except Refusal as refusal:
        job_fail(job_id, refusal.zh, refusal.en, url=getattr(refusal, "url", ""))
        return
    except Exception:
        logger.error("job %s (%s) failed; the task's log has the stack", job_id, job.kind)
        job_fail(job_id, *UNEXPECTED)
        raise
    finally:
        _last_progress.pop(str(job_id), None)
    if Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).exists():
        logger.error("job %s (%s) returned without job_succeed", job_id, job.kind)
        job_fail(job_id, *UNEXPECTED)


def _job_begin(job_id: str, *, task_id: str) -> Job | None:
    """queued → running; None when the job is gone or no longer queued (run before, failed)."""
    now = timezone.now()
    started = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, task_id=task_id[:64]
    )
    if not started:
        logger.warning("job %s is not queued any more; task %s does nothing", job_id, task_id)
        return None
    return Job.objects.select_related("county", "school", "started_by").get(pk=job_id)


def job_progress(job_id: str | UUID, done: int, total: int, zh: str, en: str = "") -> None:
    """Report how far a running job is (e.g. 「已检查 1,200 / 5,000 行」, "1,200 of 5,000 rows
    checked"). Cheap to call often: written at most every PROGRESS_INTERVAL seconds, besides
    the first call and the last step (done == total)."""
    key = str(job_id)
    now = time.monotonic()
    last = _last_progress.get(key)
    if last is not None and now - last < PROGRESS_INTERVAL and done < total:
        return
    _last_progress[key] = now
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        done=max(0, done),
        total=max(0, total),
        message_zh=zh[:200],
        message_en=(en or zh)[:200],
        heartbeat_at=timezone.now(),
    )


def job_succeed(
    job_id: str | UUID, content: bytes | BinaryIO, name: str, content_type: str
) -> None:
    """End a running job with its result: a file kept privately (downloaded only by those who
    may see the job), offered under `name`. `content` is the bytes, or a binary file read from
    its start (an archive too large to hold in memory)."""
    job = Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).first()
    if job is None:
        logger.warning("job %s is not running; its result is dropped", job_id)
        return
    if isinstance(content, bytes):
        result: File = ContentFile(content)
    else:
        content.seek(0)
        result = File(content, name=f"{job.pk}{_suffix(name)}")
    stored = job.result.storage.save(
        job.result.field.generate_filename(job, f"{job.pk}{_suffix(name)}"), result
    )
    finished = _finish(
        job_id, result=stored, result_name=name[:200], result_content_type=content_type[:100]
    )
    if not finished:  # failed meanwhile (marked stale): the late result is not kept
        job.result.storage.delete(stored)


def job_succeed_with_link(job_id: str | UUID, url: str, zh: str = "", en: str = "") -> None:
    """End a running job whose result is a page of the app (e.g. an import's preview), with
    what it did in a sentence (「导入完成：新建 3 条」) when there is one to say."""
    url = _own_url(url)
    if zh:
        _finish(job_id, result_url=url, message_zh=zh[:200], message_en=(en or zh)[:200])
    else:
        _finish(job_id, result_url=url)


def _own_url(url: str) -> str:
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"a job's link stays on this site: {url!r}")
    return url[:500]


def _finish(job_id: str | UUID, **result: Any) -> bool:
    now = timezone.now()
    return bool(
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.SUCCEEDED, finished_at=now, heartbeat_at=now, **result
        )
    )


def job_fail(job_id: str | UUID, zh: str, en: str = "", *, url: str = "") -> None:
    """End a queued or running job with a message for its reader (never a stack trace), and
    optionally the page of the app where the reader sees more (an import's preview)."""
    now = timezone.now()
    Job.objects.filter(pk=job_id).exclude(status__in=FINISHED).update(
        status=JobStatus.FAILED,
        error_zh=zh[:500],
        error_en=(en or zh)[:500],
        result_url=_own_url(url) if url else "",
        finished_at=now,
        heartbeat_at=now,
    )


class JobFailed(Refusal):
    """A refusal with a page of the app to go to (`url`): the job fails with the message and
    offers the link, e.g. back to an import's preview."""

    def __init__(self, zh: str, en: str, *, url: str) -> None:
        super().__init__(zh, en)
        self.url = url


def _suffix(name: str) -> str:
    """The stored file's extension, from the offered name (letters and digits only)."""
    suffix = PurePath(name).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,10}", suffix) else ""


# --- housekeeping ------------------------------------------------------------------------------


def jobs_fail_stale(*, older_than: timedelta) -> int:
    """Mark failed the jobs a stopped worker left behind: running ones silent for `older_than`
    (no progress), and queued ones whose task the queue has already finished. Returns how many."""
    cutoff = timezone.now() - older_than
    silent = Job.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    )
    stale = list(silent.values_list("pk", flat=True))
    backend = run_job.get_backend()
    if backend.supports_get_result:
        waiting = Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=cutoff)
        for pk, task_id in waiting.exclude(task_id="").values_list("pk", "task_id"):
            if _task_ended(backend, task_id):
                stale.append(pk)
    for pk in stale:
        job_fail(pk, *STALE)
    return len(stale)


def _task_ended(backend: Any, task_id: str) -> bool:
    try:
        status = backend.get_result(task_id).status
    except Exception:  # the queue no longer knows the task: it will never run
        return True
    return status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)


def jobs_prune(*, older_than: timedelta) -> int:
    """Delete the jobs finished more than `older_than` ago, with their result files."""
    cutoff = timezone.now() - older_than
    old = Job.objects.filter(status__in=FINISHED, finished_at__lt=cutoff)
    count = 0
    for job in old.iterator():
        if job.result:
            job.result.delete(save=False)
        job.delete()
        count += 1
    return count


def job_uploads_prune(*, orphaned_before: timedelta = ORPHAN_UPLOAD_AGE) -> int:
    """Delete the uploads kept for jobs that will never read them: those of finished jobs (a
    job failed before it ran — the queue down, marked stale, refused) and those no job waiting
    to run names, once older than `orphaned_before` (the job was never started, or is gone).
    An import's job deletes its upload itself when it runs; this catches the rest. Returns
    how many files were deleted."""
    waiting = {
        str(upload)
        for upload in Job.objects.exclude(status__in=FINISHED)
        .filter(params__has_key="upload")
        .values_list("params__upload", flat=True)
    }
    try:
        _, names = default_storage.listdir(UPLOADS_FOLDER)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - orphaned_before
    count = 0
    for name in names:
        path = f"{UPLOADS_FOLDER}/{name}"
        if path in waiting:
            continue
        named_by_finished = Job.objects.filter(status__in=FINISHED, params__upload=path).exists()
        if named_by_finished or default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            count += 1
    return count
