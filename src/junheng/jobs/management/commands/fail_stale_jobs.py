"""Mark failed the jobs a stopped (killed, crashed, redeployed) worker left behind.

Run it from cron every few minutes in production, and before starting the only worker of a
machine (`make run` does, with --minutes 0: no job can be running then)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from junheng.jobs.services import jobs_fail_stale


class Command(BaseCommand):
    help = "Mark failed the running jobs silent for --minutes (and queued jobs whose task ended)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--minutes",
            type=int,
            default=settings.JOBS_STALE_MINUTES,
            help="how long a running job may show no progress (default: %(default)s)",
        )

    def handle(self, *, minutes: int, **options) -> None:
        count = jobs_fail_stale(older_than=timedelta(minutes=max(0, minutes)))
        if options["verbosity"]:
            self.stdout.write(
                f"{count} stale job(s) marked failed / 已将 {count} 个中断的任务标为失败"
            )
