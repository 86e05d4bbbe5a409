"""Issue 6: a parent answers the satisfaction survey on a phone from a one-time QR code, then
the bureau sees the new response on the results page, clicked through in Chromium.

phone (390 × 844): the token's link → sends the empty form → the error summary takes the focus
→ answers (one question by keyboard) → 提交成功 → the link again says it was used.
desktop: the county admin's results page counts the response, shows its rate with the formula
and draws the charts; the single parent's comment stays hidden (fewer than 5 responses).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from browser.conftest import ARTIFACTS, log_in, snap
from factories import PASSWORD
from junheng.surveys import services
from junheng.surveys.models import Answer, Response, Token
from personas import world  # noqa: F401  (the web tests' personas, used as a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "希望增加课后服务的时间"


@pytest.fixture
def phone(browser, request):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-phone.png"), full_page=True)
    context.close()


@pytest.fixture
def survey_and_token(world):  # noqa: F811  (the imported fixture, requested)
    cache.clear()
    admin = world.county_admin
    survey = services.survey_create(
        actor=admin, county=world.county, blueprint="basic-2012", year=2025
    )
    services.survey_set_schools(actor=admin, survey=survey, schools=[world.school, world.sibling])
    survey = services.survey_open(actor=admin, survey=survey)
    _batch, issued = services.tokens_issue(
        actor=admin,
        survey=survey,
        group=survey.groups.get(name="家长"),
        schools=[world.school],
        count=1,
    )
    return survey, issued[0].token


def test_a_parent_answers_on_a_phone_and_the_bureau_sees_the_response(
    phone,
    page,
    live_server,
    world,  # noqa: F811
    survey_and_token,
):
    survey, token = survey_and_token
    link = f"{live_server.url}/surveys/a/{token}/"

    # the phone opens the QR code's link: the whole form fits the width, the targets are large
    phone.goto(link)
    assert phone.locator("h1").inner_text() == survey.title
    assert phone.get_by_text("城关一小").count() >= 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    options = phone.locator("label.opt")
    assert options.count() == 18  # 6 questions × 3 options
    for index in range(options.count()):
        box = options.nth(index).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 88
    snap(phone, "survey-phone-form")

    # sending it empty: the summary lists what is missing and takes the focus
    with phone.expect_navigation():
        phone.get_by_role("button", name="提交问卷").tap()
    summary = phone.locator("#error-summary")
    assert summary.is_visible() and "请修改以下 6 处" in summary.inner_text()
    assert phone.evaluate("document.activeElement.id") == "error-summary"
    snap(phone, "survey-phone-errors")

    # answering: the first question by keyboard (基本满意), the others by tapping 满意
    questions = phone.locator("fieldset.q")
    assert questions.count() == 6
    questions.nth(0).get_by_label("满意", exact=True).focus()
    phone.keyboard.press("ArrowRight")
    assert questions.nth(0).get_by_label("基本满意", exact=True).is_checked()
    for index in range(1, 6):
        questions.nth(index).get_by_text("满意", exact=True).tap()
        assert questions.nth(index).get_by_label("满意", exact=True).is_checked()
    phone.get_by_label("您的意见和建议：").fill(COMMENT)
    with phone.expect_navigation():
        phone.get_by_role("button", name="提交问卷").tap()
    assert phone.get_by_role("heading", name="提交成功").is_visible()
    snap(phone, "survey-phone-done")

    stored = Response.objects.get()
    assert stored.school == world.school and stored.group.name == "家长"
    assert sorted(Answer.objects.exclude(choice=None).values_list("choice", flat=True)) == [
        0,
        0,
        0,
        0,
        0,
        1,
    ]
    assert Token.objects.get().used

    # the same QR code again: used
    phone.goto(link)
    assert phone.get_by_role("heading", name="此二维码已使用").is_visible()
    # the only console errors are the statuses themselves (400 for the empty form, 410 used)
    assert [e for e in phone.console_errors if "Failed to load resource" not in e] == []

    # the bureau's results page shows the new response
    log_in(page, live_server, "county_admin", PASSWORD)
    page.goto(f"{live_server.url}/surveys/{survey.pk}/results/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#responses-count").inner_text() == "1"
    assert "本县自测" in page.locator("h1").inner_text()  # the county's own, not the official one
    assert page.locator("#overall-rate").inner_text() == "100.0%"
    assert survey.formula_text() in page.locator(".headline .formula").inner_text()
    school_row = page.locator("tr", has=page.get_by_role("rowheader", name="城关一小"))
    assert "100.0%" in school_row.inner_text()
    assert page.locator("#chart-schools canvas").count() == 1
    assert page.locator("#chart-questions canvas").count() == 1
    assert COMMENT not in page.content()  # one response: fewer than 5, the comment is withheld
    assert "另有 1 条意见" in page.content()
    snap(page, "survey-results")
    assert page.console_errors == []
