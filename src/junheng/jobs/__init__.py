"""Long work off the request: background jobs with progress (issue 13 §2).

A large import, the evidence zip, the self-report and bulletin PDFs, a province-wide planning
run: anything that takes more than a second or two runs as a background task of django-tasks
(the backport of Django 6's tasks framework), never in the request and never in a thread pool
of our own. The queue is chosen by JUNHENG_TASKS_BACKEND (settings):

- `database` (default): django-tasks-db keeps the tasks in the project's own database (SQLite
  or PostgreSQL, nothing more to run); `manage.py db_worker` executes them. `make run` starts
  one beside runserver (output in var/worker.log); production runs it under systemd (README).
- `redis`: django-tasks-rq on RQ (`JUNHENG_REDIS_URL`, the `redis` extra), workers started
  with `manage.py rqworker --job-class django_tasks_rq.Job`.
- `immediate`: the job runs inside the request that starts it; the tests use it, so
  `make test` needs no worker (tests/jobs also runs the real database worker in-process).

The pieces:

- `models.Job`: one row per piece of work — kind, who started it, the county (and school)
  it is about, params, status queued → running → succeeded | failed, progress (done of
  total, a short message in Chinese and English), the result (a private file with its name
  and content type, or a link to a page), the error in Chinese and English (never a stack:
  that goes to the log), timestamps and the django-tasks task id. Its page, /jobs/<uuid>/,
  survives a reload; it polls its progress with htmx every second until the job ends, then
  offers the download.
- Who sees a job: its starter, and whoever runs its county (the policy's MANAGE: the county
  admins) — `selectors.visible_jobs`, through `junheng.access`; everyone else gets a 404, on
  the page, the progress and the download alike. The result was made with the starter's view
  of the data, so nobody with a narrower view sees it.
- `kinds`: the registry, kind name → function, label and the action (junheng.access) the
  starter needs on the county or school. `services.job_start` refuses (NotAllowed) what the
  policy does not allow, and the task asks again when it runs.
- `services`: `job_start(*, actor, kind, county, school=None, params) -> Job` queues the one
  task, `run_job`, which runs the kind's function with the job's id. The function reports
  `job_progress(job_id, done, total, zh, en)` (written at most every 0.5 s, so call it
  freely) and ends with `job_succeed(job_id, content, name, content_type)` (or
  `job_succeed_with_link(job_id, url)`). A `junheng.refusals.Refusal` it raises becomes the
  job's message; any other exception gives a generic message while its stack is logged.
- Stale jobs: a worker killed mid-job leaves it "running". `manage.py fail_stale_jobs`
  (cron, every few minutes) marks failed the running jobs that have shown no progress for
  JUNHENG_JOBS_STALE_MINUTES (30) and the queued ones whose task the queue already ended;
  `make run` calls it with --minutes 0 before it starts its worker. `manage.py prune_jobs
  --days 30` deletes old jobs and their files, and the uploads kept for jobs that will never
  read them (failed before they ran, or never started).

A new kind of job is two lines in the app that owns the work, in its `background.py` (which
JobsConfig.ready imports in the web process and in the worker alike):

    from junheng.jobs.kinds import job_kind

    @job_kind("selfreport_pdf", zh="自评报告 PDF", en="Self-report PDF", action=MANAGE)
    def selfreport_pdf(job_id: str) -> None:
        job = job_for_task(job_id)                      # junheng.jobs.selectors
        ...                                             # job.county, job.params, job.started_by
        job_progress(job_id, page, pages, f"已生成 {page} / {pages} 页", f"{page} of {pages} pages")
        job_succeed(job_id, pdf_bytes, f"{job.county.name}自评报告.pdf", PDF_TYPE)

and its view starts it and shows the job's page:

    job = job_start(actor=request.user, kind="selfreport_pdf", county=county,
                    params={"year": year, "standard": standard})
    return redirect(job)                                # /jobs/<uuid>/

`background.py` of this app registers `evaluation_workbook`, the county's evaluation xlsx (the
dashboards' download), to prove the machinery with real work.
"""
