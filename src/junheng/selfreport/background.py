"""The self-report's Word and PDF as background jobs (issue 13 §2): the evaluation, the
verdict of every part and the layout take seconds at a county's scale (8.7 s for the demo
county's PDF), so the page starts a job and its page shows the steps and then the download."""

from __future__ import annotations

from junheng.access import MANAGE
from junheng.assessment.evaluation import STANDARDS
from junheng.bulletins import documents
from junheng.bulletins.layout import Document
from junheng.evaluation.errors import DataError
from junheng.jobs.kinds import job_kind
from junheng.jobs.selectors import job_for_task
from junheng.jobs.services import job_progress, job_succeed
from junheng.refusals import Refusal
from junheng.registry.models import County
from junheng.selfreport.builder import self_report

SELFREPORT_FILE = "selfreport_file"
FORMAT_NAMES = {"docx": "Word", "pdf": "PDF"}


def report_document(*, county: County, year: int, standard: str) -> Document:
    """The report of the county's year under a standard; a Refusal says why there is none (no
    data that year, data that cannot be evaluated, no such standard)."""
    if standard not in STANDARDS:
        raise Refusal(f"没有这种评估标准：{standard}", f"No such standard: {standard}")
    try:
        document = self_report(county=county, year=year, standard=standard)
    except DataError as error:
        first = error.problems[0]
        raise Refusal(
            f"{county.name}{year}年的学校数据有 {len(error.problems)} 处问题，"
            f"暂不能生成自评报告（如：{first.zh}）。",
            f"The {year} school data of {county.name} has {len(error.problems)} problem(s); "
            f"the self-report cannot be made (e.g. {first.en}).",
        ) from error
    if document is None:
        raise Refusal(
            f"{county.name}{year}年没有学校数据，无法生成自评报告。",
            f"{county.name} has no school data for {year}: no self-report.",
        )
    return document


@job_kind(
    SELFREPORT_FILE, zh="自评报告（Word / PDF）", en="Self-report (Word / PDF)", action=MANAGE
)
def selfreport_file(job_id: str) -> None:
    """The county's self-report of a year under a standard (params: year, standard, fmt), for
    those who run the county (the policy's MANAGE, asked again as the job runs)."""
    job = job_for_task(job_id)
    params = job.params
    year, standard, fmt = int(params["year"]), str(params["standard"]), str(params["fmt"])
    if fmt not in documents.FORMATS:
        raise Refusal(f"没有这种文件格式：{fmt}", f"No such file format: {fmt}")
    label = FORMAT_NAMES[fmt]
    job_progress(
        job_id, 0, 3, "正在汇总评估结果与各部分结论…", "Evaluating every part of the standard…"
    )
    document = report_document(county=job.county, year=year, standard=standard)
    job_progress(job_id, 1, 3, f"正在排版 {label} 文件…", f"Laying out the {label} file…")
    content, content_type = documents.rendered(document, fmt)
    job_progress(job_id, 3, 3, f"{label} 文件已生成", f"{label} file made")
    job_succeed(job_id, content, f"{document.file_stem}.{fmt}", content_type)
