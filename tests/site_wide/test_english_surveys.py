"""Issue 14 §7 for the survey pages: in English a survey reads in English — its questionnaires,
questions, options, intros and respondent groups from the shipped files' `*_en` twins while the
stored text is still the file's, the scale, the formula, the grades and the sample checks — and
in Chinese every page reads as before. The survey's title and what the county changed are its
own and shown as written; the questionnaire a respondent fills stays in Chinese (the preview
shows it so, marked `lang="zh-Hans"`). A page saved in English keeps the file's Chinese."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from junheng.surveys import services
from junheng.surveys.models import Question, Survey
from site_wide.test_english_pages import (
    BILINGUAL,
    CJK,
    chinese_left,
    chinese_on_pages,
    english,
    visible_text,
)
from surveys.helpers import FULL, NONE, PARTIAL, open_survey, respond

COMMENT = "More sports, please"  # what respondents wrote: user data, in English here


@pytest.fixture
def survey_world(world):
    """An open quality-2017 survey with answers (parents' comments at the principal's school,
    students with their grade, deputies' comments county-wide) and a draft from the same file."""
    survey = open_survey(world, blueprint="quality-2017")
    for choices in ([FULL], [PARTIAL], [NONE, FULL], [FULL], [FULL]):
        respond(world, survey, "家长", world.school, choices, text=COMMENT)
    for _ in range(3):
        respond(world, survey, "学生", world.school, [FULL])
    respond(world, survey, "教师", world.sibling, [PARTIAL])
    for _ in range(5):
        respond(world, survey, "人大代表", None, [FULL], text=COMMENT)
    draft = services.survey_create(
        actor=world.county_admin, county=world.county, blueprint="quality-2017", year=2026
    )
    # its period, set once the answers are in (they came in today)
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=dt.date(2025, 9, 1), closes_on=dt.date(2025, 12, 31)
    )
    world.survey, world.draft = Survey.objects.get(pk=survey.pk), draft
    return world


def survey_pages(world, role: str) -> list[str]:
    """The survey pages the role opens: every page of the open survey and of the draft for the
    county, the reading pages for the others."""
    survey, draft = world.survey, world.draft
    school = {"inspector": world.sibling}.get(role, world.school)
    urls = [
        reverse("surveys:list"),
        reverse("surveys:detail", args=[survey.pk]),
        reverse("surveys:progress", args=[survey.pk]),
        reverse("surveys:results", args=[survey.pk]),
        reverse("surveys:school_results", args=[survey.pk, school.pk]),
    ]
    urls += [
        reverse("surveys:preview", args=[survey.pk]) + f"?group={g.pk}" for g in survey.groups.all()
    ]
    if role == "county_admin":
        urls.append(reverse("surveys:create"))
        for s in (survey, draft):
            urls += [
                reverse(f"surveys:{name}", args=[s.pk])
                for name in (
                    "detail",
                    "settings",
                    "design",
                    "schools",
                    "quotas",
                    "distribution",
                    "progress",
                    "results",
                )
            ]
    return urls


@pytest.mark.parametrize("role", ["county_admin", "township_officer", "principal", "inspector"])
def test_the_survey_pages_have_no_chinese_outside_user_data_in_english(client, survey_world, role):
    english(client, getattr(survey_world, role))
    found = chinese_on_pages(client, survey_pages(survey_world, role))
    assert not found, found


def test_a_survey_reads_in_english_from_its_file(client, survey_world):
    world = survey_world
    english(client, world.county_admin)
    detail = visible_text(
        client.get(reverse("surveys:detail", args=[world.survey.pk])).content.decode()
    )
    assert "Students' questionnaire" in detail and "Which grade are you in?" in detail
    assert "People's Congress deputies" in detail and "County-wide · Public questionnaire" in detail
    assert "Satisfaction rate = answers “Satisfied” or “Fairly satisfied” ÷ answers" in detail
    assert "2025-09-01 to 2025-12-31" in detail
    results = client.get(reverse("surveys:results", args=[world.survey.pk])).content.decode()
    text = visible_text(results)
    assert "Where do you live?" in text and "Urban" in text and "Q7" in text
    assert "County-wide (no school)" in text and COMMENT in text
    charts = json.loads(
        results.split('id="survey-charts" type="application/json">')[1].split("</script>")[0]
    )
    shown = [charts["formula"], *charts["groups"]["names"], *charts["questions"]["names"]]
    shown += charts["titles"].values()
    shown += charts["questions"]["texts"]  # the schools' names are user data
    assert not [text for text in shown if CJK.search(text)], shown
    progress = visible_text(
        client.get(reverse("surveys:progress", args=[world.survey.pk])).content.decode()
    )
    assert "Grade 3" in progress and "People's Congress deputies" in progress
    new = visible_text(client.get(reverse("surveys:create")).content.decode())
    assert "Social recognition survey of high-quality balanced compulsory education" in new
    draft = visible_text(
        client.get(reverse("surveys:detail", args=[world.draft.pk])).content.decode()
    )
    assert "No surveyed schools chosen yet" in draft


