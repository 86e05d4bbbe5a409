"""The job's page, its progress fragment, its download and the list of one's jobs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobs.builders import finished_job
from junheng.jobs import services
from junheng.jobs.choices import JobStatus
from junheng.jobs.models import Job

POLLING = 'hx-trigger="every 1s"'


def page(client, user, name: str, job: Job):
    client.force_login(user)
    return client.get(reverse(f"jobs:{name}", kwargs={"pk": job.pk}))


def test_the_starter_and_the_county_s_admins_see_a_job(client, world):
    job = finished_job(world.principal, world.county, school=world.school)

    for user in (world.principal, world.county_admin):
        for name in ("detail", "progress", "download"):
            assert page(client, user, name, job).status_code == 200, (user, name)


@pytest.mark.parametrize(
    "outsider", ["other_principal", "township_officer", "inspector", "foreign_admin"]
)
def test_anyone_else_gets_a_404_on_the_page_the_progress_and_the_download(client, world, outsider):
    job = finished_job(world.principal, world.county, school=world.school)

    for name in ("detail", "progress", "download"):
        response = page(client, getattr(world, outsider), name, job)
        assert response.status_code == 404, (outsider, name)


def test_a_county_admin_s_job_is_not_shown_to_the_township(client, world):
    """The result was made with the admin's view of the whole county."""
    job = finished_job(world.county_admin, world.county, school=world.school)

    assert page(client, world.township_officer, "detail", job).status_code == 404
    assert page(client, world.principal, "download", job).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, world):
    job = finished_job(world.county_admin, world.county)

    response = client.get(reverse("jobs:detail", kwargs={"pk": job.pk}))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_download_is_the_stored_result_under_its_name(client, world):
    job = finished_job(world.county_admin, world.county)

    response = page(client, world.county_admin, "download", job)
    assert b"".join(response.streaming_content) == b"PK result"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert 'filename="evaluation_workbook.xlsx"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_job_without_a_file_has_no_download(client, world):
    job = Job.objects.create(
        kind="test_counting", started_by=world.county_admin, county=world.county
    )

    assert page(client, world.county_admin, "download", job).status_code == 404


def test_a_running_job_s_page_polls_its_progress(client, world):
    job = Job.objects.create(
        kind="test_counting",
        started_by=world.county_admin,
        county=world.county,
        status=JobStatus.RUNNING,
        done=1200,
        total=5000,
        message_zh="已检查 1,200 / 5,000 行",
        message_en="1,200 of 5,000 rows checked",
    )
    html = page(client, world.county_admin, "detail", job).content.decode()

    assert POLLING in html
    assert reverse("jobs:progress", kwargs={"pk": job.pk}) in html
    assert "已检查 1,200 / 5,000 行" in html
    assert 'value="24"' in html  # the progress bar, 24 %
    fragment = page(client, world.county_admin, "progress", job).content.decode()
    assert POLLING in fragment and "<html" not in fragment


def test_a_queued_job_s_page_says_it_waits_for_the_worker(client, world):
    job = Job.objects.create(
        kind="test_counting", started_by=world.county_admin, county=world.county
    )

    html = page(client, world.county_admin, "detail", job).content.decode()
    assert POLLING in html and "等待后台任务进程开始" in html


def test_a_finished_job_s_page_stops_polling_and_offers_the_download(client, world):
    job = finished_job(world.county_admin, world.county)

    for name in ("detail", "progress"):
        html = page(client, world.county_admin, name, job).content.decode()
        assert POLLING not in html and "hx-get" not in html
        assert reverse("jobs:download", kwargs={"pk": job.pk}) in html


def test_a_failed_job_s_page_shows_the_message_and_no_stack(client, world):
    job = services.job_start(actor=world.county_admin, kind="test_crashing", county=world.county)

    html = page(client, world.county_admin, "detail", job).content.decode()
    assert services.UNEXPECTED[0] in html
    assert "Traceback" not in html and "ZeroDivisionError" not in html
    assert "secret internals" not in html
    assert POLLING not in html


def test_a_failed_job_s_message_follows_the_page_s_language(client, world):
    job = services.job_start(actor=world.county_admin, kind="test_refusing", county=world.county)
    client.force_login(world.county_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get(reverse("jobs:detail", kwargs={"pk": job.pk})).content.decode()
    assert "Row 3: no such school code" in html and "学校代码不存在" not in html
    assert "Failed" in html


def test_starting_the_workbook_leads_to_the_job_s_page_which_offers_the_result(client, world):
    client.force_login(world.township_officer)
    url = reverse("jobs:evaluation_workbook", kwargs={"code": world.county.code, "year": 2025})
    response = client.post(url, {"standard": "basic-2012"})

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.params == {"year": 2025, "standard": "basic-2012"}
    html = client.get(response.url).content.decode()  # as after a reload: the job is still there
    assert job.status == JobStatus.SUCCEEDED
    assert reverse("jobs:download", kwargs={"pk": job.pk}) in html
    assert page(client, world.township_officer, "download", job).status_code == 200


def test_the_workbook_start_refuses_other_roles_and_counties_and_bad_standards(client, world):
    url = reverse("jobs:evaluation_workbook", kwargs={"code": world.county.code, "year": 2025})
    client.force_login(world.principal)
    assert client.post(url).status_code == 403
    client.force_login(world.foreign_admin)
    assert client.post(url).status_code == 404
    client.force_login(world.county_admin)
    assert client.get(url).status_code == 405
    assert client.post(url, {"standard": "nonsense"}).status_code == 400
    assert not Job.objects.exists()


def test_my_jobs_lists_the_user_s_own_jobs_and_the_workbook_buttons(client, world):
    mine = finished_job(world.township_officer, world.county)
    theirs = finished_job(world.county_admin, world.county)

    client.force_login(world.township_officer)
    html = client.get(reverse("jobs:list")).content.decode()
    assert mine.get_absolute_url() in html
    assert theirs.get_absolute_url() not in html
    assert (
        reverse("jobs:evaluation_workbook", kwargs={"code": world.county.code, "year": 2025})
        in html
    )

    client.force_login(world.principal)  # no county evaluation: no workbook button
    html = client.get(reverse("jobs:list")).content.decode()
    assert "evaluation-workbook" not in html and "还没有后台任务" in html
