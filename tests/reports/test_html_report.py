"""The html report: one self-contained page (no network reference at all, ECharts inline),
the county's verdict and CVs, the matrix colours, escaped data, and a short page for many
counties."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evaluation.factory import run, school
from junheng import demo_data
from junheng.evaluation import Evaluation, evaluate_files
from junheng.reports import html_report
from junheng.reports.html_report import render_html

SCRIPT_NAME = "<script>alert(1)</script>"
AMPERSAND_NAME = 'A&B "实验" <二>小学'

# An attribute or CSS reference that would make the browser fetch something.
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data|srcset)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import)""",
    re.IGNORECASE,
)


def page_of(evaluation: Evaluation) -> str:
    return render_html(evaluation).decode("utf-8")


def outside_scripts(page: str) -> str:
    """The page without the bodies of its script elements (ECharts is minified JS)."""
    return re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", page, flags=re.DOTALL)


def chart_data(page: str) -> list[dict]:
    found = re.search(
        r'<script type="application/json" id="junheng-charts">(.*?)</script>', page, re.DOTALL
    )
    assert found is not None
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def quality_page(quality_demo: Evaluation) -> str:
    return page_of(quality_demo)


@pytest.fixture(scope="module")
def basic_page(basic_demo: Evaluation) -> str:
    return page_of(basic_demo)


@pytest.fixture(scope="module")
def province_page(province_demo: Evaluation) -> str:
    return page_of(province_demo)


@pytest.fixture(scope="module")
def tricky() -> Evaluation:
    """One county whose school names need escaping; school 3 is short of multimedia rooms
    within 85 % of the threshold, school 4 below it."""
    return run(
        [
            school(1, school_name=SCRIPT_NAME, multimedia_classrooms=10),
            school(2, school_name=AMPERSAND_NAME),
            school(3, multimedia_classrooms=20),  # 2.0 per 100: 87 % of 2.3
            school(4, multimedia_classrooms=10),  # 1.0 per 100: 43 %
        ],
        "quality-2017",
    )


# --- self-contained -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["quality_page", "basic_page"])
def test_the_page_references_nothing_outside_itself(name, request):
    markup = outside_scripts(request.getfixturevalue(name))
    assert EXTERNAL.search(markup) is None
    assert re.search(r"<(?:link|img|iframe|object|embed|base)\b", markup) is None
    assert "http://" not in markup
    assert "https://" not in markup


def test_a_content_security_policy_forbids_every_request(quality_page):
    head = quality_page.split("</head>")[0]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', head)
    assert policy is not None
    assert "default-src 'none'" in policy.group(1)
    assert "connect-src 'none'" in policy.group(1)
    # it comes before any script
    assert head.index("Content-Security-Policy") < quality_page.index("<script")


def test_echarts_is_embedded_from_the_package(quality_page):
    source = html_report.echarts_source()
    assert len(source) > 500_000
    assert source[:2000] in quality_page
    assert "echarts.init" in quality_page


def test_fonts_are_the_systems_cjk_fonts(quality_page):
    assert "@font-face" not in quality_page
    assert '"Microsoft YaHei"' in quality_page
    assert '"Noto Sans CJK SC"' in quality_page


# --- content --------------------------------------------------------------------------------


def test_each_county_gets_its_name_verdict_and_cvs(quality_page, quality_demo):
    for county in quality_demo.counties.iter_rows(named=True):
        assert county["county_name"] in quality_page
        assert f'id="county-{county["county_code"]}-{county["year"]}"' in quality_page
    for row in quality_demo.indicators.iter_rows(named=True):
        assert f"{row['cv']:.3f}" in quality_page
    assert "资源配置未达到要求" in quality_page


def test_a_cv_over_its_limit_is_named_in_the_banner(quality_page, quality_demo):
    over = quality_demo.indicators.filter(~quality_demo.indicators.get_column("cv_pass"))
    assert over.height > 0, "the demo data should have a CV over its limit"
    for row in over.iter_rows(named=True):
        name = quality_demo.standard.indicator(row["indicator"]).name
        assert f"{name} {row['cv']:.3f}" in quality_page


