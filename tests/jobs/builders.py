"""Jobs made directly (not run), for the permission matrix and the page tests."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from junheng.accounts.models import User
from junheng.jobs.choices import JobStatus
from junheng.jobs.models import Job


def finished_job(starter: User, county, *, school=None, kind: str = "evaluation_workbook") -> Job:
    """A succeeded job of the starter with a small result file."""
    now = timezone.now()
    job = Job.objects.create(
        kind=kind,
        started_by=starter,
        county=county,
        school=school,
        params={"year": 2025, "standard": "quality-2017"},
        status=JobStatus.SUCCEEDED,
        done=3,
        total=3,
        started_at=now,
        finished_at=now,
        result_name=f"{county.name}评估.xlsx",
        result_content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    job.result.save(f"{job.pk}.xlsx", ContentFile(b"PK result"), save=True)
    return job


def matrix_job(county) -> Job:
    """A finished job started by the county's admin (the persona of tests/personas.py)."""
    admin = User.objects.filter(county=county, role="county_admin").order_by("pk").first()
    return finished_job(admin, county)


def made_through_job(client, url: str, data: dict | None = None):
    """POST the page's button that starts a job (run at once by the tests' immediate backend);
    (the job, the response of its download with its bytes in `data` — None without a file)."""
    from django.urls import reverse

    response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    job = Job.objects.order_by("-created_at").first()
    assert job is not None and response.url in (job.get_absolute_url(), job.result_url)
    if not job.has_file:
        return job, None
    download = client.get(reverse("jobs:download", kwargs={"pk": job.pk}))
    assert download.status_code == 200
    download.data = b"".join(download.streaming_content)
    return job, download
