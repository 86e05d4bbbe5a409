"""`manage.py send_reminders`: the daily reminders of overdue and due-soon problems, in the
app and by e-mail (Django's mail settings), and of overdue 包校 visits (a cadre who has not
visited an assigned school within the county's visit frequency), in the app. Meant for cron, e.g.

    30 7 * * *  cd /srv/junheng && .venv/bin/python manage.py send_reminders

Running it twice the same day adds and sends nothing the second time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from junheng.inspections.services import visit_reminders_send
from junheng.rectification.choices import DUE_SOON_DAYS
from junheng.rectification.services import reminders_send


class Command(BaseCommand):
    help = (
        "Send the day's reminders of overdue and due-soon problems (in-app and e-mail) and of "
        "overdue 包校 visits (in-app)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--date", help="the day to remind for (YYYY-MM-DD; default: today in TIME_ZONE)"
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DUE_SOON_DAYS,
            help=f"remind of deadlines within this many days (default {DUE_SOON_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD: {options['date']}") from error
        if options["days"] < 0:
            raise CommandError("--days must not be negative")
        report = reminders_send(today=today, due_days=options["days"])
        visits = visit_reminders_send(today=today)
        self.stdout.write(
            f"reminders: {report.notifications} new notifications, {report.emails} e-mails sent"
            + (f", {report.failed} e-mails failed" if report.failed else "")
            + f"; overdue visits: {visits} new notifications"
        )
        if report.failed:
            raise CommandError(f"{report.failed} reminder e-mails could not be sent")
