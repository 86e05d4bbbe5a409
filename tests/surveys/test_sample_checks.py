"""The sample plan's whole rule on the progress page, each check 达到 / 未达到 / 无法判断 with
its numbers: the other groups about equal, the grades about equal where the grade is asked,
城区/镇区/乡村 in proportion to the covered schools' students; and every survey labelled the
county's own (本县自测) on its pages and in its workbook."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from junheng.collection.models import SchoolYear
from junheng.surveys import selectors, services
from junheng.surveys.choices import QuestionKind
from junheng.surveys.models import Question
from junheng.surveys.selectors.sample_checks import grade_question
from surveys.helpers import FULL, answers_for, group, issue, open_survey, respond


def checks_of(world, survey) -> dict[str, selectors.Check]:
    progress = selectors.progress(user=world.county_admin, survey=survey)
    return {check.label: check for check in progress.checks}


def students(world, a1: int, a2: int, a3: int) -> None:
    """The covered schools' students: A1 and A2 are 城区, A3 乡村 (tests/personas.py)."""
    for school, n in ((world.school, a1), (world.sibling, a2), (world.far_school, a3)):
        SchoolYear.objects.filter(school=school).update(primary_students=n, junior_students=0)


def respond_times(world, survey, group_name, school, times):
    for _ in range(times):
        respond(world, survey, group_name, school, [FULL])


def respond_in_grade(world, survey, school, grade: int, group_name: str = "学生"):
    question = grade_question(group(survey, group_name))
    (token,) = issue(world, survey, group_name, school)
    services.response_submit_token(
        token=token, answers=answers_for(survey, group_name, [FULL], extra={question.pk: grade})
    )


# --- the other groups about equal -----------------------------------------------------------------


def test_the_other_groups_are_about_equal_within_half_their_mean(world):
    survey = open_survey(world)  # basic-2012: 家长, 教师, 人大代表, 政协委员, 社会人士
    respond_times(world, survey, "教师", world.school, 4)
    for name in ("人大代表", "政协委员", "社会人士"):
        respond_times(world, survey, name, None, 3)
    check = checks_of(world, survey)["其他对象大体相当"]
    # 13 over 4 groups: mean 3.25, allowed 1.6 to 4.9
    assert check.ok is True and str(check.verdict) == "达到"
    assert "教师 4 份、人大代表 3 份、政协委员 3 份、社会人士 3 份" in check.detail
    assert "平均 3.2 份，允许 1.6–4.9 份（平均数的 ±50%）" in check.detail


def test_a_group_far_from_the_others_fails_and_is_named(world):
    survey = open_survey(world)
    respond_times(world, survey, "教师", world.school, 6)
    respond_times(world, survey, "人大代表", None, 1)
    check = checks_of(world, survey)["其他对象大体相当"]
    assert check.ok is False and str(check.verdict) == "未达到"
    assert "教师 6 份（偏离）" in check.detail and "政协委员 0 份（偏离）" in check.detail


def test_without_answers_of_the_other_groups_it_cannot_be_judged(world):
    survey = open_survey(world)
    respond_times(world, survey, "家长", world.school, 2)
    check = checks_of(world, survey)["其他对象大体相当"]
    assert check.ok is None and str(check.verdict) == "无法判断"
    assert "尚无答卷" in check.detail


# --- the grades about equal ---------------------------------------------------------------------


def test_the_students_grades_are_read_from_their_grade_question(world):
    survey = open_survey(world, blueprint="quality-2017")
    # 学生卷 asks 三年级 … 九年级: 7 grades, two students each but one grade with one
    for grade in range(7):
        respond_in_grade(world, survey, world.school, grade)
        if grade:
            respond_in_grade(world, survey, world.sibling, grade)
    check = checks_of(world, survey)["年级分布（学生）"]
    # 13 over 7: mean 1.9, allowed 0.9 to 2.8
    assert check.ok is True
    assert check.detail.startswith("三年级 1 人、四年级 2 人") and "九年级 2 人" in check.detail


def test_a_grade_left_out_fails_the_students_grades(world):
    survey = open_survey(world, blueprint="quality-2017")
    for grade in (0, 1, 2, 3):  # primary grades only, the junior ones not surveyed
        respond_in_grade(world, survey, world.school, grade)
    check = checks_of(world, survey)["年级分布（学生）"]
    assert check.ok is False and "七年级 0 人（偏离）" in check.detail


def test_a_questionnaire_without_a_grade_question_cannot_be_checked_never_passes(world):
    survey = open_survey(world, blueprint="quality-2017")
    respond_times(world, survey, "家长", world.school, 3)
    checks = checks_of(world, survey)
    parents = checks["年级分布（家长）"]
    assert parents.ok is None
    assert parents.detail == "家长所答的「社会卷」没有年级题，无法检查年级是否大体相当"
    assert checks["年级分布（学生）"].ok is None  # no student has answered yet
    basic = open_survey(world)  # basic-2012: parents only, no grade question
    assert checks_of(world, basic)["年级分布（家长）"].ok is None
    assert "年级分布（学生）" not in checks_of(world, basic)  # no students surveyed


