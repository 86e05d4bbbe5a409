"""The kinds of background job (junheng.jobs) that build the ledgers: one per ledger of the
catalogue (`ledger_problems`, `ledger_problems_docx`, …), with the action its page needs, and
`ledger_school_file`, 一校一档 of one school. Each runs as the person who started it, for
their scope on the day it runs, and reports its progress: a step per problem of the Word
ledger, a step per file of the school's file."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from junheng.access import VIEW
from junheng.jobs.kinds import job_kind
from junheng.jobs.selectors import job_for_task
from junheng.jobs.services import job_progress, job_succeed
from junheng.ledgers.catalogue import LEDGERS, TYPES, Ledger, build_ledger, build_school_file
from junheng.refusals import Refusal

SCHOOL_FILE = "ledger_school_file"


def _ledger_job(ledger: Ledger) -> Callable[[str], None]:
    def run(job_id: str) -> None:
        job = job_for_task(job_id)
        today = timezone.localdate()
        job_progress(job_id, 0, 1, f"正在生成{ledger.zh}…", f"Writing the {ledger.en}…")

        def progress(done: int, total: int) -> None:
            job_progress(
                job_id, done, total, f"已写入 {done} / {total} 行", f"{done} of {total} rows"
            )

        content = build_ledger(
            ledger,
            user=job.started_by,
            county=job.county,
            query=job.params.get("query") or {},
            today=today,
            progress=progress,
        )
        job_progress(job_id, 1, 1, f"{ledger.zh}已生成", f"{ledger.en} written")
        job_succeed(job_id, content, ledger.file_name(job.county, today), ledger.content_type)

    run.__name__ = run.__qualname__ = f"{ledger.job_kind}_job"
    return run


for _ledger in LEDGERS.values():
    job_kind(_ledger.job_kind, zh=_ledger.zh, en=_ledger.en, action=_ledger.action)(
        _ledger_job(_ledger)
    )


@job_kind(SCHOOL_FILE, zh="一校一档", en="School file", action=VIEW)
def school_file(job_id: str) -> None:
    """一校一档 of the job's school: a zip of its index workbook and files."""
    job = job_for_task(job_id)
    if job.school is None:
        raise Refusal("一校一档须指定学校。", "A school file needs a school.")
    today = timezone.localdate()

    def progress(done: int, total: int) -> None:
        job_progress(
            job_id, done, total, f"已打包 {done} / {total} 个文件", f"{done} of {total} files"
        )

    content = build_school_file(
        user=job.started_by, school=job.school, today=today, progress=progress
    )
    name = f"{job.school.name}一校一档（{today.isoformat()}）.zip"
    job_succeed(job_id, content, name, TYPES["zip"])
