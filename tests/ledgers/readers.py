"""Reading a ledger back: a workbook's sheets as rows of values, a job's result."""

from __future__ import annotations

import io

import openpyxl

from junheng.jobs.models import Job


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def rows(content: bytes, sheet: int | str = 0) -> list[tuple]:
    book = workbook(content)
    page = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    return [tuple(row) for row in page.iter_rows(values_only=True)]


def body_rows(content: bytes, sheet: int | str = 0) -> list[tuple]:
    """The data rows: after the title, the heading line and the column headings, up to the
    first empty row (the notes follow it)."""
    found = []
    for row in rows(content, sheet)[3:]:
        if all(value is None for value in row):
            break
        found.append(row)
    return found


def text(content: bytes) -> str:
    return "\n".join(
        str(value)
        for page in workbook(content).worksheets
        for row in page.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def job_result(response) -> tuple[Job, bytes]:
    """The job a start view redirected to, and its file."""
    assert response.status_code == 302, response.status_code
    job = Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.status == "succeeded", (job.status, job.error_zh)
    with job.result.open("rb") as handle:
        return job, handle.read()