def test_the_bureau_can_ask_the_parents_grade_and_then_it_is_checked(world):
    survey = services.survey_create(
        actor=world.county_admin, county=world.county, blueprint="basic-2012", year=2025
    )
    Question.objects.create(  # as the design page would add it
        questionnaire=group(survey, "家长").questionnaire,
        order=99,
        kind=QuestionKind.SINGLE,
        text="您的孩子在几年级？",
        options=["一年级", "二年级"],
    )
    services.survey_set_schools(actor=world.county_admin, survey=survey, schools=[world.school])
    services.survey_open(actor=world.county_admin, survey=survey)
    for grade in (0, 1, 1):
        respond_in_grade(world, survey, world.school, grade, group_name="家长")
    check = checks_of(world, survey)["年级分布（家长）"]
    assert check.ok is True and "一年级 1 人、二年级 2 人" in check.detail


# --- 城区 / 镇区 / 乡村 in proportion ---------------------------------------------------------


def test_respondents_follow_the_students_of_the_schools_locations(world):
    survey = open_survey(world)
    students(world, 600, 300, 300)  # 城区 900 (75 %), 乡村 300 (25 %)
    respond_times(world, survey, "家长", world.school, 5)
    respond_times(world, survey, "家长", world.sibling, 4)
    respond_times(world, survey, "家长", world.far_school, 3)
    respond_times(world, survey, "人大代表", None, 2)
    check = checks_of(world, survey)["城乡分布"]
    assert check.ok is True and str(check.verdict) == "达到"
    assert "城区（学生占 75.0%） 9 份，应有 9.0（7.2–10.8）" in check.detail
    assert "乡村（学生占 25.0%） 3 份，应有 3.0（2.4–3.6）" in check.detail
    assert "全县性调查对象 2 份不计入" in check.detail
    assert "镇区" not in check.detail  # no school and no respondent there


def test_an_under_represented_location_fails(world):
    survey = open_survey(world)
    students(world, 600, 300, 300)
    respond_times(world, survey, "家长", world.school, 11)
    respond_times(world, survey, "家长", world.far_school, 1)
    check = checks_of(world, survey)["城乡分布"]
    assert check.ok is False and "乡村（学生占 25.0%） 1 份（偏离）" in check.detail


@pytest.mark.parametrize("missing", ["no_data", "no_answers"])
def test_the_locations_cannot_be_judged_without_students_or_answers(world, missing):
    survey = open_survey(world)
    if missing == "no_data":
        SchoolYear.objects.filter(school=world.far_school).delete()
        respond_times(world, survey, "家长", world.school, 2)
        expected = "1 所调查学校（东乡中心小学）没有 2025 年及以前的在校生数据"
    else:
        respond_times(world, survey, "人大代表", None, 2)
        expected = "调查学校尚无答卷"
    check = checks_of(world, survey)["城乡分布"]
    assert check.ok is None and expected in check.detail


def test_the_progress_page_shows_each_verdict_and_the_measures(client, world):
    survey = open_survey(world, population=300_000)  # 600 to survey: 样本量 未达到
    students(world, 600, 300, 300)
    respond_times(world, survey, "家长", world.school, 9)
    respond_times(world, survey, "家长", world.far_school, 3)
    client.force_login(world.county_admin)
    page = client.get(reverse("surveys:progress", args=[survey.pk])).content.decode()
    for words in ('城乡分布</b>：<span class="verdict">达到', "未达到", "无法判断"):
        assert words in page
    assert "平均数 ±50% 以内" in page and "应有数 ±20% 以内" in page


# --- 本县自测 ------------------------------------------------------------------------------


def test_a_countys_survey_is_labelled_its_own_on_its_pages_and_workbook(client, world, answered):
    client.force_login(world.county_admin)
    for url in (
        reverse("surveys:list"),
        reverse("surveys:detail", args=[answered.pk]),
        reverse("surveys:results", args=[answered.pk]),
        reverse("surveys:progress", args=[answered.pk]),
    ):
        assert "本县自测" in client.get(url).content.decode(), url
    detail = client.get(reverse("surveys:detail", args=[answered.pk])).content.decode()
    assert "社会认可度正式调查由国家督导部门组织实施" in detail
    response = client.get(reverse("surveys:results_xlsx", args=[answered.pk]))
    assert (
        "本县自测" in response["Content-Disposition"]
        or "%E6%9C%AC%E5%8E%BF" in (response["Content-Disposition"])
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    for sheet in book.worksheets:
        title = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True))[0]
        assert "本县自测" in title
    rows = {row[0]: row[1] for row in book["总体"].iter_rows(min_row=5, values_only=True)}
    assert rows["调查性质"].startswith("本县自测：")


def test_counts_meant_to_be_about_equal_read_in_both_languages():
    from django.utils import translation

    from junheng.surveys import sampling
    from junheng.surveys.selectors.sample_checks import _equal_check

    spread = sampling.about_equal([9, 15, 9])  # mean 11, allowed 5.5–16.5: none out
    out = sampling.about_equal([4, 14, 9])  # mean 9, allowed 4.5–13.5: two out
    chinese = _equal_check("年级", ["三年级", "四年级", "五年级"], out, "人").detail
    assert chinese.startswith("三年级 4 人（偏离）、四年级 14 人（偏离）、五年级 9 人；")
    assert "偏离）" not in _equal_check("年级", ["三", "四", "五"], spread, "人").detail
    with translation.override("en"):
        english = _equal_check("Grades", ["Grade 3", "Grade 4", "Grade 5"], out, "people")
    assert english.detail.startswith("Grade 3: 4 people (out of range), Grade 4: 14 people")
