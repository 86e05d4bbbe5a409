"""The plan page's background job: the plan at the assumptions the official posted, as a
workbook (junheng.workbooks, through the plan renderer) or a Word document."""

from __future__ import annotations

from junheng.access import EVALUATE
from junheng.assessment import costs_plan
from junheng.jobs.kinds import job_kind
from junheng.jobs.selectors import job_for_task
from junheng.jobs.services import job_progress, job_succeed
from junheng.web.downloads import DOCX_TYPE, XLSX_TYPE

PLAN_EXPORT = "plan_export"


@job_kind(
    PLAN_EXPORT, zh="改进规划（xlsx / docx）", en="Improvement plan (xlsx / docx)", action=EVALUATE
)
def plan_export(job_id: str) -> None:
    """params: year, standard, format (xlsx or docx), values (the plan form's cleaned data)."""
    from junheng.dashboards.plan_views import costs_of
    from junheng.reports.plan_workbook import render_xlsx

    job = job_for_task(job_id)
    county, params = job.county, job.params
    year, fmt = int(params["year"]), params["format"]
    job_progress(job_id, 0, 2, "正在求解改进规划…", "Planning…")
    plan = costs_plan.plan_result(
        county=county, year=year, standard=params["standard"], costs=costs_of(params["values"])
    )
    job_progress(job_id, 1, 2, "正在生成文件…", "Writing the file…")
    name = f"{county.name}{year}年改进规划.{fmt}"
    if fmt == "docx":
        job_succeed(job_id, costs_plan.plan_docx(plan, county=county), name, DOCX_TYPE)
    else:
        job_succeed(job_id, render_xlsx(plan), name, XLSX_TYPE)
