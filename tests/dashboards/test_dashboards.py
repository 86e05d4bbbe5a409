"""The evaluation dashboards: the CLI's numbers, and only what each user may see."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from factories import make_school_year
from junheng.assessment.evaluation import county_evaluation
from junheng.cli import main as cli_main
from junheng.collection.models import SchoolYear
from junheng.collection.template_rows import records_rows, rows_frame
from junheng.reports.contract import evaluation_to_dict
from junheng.template_writer import template_xlsx_bytes


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def varied(world):
    """Give the county's schools different figures so that the CVs are not zero."""
    changes = {
        world.school: {"primary_students": 900, "teaching_room_area": 3100.0, "books": 9000},
        world.sibling: {"primary_students": 260, "sports_area": 1500.0, "equipment_value": 40.5},
        world.far_school: {
            "primary_students": 75,
            "primary_teachers": 7,
            "primary_qualified_teachers": 7,
            "primary_senior_title_teachers": 3,
            "primary_backbone_teachers": 0,
            "primary_pe_art_teachers": 1,
            "multimedia_classrooms": 1,
            "primary_classes": 6,
        },
    }
    for school, figures in changes.items():
        SchoolYear.objects.filter(school=school, year=2025).update(**figures)
    make_school_year(world.school, 2024, primary_students=850)
    return world


