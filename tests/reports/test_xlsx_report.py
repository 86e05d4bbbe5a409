"""The xlsx workbook: its sheets and headers, every number equal to the Evaluation's, unmet
values and failing verdicts in red, frozen headers, and long sheets continuing on a new sheet."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import polars as pl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.factory import run, school
from junheng.evaluation import Evaluation
from junheng.evaluation.compliance import gap_column, meets_column
from junheng.evaluation.indicators import value_column
from junheng.evaluation.levels import LEVEL_NAMES
from junheng.reports import xlsx_report
from junheng.reports.labels import indicator_label, resource_name, resource_unit
from junheng.reports.xlsx_report import render_xlsx

MET, UNMET = "达到要求", "未达到要求"  # a school's or the resource part's verdict
CV_MET, CV_UNMET = "未超过规定值", "超过规定值"  # a coefficient of variation against its limit

RED = "FFFFC7CE"
EXACT = 1e-14  # xlsxwriter writes numbers with 16 significant digits


def table(sheet: Worksheet) -> list[dict[str, Any]]:
    """The sheet's rows as {header: value}."""
    rows = sheet.iter_rows(values_only=True)
    headers = next(rows)
    return [dict(zip(headers, row, strict=True)) for row in rows]


def headers(sheet: Worksheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def fill(cell) -> str | None:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


# --- sheets and headers -------------------------------------------------------------------------


def test_a_standard_with_thresholds_gets_the_school_and_gap_sheets(quality_book):
    assert quality_book.sheetnames == [
        "县域汇总",
        "差异系数",
        "学校达标情况",
        "差距汇总",
        "重点学校",
        "未纳入计算",
        "说明",
    ]


def test_a_composite_standard_lists_school_values_without_a_gap_sheet(basic_book):
    assert basic_book.sheetnames == [
        "县域汇总",
        "差异系数",
        "学校指标",
        "重点学校",
        "未纳入计算",
        "说明",
    ]


def test_the_cv_sheet_has_the_standard_and_analysis_columns(quality_book):
    assert headers(quality_book["差异系数"]) == [
        "县代码",
        "县名称",
        "年度",
        "学段",
        "指标",
        "参评学校（学部）数",
        "在校生数",
        "加权均值",
        "差异系数",
        "规定值",
        "结论",
        "未加权差异系数",
        "基尼系数",
        "泰尔指数",
        "泰尔指数·乡镇间",
        "泰尔指数·乡镇内",
        "麦克卢恩指数",
        "最大/最小比",
        "最小值",
        "中位数",
        "最大值",
    ]


def test_the_school_sheet_pairs_each_value_with_its_threshold_and_lists_the_gaps(
    quality_book, quality_demo
):
    found = headers(quality_book["学校达标情况"])
    assert found[:10] == [
        "县代码",
        "县名称",
        "年度",
        "乡镇",
        "学校标识码",
        "学校名称",
        "学校类型",
        "城乡分类",
        "学段",
        "在校生数",
    ]
    expected = []
    for indicator in quality_demo.standard.indicators:
        expected += [indicator_label(indicator), f"{indicator.name}标准"]
    assert found[10:24] == expected
    assert found[24:26] == ["达标项数", "结论"]
    assert found[26:] == [
        "缺高于规定学历教师（人）",
        "缺县级及以上骨干教师（人）",
        "缺体育艺术专任教师（人）",
        "缺教学及辅助用房面积（m²）",
        "缺体育运动场馆面积（m²）",
        "缺教学仪器设备值（万元）",
        "缺网络多媒体教室（间）",
    ]


def test_every_table_sheet_freezes_its_header_row(quality_book):
    for name in quality_book.sheetnames[:-1]:
        assert quality_book[name].freeze_panes is not None, name
        assert quality_book[name].freeze_panes[-1] == "2", name


def test_the_notes_sheet_explains_the_weighted_cv_and_names_the_standard(
    quality_book, quality_demo
):
    text = "\n".join(str(row[0]) for row in quality_book["说明"].iter_rows(values_only=True))
    standard = quality_demo.standard
    assert standard.name in text
    assert standard.document in text
    assert "S = √[ Σ (Pᵢ ÷ P)(xᵢ − x̄)² ]" in text
    assert "至少 6 项达到标准，其余指标不低于标准的 85%" in text


# --- numbers equal the Evaluation -----------------------------------------------------------------


def test_the_county_sheet_carries_each_countys_verdict_and_counts(quality_book, quality_demo):
    rows = table(quality_book["县域汇总"])
    counties = quality_demo.counties.to_dicts()
    assert len(rows) == len(counties)
    for row, county in zip(rows, counties, strict=True):
        assert row["县代码"] == county["county_code"]
        assert row["年度"] == county["year"]
        assert row["资源配置结论"] == (MET if county["pass"] else UNMET)
        assert row["参评学校（学部）数"] == county["units"]
        assert row["在校生数"] == county["students"]
        assert row["未达到要求的学校（学部）数"] == county["failing_units"]


def test_the_cv_sheet_equals_the_indicator_frame(quality_book, quality_demo):
    rows = table(quality_book["差异系数"])
    indicators = quality_demo.indicators.to_dicts()
    assert len(rows) == len(indicators)
    labels = {i.key: indicator_label(i) for i in quality_demo.standard.indicators}
    for row, expected in zip(rows, indicators, strict=True):
        assert row["指标"] == labels[expected["indicator"]]
        assert row["学段"] == LEVEL_NAMES[expected["level"]]
        assert row["差异系数"] == pytest.approx(expected["cv"], rel=EXACT)
        assert row["加权均值"] == pytest.approx(expected["mean"], rel=EXACT)
        assert row["规定值"] == expected["cv_max"]
        assert row["结论"] == (CV_MET if expected["cv_pass"] else CV_UNMET)
        assert row["基尼系数"] == pytest.approx(expected["gini"], rel=EXACT)
        assert row["泰尔指数·乡镇间"] == pytest.approx(expected["theil_between"], abs=EXACT)


def test_a_cv_over_its_limit_is_marked_in_red(quality_book, quality_demo):
    sheet = quality_book["差异系数"]
    over = quality_demo.indicators.with_row_index().filter(~pl.col("cv_pass"))
    assert over.height > 0, "the demo data should have a CV over its limit"
    for index in over.get_column("index").to_list():
        assert sheet.cell(row=index + 2, column=11).value == CV_UNMET
        assert fill(sheet.cell(row=index + 2, column=11)) == RED


def test_the_composite_cv_follows_each_levels_indicators(basic_book, basic_demo):
    rows = table(basic_book["差异系数"])
    composite = [row for row in rows if row["指标"] == xlsx_report.COMPOSITE_LABEL]
    levels = basic_demo.levels.to_dicts()
    assert len(composite) == len(levels)
    for row, level in zip(composite, levels, strict=True):
        assert row["学段"] == LEVEL_NAMES[level["level"]]
        assert row["差异系数"] == pytest.approx(level["composite_cv"], rel=EXACT)
        assert row["规定值"] == level["composite_cv_max"]
        assert row["结论"] == (CV_MET if level["cv_pass"] else CV_UNMET)
    per_indicator = [row for row in rows if row["指标"] != xlsx_report.COMPOSITE_LABEL]
    assert all(row["规定值"] is None and row["结论"] is None for row in per_indicator)
    assert len(rows) == basic_demo.indicators.height + basic_demo.levels.height


def test_the_school_sheet_equals_the_unit_frame(quality_book, quality_demo):
    rows = table(quality_book["学校达标情况"])
    units = quality_demo.units.to_dicts()
    assert len(rows) == len(units)
    for row, unit in zip(rows, units, strict=True):
        assert row["学校标识码"] == unit["unit_code"]
        assert row["学校名称"] == unit["school_name"]
        assert row["在校生数"] == unit["students"]
        assert row["达标项数"] == unit["met_count"]
        assert row["结论"] == (MET if unit["pass"] else UNMET)
        for indicator in quality_demo.standard.indicators:
            assert row[indicator_label(indicator)] == pytest.approx(
                unit[value_column(indicator)], rel=EXACT
            )
            assert row[f"{indicator.name}标准"] == indicator.threshold[unit["level"]]
            gap = unit[gap_column(indicator)]
            header = f"缺{resource_name(indicator.resource)}（{resource_unit(indicator)}）"
            assert row[header] == (None if gap is None else pytest.approx(gap, rel=EXACT))


def test_unmet_values_and_failing_verdicts_have_a_red_fill(quality_book, quality_demo):
    sheet = quality_book["学校达标情况"]
    names = headers(sheet)
    verdict_column = names.index("结论") + 1
    unmet_seen = 0
    for index, unit in enumerate(quality_demo.units.iter_rows(named=True), start=2):
        for indicator in quality_demo.standard.indicators:
            cell = sheet.cell(row=index, column=names.index(indicator_label(indicator)) + 1)
            if unit[meets_column(indicator)]:
                assert fill(cell) is None
            else:
                unmet_seen += 1
                assert fill(cell) == RED
        verdict = sheet.cell(row=index, column=verdict_column)
        assert (fill(verdict) == RED) is (not unit["pass"])
    assert unmet_seen > 0


def test_the_gap_sheet_sums_each_levels_gaps(quality_book, quality_demo):
    rows = table(quality_book["差距汇总"])
    units = quality_demo.units
    assert len(rows) == quality_demo.levels.height
    for row in rows:
        level = next(k for k, v in LEVEL_NAMES.items() if v == row["学段"])
        mine = units.filter((pl.col("county_code") == row["县代码"]) & (pl.col("level") == level))
        assert row["参评学校（学部）数"] == mine.height
        assert row["未达到要求的学校（学部）数"] == mine.filter(~pl.col("pass")).height
        area = mine.get_column(
            gap_column(quality_demo.standard.indicator("sports_area_per_student"))
        )
        assert row["需补体育运动场馆面积（m²）"] == pytest.approx(area.sum(), rel=EXACT)
        assert row["体育运动场馆面积不足的学校数"] == area.count()


def test_the_contributor_sheet_ranks_each_indicators_top_units(quality_book, quality_demo):
    rows = table(quality_book["重点学校"])
    contributors = quality_demo.contributors.to_dicts()
    assert len(rows) == len(contributors)
    first = rows[0]
    assert first["位次"] == 1
    assert first["学校标识码"] == contributors[0]["unit_code"]
    assert first["方差贡献占比"] == pytest.approx(contributors[0]["variance_share"], rel=EXACT)


def test_excluded_schools_are_listed_with_the_chinese_reason(quality_book, quality_demo):
    rows = table(quality_book["未纳入计算"])
    excluded = quality_demo.excluded.to_dicts()
    assert len(rows) == len(excluded) > 0
    for row, school_row in zip(rows, excluded, strict=True):
        assert row["学校标识码"] == school_row["school_code"]
        assert row["未纳入原因"] == school_row["excluded_reason"].split(" / ")[0]
        assert " / " not in row["未纳入原因"]


# --- edge cases ---------------------------------------------------------------------------------


def test_a_sheet_longer_than_excel_allows_continues_on_a_new_sheet(monkeypatch, quality_demo):
    monkeypatch.setattr(xlsx_report, "MAX_DATA_ROWS", 25)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(quality_demo)))
    parts = [name for name in book.sheetnames if name.startswith("学校达标情况")]
    expected = -(-quality_demo.units.height // 25)
    assert parts == ["学校达标情况"] + [f"学校达标情况（续{n}）" for n in range(1, expected)]
    codes = [row["学校标识码"] for name in parts for row in table(book[name])]
    assert codes == quality_demo.units.get_column("unit_code").to_list()


def test_text_that_looks_like_a_formula_stays_text():
    evaluation = run([school(1, school_name='=HYPERLINK("x")'), school(2)], "quality-2017")
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(evaluation)))
    names = [row["学校名称"] for row in table(book["学校达标情况"])]
    assert names == ['=HYPERLINK("x")', "第2学校"]
    assert book["学校达标情况"]["F2"].data_type == "s"


