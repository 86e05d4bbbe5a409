"""Work bulletins: drafted with generated progress figures, written by the bureau as news items
under their columns, numbered 第N期 per county without gaps or duplicates (also under
concurrency), exported to Word and PDF in their customary form (刊头 with the programme's
刊名, 编者按, columns, 报尾, the chart in both) and read back (python-docx; the PDF's own text
and embedded fonts through tests/selfreport/reading.py)."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import threading

import docx
import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from jobs.builders import made_through_job
from junheng.audit.models import AuditEntry
from junheng.bulletins import documents, services
from junheng.bulletins.charts import cjk_font_file, township_chart
from junheng.bulletins.figures import progress_paragraphs
from junheng.bulletins.models import Bulletin, DocumentSettings, Notice
from junheng.bulletins.selectors import default_settings
from junheng.bulletins.services import ItemText
from junheng.rectification.choices import Status
from rectification.builders import problem_at
from selfreport.reading import (
    compact,
    docx_has_page_numbers,
    docx_images,
    docx_page_size_mm,
    docx_paragraphs,
    docx_tables,
    docx_text,
    forbidden_in,
    pdf_fonts,
    pdf_page_size_pt,
    pdf_text,
    row_flags,
)

TODAY = dt.date(2025, 5, 10)
A4_MM = [(210.0, 297.0)]


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
            standard="quality-2017",
            title="x",
            editor="y",
            foreword="",
            items=[],
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

ITEMS = [
    ItemText(
        "news", "县督导组走访城关二小", "5月6日，县督导组走访城关二小。\n督促功能室整改到位。"
    ),
    ItemText(
        "policy",
        "每所学校至少6项指标达到要求",
        "《县域义务教育优质均衡发展督导评估办法》要求每所学校至少6项指标达到要求。",
    ),
    ItemText("news", "各乡镇完成问题自查", "各乡镇完成问题自查。"),
    ItemText("experience", "东乡建立包校台账", "东乡中心学校为每所学校建立包校台账。"),
]


def write(world, bulletin, **changes):
    fields = {
        "standard": "quality-2017",
        "title": "",
        "editor": "示例县教育局督导室",
        "foreword": "本期聚焦问题整改。",
        "items": ITEMS,
        "report_to": "市教育局",
        "send_to": "县人大、县政协",
        "issue_to": "各乡镇中心学校",
        "copies": 60,
        **changes,
    }
    return services.bulletin_update(actor=world.county_admin, bulletin=bulletin, **fields)


@pytest.fixture
def published(progress):
    bulletin = write(progress, draft(progress))
    return services.bulletin_publish(actor=progress.county_admin, bulletin=bulletin, today=TODAY)


def test_the_masthead_name_follows_the_programme_never_fixed(progress):
    bulletin = draft(progress)
    assert bulletin.masthead_name == "义务教育优质均衡发展工作简报"
    write(progress, bulletin, standard="basic-2012")
    bulletin.refresh_from_db()
    assert bulletin.masthead_name == "义务教育基本均衡发展工作简报"
    document = documents.bulletin_document(bulletin)
    assert document.masthead.name == "义务教育基本均衡发展工作简报"
    write(progress, bulletin, title="示例县均衡发展迎检简报")
    bulletin.refresh_from_db()
    assert bulletin.masthead_name == "示例县均衡发展迎检简报"


def settle(world, **changes):
    """Save the county's document settings: the defaults with `changes`."""
    values = default_settings(world.county).snapshot()
    values.update(changes)
    return services.document_settings_update(
        actor=world.county_admin, county=world.county, values=values
    )


def test_the_county_settings_choose_the_programme_of_new_bulletins(progress):
    settle(progress, standard="basic-2012", copies=30)
    bulletin = draft(progress)
    assert bulletin.standard == "basic-2012" and bulletin.copies == 30
    assert bulletin.masthead_name == "义务教育基本均衡发展工作简报"
    assert bulletin.report_to == "市教育局，县委、县人民政府"


