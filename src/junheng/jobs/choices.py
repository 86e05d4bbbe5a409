"""Every status of a background job."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    """queued → running → succeeded, or failed (at any point)."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


# The statuses after which a job changes no more (its page stops polling).
FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)

# A status in both languages, for the job's page and its progress fragment.
STATUS_TEXT = {
    JobStatus.QUEUED: ("排队中", "Queued"),
    JobStatus.RUNNING: ("进行中", "Running"),
    JobStatus.SUCCEEDED: ("已完成", "Done"),
    JobStatus.FAILED: ("失败", "Failed"),
}