def test_each_level_has_a_chart_of_its_cvs_against_the_limit(quality_page, quality_demo):
    charts = chart_data(quality_page)
    assert len(charts) == quality_demo.levels.height
    for chart, level in zip(charts, quality_demo.levels.iter_rows(named=True), strict=True):
        assert f'id="{chart["id"]}"' in quality_page
        assert chart["limit"] == quality_demo.standard.cv_max[level["level"]]
        cvs = quality_demo.indicators.filter(
            (quality_demo.indicators.get_column("county_code") == level["county_code"])
            & (quality_demo.indicators.get_column("level") == level["level"])
        ).get_column("cv")
        assert chart["values"] == cvs.to_list()


def test_a_composite_standard_charts_and_tables_the_composite_cv(basic_page, basic_demo):
    charts = chart_data(basic_page)
    for chart, level in zip(charts, basic_demo.levels.iter_rows(named=True), strict=True):
        assert chart["names"][-1] == "综合差异系数"
        assert chart["values"][-1] == level["composite_cv"]
        assert chart["limit"] == level["composite_cv_max"]
        assert f"{level['composite_cv']:.3f}" in basic_page
    assert "综合差异系数（各指标平均）" in basic_page
    assert "未达到要求，及其差距" not in basic_page


def test_the_matrix_colours_met_near_and_below(tricky):
    page = page_of(tricky)
    matrix = page.split('class="grid matrix"')[1].split("</table>")[0]
    rows = {
        number: next(r for r in matrix.split("<tr>") if f"第{number}学校" in r) for number in (3, 4)
    }
    assert '<td class="n m-near">2.00</td>' in rows[3]
    assert '<td class="n m-bad">1.00</td>' in rows[4]
    assert "m-ok" in rows[3]


def test_failing_schools_are_listed_with_their_gaps(tricky):
    page = page_of(tricky)
    failing = page.split("所学校（学部）资源配置未达到要求，及其差距")[1]
    assert "第4学校" in failing
    # 2.3 per 100 × 1,000 students = 23 rooms; the school has 10
    assert "网络多媒体教室 13 间" in failing
    assert "第3学校" not in failing  # 6 of 7 met and the seventh at 87 %: it passes


def test_school_names_are_escaped_everywhere(tricky):
    page = page_of(tricky)
    assert SCRIPT_NAME not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert AMPERSAND_NAME not in page
    assert "A&amp;B &quot;实验&quot; &lt;二&gt;小学" in page
    # the only scripts are ours: ECharts, the chart data and the chart code
    assert len(re.findall(r"<script\b", page)) == 3


def test_the_chart_data_cannot_close_its_script(tricky):
    page = page_of(tricky)
    data = re.search(r'id="junheng-charts">(.*?)</script>', page, re.DOTALL)
    assert data is not None
    assert "<" not in data.group(1)


def test_excluded_schools_are_listed(quality_page, quality_demo):
    assert "未纳入计算的学校" in quality_page
    for row in quality_demo.excluded.head(3).iter_rows(named=True):
        assert row["school_name"] in quality_page
    assert "不参与计算 / " not in quality_page  # the Chinese half of the reason only


# --- many counties --------------------------------------------------------------------------


def test_many_counties_get_a_summary_and_detail_for_the_first_few(tmp_path: Path):
    path = tmp_path / "many.parquet"
    count = html_report.DETAIL_ALL + 1
    demo_data.write(demo_data.generate(counties=count, seed=5, schools_per_county=10), path)
    evaluation = evaluate_files([path], "quality-2017")
    page = page_of(evaluation)

    overview = page.split('<section class="overview">')[1].split("</section>")[0]
    for county in evaluation.counties.iter_rows(named=True):
        assert county["county_name"] in overview
    assert len(re.findall(r'<section class="county"', page)) == html_report.DETAIL_SHOWN
    first = evaluation.counties.row(0, named=True)
    assert f'href="#county-{first["county_code"]}-{first["year"]}"' in overview
    assert f"共 {count} 个县·年度" in page