def test_the_dashboard_computes_the_same_numbers_as_the_cli_on_the_exported_template(
    varied, tmp_path, capsys
):
    county = varied.county
    records = SchoolYear.objects.filter(school__county=county, year=2025).select_related(
        "school", "school__county"
    )
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(template_xlsx_bytes(rows_frame(records_rows(records))))
    assert cli_main(["evaluate", str(exported), "--standard", "quality-2017"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    from_web = evaluation_to_dict(
        county_evaluation(county=county, year=2025, standard="quality-2017")
    )
    assert from_web == from_cli
    level = from_web["counties"][0]["levels"]["primary"]
    assert level["schools"] == 3
    assert level["indicators"]["teaching_room_area_per_student"]["cv"] > 0


def test_the_county_admin_sees_the_verdict_cvs_and_every_school(client, varied):
    login(client, varied.county_admin)
    response = client.get("/county/610101/2025/")
    assert response.status_code == 200
    page = response.content.decode()
    for school in (varied.school, varied.sibling, varied.far_school):
        assert school.name in page
    assert varied.foreign_school.name not in page
    assert "差异系数" in page
    evaluation = county_evaluation(county=varied.county, year=2025, standard="quality-2017")
    cv = evaluation.indicators.filter(indicator="teaching_room_area_per_student", level="primary")[
        "cv"
    ][0]
    assert f"{cv:.3f}" in page


def test_the_township_officer_sees_the_county_cvs_but_only_the_townships_schools(client, varied):
    login(client, varied.township_officer)
    page = client.get("/county/610101/2025/").content.decode()
    assert varied.school.name in page and varied.sibling.name in page
    assert varied.far_school.name not in page


def test_the_inspector_sees_only_the_assigned_schools(client, varied):
    login(client, varied.inspector)
    page = client.get("/county/610101/2025/").content.decode()
    assert varied.sibling.name in page and varied.far_school.name in page
    assert varied.school.name not in page


def test_a_principal_sees_the_school_view_and_not_the_county_matrix(client, varied):
    login(client, varied.principal)
    assert client.get("/").context["destination"] == "/county/610101/2025/school/6101010001/"
    response = client.get("/county/610101/2025/school/6101010001/")
    assert response.status_code == 200
    assert "生均教学及辅助用房面积" in response.content.decode()
    assert client.get("/county/610101/2025/").status_code == 404
    assert client.get("/county/610101/2025/school/6101010002/").status_code == 404
    assert client.get("/county/610101/2025/report.xlsx").status_code == 404


def test_the_school_view_states_the_gaps_in_the_templates_units(client, varied):
    login(client, varied.county_admin)
    page = client.get("/county/610101/2025/school/6101010003/").content.decode()
    # 75 students, 1 multimedia room: 2.3 per 100 needs 1.725 → 1 more room
    assert "缺 1 间" in page


def test_another_countys_admin_gets_404_everywhere(client, varied):
    login(client, varied.foreign_admin)
    for url in (
        "/county/610101/2025/",
        "/county/610101/2025/school/6101010001/",
        "/county/610101/2025/report.xlsx",
        "/county/610101/2025/report.html",
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_users_are_sent_to_the_login_page(client, varied):
    response = client.get("/county/610101/2025/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_unknown_standard_is_404(client, varied):
    login(client, varied.county_admin)
    assert client.get("/county/610101/2025/?standard=made-up").status_code == 404


def test_the_downloaded_workbook_holds_only_the_schools_the_user_may_see(client, varied):
    login(client, varied.township_officer)
    response = client.get("/county/610101/2025/report.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    text = "\n".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    assert varied.school.name in text
    assert varied.far_school.name not in text


def test_the_html_report_downloads_as_an_attachment(client, varied):
    login(client, varied.county_admin)
    response = client.get("/county/610101/2025/report.html?standard=basic-2012")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "示例县" in response.content.decode()


def test_the_dashboard_compares_with_the_previous_year(client, varied):
    make_school_year(varied.sibling, 2024)
    make_school_year(varied.far_school, 2024)
    login(client, varied.county_admin)
    page = client.get("/county/610101/2025/").content.decode()
    assert "上年差异系数" in page


def test_the_schools_to_improve_first_are_below_the_county_mean(client, varied):
    client.force_login(varied.county_admin)
    response = client.get("/county/610101/2025/")
    rows = response.context["contributors"]
    assert rows, "the varied county has schools below the mean"
    assert all(row["x"] < row["mean"] for row in rows)


@pytest.mark.parametrize("persona", ["county_admin", "township_officer", "inspector"])
def test_the_home_page_leads_those_who_see_the_evaluation_to_the_county(client, varied, persona):
    login(client, getattr(varied, persona))
    home = client.get("/")  # the user's to-dos, with the way to the county's evaluation
    assert home.status_code == 200 and home.context["destination"] == "/county/610101/2025/"
    assert 'href="/county/610101/2025/"' in home.content.decode()


def test_the_home_page_without_data_says_so(client, world):
    SchoolYear.objects.all().delete()
    login(client, world.county_admin)
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "dashboards/empty.html"


WHAT_IF_LINK = "/county/610101/2025/what-if/6101010002/"


@pytest.mark.parametrize("persona", ["county_admin", "township_officer", "inspector"])
def test_the_what_if_link_is_offered_to_those_who_see_the_county_s_evaluation(
    client, varied, persona
):
    login(client, getattr(varied, persona))
    page = client.get("/county/610101/2025/school/6101010002/").content.decode()
    assert WHAT_IF_LINK in page


def test_a_principal_is_not_offered_the_what_if(client, varied):
    login(client, varied.principal)
    page = client.get("/county/610101/2025/school/6101010001/").content.decode()
    assert "/what-if/" not in page


def test_the_inspection_countdown_shows_for_a_user_whose_county_is_known_by_the_school(
    client, world
):
    import datetime as dt

    from django.utils import timezone

    world.county.inspection_date = timezone.localdate() + dt.timedelta(days=30)
    world.county.save()
    principal = world.principal
    principal.county = None  # a principal's role needs only the school
    principal.save()
    login(client, principal)

    assert "迎检倒计时 30 天" in client.get("/registry/").content.decode()


@pytest.mark.parametrize(
    ("standard", "names"),
    [
        ("quality-2017", ["申报条件", "资源配置", "政府保障程度", "教育质量", "社会认可度"]),
        ("basic-2012", ["校际均衡状况", "县级人民政府推进义务教育均衡发展工作", "公众满意度"]),
    ],
)
def test_the_headline_is_the_verdict_of_every_part_never_one_part_as_the_countys(
    client, varied, standard, names
):
    login(client, varied.county_admin)
    page = client.get(f"/county/610101/2025/?standard={standard}").content.decode()
    for name in names:
        assert name in page
    assert "尚未评估" in page  # no checklist, survey or recognition facts entered
    assert "认定要求" in page and "各方面均达到要求" not in page
    assert ">达标<" not in page and ">未达标<" not in page
