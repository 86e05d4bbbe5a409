"""The pages: the public form (no login, Chinese, accessible, rate-limited) and the bureau's
pages from a new survey to its printed QR codes and results. No page has an inline script,
style or event handler (the Content-Security-Policy forbids them)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from junheng.audit.models import AuditEntry
from junheng.surveys import services
from junheng.surveys.choices import SurveyStatus
from junheng.surveys.models import Question, Response, Survey, Token
from surveys.helpers import FULL, group, issue, open_survey


def assert_csp_clean(body: str) -> None:
    assert not re.search(r"<[^>]+\sstyle=", body), "inline style attribute"
    assert not re.search(r"<[^>]+\son[a-z]+=", body), "inline event handler"
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def scale_data(survey, group_name, choice=FULL) -> dict[str, str]:
    questions = group(survey, group_name).questionnaire.questions.all()
    return {f"q{q.pk}": str(choice) for q in questions if q.kind == "scale"}


# the public form ----------------------------------------------------------------------------


def test_a_token_opens_an_accessible_chinese_form_without_login(client, world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)

    response = client.get(f"/surveys/a/{token}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in body and 'name="viewport"' in body
    assert "城关一小" in body and "家长" in body and "不记名" in body
    scale = group(survey, "家长").questionnaire.questions.filter(kind="scale")
    assert body.count("<fieldset") == scale.count() and body.count("<legend") == scale.count()
    assert all(q.text in body for q in scale)
    first = scale.first()
    assert f'<label class="opt" for="id_q{first.pk}_0">' in body
    text_question = Question.objects.get(questionnaire__groups__name="家长", kind="text")
    assert f'<label for="id_q{text_question.pk}"' in body
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"  # the link never leaves the site
    assert_csp_clean(body)


def test_sending_the_form_stores_the_answers_and_uses_the_token(client, world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)

    response = client.post(f"/surveys/a/{token}/", scale_data(survey, "家长"))

    assert response.status_code == 302 and response.url == "/surveys/done/"
    assert Response.objects.get().school == world.school
    assert client.get(response.url).status_code == 200
    again = client.get(f"/surveys/a/{token}/")
    assert again.status_code == 410 and "已使用" in again.content.decode()
    resent = client.post(f"/surveys/a/{token}/", scale_data(survey, "家长"))
    assert resent.status_code == 410 and Response.objects.count() == 1


def test_a_form_with_unanswered_questions_comes_back_with_a_summary_and_keeps_the_token(
    client, world
):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)
    data = scale_data(survey, "家长")
    data.pop(next(iter(data)))

    response = client.post(f"/surveys/a/{token}/", data)

    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary" role="alert"' in body and "请回答此题" in body
    assert 'aria-describedby="q' in body
    assert not Response.objects.exists() and not Token.objects.get().used


def test_unknown_tokens_and_closed_surveys_get_a_page_that_says_so(client, world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)
    assert client.get("/surveys/a/AAAAAAAAAAAAAAAAAAAAAAAA/").status_code == 404
    services.survey_close(actor=world.county_admin, survey=survey)
    response = client.get(f"/surveys/a/{token}/")
    assert response.status_code == 403 and "不在作答时间内" in response.content.decode()
    assert client.post(f"/surveys/a/{token}/", scale_data(survey, "家长")).status_code == 403
    assert not Response.objects.exists()


def test_an_open_link_says_it_does_not_prevent_repeats_and_asks_for_the_school(client, world):
    survey = open_survey(world)
    slug = services.open_link_set(
        actor=world.county_admin, group=group(survey, "家长"), enabled=True
    ).open_slug

    body = client.get(f"/surveys/o/{slug}/").content.decode()
    assert "不防重复作答" in body and 'name="school"' in body
    assert "北镇小学" not in body  # only the covered schools

    data = {**scale_data(survey, "家长"), "school": world.far_school.pk}
    assert client.post(f"/surveys/o/{slug}/", data).status_code == 302
    assert client.post(f"/surveys/o/{slug}/", data).status_code == 302
    assert Response.objects.filter(school=world.far_school, channel="open").count() == 2
    missing_school = client.post(f"/surveys/o/{slug}/", scale_data(survey, "家长"))
    assert missing_school.status_code == 400 and "请选择学校" in missing_school.content.decode()


# rate limits --------------------------------------------------------------------------------


@override_settings(SURVEY_RATE_LIMITS={"submit": (2, 3600)})
def test_token_submissions_are_limited_per_address(client, world):
    survey = open_survey(world)
    tokens = issue(world, survey, "家长", world.school, count=4)
    data = scale_data(survey, "家长")
    here = {"REMOTE_ADDR": "203.0.113.9"}

    assert client.post(f"/surveys/a/{tokens[0]}/", data, **here).status_code == 302
    assert client.post(f"/surveys/a/{tokens[1]}/", data, **here).status_code == 302
    limited = client.post(f"/surveys/a/{tokens[2]}/", data, **here)
    assert limited.status_code == 429 and "请稍后再试" in limited.content.decode()
    assert Token.objects.filter(used=False).count() == 2
    other = client.post(f"/surveys/a/{tokens[2]}/", data, REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 302
    assert Response.objects.count() == 3


@override_settings(SURVEY_RATE_LIMITS={"miss": (3, 3600)})
def test_an_address_trying_tokens_is_stopped(client, world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)
    here = {"REMOTE_ADDR": "203.0.113.9"}
    for n in range(3):
        assert client.get(f"/surveys/a/{'B' * 23}{n}/", **here).status_code == 404
    assert client.get(f"/surveys/a/{token}/", **here).status_code == 429
    assert client.get(f"/surveys/a/{token}/", REMOTE_ADDR="203.0.113.10").status_code == 200


@override_settings(SURVEY_RATE_LIMITS={"open": (1, 3600)})
def test_open_link_submissions_are_limited_per_address(client, world):
    survey = open_survey(world)
    slug = services.open_link_set(
        actor=world.county_admin, group=group(survey, "人大代表"), enabled=True
    ).open_slug
    data = scale_data(survey, "人大代表")
    assert client.post(f"/surveys/o/{slug}/", data, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert client.post(f"/surveys/o/{slug}/", data, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert Response.objects.count() == 1


@override_settings(SURVEY_RATE_LIMITS={"submit": (1, 3600)})
def test_the_count_lives_in_the_cache_under_a_hash_never_the_address(client, world):
    survey = open_survey(world)
    (token,) = issue(world, survey, "家长", world.school)
    client.post(f"/surveys/a/{token}/", scale_data(survey, "家长"), REMOTE_ADDR="203.0.113.9")
    keys = [key for key in cache._cache if "surveys:rate:submit" in key]
    assert len(keys) == 1 and "203.0.113.9" not in keys[0]


@override_settings(REST_FRAMEWORK={"NUM_PROXIES": 1})
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw():
    from django.test import RequestFactory

    from junheng.surveys.throttle import client_address

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert client_address(request) == "203.0.113.9"


# the bureau's pages -------------------------------------------------------------------------


def test_the_county_admin_creates_a_survey_from_the_national_template(client, world):
    client.force_login(world.county_admin)
    page = client.get("/surveys/new/")
    assert page.status_code == 200
    # the templates are offered by their titles; the files' keys stay internal
    offered = page.content.decode()
    assert '<option value="quality-2017">义务教育优质均衡发展社会认可度调查</option>' in offered
    assert '<option value="basic-2012">县域义务教育均衡发展公众满意度调查</option>' in offered
    assert "（quality-2017）" not in offered and "（basic-2012）" not in offered
    response = client.post(
        "/surveys/new/",
        {"blueprint": "quality-2017", "title": "", "year": 2025, "county": world.county.pk},
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response.url == f"/surveys/{survey.pk}/"
    assert survey.title == "义务教育优质均衡发展社会认可度调查"
    body = client.get(response.url).content.decode()
    assert "社会卷" in body and "校长教师卷" in body and "学生卷" in body
    assert survey.formula_text() in body
    assert_csp_clean(body)


def test_others_cannot_create_surveys(client, world):
    for user in (world.township_officer, world.principal, world.inspector):
        client.force_login(user)
        assert client.get("/surveys/new/").status_code == 403


def test_the_design_page_adds_a_question(client, world):
    survey = services.survey_create(
        actor=world.county_admin, county=world.county, blueprint="basic-2012", year=2025
    )
    client.force_login(world.county_admin)
    page = client.get(f"/surveys/{survey.pk}/design/")
    assert page.status_code == 200
    formset = page.context["formsets"]["questions"]
    data = {"part": "questions"}
    for key, value in formset.management_form.initial.items():
        data[f"questions-{key}"] = value
    for index, initial in enumerate(formset.initial):
        for key, value in initial.items():
            if key == "required":
                if value:
                    data[f"questions-{index}-{key}"] = "on"
            else:
                data[f"questions-{index}-{key}"] = value
    new = len(formset.initial)
    data.update(
        {
            f"questions-{new}-questionnaire": survey.questionnaires.get().pk,
            f"questions-{new}-order": 20,
            f"questions-{new}-kind": "single",
            f"questions-{new}-text": "孩子在几年级？",
            f"questions-{new}-options": "一年级\n二年级",
        }
    )
    response = client.post(f"/surveys/{survey.pk}/design/", data)
    assert response.status_code == 302
    question = Question.objects.get(text="孩子在几年级？")
    assert question.options == ["一年级", "二年级"] and not question.required


def test_the_settings_page_changes_the_formula_shown_next_to_the_rates(client, world, answered):
    client.force_login(world.county_admin)
    form = client.get(f"/surveys/{answered.pk}/settings/").context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in {**form.initial, **{k: form[k].value() for k in form.fields}}.items()
        if name in form.fields
    }
    data.update(rate_formula="satisfied_only", target_percent="85")
    response = client.post(f"/surveys/{answered.pk}/settings/", data)
    assert response.status_code == 302, response.context["form"].errors
    body = client.get(f"/surveys/{answered.pk}/results/").content.decode()
    assert "满意率 = 回答「满意」的次数 ÷ 回答「满意」「基本满意」「不满意」的次数" in body
    assert "70.2%" in body  # 59/84


def test_the_results_page_shows_the_formula_beside_each_table_and_the_charts_data(
    client, world, answered
):
    client.force_login(world.county_admin)
    response = client.get(f"/surveys/{answered.pk}/results/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count(answered.formula_text()) >= 6  # the headline, the charts, every table
    assert "84.5%" in body and "低于 85%" in body
    assert 'id="survey-charts" type="application/json"' in body
    assert "vendor/echarts/echarts.min.js" in body and "js/surveys.js" in body
    charts = response.context["charts"]
    assert charts["target"] == 85.0
    assert charts["schools"]["names"] == ["东乡中心小学", "城关一小", "城关二小"]
    assert charts["schools"]["values"] == [0.0, 83.3, 100.0]
    assert_csp_clean(body)


def test_every_bureau_page_renders_without_inline_code(client, world, answered):
    client.force_login(world.county_admin)
    for suffix in (
        "",
        "settings/",
        "design/",
        "schools/",
        "quotas/",
        "quotas/?suggest=1",
        "distribution/",
        "preview/",
        "progress/",
        f"results/schools/{world.school.pk}/",
    ):
        response = client.get(f"/surveys/{answered.pk}/{suffix}")
        assert response.status_code == 200, suffix
        assert_csp_clean(response.content.decode())
    assert_csp_clean(client.get("/surveys/").content.decode())


def test_issuing_tokens_answers_with_a_sheet_of_qr_codes_shown_once(client, world):
    survey = open_survey(world)
    client.force_login(world.county_admin)
    response = client.post(
        f"/surveys/{survey.pk}/tokens/",
        {
            "group": group(survey, "家长").pk,
            "schools": [world.school.pk, world.sibling.pk],
            "count": 3,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert body.count('<img src="data:image/svg+xml') == 6
    links = re.findall(r"http://testserver/surveys/a/([A-Za-z0-9_-]+)/", body)
    assert len(set(links)) == 6
    assert {services.token_digest(t) for t in links} == set(
        Token.objects.values_list("digest", flat=True)
    )
    assert "城关一小" in body and "城关二小" in body and "只显示这一次" in body
    assert_csp_clean(body)
    assert AuditEntry.objects.filter(action="survey.tokens").count() == 1


def test_the_distribution_page_labels_open_links_as_not_protected(client, world):
    survey = open_survey(world)
    client.force_login(world.county_admin)
    response = client.post(
        f"/surveys/{survey.pk}/open-links/", {"group": group(survey, "家长").pk, "enabled": "1"}
    )
    assert response.status_code == 302
    body = client.get(f"/surveys/{survey.pk}/distribution/").content.decode()
    slug = survey.groups.get(name="家长").open_slug
    assert f"/surveys/o/{slug}/" in body and body.count("不防重复作答") >= 2
    assert "data:image/svg+xml" in body


def test_the_bureau_opens_and_closes_a_survey(client, world):
    survey = services.survey_create(
        actor=world.county_admin, county=world.county, blueprint="basic-2012", year=2025
    )
    services.survey_set_schools(actor=world.county_admin, survey=survey, schools=[world.school])
    client.force_login(world.county_admin)
    client.post(f"/surveys/{survey.pk}/status/", {"action": "open"})
    assert Survey.objects.get().status == SurveyStatus.OPEN
    client.post(f"/surveys/{survey.pk}/status/", {"action": "close"})
    assert Survey.objects.get().status == SurveyStatus.CLOSED


def test_quotas_are_saved_from_the_grid(client, world):
    survey = open_survey(world)
    client.force_login(world.county_admin)
    parents, deputies = group(survey, "家长"), group(survey, "人大代表")
    response = client.post(
        f"/surveys/{survey.pk}/quotas/",
        {f"q_{parents.pk}_{world.school.pk}": "40", f"q_{deputies.pk}_0": "15"},
    )
    assert response.status_code == 302
    assert set(survey.quotas.values_list("group", "school", "target")) == {
        (parents.pk, world.school.pk, 40),
        (deputies.pk, None, 15),
    }


@pytest.mark.parametrize("user", ["township_officer", "principal", "inspector"])
def test_only_the_county_sees_the_managing_pages(client, world, user):
    """The survey is in their scope (they see it), but managing it is refused: 403."""
    survey = open_survey(world)
    client.force_login(getattr(world, user))
    for suffix in ("settings/", "design/", "schools/", "quotas/", "distribution/"):
        assert client.get(f"/surveys/{survey.pk}/{suffix}").status_code == 403
    assert client.get(f"/surveys/{survey.pk}/").status_code == 200
    assert client.get(f"/surveys/{survey.pk}/results/").status_code == 200


@override_settings(SURVEY_PUBLIC_URL="https://survey.example.gov.cn/")
def test_the_printed_links_use_the_public_address_when_one_is_set(client, world):
    survey = open_survey(world)
    client.force_login(world.county_admin)
    response = client.post(
        f"/surveys/{survey.pk}/tokens/",
        {"group": group(survey, "人大代表").pk, "count": 2},
    )
    body = response.content.decode()
    assert body.count("https://survey.example.gov.cn/surveys/a/") == 2
    assert "testserver" not in body
