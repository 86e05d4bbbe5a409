"""Writes of a draft's structure: its questionnaires, respondent groups and questions, each
saved as the rows of one form (add, change, delete) in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model

from junheng.surveys.choices import QuestionKind
from junheng.surveys.models import Question, Questionnaire, RespondentGroup, Survey
from junheng.surveys.services.changes import audit_change, ensure_draft, lock_managed
from junheng.surveys.services.errors import NotAllowed, SurveyError


@dataclass(frozen=True)
class Row:
    """One row of a structure form: `pk` None for a new row, `delete` to remove it."""

    pk: int | None
    values: dict[str, Any]
    delete: bool = False


def _save_rows(
    model: type[Model], existing: dict[int, Model], rows: Sequence[Row], **parent: Any
) -> tuple[int, int, int]:
    for row in rows:
        if row.pk is not None and row.pk not in existing:
            raise NotAllowed("该项不属于本调查", "the row does not belong to this survey")
    try:
        with transaction.atomic():
            return _write_rows(model, existing, rows, parent)
    except IntegrityError as error:  # e.g. two names swapped in one go
        raise SurveyError(
            "保存失败：名称重复，请分两次修改", "names collide; change them one at a time"
        ) from error


def _write_rows(
    model: type[Model], existing: dict[int, Model], rows: Sequence[Row], parent: dict[str, Any]
) -> tuple[int, int, int]:
    created = changed = deleted = 0
    for row in rows:  # deletions first, so that a name can move from a deleted row
        if row.pk is not None and row.delete:
            existing[row.pk].delete()
            deleted += 1
    for row in rows:
        if row.delete:
            continue
        if row.pk is None:
            model.objects.create(**parent, **row.values)
            created += 1
            continue
        obj = existing[row.pk]
        if any(getattr(obj, k) != v for k, v in row.values.items()):
            for key, value in row.values.items():
                setattr(obj, key, value)
            obj.save()
            changed += 1
    return created, changed, deleted


def _structure_audit(actor: Any, survey: Survey, part: str, counts: tuple[int, int, int]) -> None:
    if any(counts):
        created, changed, deleted = counts
        audit_change(
            actor,
            f"survey.{part}",
            survey,
            None,
            {"created": created, "changed": changed, "deleted": deleted},
        )


@transaction.atomic
def questionnaires_save(*, actor: Any, survey: Survey, rows: Sequence[Row]) -> None:
    """Add, change and delete questionnaires (name, intro, order) of a draft."""
    survey = lock_managed(actor, survey)
    ensure_draft(survey)
    existing = {q.pk: q for q in survey.questionnaires.all()}
    used = set(survey.groups.values_list("questionnaire_id", flat=True))
    for row in rows:
        if row.delete and row.pk in used:
            raise SurveyError(
                f"问卷「{existing[row.pk].name}」还有调查对象在使用，不能删除",
                "a questionnaire in use by a group cannot be deleted",
            )
    _unique(_final_names(existing, rows), "问卷名称")
    counts = _save_rows(Questionnaire, existing, rows, survey=survey)
    _structure_audit(actor, survey, "questionnaires", counts)


@transaction.atomic
def groups_save(*, actor: Any, survey: Survey, rows: Sequence[Row]) -> None:
    """Add, change and delete respondent groups (name, kind, questionnaire, order) of a draft."""
    survey = lock_managed(actor, survey)
    ensure_draft(survey)
    existing = {g.pk: g for g in survey.groups.all()}
    for row in rows:
        questionnaire = row.values.get("questionnaire")
        if not row.delete and (questionnaire is None or questionnaire.survey_id != survey.pk):
            raise NotAllowed("问卷不属于本调查", "the questionnaire belongs to another survey")
        if row.delete and row.pk in existing and existing[row.pk].tokens.exists():
            raise SurveyError(
                f"「{existing[row.pk].name}」已发放二维码，不能删除；可先作废对应批次",
                "a group with issued tokens cannot be deleted",
            )
    _unique(_final_names(existing, rows), "调查对象名称")
    counts = _save_rows(RespondentGroup, existing, rows, survey=survey)
    _structure_audit(actor, survey, "groups", counts)


@transaction.atomic
def questions_save(*, actor: Any, survey: Survey, rows: Sequence[Row]) -> None:
    """Add, change and delete questions (questionnaire, order, kind, text, options, required)
    of a draft. A choice question needs two options at least; others keep none."""
    survey = lock_managed(actor, survey)
    ensure_draft(survey)
    existing = {q.pk: q for q in Question.objects.filter(questionnaire__survey=survey)}
    for row in rows:
        if row.delete:
            continue
        values = row.values
        if values["questionnaire"].survey_id != survey.pk:
            raise NotAllowed("问卷不属于本调查", "the questionnaire belongs to another survey")
        if not values["text"].strip():
            raise SurveyError("题目文字不能为空", "a question needs its text")
        options = [o.strip() for o in values.get("options", []) if o.strip()]
        if values["kind"] in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            if len(options) < 2:
                raise SurveyError(
                    f"「{values['text']}」是选择题，至少需要两个选项",
                    "a choice question needs two options at least",
                )
            if len(set(options)) != len(options):
                raise SurveyError(f"「{values['text']}」的选项有重复", "repeated options")
        else:
            options = []
        values["options"] = options
    counts = _save_rows(Question, existing, rows)
    _structure_audit(actor, survey, "questions", counts)


def _final_names(existing: dict[int, Any], rows: Sequence[Row]) -> list[str]:
    """The names the rows would leave: untouched rows', changed rows' new ones, new rows'."""
    names = {pk: obj.name for pk, obj in existing.items()}
    for row in rows:
        if row.delete:
            names.pop(row.pk, None)
        elif row.pk is None:
            names[("new", id(row))] = row.values["name"]
        elif "name" in row.values:
            names[row.pk] = row.values["name"]
    return list(names.values())


def _unique(names: list[str], what: str) -> None:
    names = [n.strip() for n in names]
    if any(not n for n in names):
        raise SurveyError(f"{what}不能为空", "a name is required")
    if len(set(names)) != len(names):
        raise SurveyError(f"{what}不能重复", "names must be unique")
