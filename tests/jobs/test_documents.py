"""The self-report's and the bulletins' Word and PDF as background jobs (issue 13 §2): the page's
button starts a job scoped to its starter, the job makes the very file the renderer makes
directly, and nobody outside the job's readers fetches it."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from jobs.builders import made_through_job
from junheng.bulletins import documents
from junheng.bulletins.background import document_of
from junheng.jobs.choices import JobStatus
from junheng.jobs.models import Job
from junheng.refusals import Refusal
from junheng.selfreport.builder import self_report
from rectification.builders import matrix_bulletin, matrix_notice

YEAR = 2025
QUALITY = {"standard": "quality-2017"}


def members(docx_bytes: bytes) -> dict[str, bytes]:
    """A Word file's parts (the zip's own timestamps differ from one second to the next)."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def selfreport_url(fmt: str, county) -> str:
    return reverse(f"selfreport:{fmt}", kwargs={"code": county.code, "year": YEAR})


def test_the_self_report_job_is_the_county_admin_s_and_makes_the_direct_pdf(client, world):
    client.force_login(world.county_admin)

    job, download = made_through_job(client, selfreport_url("pdf", world.county), QUALITY)

    assert job.kind == "selfreport_file" and job.status == JobStatus.SUCCEEDED
    assert job.started_by == world.county_admin and job.county == world.county
    assert job.params == {"year": YEAR, "standard": "quality-2017", "fmt": "pdf"}
    assert (job.done, job.total) == (3, 3)
    direct = self_report(county=world.county, year=YEAR, standard="quality-2017")
    assert download.data == documents.to_pdf(direct)
    assert job.result_name == f"{direct.file_stem}.pdf"
    assert download["Content-Type"] == documents.PDF_TYPE


def test_the_self_report_word_job_holds_the_direct_word_file(client, world):
    client.force_login(world.county_admin)

    _job, download = made_through_job(
        client, selfreport_url("docx", world.county), {"standard": "basic-2012"}
    )

    direct = self_report(county=world.county, year=YEAR, standard="basic-2012")
    assert members(download.data) == members(documents.to_docx(direct))


@pytest.mark.parametrize(
    "outsider", ["principal", "township_officer", "inspector", "foreign_admin"]
)
def test_nobody_else_fetches_the_self_report(client, world, outsider):
    client.force_login(world.county_admin)
    job, _download = made_through_job(client, selfreport_url("pdf", world.county), QUALITY)

    client.force_login(getattr(world, outsider))
    for name in ("detail", "progress", "download"):
        assert client.get(reverse(f"jobs:{name}", kwargs={"pk": job.pk})).status_code == 404
    # nor starts one: the report is the county bureau's
    assert client.post(selfreport_url("pdf", world.county), QUALITY).status_code == 404
    assert Job.objects.count() == 1


def test_a_principal_makes_a_published_bulletin_s_file_which_the_direct_path_makes(client, world):
    bulletin = matrix_bulletin(world.county)
    client.force_login(world.principal)

    job, download = made_through_job(client, reverse("bulletins:pdf", args=[bulletin.pk]))

    assert job.kind == "bulletin_file" and job.started_by == world.principal
    assert job.county == world.county and job.school is None
    assert download.data == documents.to_pdf(documents.bulletin_document(bulletin))
    _job, word = made_through_job(client, reverse("bulletins:docx", args=[bulletin.pk]))
    assert members(word.data) == members(documents.to_docx(documents.bulletin_document(bulletin)))


def test_a_notice_s_file_too(client, world):
    notice = matrix_notice(world.county)
    client.force_login(world.township_officer)

    job, download = made_through_job(client, reverse("bulletins:notice_pdf", args=[notice.pk]))

    assert job.params == {"kind": "notice", "pk": notice.pk, "fmt": "pdf"}
    assert download.data == documents.to_pdf(documents.notice_document(notice))


def test_another_user_cannot_fetch_the_principal_s_bulletin_job(client, world):
    bulletin = matrix_bulletin(world.county)
    client.force_login(world.principal)
    job, _download = made_through_job(client, reverse("bulletins:docx", args=[bulletin.pk]))

    for outsider in (world.other_principal, world.township_officer, world.foreign_admin):
        client.force_login(outsider)
        url = reverse("jobs:download", kwargs={"pk": job.pk})
        assert client.get(url).status_code == 404, outsider


def test_a_draft_is_nobody_s_file_but_the_bureau_s(client, world):
    draft = matrix_bulletin(world.county, published=False)
    client.force_login(world.principal)

    assert client.post(reverse("bulletins:pdf", args=[draft.pk])).status_code == 404
    assert client.get(reverse("bulletins:pdf", args=[draft.pk])).status_code == 405
    assert not Job.objects.exists()
    # and the job asks again as it runs: a draft its starter no longer sees is a message
    with pytest.raises(Refusal) as refused:
        document_of(user=world.principal, kind="bulletin", pk=draft.pk)
    assert "草稿可能已删除" in refused.value.zh


def test_the_pages_offer_the_jobs_as_buttons(client, world):
    bulletin = matrix_bulletin(world.county)
    client.force_login(world.county_admin)

    for page in (reverse("bulletins:list"), reverse("bulletins:detail", args=[bulletin.pk])):
        html = client.get(page).content.decode()
        assert f'method="post" action="{reverse("bulletins:pdf", args=[bulletin.pk])}"' in html
    html = client.get(
        reverse("selfreport:page", kwargs={"code": world.county.code, "year": YEAR})
    ).content.decode()
    assert f'method="post" action="{selfreport_url("docx", world.county)}"' in html
