"""The county self-evaluation report (自评报告): built from the dashboard's own numbers,
downloaded as Word and PDF by the county's admins only, and read back (python-docx,
pdftotext) with the CVs and the verdict the dashboard shows."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from urllib.parse import quote

import docx
import pytest
from django.urls import reverse

from junheng.assessment import summaries
from junheng.assessment.evaluation import county_evaluation
from junheng.rectification.choices import Status
from junheng.selfreport.builder import cv_text, self_report, verdict_text
from junheng.surveys.selectors import county_satisfaction
from rectification.builders import problem_at
from surveys.helpers import FULL, NONE, PARTIAL, open_survey, respond

YEAR = 2025
TODAY = dt.date(2025, 5, 10)


def expected_figures(county, standard: str) -> tuple[list[str], str]:
    """The CVs (3 decimals) and the verdict as the dashboard computes them."""
    evaluation = county_evaluation(county=county, year=YEAR, standard=standard)
    cvs = [cv_text(cv) for cv in evaluation.indicators["cv"].to_list()]
    if "composite_cv" in evaluation.levels.columns:
        cvs += [cv_text(cv) for cv in evaluation.levels["composite_cv"].to_list()]
    verdict = verdict_text(evaluation.counties.row(0, named=True)["pass"])
    return cvs, f"自评结论：{verdict}"


def docx_text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


needs_pdftotext = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed"
)


def url(name: str, county, year: int = YEAR, standard: str = "") -> str:
    query = f"?standard={standard}" if standard else ""
    return reverse(f"selfreport:{name}", kwargs={"code": county.code, "year": year}) + query


# the document ------------------------------------------------------------------------------


def test_the_document_has_the_seven_sections_and_the_dashboards_numbers(varied):
    document = self_report(county=varied.county, year=YEAR, standard="quality-2017", today=TODAY)
    headings = [s.heading for s in document.sections if not s.heading.startswith("（")]
    assert headings == [
        "一、概述",
        "二、资源配置",
        "三、每所学校达标情况",
        "四、政府保障与教育质量",
        "五、社会认可度",
        "六、问题整改",
        "七、改进计划",
    ]
    evaluation = county_evaluation(county=varied.county, year=YEAR, standard="quality-2017")
    (primary,) = summaries.level_summaries(evaluation, None)
    level = next(s for s in document.sections if s.heading == "（一）小学")
    assert level.table[0] == ["指标", "加权均值", "差异系数", "标准", "是否达标"]
    assert [row[2] for row in level.table[1:]] == [cv_text(i["cv"]) for i in primary["indicators"]]
    assert [row[3] for row in level.table[1:]] == [
        f"≤{i['cv_max']:.2f}" for i in primary["indicators"]
    ]
    assert "<svg" in level.chart_svg
    schools = next(s for s in document.sections if s.heading == "三、每所学校达标情况")
    rows = summaries.matrix(evaluation)
    assert len(schools.table) == len(rows) + 1 and len(schools.table[0]) == 2 + 7 + 2
    assert [(r[0], r[-2], r[-1]) for r in schools.table[1:]] == [
        (r["name"], str(r["met_count"]), verdict_text(r["pass"])) for r in rows
    ]
    overview = document.sections[0]
    assert overview.paragraphs[0].startswith("示例县共有2个乡镇，2025年参与评估的义务教育学校3所")
    assert "示例县" in document.title and "自评报告" in document.title
    plan = document.sections[-1]
    assert plan.heading.endswith("改进计划")
    assert "junheng plan" in plan.paragraphs[1]
    # the plan's actions are priced and the verdict after it is recomputed by the core
    assert "变为「达标」" in plan.paragraphs[0]
    assert plan.table[0] == ["年度", "学校", "措施", "数量", "费用（万元）"]
    assert len(plan.table) > 1


def test_the_basic_standard_prints_values_and_the_composite_cv(varied):
    document = self_report(county=varied.county, year=YEAR, standard="basic-2012", today=TODAY)
    evaluation = county_evaluation(county=varied.county, year=YEAR, standard="basic-2012")
    level = next(s for s in document.sections if s.heading == "（一）小学")
    composite = evaluation.levels.row(0, named=True)["composite_cv"]
    assert level.table[-1][:3] == ["综合差异系数", "—", cv_text(composite)]
    schools = next(s for s in document.sections if s.heading == "三、每所学校达标情况")
    assert len(schools.table[0]) == 2 + 8  # values only: no met count nor verdict
    assert "基本均衡" in document.title


def test_no_data_that_year_is_no_report(varied):
    assert self_report(county=varied.county, year=2019, standard="quality-2017") is None


def test_rectification_checklist_and_survey_sections(varied):
    problem_at(varied.school, status=Status.CLOSED)
    problem_at(varied.sibling, status=Status.SUBMITTED)
    problem_at(varied.far_school, status=Status.RECTIFYING, deadline=dt.date(2025, 5, 1))
    survey = open_survey(varied)
    respond(varied, survey, "家长", varied.school, [FULL])
    respond(varied, survey, "家长", varied.sibling, [PARTIAL])
    respond(varied, survey, "家长", varied.far_school, [NONE])
    document = self_report(county=varied.county, year=YEAR, standard="basic-2012", today=TODAY)
    by_heading = {s.heading[2:]: s for s in document.sections}
    rectification = by_heading["问题整改"]
    assert "共登记问题3个，已整改销号1个，整改率33%，逾期未完成1个" in rectification.paragraphs[0]
    assert ["已销号", "1"] in rectification.table and ["合计", "3"] in rectification.table
    found = county_satisfaction(county=varied.county, year=YEAR, standard="basic-2012")
    survey_text = "".join(by_heading["社会认可度"].paragraphs)
    assert f"社会认可度为{found.percent:.1f}%" in survey_text
    assert f"计算方法：{found.formula}" in survey_text
    assert "尚未建立" in by_heading["政府保障与教育质量"].paragraphs[0]


# the downloads -----------------------------------------------------------------------------


def test_the_county_admin_downloads_the_word_report_with_the_dashboards_cvs(client, varied):
    client.force_login(varied.county_admin)
    response = client.get(url("docx", varied.county, standard="quality-2017"))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    stem = "示例县义务教育优质均衡发展督导评估自评报告（2025年）"
    assert f"filename*=UTF-8''{quote(stem + '.docx')}" in disposition
    word = docx.Document(io.BytesIO(response.content))
    assert word.paragraphs[0].style.name == "Title"
    assert any(p.style.name == "Heading 2" and p.text == "二、资源配置" for p in word.paragraphs)
    text = docx_text(response.content)
    cvs, verdict = expected_figures(varied.county, "quality-2017")
    assert verdict in text
    for cv in cvs:
        assert cv in text
    assert varied.far_school.name in text and varied.foreign_school.name not in text


def test_the_word_report_under_the_basic_standard(client, varied):
    client.force_login(varied.county_admin)
    response = client.get(url("docx", varied.county, standard="basic-2012"))
    assert response.status_code == 200
    text = docx_text(response.content)
    cvs, verdict = expected_figures(varied.county, "basic-2012")
    assert verdict in text and all(cv in text for cv in cvs)


@needs_pdftotext
def test_the_county_admin_downloads_the_pdf_report_with_the_dashboards_cvs(
    client, varied, tmp_path
):
    client.force_login(varied.county_admin)
    response = client.get(url("pdf", varied.county))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    cvs, verdict = expected_figures(varied.county, "quality-2017")
    assert verdict in text
    for cv in cvs:
        assert cv in text
    assert "每所学校达标情况" in text and "改进计划" in text


def test_the_page_offers_both_formats_and_the_standards(client, varied):
    client.force_login(varied.county_admin)
    response = client.get(url("page", varied.county))
    assert response.status_code == 200
    page = response.content.decode()
    assert url("docx", varied.county) in page and url("pdf", varied.county) in page
    assert 'value="basic-2012"' in page and 'value="quality-2017" selected' in page


# scoping -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["page", "docx", "pdf"])
@pytest.mark.parametrize(
    "role", ["foreign_admin", "principal", "township_officer", "inspector", "other_principal"]
)
def test_nobody_but_the_countys_admins_reaches_the_report(client, varied, name, role):
    client.force_login(getattr(varied, role))
    assert client.get(url(name, varied.county)).status_code == 404


def test_an_admin_cannot_reach_another_countys_report(client, varied):
    client.force_login(varied.county_admin)
    assert client.get(url("docx", varied.other_county)).status_code == 404


def test_a_year_without_data_or_an_unknown_standard_is_a_404(client, varied):
    client.force_login(varied.county_admin)
    assert client.get(url("docx", varied.county, year=2019)).status_code == 404
    assert client.get(url("pdf", varied.county, standard="nope")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, varied):
    response = client.get(url("docx", varied.county))
    assert response.status_code == 302
