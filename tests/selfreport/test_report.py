"""The county self-evaluation report (自评报告): the county people's government's report in its
five customary parts, every part of the chosen standard under its own name with the verdict of
all parts as the conclusion, the county's facts or 「（待填写）」, the bureau's narrative and unit
costs saved with it; downloaded as Word and PDF by the county's admins only and read back
(python-docx; the PDF's text and embedded fonts through reading.py), with none of the words an
official document must not contain."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse

from jobs.builders import made_through_job
from junheng.assessment.evaluation import county_evaluation
from junheng.assessment.parts import county_verdict
from junheng.audit.models import AuditEntry
from junheng.bulletins import documents
from junheng.jobs.choices import JobStatus
from junheng.jobs.models import Job
from junheng.recognition.models import CountyProfile, CountyRecognition
from junheng.rectification.choices import Status
from junheng.selfreport import services
from junheng.selfreport.builder import SECTION_HEADINGS, self_report
from junheng.selfreport.models import SelfReport
from junheng.selfreport.wording import PENDING, tidy
from rectification.builders import problem_at
from selfreport.reading import (
    compact,
    docx_has_page_numbers,
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

YEAR = 2025
QUALITY = {"standard": "quality-2017"}
TODAY = dt.date(2025, 5, 10)
QUALITY_PARTS = ["申报条件", "资源配置", "政府保障程度", "教育质量", "社会认可度", "一票否决事项"]
BASIC_PARTS = [
    "入口条件（学校达到省定办学基本标准）",
    "校际均衡状况",
    "县级人民政府推进义务教育均衡发展工作",
    "公众满意度",
]


def report(world, standard="quality-2017"):
    return self_report(county=world.county, year=YEAR, standard=standard, today=TODAY)


def url(name: str, county, year: int = YEAR, standard: str = "") -> str:
    query = f"?standard={standard}" if standard else ""
    return reverse(f"selfreport:{name}", kwargs={"code": county.code, "year": year}) + query


def level_one(document) -> list[str]:
    return [s.heading for s in document.sections if s.heading and s.level == 1]


def level_two(document) -> list[str]:
    return [s.heading for s in document.sections if s.heading and s.level == 2]


def all_text(document) -> str:
    lines = [document.title, *document.opening, document.signature, document.date]
    for section in document.sections:
        lines += [section.heading, *section.paragraphs, *section.notes]
        for row in section.table or []:
            lines += row
    return "\n".join(lines)


def save(world, **changes):
    fields = {
        "practice": "",
        "unit_costs": {},
        "teacher_transfers": None,
        "standard": "quality-2017",
        **changes,
    }
    return services.self_report_save(
        actor=world.county_admin, county=world.county, year=YEAR, **fields
    )


# the document ------------------------------------------------------------------------------


@pytest.mark.parametrize("standard", ["quality-2017", "basic-2012"])
def test_the_report_is_the_governments_in_the_five_customary_parts(varied, standard):
    document = report(varied, standard)
    programme = "优质均衡" if standard == "quality-2017" else "基本均衡"
    assert document.title == f"示例县人民政府关于县域义务教育{programme}发展的自评报告"
    assert level_one(document) == list(SECTION_HEADINGS)
    assert document.signature == "示例县人民政府" and document.date == "2025年5月10日"
    assert document.opening[0].startswith("根据《县域义务教育")
    assert not forbidden_in(all_text(document)), forbidden_in(all_text(document))


def test_each_standard_reports_its_own_parts_under_their_own_names(varied):
    quality, basic = report(varied), report(varied, "basic-2012")
    parts = [h.split("）", 1)[1] for h in level_two(quality)]
    assert parts[: len(QUALITY_PARTS) + 1] == [*QUALITY_PARTS, "自评结论"]
    parts = [h.split("）", 1)[1] for h in level_two(basic)]
    assert parts[: len(BASIC_PARTS) + 1] == [*BASIC_PARTS, "自评结论"]
    assert "校际均衡状况" not in all_text(quality)
    assert "（二）资源配置" not in level_two(basic) and "（四）教育质量" not in level_two(basic)


def test_each_part_states_its_state_and_findings_from_the_verdict(varied):
    document = report(varied)
    verdict = county_verdict(county=varied.county, year=YEAR, standard="quality-2017")
    for part in verdict.parts:
        (section,) = [s for s in document.sections if s.heading.endswith(f"）{part.rule.name}")]
        assert section.paragraphs[0].startswith(f"自评结果：{part.state_name}（")
        assert [f"{tidy(f.zh)}。" for f in part.findings] == section.paragraphs[1:]


def test_the_conclusion_is_the_verdict_of_every_part_never_one_part(varied):
    document = report(varied)
    verdict = county_verdict(county=varied.county, year=YEAR, standard="quality-2017")
    conclusion = next(s for s in document.sections if s.heading.endswith("自评结论"))
    assert conclusion.paragraphs[0] == f"自评结论：{tidy(verdict.title)}。"
    assert "尚未达到县域义务教育优质均衡发展认定要求" in conclusion.paragraphs[0]
    assert "其中，资源配置未达到要求" in conclusion.paragraphs[1]
    assert "达标" not in all_text(document)


def test_the_resource_tables_are_the_evaluations_numbers(varied):
    document = report(varied)
    evaluation = county_evaluation(county=varied.county, year=YEAR, standard="quality-2017")
    tables = [s.table for s in document.sections if s.table]
    cv_table = next(t for t in tables if t[0] == ["指标", "加权均值", "差异系数", "规定值", "结果"])
    assert [row[2] for row in cv_table[1:]] == [
        f"{cv:.3f}" for cv in evaluation.indicators["cv"].to_list()
    ]
    assert {row[4] for row in cv_table[1:]} <= {"超过规定值", "未超过规定值"}
    schools = next(t for t in tables if t[0][0] == "学校")
    assert len(schools) == evaluation.units.height + 1
    assert {row[-1] for row in schools[1:]} <= {"达到要求", "未达到要求"}
    assert varied.foreign_school.name not in all_text(document)
    basic = report(varied, "basic-2012")
    cv_table = next(s.table for s in basic.sections if s.table and s.table[0][0] == "指标")
    composite = county_evaluation(county=varied.county, year=YEAR, standard="basic-2012")
    assert cv_table[-1][:3] == [
        "综合差异系数",
        "—",
        f"{composite.levels.row(0, named=True)['composite_cv']:.3f}",
    ]


def test_the_basic_facts_come_from_the_profile_and_the_data_never_invented(varied):
    document = report(varied)
    basics = document.sections[0]
    assert f"常住人口{PENDING}万人" in basics.paragraphs[0]
    assert basics.table[0] == ["项目", "2023年", "2024年", "2025年"]
    assert basics.table[1] == ["常住人口（万人）", PENDING, PENDING, PENDING]
    assert basics.table[-3] == ["义务教育学校（所）", PENDING, "1", "3"]
    CountyProfile.objects.create(
        county=varied.county,
        year=YEAR,
        population=Decimal("52.30"),
        area=Decimal("3580"),
        fiscal_revenue=Decimal("123456.5"),
        education_spending=Decimal("80000"),
        compulsory_spending=None,
    )
    CountyProfile.objects.create(county=varied.county, year=2023, fiscal_revenue=Decimal("99000"))
    basics = report(varied).sections[0]
    assert basics.paragraphs[0] == (
        "我县常住人口52.3万人，土地面积3,580平方千米。2025年全县一般公共预算收入123,456.5万元，"
        f"教育经费总投入80,000万元，其中财政性义务教育经费{PENDING}万元。"
    )
    assert basics.table[2] == ["一般公共预算收入（万元）", "99,000", PENDING, "123,456.5"]
    assert basics.paragraphs[1] == "2025年全县有义务教育学校3所，在校学生1,235人，专任教师59人。"


def test_the_narrative_saved_with_the_report_is_its_second_part(varied):
    practice = next(s for s in report(varied).sections if s.heading == "二、主要做法与成效")
    assert practice.paragraphs == [PENDING]
    save(varied, practice="（一）加强组织领导\n成立领导小组。\n\n（二）加大投入\n新建校舍3所。")
    document = report(varied)
    start = level_one(document).index("二、主要做法与成效")
    assert start == 1
    sections = document.sections
    first = next(i for i, s in enumerate(sections) if s.heading == "二、主要做法与成效")
    assert [(s.level, s.heading, s.paragraphs) for s in sections[first + 1 : first + 3]] == [
        (2, "（一）加强组织领导", ["成立领导小组。"]),
        (2, "（二）加大投入", ["新建校舍3所。"]),
    ]
    assert report(varied, "basic-2012").sections[1].paragraphs == [PENDING]  # per standard


def test_the_plan_is_priced_at_the_unit_costs_saved_with_the_report(varied):
    def plan(document):
        return next(s for s in document.sections if s.heading.endswith("改善资源配置"))

    example = plan(report(varied))
    assert example.table[0] == ["年度", "学校", "措施", "数量", "费用（万元）"]
    assert "共需投入" in example.paragraphs[0]
    save(
        varied,
        unit_costs={"teaching_room": 9000.0, "sports_ground": 2000.0, "multimedia_classroom": None},
    )
    dearer = plan(report(varied))
    assert dearer.paragraphs[0] != example.paragraphs[0]
    assert "示例" not in all_text(report(varied)).replace("示例县", "")  # nor 示例单价


def test_problems_and_their_measures_are_the_fourth_and_fifth_parts(varied):
    problem_at(varied.school, status=Status.CLOSED, description="已整改的问题")
    problem_at(
        varied.far_school,
        status=Status.RECTIFYING,
        deadline=dt.date(2025, 5, 1),
        description="功能室不足",
        measure="改建音乐教室一间",
    )
    problem_at(varied.sibling, status=Status.OPEN, description="图书不足")
    document = report(varied)
    found = next(s for s in document.sections if s.heading.endswith("问题整改方面"))
    assert "共登记问题3个，尚未整改销号2个，其中逾期未完成1个" in found.paragraphs[0]
    assert [row[1:3] for row in found.table[1:]] == [
        ["东乡中心小学", "功能室不足"],
        ["城关二小", "图书不足"],
    ]
    measures = next(s for s in document.sections if s.heading.endswith("逐项整改问题"))
    assert measures.table[1][1:4] == ["功能室不足", "改建音乐教室一间", "东乡中心小学"]
    assert measures.table[2][2] == "尚未制定"
    weak = next(s for s in document.sections if s.heading.endswith("评估指标方面"))
    assert any(line.startswith("2．资源配置（未达到要求）") for line in weak.paragraphs)
    assert "已整改的问题" not in all_text(document)


def test_met_parts_read_as_met(varied):
    CountyRecognition.objects.create(county=varied.county, basic_year=2019)
    document = report(varied)
    entry = next(s for s in document.sections if s.heading == "（一）申报条件")
    assert entry.paragraphs[0].startswith("自评结果：达到要求")
    assert "2019年通过基本均衡认定" in entry.paragraphs[1]


def test_no_data_that_year_is_no_report(varied):
    assert self_report(county=varied.county, year=2019, standard="quality-2017") is None


# the files ---------------------------------------------------------------------------------


def test_the_word_report_reads_back_in_its_customary_form(varied):
    save(varied, practice="（一）加强组织领导\n成立领导小组。")
    data = documents.to_docx(report(varied))
    paragraphs = docx_paragraphs(data)
    assert paragraphs[0] == ("Title", "示例县人民政府关于县域义务教育优质均衡发展的自评报告")
    assert [t for style, t in paragraphs if style == "Heading 1"] == list(SECTION_HEADINGS)
    parts = [t for style, t in paragraphs if style == "Heading 2" and "、" not in t]
    assert parts[0] == "（一）加强组织领导"
    assert parts[1:8] == [
        f"（{n}）{name}"
        for n, name in zip("一二三四五六七", [*QUALITY_PARTS, "自评结论"], strict=True)
    ]
    texts = [t for _, t in paragraphs if t]
    assert texts[-2:] == ["示例县人民政府", "2025年5月10日"]  # 落款 and date at the end
    assert docx_page_size_mm(data) == [(210.0, 297.0)]
    assert docx_has_page_numbers(data)
    tables = docx_tables(data)
    assert len(tables) >= 4
    for table in tables:
        flags = row_flags(table)
        assert flags[0] == (True, True)  # the header row repeats on every page
        assert all(cant_split for _header, cant_split in flags)  # no row split across pages
        assert not any(header for header, _ in flags[1:])
    text = docx_text(data)
    evaluation = county_evaluation(county=varied.county, year=YEAR, standard="quality-2017")
    for cv in evaluation.indicators["cv"].to_list():
        assert f"{cv:.3f}" in text
    assert not forbidden_in(text), forbidden_in(text)


def test_the_word_report_names_the_parts_of_each_standard(varied):
    for standard, parts in (("quality-2017", QUALITY_PARTS), ("basic-2012", BASIC_PARTS)):
        paragraphs = docx_paragraphs(documents.to_docx(report(varied, standard)))
        headings = [t for style, t in paragraphs if style == "Heading 2"]
        for number, name in enumerate(parts):
            assert f"（{'一二三四五六'[number]}）{name}" in headings


def test_the_pdf_report_reads_back_with_its_fonts_embedded(varied):
    data = documents.to_pdf(report(varied, "basic-2012"))
    assert pdf_page_size_pt(data) == {(595, 842)}
    text = compact(pdf_text(data))
    order = [
        "示例县人民政府关于县域义务教育基本均衡发展的自评报告",
        *SECTION_HEADINGS[:3],
        *(compact(name) for name in BASIC_PARTS),
        "自评结论",
        *SECTION_HEADINGS[3:],
        "示例县人民政府2025年5月10日",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [p for p, i in zip(order, positions, strict=True) if i < 0]
    assert positions == sorted(positions)
    assert "—1—" in text and "—2—" in text
    composite = county_evaluation(county=varied.county, year=YEAR, standard="basic-2012")
    assert f"{composite.levels.row(0, named=True)['composite_cv']:.3f}" in text
    fonts = pdf_fonts(data)
    assert fonts and all(font.embedded for font in fonts)
    assert not forbidden_in(pdf_text(data)), forbidden_in(pdf_text(data))


# the page and the downloads ----------------------------------------------------------------


def test_the_county_admin_downloads_both_formats_named_after_the_title(client, varied):
    client.force_login(varied.county_admin)
    stem = "示例县人民政府关于县域义务教育优质均衡发展的自评报告"
    for fmt, content_type in (("docx", documents.DOCX_TYPE), ("pdf", documents.PDF_TYPE)):
        _job, response = made_through_job(client, url(fmt, varied.county), QUALITY)
        assert response["Content-Type"] == content_type
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=UTF-8''{quote(stem + '.' + fmt)}" in disposition


def test_the_page_shows_the_parts_what_is_missing_and_the_costs(client, varied):
    client.force_login(varied.county_admin)
    response = client.get(url("page", varied.county))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{url("docx", varied.county)}"' in page
    assert 'name="standard" value="quality-2017"' in page
    assert 'value="basic-2012"' in page and 'value="quality-2017" selected' in page
    for name in QUALITY_PARTS:
        assert name in page
    assert "2025年常住人口" in page  # a fact the report still lacks
    assert "按示例单价测算" in page and "全部按示例单价测算" in page
    assert "PDF 文件嵌入所用字体" in page


def test_the_page_saves_the_narrative_and_costs_audited(client, varied):
    client.force_login(varied.county_admin)
    response = client.post(
        url("save", varied.county),
        {
            "standard": "basic-2012",
            "practice": "成立领导小组。",
            "cost_teaching_room": "3500",
            "cost_sports_ground": "",
            "teacher_transfers": "on",
        },
    )
    assert response.status_code == 302
    assert response.url == url("page", varied.county, standard="basic-2012")
    saved = SelfReport.objects.get(county=varied.county, year=YEAR, standard="basic-2012")
    assert saved.practice == "成立领导小组。" and saved.unit_costs == {"teaching_room": 3500.0}
    assert saved.teacher_transfers is True
    entry = AuditEntry.objects.get(object_type="selfreport.SelfReport")
    assert entry.action == "create" and entry.after["practice"] == "成立领导小组。"
    page = client.get(url("page", varied.county, standard="basic-2012")).content.decode()
    assert "本县填写" in page and "全部按示例单价测算" not in page
    bad = client.post(url("save", varied.county), {"standard": "basic-2012", "cost_backbone": "-1"})
    assert bad.status_code == 200
    assert SelfReport.objects.get(pk=saved.pk).unit_costs == {"teaching_room": 3500.0}


def test_only_the_countys_bureau_saves_the_report(varied):
    for actor in (varied.township_officer, varied.principal, varied.foreign_admin):
        with pytest.raises(services.NotAllowed):
            services.self_report_save(
                actor=actor,
                county=varied.county,
                year=YEAR,
                standard="quality-2017",
                practice="x",
                unit_costs={},
            )
    with pytest.raises(services.SelfReportError):
        save(varied, unit_costs={"teaching_room": 0})
    with pytest.raises(services.SelfReportError):
        save(varied, unit_costs={"gold": 1.0})
    assert not SelfReport.objects.exists()


@pytest.mark.parametrize("name", ["page", "docx", "pdf"])
@pytest.mark.parametrize(
    "role", ["foreign_admin", "principal", "township_officer", "inspector", "other_principal"]
)
def test_nobody_but_the_countys_admins_reaches_the_report(client, varied, name, role):
    client.force_login(getattr(varied, role))
    if name == "page":
        assert client.get(url(name, varied.county)).status_code == 404
    else:
        assert client.post(url(name, varied.county), QUALITY).status_code == 404
        assert not Job.objects.exists()


def test_nobody_else_saves_it_through_the_page(client, varied):
    for role in ("foreign_admin", "principal", "township_officer", "inspector"):
        client.force_login(getattr(varied, role))
        response = client.post(url("save", varied.county), {"standard": "quality-2017"})
        assert response.status_code == 404
    assert not SelfReport.objects.exists()


def test_an_admin_cannot_reach_another_countys_report(client, varied):
    client.force_login(varied.county_admin)
    assert client.post(url("docx", varied.other_county), QUALITY).status_code == 404
    assert not Job.objects.exists()


def test_a_year_without_data_ends_the_job_with_its_reason_and_a_bad_standard_is_a_404(
    client, varied
):
    client.force_login(varied.county_admin)
    job, download = made_through_job(client, url("docx", varied.county, year=2019), QUALITY)
    assert job.status == JobStatus.FAILED and download is None
    assert job.error_zh == "示例县2019年没有学校数据，无法生成自评报告。"
    assert client.post(url("pdf", varied.county), {"standard": "nope"}).status_code == 404
    assert client.get(url("pdf", varied.county)).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client, varied):
    response = client.post(url("docx", varied.county), QUALITY)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Job.objects.exists()


def test_the_page_reads_in_english_while_the_document_stays_chinese(client, varied):
    client.force_login(varied.county_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(url("page", varied.county)).content.decode()
    assert "Main measures and results" in page and "Resource allocation" in page
    assert "The PDF embeds the fonts it uses" in page
    _job, response = made_through_job(client, url("docx", varied.county), QUALITY)
    data = response.data
    assert docx_paragraphs(data)[0][1].endswith("的自评报告")
    assert "三、指标达成情况" in docx_text(data) and "Resource allocation" not in docx_text(data)