def test_the_preview_shows_the_questionnaire_in_chinese_as_respondents_get_it(client, survey_world):
    world = survey_world
    english(client, world.county_admin)
    group = world.survey.groups.get(name="学生")
    url = reverse("surveys:preview", args=[world.survey.pk]) + f"?group={group.pk}"
    html = client.get(url).content.decode()
    frame = html.split('<div class="preview-frame" lang="zh-Hans">')[1]
    assert "你在几年级？" in frame and "三年级" in frame and "（必答）" in frame
    assert "Students (Students' questionnaire)" in visible_text(html)


def test_the_survey_pages_read_as_before_in_chinese(client, survey_world):
    world = survey_world
    client.force_login(world.county_admin)
    pk = world.survey.pk
    detail = visible_text(client.get(reverse("surveys:detail", args=[pk])).content.decode())
    assert "社会卷" in detail and "您居住在：" in detail and "（单选题）" in detail
    assert (
        "满意率 = 回答「满意」「基本满意」的次数 ÷ 回答「满意」「基本满意」「不满意」的次数"
        in detail
    )
    assert "全县 · 社会卷" in detail and "量表：" in detail
    assert "2025-09-01 至 2025-12-31" in detail
    results = visible_text(client.get(reverse("surveys:results", args=[pk])).content.decode())
    assert "第7题" in results and "城区" in results and "全县（不分学校）" in results
    assert "（满意类" in results and "全县满意率" in results
    progress = visible_text(client.get(reverse("surveys:progress", args=[pk])).content.decode())
    assert "三年级" in progress and "人大代表" in progress
    new = visible_text(client.get(reverse("surveys:create")).content.decode())
    assert "义务教育优质均衡发展社会认可度调查" in new
    for url in survey_pages(world, "county_admin"):
        hits = BILINGUAL.findall(visible_text(client.get(url).content.decode()))
        assert not hits, (url, hits)


def test_a_text_the_county_changed_is_shown_as_written(client, survey_world):
    world = survey_world
    question = Question.objects.filter(questionnaire__survey=world.draft).first()
    question.text = "您对学校食堂满意吗？"
    question.save()
    english(client, world.county_admin)
    html = client.get(reverse("surveys:detail", args=[world.draft.pk])).content.decode()
    assert chinese_left(html) == ["您对学校食堂满意吗？"]


def test_saving_a_page_in_english_keeps_the_file_s_chinese(client, survey_world):
    world = survey_world
    draft = world.draft
    before = {
        "intro": draft.intro,
        "scale": draft.scale,
        "questions": list(
            Question.objects.filter(questionnaire__survey=draft).values_list("text", "options")
        ),
        "names": list(draft.questionnaires.values_list("name", "intro")),
        "groups": list(draft.groups.values_list("name", flat=True)),
    }
    english(client, world.county_admin)
    # settings: the form as shown in English, sent back unchanged
    page = client.get(reverse("surveys:settings", args=[draft.pk]))
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    data["opens_on"] = data["closes_on"] = ""
    assert "To learn how the community rates" in data["intro"]
    assert "Fairly satisfied | " in data["scale_lines"]
    response = client.post(reverse("surveys:settings", args=[draft.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    # each part of the design, as shown in English, sent back unchanged
    for part in ("questionnaires", "groups", "questions"):
        page = client.get(reverse("surveys:design", args=[draft.pk]))
        formset = page.context["formsets"][part]
        data = {"part": part}
        for key, value in formset.management_form.initial.items():
            data[f"{part}-{key}"] = value
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value not in (None, False, ""):
                    data[form.add_prefix(name)] = value
        response = client.post(reverse("surveys:design", args=[draft.pk]), data)
        assert response.status_code == 302, (part, response.context.get("errors"))
    draft = Survey.objects.get(pk=draft.pk)
    after = {
        "intro": draft.intro,
        "scale": draft.scale,
        "questions": list(
            Question.objects.filter(questionnaire__survey=draft).values_list("text", "options")
        ),
        "names": list(draft.questionnaires.values_list("name", "intro")),
        "groups": list(draft.groups.values_list("name", flat=True)),
    }
    assert after == before


def test_the_printed_qr_cards_stay_chinese_for_the_respondents(client, survey_world):
    world = survey_world
    english(client, world.county_admin)
    parents = world.survey.groups.get(name="家长")
    response = client.post(
        reverse("surveys:tokens_issue", args=[world.survey.pk]),
        {"group": parents.pk, "schools": [world.school.pk], "count": 2},
    )
    html = response.content.decode()
    assert response.status_code == 200
    cards = html.split('<div lang="zh-Hans">')[1]
    assert cards.count("请用手机扫码作答 · 不记名 · 限用一次") == 2 and "家长" in cards
    assert "These QR codes are shown only this once." in visible_text(html)
    assert chinese_left(html) == []