# --- what the verdict covers, in a bureau's words -------------------------------------------

# Words and keys no reader should meet: the county is never 「达标」 (a school's count of
# indicators met, 达标项, is the one use of the word), and no internal key.
OLD_WORDS = ("校际达标", "评估单位", "学生当量", "超标", "超限", "上限", "校均班额")
KEYS = ("quality-2017", "basic-2012", "_per_100", "per_student", "resource_allocation")


def readable(page: str) -> str:
    """What a reader sees: the page without scripts and tags."""
    return re.sub(r"<[^>]+>", " ", outside_scripts(page))


def banners(page: str) -> list[str]:
    return re.findall(r'<div class="verdict">(.*?)</div>', page)


@pytest.mark.parametrize("name", ["quality_page", "basic_page", "province_page"])
def test_no_old_word_or_internal_key_reaches_the_reader(name, request):
    page = request.getfixturevalue(name)
    text = readable(page)
    for word in (*OLD_WORDS, *KEYS):
        assert word not in text, word
    assert "达标" not in text.replace("达标项", "")
    for chart in chart_data(page):
        assert not any("_" in label for label in chart["names"])


def test_the_banner_names_the_resource_part_never_the_countys_recognition(
    quality_page, quality_demo, basic_page, basic_demo
):
    expected = [
        "资源配置达到要求" if p else "资源配置未达到要求" for p in quality_demo.counties["pass"]
    ]
    assert banners(quality_page) == expected
    expected = [
        "校际均衡状况达到要求" if p else "校际均衡状况未达到要求"
        for p in basic_demo.counties["pass"]
    ]
    assert banners(basic_page) == expected


def test_the_page_names_the_parts_its_data_do_not_judge(quality_page, basic_page):
    assert (
        "本结论只针对资源配置，由学校数据计算。申报条件、政府保障程度、教育质量、社会认可度、"
        "一票否决事项等其他方面不在本数据范围内" in quality_page
    )
    assert (
        "本结论只针对校际均衡状况，由学校数据计算。入口条件（学校达到省定办学基本标准）、"
        "县级人民政府推进义务教育均衡发展工作、公众满意度等其他方面" in basic_page
    )


def test_with_a_provinces_thresholds_the_banner_names_the_entry_condition(
    province_page, province_demo
):
    for banner, row in zip(
        banners(province_page), province_demo.counties.iter_rows(named=True), strict=True
    ):
        entry = "达到要求" if row["schools_pass"] else "未达到要求"
        balance = "达到要求" if row["cv_pass"] else "未达到要求"
        assert banner == f"入口条件（学校达到省定办学基本标准）{entry}，校际均衡状况{balance}"
    assert "本结论只针对入口条件（学校达到省定办学基本标准）、校际均衡状况" in province_page


def test_basic_2012_shows_teacher_ratios_per_student_as_the_official_table(basic_page, basic_demo):
    table = basic_page.split('class="grid indicators"')[1].split("</table>")[0]
    first = basic_demo.indicators.row(0, named=True)
    rows = basic_demo.indicators.filter(
        (basic_demo.indicators["county_code"] == first["county_code"])
        & (basic_demo.indicators["year"] == first["year"])
        & (basic_demo.indicators["level"] == first["level"])
    )
    means = dict(zip(rows["indicator"], rows["mean"], strict=True))
    cvs = dict(zip(rows["indicator"], rows["cv"], strict=True))
    assert f'<td>师生比</td><td class="n">{means["teachers_per_100_students"] / 100:.3f}</td>' in (
        table
    )
    assert (
        f"<td>生均高于规定学历教师数（人）</td>"
        f'<td class="n">{means["qualified_teachers_per_100_students"] / 100:.3f}</td>'
        f'<td class="n">{cvs["qualified_teachers_per_100_students"]:.3f}</td>'
    ) in table
    # computers stay per 100 students, as the official table prints them
    assert "<td>每百名学生拥有计算机台数（台）</td>" in table
    assert "每百名学生拥有专任教师数" not in table
