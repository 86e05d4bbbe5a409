"""The demo replays a county's last months: each step runs through the services on the day it
happened, in the order of the days, so that a deadline set then in the future is overdue now,
a bulletin counts the problems known on its day, and the audit trail carries the days a real
county's would.

`on_day(day)` sets Django's clock (`django.utils.timezone.now`, which `localdate`, the models'
`auto_now` fields and every service read) to that day, at the same time of day; nothing else
is touched. It is for the demo loader only, which runs alone in its process. `Timeline`
collects the steps with their days and runs them in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.utils import timezone


@contextmanager
def on_day(day: dt.date) -> Iterator[dt.date]:
    """Run the block as if today were `day`."""
    real_now = timezone.now
    shift = day - timezone.localdate(real_now())

    def then() -> dt.datetime:
        return real_now() + shift

    with mock.patch.object(timezone, "now", then):
        yield day


class Timeline:
    """Steps of the county's last months, each on its day (days before `today`); `run` takes
    them day by day, steps of one day in the order they were added."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._steps: list[tuple[int, int, Callable[[], Any]]] = []

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def at(self, days_ago: int, step: Callable[[], Any]) -> None:
        if days_ago < 0:
            raise ValueError(f"a step cannot lie in the future ({days_ago} days ago)")
        self._steps.append((days_ago, len(self._steps), step))

    def run(self) -> None:
        for days_ago, _order, step in sorted(self._steps, key=lambda s: (-s[0], s[1])):
            with on_day(self.day(days_ago)):
                step()
        self._steps.clear()
