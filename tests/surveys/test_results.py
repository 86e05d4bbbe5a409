"""The rates on hand-made responses (the `answered` fixture of conftest.py, whose docstring
gives the sums), each expected value worked out by hand in the comments; per question, group,
school, township and overall, under each formula; small groups withheld; the county's rate
for the checklist."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from junheng.surveys import selectors, services
from junheng.surveys.rates import Tally
from surveys.helpers import FULL, NONE, open_survey, respond


def exact(cell) -> Fraction:
    return cell.rate.exact


def by_label(rows):
    return {row.label: row for row in rows}


def test_the_overall_rate_counts_every_scale_answer_that_is_not_dissatisfied(world, answered):
    results = selectors.results(user=world.county_admin, survey=answered)

    assert results.responses == 14
    assert results.overall.tally == Tally(full=59, partial=12, none=13)
    assert exact(results.overall) == Fraction(59 + 12, 84)  # 71/84 = 84.52 %
    assert round(results.overall.rate.percent, 2) == 84.52
    assert results.overall.meets is False  # under 85 %


def test_the_rate_per_school_and_township(world, answered):
    results = selectors.results(user=world.county_admin, survey=answered)
    schools = by_label(results.by_school)
    assert exact(schools["城关一小"].cell) == Fraction(29 + 6, 42)  # 5/6 = 83.3 %
    assert exact(schools["城关二小"].cell) == 1
    assert exact(schools["东乡中心小学"].cell) == 0
    assert schools["城关一小"].cell.responses == 7
    townships = by_label(results.by_township)
    assert exact(townships["城关镇"].cell) == Fraction(65, 72)  # A1 + A2: (59 + 6) / 72
    assert exact(townships["东乡"].cell) == 0
    assert [s.label for s in results.weakest_schools] == ["东乡中心小学", "城关一小", "城关二小"]


def test_the_rate_per_group_withholds_groups_under_five_responses(world, answered):
    groups = by_label(selectors.results(user=world.county_admin, survey=answered).by_group)
    # 家长: 满意 17 + 30, 基本满意 6, 不满意 7 + 6 → 53/66
    assert groups["家长"].cell.responses == 11
    assert exact(groups["家长"].cell) == Fraction(53, 66)
    for name, n in (("教师", 2), ("人大代表", 1)):
        assert groups[name].cell.responses == n
        assert groups[name].cell.suppressed and groups[name].cell.value is None


def test_the_rate_per_question(world, answered):
    questions = selectors.results(user=world.county_admin, survey=answered).questions
    assert len(questions) == 6
    first, *others = questions
    # q1: 满意 r1 r2 + 2 teachers + 5 in A2 = 9; 基本满意 r3 + deputy = 2; 不满意 r4 r5 A3 = 3
    assert first.cell.tally == Tally(full=9, partial=2, none=3)
    assert exact(first.cell) == Fraction(11, 14)
    assert first.options == [("满意", 9), ("基本满意", 2), ("不满意", 3)]
    for question in others:  # r4 is 满意 here: 满意 10, 基本满意 2, 不满意 2
        assert question.cell.tally == Tally(full=10, partial=2, none=2)
        assert exact(question.cell) == Fraction(12, 14)
    assert results_weakest_first(world, answered) == first.question.pk


def results_weakest_first(world, survey) -> int:
    return (
        selectors.results(user=world.county_admin, survey=survey).weakest_questions[0].question.pk
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"rate_formula": "satisfied_only"}, Fraction(59, 84)),  # 70.24 %
        ({"rate_formula": "weighted", "partial_weight": Decimal("0.5")}, Fraction(65, 84)),
        ({"rate_formula": "weighted", "partial_weight": Decimal("1")}, Fraction(71, 84)),
    ],
)
def test_another_formula_recomputes_every_rate(world, answered, changes, expected):
    services.survey_update(actor=world.county_admin, survey=answered, changes=changes)
    answered.refresh_from_db()
    results = selectors.results(user=world.county_admin, survey=answered)
    assert exact(results.overall) == expected
    assert results.formula == answered.formula_text()


def test_a_skip_option_leaves_the_denominator(world):
    survey = services.survey_create(
        actor=world.county_admin, county=world.county, blueprint="basic-2012", year=2025
    )
    scale = [*survey.scale, {"label": "不了解", "kind": "skip"}]
    services.survey_update(actor=world.county_admin, survey=survey, changes={}, scale=scale)
    services.survey_set_schools(actor=world.county_admin, survey=survey, schools=[world.school])
    survey = services.survey_open(actor=world.county_admin, survey=survey)
    respond(world, survey, "家长", world.school, [3, FULL])  # q1 不了解, q2–q6 满意
    respond(world, survey, "家长", world.school, [NONE])  # 6 × 不满意
    results = selectors.results(user=world.county_admin, survey=survey)
    assert results.overall.tally == Tally(full=5, none=6, skip=1)
    assert exact(results.overall) == Fraction(5, 11)
    assert "「不了解」不计入" in results.formula


def test_free_text_is_shown_only_for_a_school_and_group_with_five_responses(world, answered):
    results = selectors.results(user=world.county_admin, survey=answered)
    shown = [(b.school, b.group, b.texts) for b in results.comments]
    assert shown == [("城关一小", "家长", [f"城关一小家长意见{n}" for n in range(5)])]
    assert results.suppressed_comments == 2 + 1 + 1  # A1's teachers, A3's parent, the deputy


def test_the_choice_questions_are_counted_for_the_groups_that_have_them(world):
    survey = open_survey(world, blueprint="quality-2017")
    respond(world, survey, "家长", world.school, [FULL])
    respond(world, survey, "家长", world.school, [NONE])
    choices = selectors.results(user=world.county_admin, survey=survey).choices
    where = next(c for c in choices if c.question.text == "您居住在：")
    assert where.answered == 2 and where.options[0] == ("城区", 2, 1.0)
    improve = next(c for c in choices if c.question.kind == "multiple")
    assert improve.answered == 2 and improve.options[0][1] == 2


# the county's rate, for the checklist --------------------------------------------------------


def test_the_county_s_rate_for_the_checklist(world, answered):
    result = selectors.county_satisfaction(county=world.county, year=2025)
    assert result.survey == answered
    assert result.rate.exact == Fraction(71, 84)
    assert round(result.percent, 2) == 84.52
    assert result.passes is False
    assert result.responses == 14 and result.answers == 84
    assert result.formula in result.detail and "84.5%" in result.detail
    assert selectors.county_satisfaction(county=world.county, year=2025, standard="basic-2012")
    assert (
        selectors.county_satisfaction(county=world.county, year=2025, standard="quality-2017")
        is None
    )
    assert selectors.county_satisfaction(county=world.county, year=2024) is None
    assert selectors.county_satisfaction(county=world.other_county, year=2025) is None


def test_the_county_s_rate_ignores_drafts_and_prefers_a_closed_survey(world, answered):
    services.survey_create(
        actor=world.county_admin, county=world.county, blueprint="basic-2012", year=2025
    )
    assert selectors.county_satisfaction(county=world.county, year=2025).survey == answered
    newer = open_survey(world)
    assert selectors.county_satisfaction(county=world.county, year=2025).survey == newer
    services.survey_close(actor=world.county_admin, survey=answered)
    assert selectors.county_satisfaction(county=world.county, year=2025).survey == answered


def test_a_county_without_answers_has_a_survey_but_no_rate(world):
    survey = open_survey(world)
    result = selectors.county_satisfaction(county=world.county, year=2025)
    assert result.survey == survey and result.rate is None and result.percent is None
    assert result.passes is None
