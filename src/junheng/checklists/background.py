"""The evidence archive (台账) zip as a background job (issue 13 §2): a county's evidence can
be hundreds of files and gigabytes, far beyond what a request should hold a worker for. A small
archive — at most `ARCHIVE_FILES_IN_REQUEST` files — is still sent at once; a larger one is
packed by the task worker, file by file, while the job's page counts the files packed.

Both ways write the same zip (`write_evidence_archive`): the files the user may see, laid out
类别/指标/单位/文件, with 目录.xlsx (junheng.checklist_core.archive)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from junheng.access import VIEW
from junheng.checklist_core.archive import ArchiveFile, IndexRow, write_archive
from junheng.checklists import selectors
from junheng.checklists.models import Checklist
from junheng.jobs.choices import JobStatus
from junheng.jobs.kinds import job_kind
from junheng.jobs.models import Job
from junheng.jobs.selectors import job_for_task
from junheng.jobs.services import job_progress, job_start, job_succeed, job_succeed_with_link
from junheng.refusals import Refusal
from junheng.registry.models import County, School
from junheng.web.downloads import ZIP_TYPE

CHECKLIST_ARCHIVE = "checklist_archive"
DATA_RESCORE = "checklist_data_rescore"
# An archive of more files than this is packed in the background, not in the request.
ARCHIVE_FILES_IN_REQUEST = 20
# Kept in memory up to this size, then on disk (a county's archive may be gigabytes).
SPOOL_BYTES = 64 * 1024 * 1024


def archive_name(checklist: Checklist) -> tuple[str, str]:
    """The archive's file name and its ASCII fallback."""
    county = checklist.county
    return (
        f"{county.name}{checklist.name}台账.zip",
        f"archive-{county.code}-{checklist.key}.zip",
    )


def write_evidence_archive(
    target: BinaryIO,
    *,
    checklist: Checklist,
    files: Sequence[ArchiveFile],
    index: Sequence[IndexRow],
    packed: Callable[[int, int], None] | None = None,
) -> None:
    """Write the archive of `files` and the index to `target`; `packed(done, total)` is told
    after each file."""
    title = f"{checklist.county.name} {checklist.name} 台账目录（{timezone.localdate():%Y-%m-%d}）"
    write_archive(target, _counted(files, packed), index, title=title)


def _counted(
    files: Sequence[ArchiveFile], packed: Callable[[int, int], None] | None
) -> Iterator[ArchiveFile]:
    for done, entry in enumerate(files):
        if packed is not None:
            packed(done, len(files))
        yield entry
    if packed is not None:
        packed(len(files), len(files))


def spooled_archive(
    *,
    user: Any,
    checklist: Checklist,
    contents: tuple[Sequence[ArchiveFile], Sequence[IndexRow]] | None = None,
    packed: Callable[[int, int], None] | None = None,
) -> BinaryIO:
    """The archive of what the user may see in a temporary file, read from its start (closing
    it deletes it)."""
    files, index = contents or selectors.archive_contents(user=user, checklist=checklist)
    target = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  (returned)
    write_evidence_archive(target, checklist=checklist, files=files, index=index, packed=packed)
    target.seek(0)
    return target


@job_kind(CHECKLIST_ARCHIVE, zh="台账打包（ZIP）", en="Evidence archive (zip)", action=VIEW)
def checklist_archive(job_id: str) -> None:
    """The evidence of a checklist its starter may see, as one zip (params: checklist)."""
    job = job_for_task(job_id)
    try:
        checklist = selectors.checklist_for(user=job.started_by, pk=int(job.params["checklist"]))
    except Http404:
        raise Refusal(
            "该指标体系不存在，或你无权查看。",
            "The checklist does not exist or you may not see it.",
        ) from None
    job_progress(job_id, 0, 0, "正在汇集台账文件…", "Gathering the evidence…")

    def packed(done: int, total: int) -> None:
        job_progress(
            job_id,
            done,
            total,
            f"已打包 {done:,} / {total:,} 个文件",
            f"{done:,} of {total:,} files packed",
        )

    with spooled_archive(user=job.started_by, checklist=checklist, packed=packed) as archive:
        job_succeed(job_id, archive, archive_name(checklist)[0], ZIP_TYPE)


# Issue 12 §1: the items the school data answer follow the data without a button. A save of a
# school's data queues this job once its transaction commits (autoscoring.rescore_on_commit): a
# re-score evaluates the whole county (a thousand schools), too long for the request.


def data_rescore_start(*, actor: Any, county: County, year: int, school: School | None) -> None:
    """Queue the re-score of the county's year for `actor`, unless one is already queued: it
    will read the data as they are when it runs, this change included."""
    waiting = Job.objects.filter(
        kind=DATA_RESCORE, county=county, status=JobStatus.QUEUED, params__year=year
    )
    if waiting.exists():
        return
    job_start(actor=actor, kind=DATA_RESCORE, county=county, school=school, params={"year": year})


@job_kind(DATA_RESCORE, zh="学校数据变化后自动评分", en="Re-score after a data change", action=VIEW)
def checklist_data_rescore(job_id: str) -> None:
    """Score the county's automatic items again from its data of the year (params: year), in
    the name of the person whose change started it."""
    from junheng.checklists.autoscoring import county_data_rescore  # it imports this module

    job = job_for_task(job_id)
    year = int(job.params["year"])
    job_progress(job_id, 0, 1, f"正在依据 {year} 年度数据自动评分…", f"Scoring from {year}'s data…")
    changed = county_data_rescore(actor=job.started_by, county=job.county, year=year)
    job_succeed_with_link(
        job_id,
        reverse("checklists:index"),
        f"自动评分完成：{len(changed)} 项得分有变化",
        f"Re-scored: {len(changed)} items changed",
    )
