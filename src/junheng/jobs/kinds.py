"""The kinds of background job: each a function registered under a name, with a label and the
action (junheng.access) its starter needs on the job's county or school.

An app registers its kinds in its own `background.py`, which JobsConfig.ready imports (as the
admin imports `admin.py`), so the web process and the worker know the same kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from junheng.access import may
from junheng.jobs.models import in_language
from junheng.refusals import Refusal

JobFunction = Callable[[str], None]


@dataclass(frozen=True)
class Kind:
    """A registered kind of job."""

    name: str
    zh: str
    en: str
    action: str  # what the starter must be allowed (junheng.access) on the county or school
    function: JobFunction

    def label(self) -> str:
        return in_language(self.zh, self.en)

    def allows(self, user: Any, *, county: Any, school: Any = None) -> bool:
        """Whether the user may start (and still run) this kind of job on the county or
        school: the policy's answer for the kind's action on that object."""
        if school is not None:
            return school.county_id == county.pk and may(user, self.action, school)
        return may(user, self.action, county)


KINDS: dict[str, Kind] = {}


def job_kind(name: str, *, zh: str, en: str, action: str) -> Callable[[JobFunction], JobFunction]:
    """Register the decorated function as the kind `name`. The function takes the job's id,
    reports progress with services.job_progress and ends with services.job_succeed (or raises
    a Refusal, whose message the user reads)."""

    def register(function: JobFunction) -> JobFunction:
        existing = KINDS.get(name)
        if existing is not None and existing.function is not function:
            raise ValueError(f"job kind {name!r} is registered twice")
        KINDS[name] = Kind(name=name, zh=zh, en=en, action=action, function=function)
        return function

    return register


class UnknownKind(Refusal):
    """No kind of job is registered under the name."""


def kind_named(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(f"没有这种后台任务：{name}", f"No such kind of job: {name}") from None


def kind_label(name: str) -> str:
    """The kind's label in the active language (its name if it is no longer registered)."""
    kind = KINDS.get(name)
    return kind.label() if kind is not None else name