def test_items_stand_under_their_columns_in_the_customary_order(published):
    document = documents.bulletin_document(published)
    headings = [(s.level, s.heading) for s in document.sections if s.heading]
    assert headings == [
        (1, "【政策解读】"),
        (3, "每所学校至少6项指标达到要求"),
        (1, "【工作动态】"),
        (3, "县督导组走访城关二小"),
        (3, "各乡镇完成问题自查"),
        (1, "【工作进展】"),
        (1, "【经验交流】"),
        (3, "东乡建立包校台账"),
    ]
    assert document.foreword == "本期聚焦问题整改。"
    assert document.closing == ["报：市教育局", "送：县人大、县政协", "发：各乡镇中心学校"]
    assert document.closing_end == ("", "（共印 60 份）")


def test_an_item_needs_a_headline_and_a_text(progress):
    bulletin = draft(progress)
    for item in (ItemText("news", "", "只有正文"), ItemText("news", "只有标题", "")):
        with pytest.raises(services.BulletinError):
            write(progress, bulletin, items=[item])
    with pytest.raises(services.BulletinError):
        write(progress, bulletin, items=[ItemText("nope", "标题", "正文")])
    write(progress, bulletin, items=[ItemText("news", "  ", "  ")])  # a blank row is no item
    assert not bulletin.items.exists()


def test_the_word_file_is_the_customary_bulletin(published):
    data = documents.to_docx(documents.bulletin_document(published))
    paragraphs = docx_paragraphs(data)
    assert paragraphs[0] == ("Title", "义务教育优质均衡发展工作简报")
    assert paragraphs[1] == ("Normal", "第1期")
    assert paragraphs[2][1] == "示例县教育局督导室\t2025年5月10日"
    assert paragraphs[3][1] == "编者按：本期聚焦问题整改。"
    assert [text for style, text in paragraphs if style == "Heading 1"] == [
        "【政策解读】",
        "【工作动态】",
        "【工作进展】",
        "【经验交流】",
    ]
    assert [text for style, text in paragraphs if style == "Heading 3"] == [
        "每所学校至少6项指标达到要求",
        "县督导组走访城关二小",
        "各乡镇完成问题自查",
        "东乡建立包校台账",
    ]
    closing = [text for style, text in paragraphs if style == "Closing"]
    assert closing == [
        "报：市教育局",
        "送：县人大、县政协",
        "发：各乡镇中心学校",
        "\t（共印 60 份）",
    ]
    text = docx_text(data)
    assert "已整改销号 2 个，整改率 50%" in text and "5月6日，县督导组走访城关二小。" in text
    (table,) = docx_tables(data)
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["乡镇", "问题数", "已销号", "整改率", "逾期"],
        ["东乡", "1", "0", "0%", "1"],
        ["城关镇", "3", "2", "66.7%", "0"],
    ]
    assert row_flags(table) == [(True, True), (False, True), (False, True)]
    assert docx_page_size_mm(data) == A4_MM
    assert docx_has_page_numbers(data)
    east_asian = (
        docx.Document(io.BytesIO(data))
        .styles["Normal"]
        .element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
    )
    assert east_asian == "仿宋_GB2312"
    assert not forbidden_in(text)


@pytest.mark.skipif(cjk_font_file() is None, reason="no CJK font found by fontconfig")
def test_the_chart_is_in_the_word_file_too(published):
    data = documents.to_docx(documents.bulletin_document(published))
    assert docx_images(data) == 1


def test_the_pdf_reads_back_with_its_fonts_embedded(published):
    data = documents.to_pdf(documents.bulletin_document(published))
    assert data.startswith(b"%PDF")
    assert pdf_page_size_pt(data) == {(595, 842)}  # A4
    text = compact(pdf_text(data))
    for expected in (
        "义务教育优质均衡发展工作简报",
        "第1期",
        "示例县教育局督导室",
        "2025年5月10日",
        "编者按：本期聚焦问题整改。",
        "【政策解读】",
        "每所学校至少6项指标达到要求",
        "已整改销号2个",
        "整改率50%",
        "各乡镇完成问题自查。",
        "各乡镇问题整改率",  # the chart's title (SVG drawn into the PDF)
        "城关镇",
        "报：市教育局",
        "（共印60份）",
        "—1—",  # the page number
    ):
        assert expected in text, expected
    order = [
        text.index(word)
        for word in ("【政策解读】", "【工作动态】", "【工作进展】", "【经验交流】")
    ]
    assert order == sorted(order)
    fonts = pdf_fonts(data)
    assert fonts and all(font.embedded for font in fonts)
    assert {font.name for font in fonts} <= {
        "Noto-Serif-CJK-SC",
        "Noto-Serif-CJK-SC-Bold",
        "Noto-Sans-CJK-SC",
        "Noto-Sans-CJK-SC-Bold",
    } | {font.name for font in fonts if "Song" in font.name or "Hei" in font.name}
    assert not forbidden_in(pdf_text(data))


