"""The background jobs of a large import (issue 13 §2): the check that makes the preview, and
the commit. Each runs the flow's own services (`junheng.web.imports.ImportFlow`) as the
uploader, who must still hold the flow's action and import into the same county; the job's
page shows the rows being checked or written and then leads to the preview or to what was
written. A file that fails its check at the commit fails the job with the first problems and a
link back to the preview; nothing is written."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import get_resolver, reverse
from django.utils import translation

from junheng.access import VIEW, can
from junheng.jobs.kinds import job_kind
from junheng.jobs.models import Job
from junheng.jobs.selectors import job_for_task
from junheng.jobs.services import JobFailed, job_progress, job_succeed_with_link
from junheng.refusals import NotAllowed, Refusal
from junheng.web.imports import (
    FLOWS,
    IMPORT_CHECK,
    IMPORT_COMMIT,
    UPLOADS_FOLDER,
    ImportFailed,
    ImportFlow,
    batch_data,
    rows_in,
)

# the problems a failed commit's message names (the preview lists them all)
PROBLEMS_SHOWN = 3


def flow_named(namespace: str) -> ImportFlow:
    """The flow of an app, by its URL namespace. The flows are declared with the apps' views,
    which a worker process has not loaded: loading the URL configuration declares them."""
    if namespace not in FLOWS:
        get_resolver().url_patterns  # noqa: B018  (imports every app's views)
    try:
        return FLOWS[namespace]
    except KeyError:
        raise Refusal(f"没有这种导入：{namespace}", f"No such import: {namespace}") from None


def _flow_for(job: Job) -> ImportFlow:
    """The job's flow, if its starter may still import into the job's county."""
    flow = flow_named(str(job.params["flow"]))
    user = job.started_by
    if not can(user, flow.action):
        raise NotAllowed("你已无权导入。", "You may no longer import.")
    try:
        county = flow.county_of(user)
    except Http404:
        county = None
    if county is None or county.pk != job.county_id:
        raise NotAllowed("你已无权导入到该县。", "You may no longer import into this county.")
    return flow


@job_kind(IMPORT_CHECK, zh="导入文件检查", en="Import check", action=VIEW)
def import_check(job_id: str) -> None:
    """Check a large upload and keep it with its preview (params: flow, upload, name)."""
    job = job_for_task(job_id)
    upload = str(job.params["upload"])
    if not upload.startswith(f"{UPLOADS_FOLDER}/"):
        raise Refusal("上传的文件已不存在，请重新上传。", "The upload is gone; upload it again.")
    try:
        flow = _flow_for(job)
        with default_storage.open(upload, "rb") as stored:
            data = stored.read()
        name = str(job.params["name"])
        rows = rows_in(name, data, ceiling=10**9)
        job_progress(
            job_id,
            0,
            rows,
            f"正在检查 {rows:,} 行（与数据库和您的权限范围核对）…",
            f"Checking {rows:,} rows against the database and your scope…",
        )
        batch = flow.preview_file(
            actor=job.started_by,
            county=job.county,
            name=name,
            data=data,
            **_progress_of(flow.preview_file, job_id),
        )
        problems = len(batch.preview.get("problems", []))
        job_progress(
            job_id,
            rows,
            rows,
            f"已检查 {rows:,} 行，发现 {problems:,} 处问题",
            f"{rows:,} rows checked, {problems:,} problem(s)",
        )
    finally:
        default_storage.delete(upload)
    job_succeed_with_link(
        job_id,
        reverse(flow.names.preview, kwargs={"pk": batch.pk}),
        f"已检查 {rows:,} 行，发现 {problems:,} 处问题。请查看预览。",
        f"{rows:,} rows checked, {problems:,} problem(s). See the preview.",
    )


@job_kind(IMPORT_COMMIT, zh="导入写入", en="Import commit", action=VIEW)
def import_commit(job_id: str) -> None:
    """Write a previewed batch, all or nothing (params: flow, batch)."""
    job = job_for_task(job_id)
    flow = _flow_for(job)
    user = job.started_by
    try:
        batch = flow.user_batch(user=user, pk=int(job.params["batch"]))
    except Http404:
        raise Refusal(
            "该导入不存在或不属于您。", "The import does not exist or is not yours."
        ) from None
    preview = reverse(flow.names.preview, kwargs={"pk": batch.pk})
    rows = rows_in(batch.original_name, batch_data(batch), ceiling=10**9)
    job_progress(
        job_id,
        0,
        rows,
        f"正在再次检查并写入 {rows:,} 行（全部写入或全不写入）…",
        f"Checking again and writing {rows:,} rows (all or nothing)…",
    )
    try:
        made = flow.commit_batch(actor=user, batch=batch)
    except ImportFailed as failure:
        raise JobFailed(*_failure_text(failure), url=preview) from failure
    job_progress(job_id, rows, rows, f"已写入 {rows:,} 行", f"{rows:,} rows written")
    with translation.override("zh-hans"):
        zh, url = flow.committed(made)
    with translation.override("en"):
        en, _ = flow.committed(made)
    job_succeed_with_link(job_id, url, str(zh), str(en))


def _progress_of(preview_file: Callable[..., Any], job_id: str) -> dict[str, Any]:
    """`progress=` for a flow's check that reports its rows (the yearly data's does), telling
    the job's page of each row checked; nothing for one that does not."""
    if "progress" not in inspect.signature(preview_file).parameters:
        return {}

    def progress(done: int, total: int) -> None:
        job_progress(
            job_id,
            done,
            total,
            f"已检查 {done:,} / {total:,} 行（与数据库和您的权限范围核对）",
            f"{done:,} of {total:,} rows checked against the database and your scope",
        )

    return {"progress": progress}


def _failure_text(failure: ImportFailed) -> tuple[str, str]:
    """The refusal and its first problems, in Chinese and English."""

    def where(problem: Any) -> str:
        row = f"第 {problem.row} 行" if problem.row else problem.file
        return f"{row}{'「' + problem.column + '」' if problem.column else ''}：{problem.zh}"

    def where_en(problem: Any) -> str:
        row = f"row {problem.row}" if problem.row else problem.file
        return f"{row}{' (' + problem.column + ')' if problem.column else ''}: {problem.en}"

    shown = failure.problems[:PROBLEMS_SHOWN]
    count = len(failure.problems)
    return (
        f"{failure.zh}（共 {count:,} 处问题：{'；'.join(where(p) for p in shown)}"
        f"{'……' if count > len(shown) else ''}）",
        f"{failure.en} ({count:,} problem(s): {'; '.join(where_en(p) for p in shown)})",
    )
