"""Defining and running a survey: created from a template, copied, edited, opened and closed;
schools, quotas, tokens and open links — who may, when, and the audit entries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from junheng.audit.models import AuditEntry
from junheng.surveys import services
from junheng.surveys.choices import GroupKind, QuestionKind, SurveyStatus
from junheng.surveys.models import Question, Quota, Response, Survey, Token
from junheng.surveys.services import Row
from surveys.helpers import group, issue, open_survey


def draft(world, blueprint="quality-2017") -> Survey:
    return services.survey_create(
        actor=world.county_admin, county=world.county, blueprint=blueprint, year=2025
    )


# creating and copying -----------------------------------------------------------------------


def test_a_survey_made_from_the_quality_template_copies_its_whole_structure(world):
    survey = draft(world)

    assert survey.status == SurveyStatus.DRAFT and survey.blueprint == "quality-2017"
    assert list(survey.questionnaires.values_list("name", flat=True)) == [
        "社会卷",
        "校长教师卷",
        "学生卷",
    ]
    assert survey.groups.count() == 7
    assert group(survey, "人大代表").questionnaire.name == "社会卷"
    assert not group(survey, "人大代表").per_school and group(survey, "学生").per_school
    assert survey.sample_per_mille == Decimal("1.5") and survey.sample_minimum == 600
    assert survey.target_rate == Decimal("0.85") and survey.rate_formula == "not_dissatisfied"
    entry = AuditEntry.objects.get(action="survey.create")
    assert entry.actor == world.county_admin and entry.county == world.county
    assert entry.after["title"] == survey.title


def test_only_the_county_s_admin_creates_a_survey(world):
    for user in (world.township_officer, world.principal, world.inspector, world.foreign_admin):
        with pytest.raises(services.NotAllowed):
            services.survey_create(
                actor=user, county=world.county, blueprint="basic-2012", year=2025
            )
    assert not Survey.objects.exists()


def test_a_copy_is_a_new_draft_with_the_structure_schools_and_quotas_but_no_tokens(world):
    survey = open_survey(world)
    services.quotas_save(
        actor=world.county_admin,
        survey=survey,
        targets={(group(survey, "家长").pk, world.school.pk): 40},
    )
    issue(world, survey, "家长", world.school, count=3)

    copy = services.survey_copy(actor=world.county_admin, survey=survey, title="", year=2026)

    assert copy.status == SurveyStatus.DRAFT and copy.year == 2026
    assert copy.title.endswith("（副本）")
    assert Question.objects.filter(questionnaire__survey=copy).count() == 7
    assert set(copy.schools.all()) == {world.school, world.sibling, world.far_school}
    assert Quota.objects.get(survey=copy).target == 40
    assert not copy.tokens.exists() and not copy.groups.exclude(open_slug=None).exists()
    assert AuditEntry.objects.filter(action="survey.copy").count() == 1


# settings and structure ----------------------------------------------------------------------


def test_the_formula_can_change_at_any_time_and_the_change_is_audited(world):
    survey = open_survey(world)

    services.survey_update(
        actor=world.county_admin,
        survey=survey,
        changes={"rate_formula": "weighted", "partial_weight": Decimal("0.6")},
    )

    survey.refresh_from_db()
    assert survey.rate_formula == "weighted"
    entry = AuditEntry.objects.get(action="survey.change")
    assert entry.before == {"rate_formula": "not_dissatisfied", "partial_weight": "0.500"}
    assert entry.after == {"rate_formula": "weighted", "partial_weight": "0.6"}


def test_settings_out_of_range_are_refused(world):
    survey = draft(world)
    for changes in (
        {"partial_weight": Decimal("1.2")},
        {"target_rate": Decimal("0")},
        {"title": "  "},
        {"opens_on": "2025-05-10", "closes_on": "2025-05-01"},
    ):
        with pytest.raises(services.SurveyError):
            services.survey_update(actor=world.county_admin, survey=survey, changes=changes)


def test_the_scale_may_change_in_a_draft_but_not_once_open(world):
    scale = [
        {"label": "满意", "kind": "full"},
        {"label": "基本满意", "kind": "partial"},
        {"label": "不满意", "kind": "none"},
        {"label": "不了解", "kind": "skip"},
    ]
    survey = draft(world)
    services.survey_update(actor=world.county_admin, survey=survey, changes={}, scale=scale)
    survey.refresh_from_db()
    assert survey.scale == scale

    opened = open_survey(world)
    with pytest.raises(services.StructureLocked):
        services.survey_update(actor=world.county_admin, survey=opened, changes={}, scale=scale)


def test_questions_are_added_changed_and_deleted_in_a_draft(world):
    survey = draft(world, "basic-2012")
    questionnaire = survey.questionnaires.get()
    first, *_rest, last = questionnaire.questions.all()

    services.questions_save(
        actor=world.county_admin,
        survey=survey,
        rows=[
            Row(
                first.pk,
                {
                    "questionnaire": questionnaire,
                    "order": 1,
                    "kind": "scale",
                    "text": "您对学校食堂是否满意？",
                    "options": [],
                    "required": True,
                },
            ),
            Row(last.pk, {}, delete=True),
            Row(
                None,
                {
                    "questionnaire": questionnaire,
                    "order": 9,
                    "kind": "multiple",
                    "text": "您通过哪些渠道了解学校？",
                    "options": ["家长会", "网站", " "],
                    "required": False,
                },
            ),
        ],
    )

    texts = list(questionnaire.questions.values_list("text", "kind", "options"))
    assert texts[0] == ("您对学校食堂是否满意？", "scale", [])
    assert texts[-1] == ("您通过哪些渠道了解学校？", "multiple", ["家长会", "网站"])
    assert questionnaire.questions.count() == 7
    assert AuditEntry.objects.get(action="survey.questions").after == {
        "created": 1,
        "changed": 1,
        "deleted": 1,
    }


def test_a_choice_question_needs_two_options(world):
    survey = draft(world, "basic-2012")
    questionnaire = survey.questionnaires.get()
    with pytest.raises(services.SurveyError):
        services.questions_save(
            actor=world.county_admin,
            survey=survey,
            rows=[
                Row(
                    None,
                    {
                        "questionnaire": questionnaire,
                        "order": 9,
                        "kind": "single",
                        "text": "孩子读几年级？",
                        "options": ["一年级"],
                        "required": True,
                    },
                )
            ],
        )


def test_groups_and_questionnaires_keep_their_names_unique_and_in_use(world):
    survey = draft(world)
    social = survey.questionnaires.get(name="社会卷")
    with pytest.raises(services.SurveyError):
        services.questionnaires_save(
            actor=world.county_admin, survey=survey, rows=[Row(social.pk, {}, delete=True)]
        )
    with pytest.raises(services.SurveyError):
        services.groups_save(
            actor=world.county_admin,
            survey=survey,
            rows=[
                Row(
                    None,
                    {"order": 9, "name": "家长", "kind": GroupKind.PARENT, "questionnaire": social},
                )
            ],
        )
    services.groups_save(
        actor=world.county_admin,
        survey=survey,
        rows=[
            Row(
                None,
                {"order": 9, "name": "社区代表", "kind": GroupKind.OTHER, "questionnaire": social},
            )
        ],
    )
    assert not group(survey, "社区代表").per_school


def test_the_structure_is_fixed_once_the_survey_opens(world):
    survey = open_survey(world)
    questionnaire = survey.questionnaires.get()
    with pytest.raises(services.StructureLocked):
        services.questions_save(
            actor=world.county_admin,
            survey=survey,
            rows=[
                Row(
                    None,
                    {
                        "questionnaire": questionnaire,
                        "order": 9,
                        "kind": "text",
                        "text": "还有什么？",
                        "options": [],
                        "required": False,
                    },
                )
            ],
        )
    with pytest.raises(services.StructureLocked):
        services.groups_save(actor=world.county_admin, survey=survey, rows=[])


def test_a_survey_opens_only_when_complete(world):
    survey = draft(world)
    with pytest.raises(services.SurveyError) as error:
        services.survey_open(actor=world.county_admin, survey=survey)
    assert "还没有选择调查学校" in error.value.zh

    services.survey_set_schools(actor=world.county_admin, survey=survey, schools=[world.school])
    services.survey_open(actor=world.county_admin, survey=survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    services.survey_close(actor=world.county_admin, survey=survey)
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.CLOSED
    assert [e.action for e in AuditEntry.objects.order_by("at", "pk")][-2:] == [
        "survey.open",
        "survey.close",
    ]


def test_once_open_schools_can_be_added_but_not_removed(world):
    survey = open_survey(world, schools=[world.school])
    services.survey_set_schools(
        actor=world.county_admin, survey=survey, schools=[world.school, world.sibling]
    )
    with pytest.raises(services.StructureLocked):
        services.survey_set_schools(
            actor=world.county_admin, survey=survey, schools=[world.sibling]
        )


def test_only_the_county_s_schools_can_be_covered(world):
    survey = draft(world)
    with pytest.raises(services.NotAllowed):
        services.survey_set_schools(
            actor=world.county_admin, survey=survey, schools=[world.foreign_school]
        )


@pytest.mark.parametrize("role", ["township_officer", "principal", "inspector", "foreign_admin"])
def test_nobody_but_the_county_s_admin_manages_a_survey(world, role):
    survey = open_survey(world)
    user = getattr(world, role)
    before = AuditEntry.objects.count()
    attempts = [
        lambda: services.survey_update(actor=user, survey=survey, changes={"title": "改"}),
        lambda: services.survey_close(actor=user, survey=survey),
        lambda: services.survey_set_schools(actor=user, survey=survey, schools=[]),
        lambda: services.tokens_issue(
            actor=user, survey=survey, group=group(survey, "家长"), schools=[world.school], count=1
        ),
        lambda: services.open_link_set(actor=user, group=group(survey, "家长"), enabled=True),
        lambda: services.survey_delete(actor=user, survey=survey),
    ]
    for attempt in attempts:
        with pytest.raises(services.NotAllowed):
            attempt()
    assert AuditEntry.objects.count() == before


def test_a_draft_nobody_answered_can_be_deleted_with_its_tokens(world):
    survey = draft(world, "basic-2012")
    services.survey_set_schools(actor=world.county_admin, survey=survey, schools=[world.school])
    issue(world, survey, "家长", world.school, count=2)
    services.survey_delete(actor=world.county_admin, survey=survey)
    assert not Survey.objects.exists() and not Token.objects.exists()
    assert AuditEntry.objects.filter(action="survey.delete").exists()


# quotas -------------------------------------------------------------------------------------


def test_quotas_are_set_per_school_and_group_and_county_wide_for_the_other_groups(world):
    survey = open_survey(world)
    parents, deputies = group(survey, "家长"), group(survey, "人大代表")
    services.quotas_save(
        actor=world.county_admin,
        survey=survey,
        targets={(parents.pk, world.school.pk): 30, (deputies.pk, None): 12},
    )
    services.quotas_save(
        actor=world.county_admin,
        survey=survey,
        targets={(parents.pk, world.school.pk): 0, (parents.pk, world.sibling.pk): 25},
    )
    assert {(q.group_id, q.school_id, q.target) for q in Quota.objects.all()} == {
        (deputies.pk, None, 12),
        (parents.pk, world.sibling.pk, 25),
    }
    entry = AuditEntry.objects.filter(action="survey.quotas").order_by("at", "pk").last()
    assert entry.after == {
        f"{parents.pk}/{world.school.pk}": 0,
        f"{parents.pk}/{world.sibling.pk}": 25,
    }


def test_a_county_wide_group_has_no_school_quota_and_a_school_group_no_county_quota(world):
    survey = open_survey(world)
    for key in ((group(survey, "人大代表").pk, world.school.pk), (group(survey, "家长").pk, None)):
        with pytest.raises(services.SurveyError):
            services.quotas_save(actor=world.county_admin, survey=survey, targets={key: 5})
    with pytest.raises(services.SurveyError):  # not a covered school
        services.quotas_save(
            actor=world.county_admin,
            survey=survey,
            targets={(group(survey, "家长").pk, world.foreign_school.pk): 5},
        )


# tokens and open links ----------------------------------------------------------------------


def test_tokens_are_random_long_and_stored_only_as_digests(world):
    survey = open_survey(world)
    tokens = issue(world, survey, "家长", world.school, count=20)

    assert len(set(tokens)) == 20
    assert all(len(t) >= 22 for t in tokens)  # 144 bits in URL-safe base64: 24 characters
    stored = set(Token.objects.values_list("digest", flat=True))
    assert stored == {services.token_digest(t) for t in tokens}
    assert not stored & set(tokens)
    assert all(
        row.school == world.school and row.group.name == "家长" for row in Token.objects.all()
    )
    entry = AuditEntry.objects.get(action="survey.tokens")
    assert entry.after == {"group": "家长", "schools": [world.school.code], "count": 20}
    assert not any(t in str(entry.after) for t in tokens)


def test_tokens_of_a_county_wide_group_belong_to_no_school(world):
    survey = open_survey(world)
    issue(world, survey, "政协委员", count=3)
    assert list(Token.objects.values_list("school", flat=True)) == [None, None, None]


def test_tokens_are_issued_only_for_covered_schools_and_never_for_a_closed_survey(world):
    survey = open_survey(world, schools=[world.school])
    with pytest.raises(services.SurveyError):
        issue(world, survey, "家长", world.sibling)
    services.survey_close(actor=world.county_admin, survey=survey)
    with pytest.raises(services.SurveyError):
        issue(world, survey, "家长", world.school)


def test_voiding_a_batch_voids_its_unused_tokens_only(world):
    survey = open_survey(world)
    batch, issued = services.tokens_issue(
        actor=world.county_admin,
        survey=survey,
        group=group(survey, "家长"),
        schools=[world.school],
        count=3,
    )
    from surveys.helpers import answers_for

    services.response_submit_token(token=issued[0].token, answers=answers_for(survey, "家长", [0]))
    assert services.token_batch_void(actor=world.county_admin, survey=survey, batch=batch) == 2
    assert Token.objects.filter(voided=True).count() == 2
    with pytest.raises(services.TokenUnusable):
        services.response_submit_token(
            token=issued[1].token, answers=answers_for(survey, "家长", [0])
        )
    assert Response.objects.count() == 1


def test_an_open_link_is_a_new_random_address_each_time_it_is_enabled(world):
    survey = open_survey(world)
    parents = group(survey, "家长")
    first = services.open_link_set(actor=world.county_admin, group=parents, enabled=True).open_slug
    assert first and len(first) >= 16
    assert (
        services.open_link_set(actor=world.county_admin, group=parents, enabled=False).open_slug
        is None
    )
    second = services.open_link_set(actor=world.county_admin, group=parents, enabled=True).open_slug
    assert second != first
    assert AuditEntry.objects.filter(action="survey.open_link").count() == 3


def test_the_question_kinds_of_a_new_survey_include_every_kind(world):
    kinds = set(
        Question.objects.filter(questionnaire__survey=draft(world)).values_list("kind", flat=True)
    )
    assert kinds == set(QuestionKind.values)
