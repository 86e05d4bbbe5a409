"""A background job: one piece of long work, its progress and its result."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from junheng.access import RestrictedQuerySet
from junheng.jobs.choices import FINISHED, STATUS_TEXT, JobStatus
from junheng.web.languages import english


def in_language(zh: str, en: str) -> str:
    """The text in the active language (Chinese unless the page is in English)."""
    if english():
        return en or zh
    return zh


class Job(models.Model):
    """One piece of long work (a workbook, a PDF, an archive, an import) run by a task worker.

    `kind` names the registered function that does the work (junheng.jobs.kinds); `county`
    and `school` are what the work is about, and scope the job like every other row; the
    person who started it is named in `started_by` and always sees it. While it runs it reports
    `done` of `total` with a short message; it ends with a private `result` file (or a link to
    a page, `result_url`) or with an error message, in Chinese and English. `task_id` is the
    id of the django-tasks task that runs it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=50)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    county = models.ForeignKey("registry.County", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        "registry.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    message_zh = models.CharField(max_length=200, blank=True)
    message_en = models.CharField(max_length=200, blank=True)
    error_zh = models.CharField(max_length=500, blank=True)
    error_en = models.CharField(max_length=500, blank=True)
    result = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # the last sign of life
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope = {
        "county": "county",
        "township": "school__township",
        "school": "school",
        "person": "started_by",
    }

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["started_by", "-created_at"], name="jobs_by_starter"),
            models.Index(fields=["status", "heartbeat_at"], name="jobs_by_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def has_file(self) -> bool:
        return self.status == JobStatus.SUCCEEDED and bool(self.result)

    @property
    def percent(self) -> int | None:
        """How far the work is, 0–100; None while the total is unknown."""
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, int(100 * self.done / self.total))

    @property
    def status_class(self) -> str:
        """The page's badge style of the status (junheng.css)."""
        return {
            JobStatus.QUEUED: "status-draft",
            JobStatus.RUNNING: "status-submitted",
            JobStatus.SUCCEEDED: "status-approved",
            JobStatus.FAILED: "status-returned",
        }[JobStatus(self.status)]

    @property
    def result_in_chinese(self) -> bool:
        """Whether the result's file name is Chinese (a ledger, a bulletin: the documents a
        county hands out are named in Chinese whatever the interface): the page marks it
        `lang="zh-Hans"`."""
        return any("\u3400" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in self.result_name)

    def ascii_name(self) -> str:
        """The result's name for clients that cannot read `filename*`: kind and extension."""
        return f"{self.kind}{PurePath(self.result.name).suffix}"

    def counts(self) -> str:
        """Done of total, with thousands separators: 「1,200 / 5,000」."""
        return f"{self.done:,} / {self.total:,}"

    def status_text(self) -> str:
        return in_language(*STATUS_TEXT[JobStatus(self.status)])

    def message(self) -> str:
        return in_language(self.message_zh, self.message_en)

    def error(self) -> str:
        return in_language(self.error_zh, self.error_en)
