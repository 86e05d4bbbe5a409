"""Kinds of job for the tests: each does one thing the machinery must handle."""

from __future__ import annotations

from junheng.access import VIEW
from junheng.jobs.kinds import job_kind
from junheng.jobs.models import Job
from junheng.jobs.services import job_progress, job_succeed, job_succeed_with_link
from junheng.refusals import Refusal

SEEN_WHILE_RUNNING: list[dict] = []


@job_kind("test_counting", zh="测试计数", en="Test counting", action=VIEW)
def counting(job_id: str) -> None:
    """Checks 5,000 rows, reporting as it goes, and leaves a text file."""
    total = 5000
    for done in range(0, total + 1, 1200):
        job_progress(job_id, done, total, f"已检查 {done:,} / {total:,} 行", f"{done:,} rows")
    job_progress(job_id, total, total, f"已检查 {total:,} / {total:,} 行", f"{total:,} rows")
    SEEN_WHILE_RUNNING.append(
        Job.objects.filter(pk=job_id).values("status", "done", "total", "message_zh").get()
    )
    job_succeed(job_id, b"5000 rows checked\n", "检查结果.txt", "text/plain; charset=utf-8")


@job_kind("test_refusing", zh="测试拒绝", en="Test refusing", action=VIEW)
def refusing(job_id: str) -> None:
    job_progress(job_id, 1, 4, "正在检查", "Checking")
    raise Refusal("第 3 行：学校代码不存在", "Row 3: no such school code")


@job_kind("test_crashing", zh="测试出错", en="Test crashing", action=VIEW)
def crashing(job_id: str) -> None:
    raise ZeroDivisionError("secret internals /srv/junheng/settings.py")


@job_kind("test_forgetful", zh="测试无结果", en="Test forgetful", action=VIEW)
def forgetful(job_id: str) -> None:
    job_progress(job_id, 1, 1, "完成", "Done")


@job_kind("test_linking", zh="测试链接", en="Test linking", action=VIEW)
def linking(job_id: str) -> None:
    job_succeed_with_link(job_id, "/data/")
