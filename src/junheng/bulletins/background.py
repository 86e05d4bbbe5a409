"""A bulletin's or notice's Word and PDF as background jobs (issue 13 §2): the chart, the
fonts and the layout take seconds, so the page starts a job and its page shows the steps and
then the download. Whoever may see the document may have its file: the job asks again, as
its starter, when it runs (a draft since deleted, a document out of their scope: a message)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404

from junheng.access import VIEW
from junheng.bulletins import documents, selectors
from junheng.bulletins.layout import Document
from junheng.jobs.kinds import job_kind
from junheng.jobs.selectors import job_for_task
from junheng.jobs.services import job_progress, job_succeed
from junheng.refusals import Refusal

DOCUMENT_FILE = "bulletin_file"
FORMAT_NAMES = {"docx": "Word", "pdf": "PDF"}

# kind -> (the document the user may see, or 404; its layout; its name in Chinese and English)
SOURCES: dict[str, tuple[Callable[..., Any], Callable[[Any], Document], str, str]] = {
    "bulletin": (selectors.bulletin_for, documents.bulletin_document, "简报", "bulletin"),
    "notice": (selectors.notice_for, documents.notice_document, "通报", "notice"),
}


def document_of(*, user: Any, kind: str, pk: int) -> Document:
    """The document (a bulletin or notice the user may see) as it prints; a Refusal if the user
    may not see it (any more)."""
    find, layout, zh, en = SOURCES[kind]
    try:
        found = find(user=user, pk=pk)
    except Http404:
        raise Refusal(
            f"该{zh}不存在，或你无权查看（草稿可能已删除）。",
            f"The {en} does not exist or you may not see it (a draft may have been deleted).",
        ) from None
    return layout(found)


@job_kind(
    DOCUMENT_FILE, zh="简报、通报（Word / PDF）", en="Bulletin or notice (Word / PDF)", action=VIEW
)
def document_file(job_id: str) -> None:
    """A bulletin's or notice's file (params: kind bulletin | notice, pk, fmt) for its starter."""
    job = job_for_task(job_id)
    kind, pk, fmt = str(job.params["kind"]), int(job.params["pk"]), str(job.params["fmt"])
    if kind not in SOURCES or fmt not in documents.FORMATS:
        raise Refusal("没有这种文件。", "No such file.")
    label = FORMAT_NAMES[fmt]
    job_progress(job_id, 0, 2, "正在汇集文稿与图表…", "Gathering the text and the chart…")
    document = document_of(user=job.started_by, kind=kind, pk=pk)
    job_progress(job_id, 1, 2, f"正在排版 {label} 文件…", f"Laying out the {label} file…")
    content, content_type = documents.rendered(document, fmt)
    job_progress(job_id, 2, 2, f"{label} 文件已生成", f"{label} file made")
    job_succeed(job_id, content, f"{document.file_stem}.{fmt}", content_type)