def test_a_scoped_evaluation_without_some_units_still_renders(quality_demo):
    first = quality_demo.units.get_column("unit_code").first()
    scoped = Evaluation(
        standard=quality_demo.standard,
        units=quality_demo.units.filter(pl.col("unit_code") == first),
        indicators=quality_demo.indicators,
        levels=quality_demo.levels,
        counties=quality_demo.counties,
        excluded=quality_demo.excluded.head(0),
        contributors=quality_demo.contributors.head(0),
    )
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(scoped)))
    assert [row["学校标识码"] for row in table(book["学校达标情况"])] == [first]


# --- what the verdict covers, in a bureau's words ---------------------------------------------

OLD_WORDS = ("校际达标", "评估单位", "学生当量", "超标", "超限", "上限", "校均班额")
KEYS = ("quality-2017", "basic-2012", "_per_100", "per_student", "built-in")


def every_text(book: openpyxl.Workbook) -> list[str]:
    return [
        value
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    ]


@pytest.mark.parametrize("name", ["quality_book", "basic_book"])
def test_no_old_word_or_internal_key_is_in_the_workbook(name, request):
    texts = every_text(request.getfixturevalue(name))
    for word in (*OLD_WORDS, *KEYS):
        assert not [text for text in texts if word in text], word
    # 达标 only in a school's count of indicators met and the sheet that lists it
    assert {text for text in texts if "达标" in text.replace("达标项", "")} <= {
        text for text in texts if "学校达标情况：" in text
    }