def test_the_chart_is_svg_without_style_attributes(progress):
    svg = township_chart(draft(progress).figures)
    assert svg.startswith("<svg") and "style=" not in svg
    assert "各乡镇问题整改率" in svg and "城关镇" in svg and "66.7%" in svg


def test_the_pages_write_publish_and_download(client, progress):
    client.force_login(progress.county_admin)
    response = client.post(reverse("bulletins:create"))
    bulletin = Bulletin.objects.get()
    assert response.url == reverse("bulletins:edit", args=[bulletin.pk])
    page = client.get(response.url).content.decode()
    assert 'name="items-0-headline"' in page and 'value="quality-2017" selected' in page
    client.post(
        reverse("bulletins:edit", args=[bulletin.pk]),
        {
            "standard": "quality-2017",
            "title": "均衡发展工作简报",
            "editor": "示例县教育局",
            "foreword": "",
            "report_to": "",
            "send_to": "",
            "issue_to": "",
            "copies": "",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-0-column": "news",
            "items-0-headline": "县里召开推进会",
            "items-0-body": "召开推进会。",
            "items-1-column": "news",
            "items-1-headline": "",
            "items-1-body": "",
        },
    )
    assert [(i.column, i.headline, i.body) for i in bulletin.items.all()] == [
        ("news", "县里召开推进会", "召开推进会。")
    ]
    page = client.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert "召开推进会。" in page and "发布后编为第 1 期" in page and "<svg" in page
    assert "【工作动态】" in page and "县里召开推进会" in page and "PDF 文件嵌入所用字体" in page
    client.post(reverse("bulletins:publish", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.number == 1
    client.force_login(progress.principal)  # every school of the county reads it
    page = client.get(reverse("bulletins:list")).content.decode()
    assert "第1期" in page
    _job, response = made_through_job(client, reverse("bulletins:docx", args=[bulletin.pk]))
    assert response["Content-Type"] == documents.DOCX_TYPE
    assert "filename*=UTF-8''%E5%9D%87" in response["Content-Disposition"]
    _job, response = made_through_job(client, reverse("bulletins:pdf", args=[bulletin.pk]))
    assert response.data.startswith(b"%PDF")


def test_drafts_are_the_bureaus_alone(client, progress):
    bulletin = draft(progress)
    notice = Notice.objects.create(
        county=progress.county, title="草稿通报", body="x", created_by=progress.county_admin
    )
    client.force_login(progress.township_officer)
    assert client.get(reverse("bulletins:detail", args=[bulletin.pk])).status_code == 404
    assert client.get(reverse("bulletins:notice_detail", args=[notice.pk])).status_code == 404
    assert "草稿通报" not in client.get(reverse("bulletins:list")).content.decode()


def test_a_former_one_text_section_becomes_an_item():
    migration = importlib.import_module("junheng.bulletins.migrations.0002_items_numbers_settings")
    assert migration._item("召开推进会\n县教育局召开推进会。\n部署工作。") == (
        "召开推进会",
        "县教育局召开推进会。\n部署工作。",
    )
    assert migration._item("只有一段。") == ("", "只有一段。")


# --- notices (通报) ----------------------------------------------------------------------------


def notice(world, today=TODAY):
    return services.notice_create(actor=world.county_admin, county=world.county, today=today)


def publish(world, found, day, number=None):
    return services.notice_publish(actor=world.county_admin, notice=found, number=number, today=day)


def test_the_document_number_is_allocated_on_publishing_per_county_and_year(progress):
    drafts = [notice(progress) for _ in range(4)]
    assert all(n.document_number == "" for n in drafts)
    first = publish(progress, drafts[0], dt.date(2025, 5, 10))
    second = publish(progress, drafts[1], dt.date(2025, 12, 31))
    new_year = publish(progress, drafts[2], dt.date(2026, 1, 2))
    assert [first.number, second.number, new_year.number] == [1, 2, 1]
    assert first.document_number == "示教发〔2025〕1号"
    assert new_year.document_number == "示教发〔2026〕1号"
    other = services.notice_create(
        actor=progress.foreign_admin, county=progress.other_county, today=TODAY
    )
    other = services.notice_publish(actor=progress.foreign_admin, notice=other, today=TODAY)
    assert other.document_number == "邻教发〔2025〕1号"
    # a number the bureau gives (continuing its paper numbering) must be free that year
    with pytest.raises(services.BulletinError):
        publish(progress, drafts[3], dt.date(2026, 3, 1), number=1)
    continued = publish(progress, drafts[3], dt.date(2026, 3, 1), number=12)
    assert continued.document_number == "示教发〔2026〕12号"
    assert publish(progress, notice(progress), dt.date(2026, 3, 2)).number == 13
    with pytest.raises(IntegrityError), transaction.atomic():  # the constraint itself
        Notice.objects.filter(pk=second.pk).update(number_year=2025, number=1)
    entry = AuditEntry.objects.filter(action="publish", object_type="bulletins.Notice").first()
    assert entry.after["document_number"].endswith("号")


def test_publishing_freezes_the_settings_on_the_notice(progress):
    found = notice(progress)
    services.notice_update(
        actor=progress.county_admin, notice=found, title=found.title, body=found.body
    )  # 主送 and 落款 left blank
    settle(progress, code_prefix="示教督", issuer="示例县教育局", cc="县纪委监委")
    found = publish(progress, found, TODAY)
    assert found.addressee == "各乡镇中心学校，县直各学校" and found.signature == "示例县教育局"
    assert found.document_number == "示教督〔2025〕1号"
    settle(progress, code_prefix="改了", issuer_mark="改了")
    document = documents.notice_document(found)
    assert document.letterhead.number == "示教督〔2025〕1号"
    assert document.letterhead.mark == "示例县教育局文件"


def test_the_thresholds_of_commendation_and_criticism_are_the_countys_settings(progress):
    # 城关镇: 3 problems, 2 closed (66.7 %), none overdue; 东乡: 1 overdue
    lenient = notice(progress)
    assert [u["name"] for u in lenient.figures["commended"]] == ["城关一小"]
    assert [u["name"] for u in lenient.figures["criticised"]] == ["东乡", "东乡中心小学"]
    settle(progress, commend_rate=60, criticise_overdue=2, standard="basic-2012")
    strict = notice(progress)
    assert [u["name"] for u in strict.figures["commended"]] == ["城关镇", "城关一小"]
    assert strict.figures["criticised"] == []
    assert strict.title == "关于示例县义务教育基本均衡发展问题整改情况的通报"
    assert "义务教育优质均衡" not in strict.body
    assert "本期暂无达到批评条件（逾期未完成问题不少于 2 个）的单位。" in strict.body
    problem_at(progress.school, status=Status.RECTIFYING)  # 城关一小 now 50 %
    settle(progress, commend_rate=100)
    assert "本期暂无达到表扬条件（无逾期且整改率达到 100%）的单位。" in notice(progress).body


def test_the_settings_page_is_the_bureaus_and_is_audited(client, progress):
    url = reverse("bulletins:settings")
    client.force_login(progress.township_officer)
    assert client.get(url).status_code == 403
    client.force_login(progress.county_admin)
    page = client.get(url).content.decode()
    assert "示例县教育局文件" in page and "以下为默认值" in page
    values = {
        k: ("" if v is None else v) for k, v in default_settings(progress.county).snapshot().items()
    }
    values.update(criticise_overdue="3", code_prefix="示教督")
    response = client.post(url, values)
    assert response.status_code == 302
    saved = DocumentSettings.objects.get(county=progress.county)
    assert saved.criticise_overdue == 3 and saved.code_prefix == "示教督"
    assert AuditEntry.objects.filter(object_type="bulletins.DocumentSettings").count() == 1
    values.update(listed="0")
    assert (
        "至少为 1" in client.post(url, values).content.decode()
        or client.post(url, values).status_code == 200
    )
    assert DocumentSettings.objects.get(county=progress.county).listed == 5


def notice_with_cc(world):
    found = notice(world)
    services.notice_update(
        actor=world.county_admin,
        notice=found,
        title=found.title,
        addressee=found.addressee,
        body=found.body,
        signature=found.signature,
        cc="县纪委监委，县人民政府督导室",
    )
    return publish(world, found, TODAY)


def test_the_notice_is_laid_out_as_an_official_document_in_word(progress):
    found = notice_with_cc(progress)
    data = documents.to_docx(documents.notice_document(found))
    paragraphs = docx_paragraphs(data)
    texts = [text for _, text in paragraphs]
    assert paragraphs[0] == ("Title", "示例县教育局文件")  # 发文机关标志
    red = docx.Document(io.BytesIO(data)).paragraphs[0].runs[0].font.color.rgb
    assert str(red) == "C00000"
    assert texts[1] == "示教发〔2025〕1号"
    assert paragraphs[2] == ("Title", found.title)
    assert texts[3] == "各乡镇中心学校，县直各学校："
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == ["一、通报表扬", "二、通报批评", "三、工作要求"]
    # 落款 and 成文日期 at the end, then the 版记 with 抄送
    tail = [text for text in texts if text][-4:]
    assert tail == [
        "示例县教育局",
        "2025年5月10日",
        "抄送：县纪委监委，县人民政府督导室。",
        "示例县教育局办公室\t2025年5月10日印发",
    ]
    assert texts.index("示例县教育局") > texts.index("三、工作要求")
    assert docx_page_size_mm(data) == A4_MM and docx_has_page_numbers(data)
    assert not forbidden_in(docx_text(data))


def test_the_notice_pdf_reads_back_in_order(progress):
    found = notice_with_cc(progress)
    data = documents.to_pdf(documents.notice_document(found))
    text = compact(pdf_text(data))
    order = [
        "示例县教育局文件",
        "示教发〔2025〕1号",
        "关于示例县义务教育优质均衡发展问题整改情况的通报",
        "各乡镇中心学校，县直各学校：",
        "一、通报表扬",
        "二、通报批评",
        "东乡中心小学（问题1个，逾期未完成1个，整改率0%）",
        "示例县教育局2025年5月10日",
        "抄送：县纪委监委，县人民政府督导室。",
        "2025年5月10日印发",
    ]
    positions = [text.find(compact(part)) for part in order]
    assert -1 not in positions, [p for p, i in zip(order, positions, strict=True) if i < 0]
    assert positions == sorted(positions)
    assert all(font.embedded for font in pdf_fonts(data))
    assert not forbidden_in(pdf_text(data))


def test_the_notice_pages_publish_with_a_number(client, progress):
    found = notice(progress)
    client.force_login(progress.county_admin)
    page = client.get(reverse("bulletins:notice_detail", args=[found.pk])).content.decode()
    assert "（草稿）" in page and 'name="number"' in page
    client.post(reverse("bulletins:notice_publish", args=[found.pk]))
    found.refresh_from_db()
    assert found.document_number == f"示教发〔{found.issue_date.year}〕1号"
    client.force_login(progress.principal)
    page = client.get(reverse("bulletins:list")).content.decode()
    assert found.document_number in page


def test_the_documents_stay_chinese_for_an_english_page(client, published):
    client.force_login(published.created_by)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    draft = services.bulletin_create(
        actor=published.created_by, county=published.county, today=TODAY
    )
    client.post(reverse("bulletins:refresh", args=[draft.pk]))
    _job, response = made_through_job(client, reverse("bulletins:docx", args=[published.pk]))
    text = docx_text(response.data)
    assert "【工作动态】" in text and "News" not in text
    draft.refresh_from_db()
    assert {s["label"] for s in draft.figures["sources"]} == {"县督导"}


def test_saving_the_settings_again_records_only_what_changed(progress):
    settle(progress, commend_rate=80)
    settle(progress, commend_rate=80, copies=40)  # the rate typed as 80, stored as 80.00
    entry = AuditEntry.objects.filter(object_type="bulletins.DocumentSettings").latest("pk")
    assert entry.before == {"copies": None} and entry.after == {"copies": 40}
