"""Work bulletins: drafted with generated progress figures, written by the bureau, numbered
第N期 per county without gaps or duplicates (also under concurrency), exported to Word and PDF
with the Chinese text intact (read back with python-docx and pdftotext)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import threading

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse

from junheng.audit.models import AuditEntry
from junheng.bulletins import documents, services
from junheng.bulletins.charts import township_chart
from junheng.bulletins.figures import progress_paragraphs
from junheng.bulletins.models import Bulletin, Notice
from junheng.rectification.choices import Status
from rectification.builders import problem_at

TODAY = dt.date(2025, 5, 10)


@pytest.fixture
def progress(world):
    """城关镇: 3 problems, 2 closed; 东乡: 1 overdue; a visit to 城关二小."""
    from junheng.inspections.models import Visit

    problem_at(world.school, status=Status.CLOSED)
    problem_at(world.sibling, status=Status.CLOSED)
    problem_at(world.sibling, status=Status.SUBMITTED)
    problem_at(world.far_school, status=Status.RECTIFYING, deadline=dt.date(2025, 5, 1))
    Visit.objects.create(
        county=world.county,
        school=world.sibling,
        date=dt.date(2025, 5, 6),
        visitor=world.inspector,
        checked="功能室",
    )
    world.county.inspection_date = dt.date(2025, 6, 19)
    world.county.save()
    return world


def draft(world, today=TODAY):
    return services.bulletin_create(actor=world.county_admin, county=world.county, today=today)


def test_a_draft_carries_the_figures_and_no_number(progress):
    bulletin = draft(progress)
    assert bulletin.number is None and bulletin.status == "draft"
    figures = bulletin.figures
    assert figures["problems"] == {
        "total": 4,
        "closed": 2,
        "open": 0,
        "rectifying": 1,
        "submitted": 1,
        "overdue": 1,
        "rate": 0.5,
    }
    assert figures["townships"] == [
        {"name": "东乡", "total": 1, "closed": 0, "overdue": 1, "rate": 0.0},
        {"name": "城关镇", "total": 3, "closed": 2, "overdue": 0, "rate": 0.6667},
    ]
    assert figures["visits"] == {"days": 30, "count": 1, "schools": 1, "total_schools": 3}
    assert figures["days_left"] == 40
    text = "".join(progress_paragraphs(figures))
    assert "截至2025年5月10日，全县共排查登记问题 4 个，已整改销号 2 个，整改率 50%" in text
    assert "逾期未完成 1 个" in text and "近 30 天开展督导走访 1 次，覆盖学校 1 所" in text
    assert "距督导检查（2025年6月19日）还有 40 天" in text


def test_issues_are_numbered_in_order_without_gaps(progress):
    first, second, third = draft(progress), draft(progress), draft(progress)
    services.bulletin_delete(actor=progress.county_admin, bulletin=second)
    for bulletin in (third, first):
        services.bulletin_publish(actor=progress.county_admin, bulletin=bulletin, today=TODAY)
    assert [(b.pk, b.number) for b in Bulletin.objects.order_by("number")] == [
        (third.pk, 1),
        (first.pk, 2),
    ]
    # another county counts on its own
    other = services.bulletin_create(
        actor=progress.foreign_admin, county=progress.other_county, today=TODAY
    )
    assert services.bulletin_publish(actor=progress.foreign_admin, bulletin=other).number == 1
    entry = AuditEntry.objects.filter(action="publish").order_by("pk").first()
    assert entry.after["number"] == 1


def test_a_county_may_continue_its_paper_numbering_once(progress):
    bulletin = services.bulletin_publish(
        actor=progress.county_admin, bulletin=draft(progress), first_number=12
    )
    assert bulletin.issue_label == "第12期"
    assert (
        services.bulletin_publish(actor=progress.county_admin, bulletin=draft(progress)).number
        == 13
    )
    with pytest.raises(services.BulletinError):
        services.bulletin_publish(
            actor=progress.county_admin, bulletin=draft(progress), first_number=1
        )


def test_a_published_issue_is_final(progress):
    bulletin = services.bulletin_publish(actor=progress.county_admin, bulletin=draft(progress))
    for action in (
        lambda: services.bulletin_update(
            actor=progress.county_admin,
            bulletin=bulletin,
            title="x",
            editor="y",
            policy="",
            news="",
        ),
        lambda: services.bulletin_delete(actor=progress.county_admin, bulletin=bulletin),
        lambda: services.bulletin_publish(actor=progress.county_admin, bulletin=bulletin),
        lambda: services.bulletin_refresh(actor=progress.county_admin, bulletin=bulletin),
    ):
        with pytest.raises(services.BulletinError):
            action()
    assert Bulletin.objects.get().number == 1


def test_only_the_bureau_writes_bulletins(progress):
    for actor in (progress.township_officer, progress.principal, progress.inspector):
        with pytest.raises(services.NotAllowed):
            services.bulletin_create(actor=actor, county=progress.county)
    with pytest.raises(services.NotAllowed):
        services.bulletin_create(actor=progress.foreign_admin, county=progress.county)


def test_a_number_taken_meanwhile_is_retried_not_duplicated(progress, monkeypatch):
    """The unique constraint is the last word: a publisher who read a stale number retries."""
    taken = services.bulletin_publish(actor=progress.county_admin, bulletin=draft(progress))
    stale = iter([taken.number])  # the first attempt computes the number already taken
    real = services.next_number
    monkeypatch.setattr(services, "next_number", lambda county: next(stale, None) or real(county))
    bulletin = services.bulletin_publish(actor=progress.county_admin, bulletin=draft(progress))
    assert bulletin.number == 2
    with pytest.raises(IntegrityError):  # the constraint itself
        Bulletin.objects.filter(pk=bulletin.pk).update(number=1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_publishers_get_distinct_consecutive_numbers(world):
    if connection.vendor != "postgresql":
        # the in-memory SQLite test database is shared between threads with table locks that
        # fail at once instead of waiting; the file database of a deployment waits (timeout).
        pytest.skip("concurrent writers are tested on PostgreSQL (make test-postgres)")
    drafts = [draft(world) for _ in range(4)]
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def publish(bulletin):
        try:
            barrier.wait()
            services.bulletin_publish(actor=world.county_admin, bulletin=bulletin)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(b,)) for b in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(Bulletin.objects.values_list("number", flat=True)) == [1, 2, 3, 4]


# --- the documents ---------------------------------------------------------------------------


@pytest.fixture
def published(progress):
    bulletin = draft(progress)
    services.bulletin_update(
        actor=progress.county_admin,
        bulletin=bulletin,
        title="义务教育优质均衡发展工作简报",
        editor="示例县教育局督导室",
        policy="《县域义务教育优质均衡发展督导评估办法》要求每所学校至少6项指标达到要求。",
        news="5月6日，县督导组走访城关二小。\n各乡镇完成问题自查。",
    )
    return services.bulletin_publish(actor=progress.county_admin, bulletin=bulletin, today=TODAY)


def test_the_word_file_has_real_styles_and_the_chinese_figures(published):
    from docx import Document as Word

    word = Word(io.BytesIO(documents.to_docx(documents.bulletin_document(published))))
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs]
    assert paragraphs[0] == ("Title", "义务教育优质均衡发展工作简报")
    assert ("Normal", "第1期") in paragraphs
    assert [text for style, text in paragraphs if style == "Heading 1"] == [
        "一、工作进展",
        "二、工作动态",
        "三、政策解读",
    ]
    text = "\n".join(t for _, t in paragraphs)
    assert "已整改销号 2 个，整改率 50%" in text and "5月6日，县督导组走访城关二小。" in text
    table = [[cell.text for cell in row.cells] for row in word.tables[0].rows]
    assert table == [
        ["乡镇", "问题数", "已销号", "整改率", "逾期"],
        ["东乡", "1", "0", "0%", "1"],
        ["城关镇", "3", "2", "66.7%", "0"],
    ]
    east_asian = word.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asian == "仿宋"


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed"
)


@needs_poppler
def test_the_pdf_embeds_the_cjk_font_and_reads_back_in_chinese(published, tmp_path):
    data = documents.to_pdf(documents.bulletin_document(published))
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    for expected in (
        "义务教育优质均衡发展工作简报",
        "第1期",
        "示例县教育局督导室",
        "2025年5月10日",
        "已整改销号 2 个",
        "整改率 50%",
        "各乡镇完成问题自查。",
        "各乡镇问题整改率",  # the chart's title (SVG drawn into the PDF)
        "城关镇",
    ):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(tmp_path / "document.pdf")], capture_output=True)
    listing = fonts.stdout.decode()
    fonts = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert {row[0].split("+")[1] for row in fonts} == {"Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"}
    assert all(row[-5] == "yes" for row in fonts)  # embedded


@needs_poppler
def test_the_notice_exports_read_back_too(ranked_notice, tmp_path):
    from docx import Document as Word

    document = documents.notice_document(ranked_notice)
    word = Word(io.BytesIO(documents.to_docx(document)))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ranked_notice.title and "一、通报表扬" in headings
    text = pdf_text(documents.to_pdf(document), tmp_path)
    assert "东乡中心小学（问题 1 个，逾期未完成 1 个，整改率 0%）" in text.replace("\n", "")
    assert "通报批评" in text


@pytest.fixture
def ranked_notice(progress):
    notice = services.notice_create(
        actor=progress.county_admin, county=progress.county, today=TODAY
    )
    return services.notice_publish(actor=progress.county_admin, notice=notice)


def test_the_chart_is_svg_without_style_attributes(progress):
    svg = township_chart(draft(progress).figures)
    assert svg.startswith("<svg") and "style=" not in svg
    assert "各乡镇问题整改率" in svg and "城关镇" in svg and "66.7%" in svg


def test_the_pages_write_publish_and_download(client, progress):
    client.force_login(progress.county_admin)
    response = client.post(reverse("bulletins:create"))
    bulletin = Bulletin.objects.get()
    assert response.url == reverse("bulletins:edit", args=[bulletin.pk])
    client.post(
        reverse("bulletins:edit", args=[bulletin.pk]),
        {
            "title": "均衡发展工作简报",
            "editor": "示例县教育局",
            "news": "召开推进会。",
            "policy": "",
        },
    )
    page = client.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert "召开推进会。" in page and "发布后编为第 1 期" in page and "<svg" in page
    client.post(reverse("bulletins:publish", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.number == 1
    client.force_login(progress.principal)  # every school of the county reads it
    page = client.get(reverse("bulletins:list")).content.decode()
    assert "第1期" in page
    response = client.get(reverse("bulletins:docx", args=[bulletin.pk]))
    assert response["Content-Type"] == documents.DOCX_TYPE
    assert "filename*=UTF-8''%E5%9D%87" in response["Content-Disposition"]
    response = client.get(reverse("bulletins:pdf", args=[bulletin.pk]))
    assert response.content.startswith(b"%PDF")


def test_drafts_are_the_bureaus_alone(client, progress):
    bulletin = draft(progress)
    notice = Notice.objects.create(
        county=progress.county, title="草稿通报", body="x", created_by=progress.county_admin
    )
    client.force_login(progress.township_officer)
    assert client.get(reverse("bulletins:detail", args=[bulletin.pk])).status_code == 404
    assert client.get(reverse("bulletins:notice_detail", args=[notice.pk])).status_code == 404
    assert "草稿通报" not in client.get(reverse("bulletins:list")).content.decode()
