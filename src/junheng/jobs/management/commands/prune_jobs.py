"""Delete finished jobs, and their result files, after some days (cron, daily); and the uploads
kept for jobs that will never read them (failed before they ran, never started)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand

from junheng.jobs.services import job_uploads_prune, jobs_prune


class Command(BaseCommand):
    help = (
        "Delete the jobs finished more than --days ago, with their result files, and the "
        "uploads kept for jobs that will never run."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=30, help="default: %(default)s")

    def handle(self, *, days: int, **options) -> None:
        count = jobs_prune(older_than=timedelta(days=max(0, days)))
        uploads = job_uploads_prune()
        if options["verbosity"]:
            self.stdout.write(f"{count} job(s) deleted / 已删除 {count} 个任务")
            self.stdout.write(f"{uploads} upload(s) deleted / 已删除 {uploads} 个待处理上传文件")