def test_the_county_sheet_names_the_part_its_verdict_covers(basic_book, basic_demo):
    rows = table(basic_book["县域汇总"])
    for row, county in zip(rows, basic_demo.counties.to_dicts(), strict=True):
        assert row["校际均衡状况结论"] == (MET if county["pass"] else UNMET)
        assert row["差异系数结论"] == (CV_MET if county["cv_pass"] else CV_UNMET)
    notes = "\n".join(str(row[0]) for row in basic_book["说明"].iter_rows(values_only=True))
    assert "本结论只针对校际均衡状况" in notes
    assert "县级人民政府推进义务教育均衡发展工作、公众满意度等其他方面不在本数据范围内" in notes
    assert "师生比 = 每百名学生拥有专任教师数(师生比) × 0.01" in notes


def test_basic_2012_shows_teacher_ratios_per_student(basic_book, basic_demo):
    rows = [row for row in table(basic_book["差异系数"]) if row["指标"] == "师生比"]
    expected = basic_demo.indicators.filter(pl.col("indicator") == "teachers_per_100_students")
    assert len(rows) == expected.height
    for row, indicator in zip(rows, expected.iter_rows(named=True), strict=True):
        assert row["加权均值"] == pytest.approx(indicator["mean"] / 100, rel=1e-12)
        assert row["最大值"] == pytest.approx(indicator["max"] / 100, rel=1e-12)
        assert row["差异系数"] == pytest.approx(indicator["cv"], rel=EXACT)  # not scaled
    senior = value_column(basic_demo.standard.indicator("senior_title_teachers_per_100_students"))
    computers = value_column(basic_demo.standard.indicator("computers_per_100_students"))
    schools = table(basic_book["学校指标"])
    for row, unit in zip(schools, basic_demo.units.iter_rows(named=True), strict=True):
        assert row["生均中级及以上专业技术职务教师数（人）"] == pytest.approx(
            unit[senior] / 100, rel=1e-12
        )
        assert row["每百名学生拥有计算机台数（台）"] == pytest.approx(unit[computers], rel=EXACT)
    cell = basic_book["差异系数"].cell(row=7, column=8)  # the first 师生比 mean
    assert cell.number_format == "#,##0.000"


def test_a_provinces_thresholds_are_shown_on_the_scale_of_their_values(province_demo):
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(province_demo)))
    rows = table(book["学校达标情况"])
    assert rows and all(row["师生比标准"] == pytest.approx(0.04) for row in rows)
    assert headers(book["县域汇总"])[3] == "入口条件（学校达到省定办学基本标准）、校际均衡状况结论"
