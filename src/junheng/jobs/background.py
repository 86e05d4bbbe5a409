"""The kinds of background job this app runs itself: the county's evaluation workbook, which
proves the machinery end to end with real work (the workbook of the dashboards' download)."""

from __future__ import annotations

from junheng.access import EVALUATE
from junheng.assessment import summaries
from junheng.assessment.evaluation import county_evaluation, visible_school_codes
from junheng.evaluation.errors import DataError
from junheng.jobs.kinds import job_kind
from junheng.jobs.selectors import job_for_task
from junheng.jobs.services import job_progress, job_succeed
from junheng.refusals import Refusal
from junheng.web.downloads import XLSX_TYPE

EVALUATION_WORKBOOK = "evaluation_workbook"


@job_kind(
    EVALUATION_WORKBOOK,
    zh="评估结果工作簿（xlsx）",
    en="Evaluation workbook (xlsx)",
    action=EVALUATE,
)
def evaluation_workbook(job_id: str) -> None:
    """The `junheng evaluate` workbook of a county's year (params: year, standard), with only
    the schools its starter may see."""
    from junheng.reports.xlsx_report import render_xlsx

    job = job_for_task(job_id)
    county, year, standard = job.county, int(job.params["year"]), job.params["standard"]
    job_progress(job_id, 0, 3, "正在计算评估结果…", "Evaluating…")
    try:
        evaluation = county_evaluation(county=county, year=year, standard=standard)
    except DataError as error:
        first = error.problems[0]
        raise Refusal(
            f"{county.name}{year}年的数据有 {len(error.problems)} 处问题，"
            f"无法评估（如：{first.zh}）。",
            f"The {year} data of {county.name} has {len(error.problems)} problem(s) and cannot "
            f"be evaluated (e.g. {first.en}).",
        ) from error
    if evaluation is None:
        raise Refusal(
            f"{county.name}{year}年没有学校数据。", f"{county.name} has no data for {year}."
        )
    job_progress(job_id, 1, 3, "正在选出可见的学校…", "Choosing the schools you may see…")
    visible = summaries.scoped(evaluation, visible_school_codes(user=job.started_by, county=county))
    job_progress(job_id, 2, 3, "正在写入工作簿…", "Writing the workbook…")
    content = render_xlsx(visible)
    job_progress(job_id, 3, 3, "工作簿已生成", "Workbook written")
    job_succeed(job_id, content, f"{county.name}{year}年均衡评估（{standard}）.xlsx", XLSX_TYPE)
