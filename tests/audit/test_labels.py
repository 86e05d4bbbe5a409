"""The audit history names every object type and action in words (and in English on an English
page), never the raw `app.Model` or action key: recognition, surveys, jobs and every action a
service records."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

import junheng
from junheng.audit.models import AuditEntry
from junheng.audit.selectors import ACTIONS, OBJECTS, history_line, object_label
from junheng.audit.services import audit_record
from junheng.collection.rules import BATCH_TRANSITIONS, SUBMIT_TRANSITION
from junheng.jobs.models import Job
from junheng.recognition import services as recognition
from junheng.rectification.rules import MOVES
from junheng.surveys.services import survey_create

SOURCE = Path(junheng.__file__).parent


@pytest.fixture(autouse=True)
def chinese():
    """The labels read in the site's language, whatever an earlier test left active."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _texts(node: ast.AST) -> list[str]:
    """The string constants an action expression can take ("create" if … else "change"); an
    f-string's pieces are not actions (its parts are collected where they are given)."""
    if isinstance(node, ast.JoinedStr):
        return []
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and type(n.value) is str]


def recorded_actions() -> dict[str, str]:
    """Every action written as text in a module that records audit entries: the `action` of
    any call there (the recorders' own and the helpers that pass it on, such as the
    checklists' `store_score`), the surveys' positional one and their structure's parts."""
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if not any(word in text for word in ("junheng.audit", "audit_change", "store_score")):
            continue
        for call in (n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Call)):
            name = getattr(call.func, "id", getattr(call.func, "attr", ""))
            where = f"{path.relative_to(SOURCE)}:{call.lineno}"
            expressions = [k.value for k in call.keywords if k.arg == "action"]
            if name == "audit_change" and len(call.args) > 1:  # the surveys' own, positional
                expressions.append(call.args[1])
            if name == "_structure_audit" and len(call.args) > 2:  # f"survey.{part}"
                found.update({f"survey.{part}": where for part in _texts(call.args[2])})
            for expression in expressions:
                found.update({action: where for action in _texts(expression)})
    return found


def test_every_action_a_service_records_has_a_label():
    found = recorded_actions()
    expected = {"create", "score", "score_auto", "survey.tokens", "survey.questions", "visit"}
    assert expected <= set(found)
    moves = {move.name for move in MOVES.values()}
    transitions = {"return", SUBMIT_TRANSITION.audit, *BATCH_TRANSITIONS}
    unlabelled = {
        action: found.get(action, "rules")
        for action in {*found, *moves, *transitions}
        if action not in ACTIONS
    }
    assert not unlabelled


def test_recognition_entries_read_in_words(world):
    admin, county = world.county_admin, world.county
    recognition.profile_save(
        actor=admin, county=county, year=2025, figures={"population": Decimal(412000)}
    )
    recognition.recognition_save(actor=admin, county=county, basic_year=2016)
    recognition.stage_save(
        actor=admin,
        county=county,
        stage="county",
        planned_date=dt.date(2026, 3, 1),
        done_date=None,
        body="county_bureau",
    )
    recognition.draw_create(actor=admin, county=county, size=2, year=2025, standard="quality-2017")
    subjects = {
        entry.object_type: str(history_line(entry).subject) for entry in AuditEntry.objects.all()
    }
    assert subjects["recognition.CountyProfile"] == "县情概况"
    assert subjects["recognition.CountyRecognition"] == "基本均衡认定情况"
    assert subjects["recognition.RecognitionStage"] == "迎检阶段"
    assert subjects["recognition.MockDraw"] == "模拟国检抽校"
    html = client_for(admin).get(reverse("collection:history")).content.decode()
    assert "模拟国检抽校" in html and "recognition." not in html


def test_a_survey_entry_reads_in_words(world):
    survey = survey_create(
        actor=world.county_admin, county=world.county, blueprint="basic-2012", year=2025
    )
    line = history_line(AuditEntry.objects.get(object_type="surveys.Survey"))
    assert (str(line.subject), str(line.action)) == ("满意度调查", "新建调查")
    assert survey.pk is not None


def test_a_job_entry_reads_in_words_and_in_english(world):
    job = Job.objects.create(kind="ledger", county=world.county, started_by=world.county_admin)
    entry = audit_record(
        actor=world.county_admin, action="create", obj=job, before=None, after={"kind": "ledger"}
    )
    assert str(history_line(entry).subject) == "后台任务"
    with translation.override("en"):
        assert str(history_line(entry).subject) == "Background job"
        assert str(object_label("recognition.MockDraw")) == "Mock national inspection draw"


def test_a_model_without_a_label_reads_as_its_verbose_name_and_an_unknown_type_as_itself():
    assert "inspections.Finding" not in OBJECTS
    assert str(object_label("inspections.Finding")) == "走访发现"
    assert object_label("gone.Model") == "gone.Model"


@pytest.mark.parametrize("label", sorted(OBJECTS))
def test_every_label_names_an_existing_model(label):
    from django.apps import apps

    assert apps.get_model(label) is not None


def test_no_internal_value_reaches_the_history_page(world):
    """A status, an indicator or a standard is recorded by its key and read in words, in the
    page's language: a suggestion's status by its model's choices, not 「proposed → dismissed」."""
    from junheng.bulletins.models import Bulletin
    from junheng.rectification.models import Problem

    bulletin = Bulletin.objects.create(
        county=world.county, title="第一期", created_by=world.county_admin
    )
    published = audit_record(
        actor=world.county_admin,
        action="publish",
        obj=bulletin,
        before={"status": "draft"},
        after={"status": "published"},
    )
    problem = Problem.objects.create(
        county=world.county,
        township=world.school.township,
        school=world.school,
        source="county",
        description="功能室不足",
        created_by=world.county_admin,
    )
    indicator = audit_record(
        actor=world.county_admin,
        action="change",
        obj=problem,
        before={"indicator_key": "", "standard": ""},
        after={"indicator_key": "teaching_room_area_per_student", "standard": "quality-2017"},
    )
    [status] = history_line(published).changes
    assert (status.before, status.after) == ("草稿", "已发布")
    shown = {str(c.label): c.after for c in history_line(indicator).changes}
    assert "生均教学及辅助用房面积" in shown.values()
    assert "县域义务教育优质均衡发展督导评估" in "".join(shown.values())
    with translation.override("en"):
        [status] = history_line(published).changes
        assert (status.before, status.after) == ("Draft", "Published")
        after = "".join(c.after for c in history_line(indicator).changes)
        assert "teaching_room_area_per_student" not in after and "quality-2017" not in after
        assert "Standard" in {str(c.label) for c in history_line(indicator).changes}
