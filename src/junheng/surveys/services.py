"""Every write of the surveys: define, copy, open and close a survey; set its schools, quotas
and structure; issue and void tokens; switch open links; store an anonymous response.

Each function is one transaction. The bureau's changes are audited inside it. A response is
not: an audit entry carries the time to the second and the response's key, which together
with a web server's log could tie an answer to an address — the response keeps only its day.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Model
from django.utils import timezone

from junheng.audit.services import audit_record
from junheng.registry.models import County, School
from junheng.registry.scoping import MANAGE
from junheng.surveys import blueprints, rates
from junheng.surveys.choices import Channel, QuestionKind, SurveyStatus
from junheng.surveys.models import (
    Answer,
    Question,
    Questionnaire,
    Quota,
    RespondentGroup,
    Response,
    Survey,
    Token,
    TokenBatch,
)

# 18 random bytes = 144 bits, 24 URL-safe characters: short enough for a dense QR code
TOKEN_BYTES = 18
OPEN_SLUG_BYTES = 12
MAX_TOKENS_PER_ISSUE = 5000
MAX_TEXT_ANSWER = 1000
LOCK_RETRY_SECONDS = 10.0


class SurveyError(Exception):
    """A refused action, with a message in Chinese and English."""

    def __init__(self, zh: str, en: str = "") -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en or zh


class NotAllowed(SurveyError):
    """The user may not do this to this survey."""


class StructureLocked(SurveyError):
    """The survey has opened: its questionnaires, questions, groups and scale are fixed."""


class TokenUnusable(SurveyError):
    """The token is unknown, used or voided."""


class NotAccepting(SurveyError):
    """The survey does not take answers now (not open, or outside its period)."""


class InvalidAnswers(SurveyError):
    """Answers that break the questionnaire's rules; `problems` maps question pk to why."""

    def __init__(self, problems: dict[int, str]) -> None:
        super().__init__("有题目未按要求作答", "some questions are not answered as required")
        self.problems = problems


# helpers ------------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "title",
    "year",
    "standard",
    "opens_on",
    "closes_on",
    "intro",
    "rate_formula",
    "partial_weight",
    "target_rate",
    "population",
    "sample_per_mille",
    "sample_minimum",
    "sample_minimum_below",
    "parents_min_share",
    "valid_return_min_share",
)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value)
    return value


def _snapshot(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _audit(
    actor: Any,
    action: str,
    survey: Survey,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    obj: Model | None = None,
    comment: str = "",
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj or survey,
        before=before,
        after=after,
        county=survey.county,
        year=survey.year,
        comment=comment,
    )


def _managed(actor: Any, survey: Survey) -> Survey:
    """The survey locked for the change, or NotAllowed."""
    locked = Survey.objects.select_for_update().filter(pk=survey.pk).first()
    if locked is None or not Survey.objects.restrict(actor, MANAGE).filter(pk=survey.pk).exists():
        raise NotAllowed(
            "只有本县教育局管理员可以管理调查", "only the county's admins manage surveys"
        )
    return locked


def _ensure_draft(survey: Survey) -> None:
    if not survey.is_draft:
        raise StructureLocked(
            "调查已开始，问卷、题目、调查对象和量表不能再修改；如需修改请复制为新调查",
            "the survey has opened: its structure is fixed; copy it to change the structure",
        )


def token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256 (a token has 144 random bits, so a fast hash
    suffices — nobody can search that space)."""
    return hashlib.sha256(token.encode("ascii", errors="replace")).hexdigest()


# surveys ------------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *, actor: Any, county: County, blueprint: str, year: int, title: str = ""
) -> Survey:
    """A new draft survey with the structure and settings of a starting questionnaire."""
    if not County.objects.restrict(actor, MANAGE).filter(pk=county.pk).exists():
        raise NotAllowed(
            "只有本县教育局管理员可以新建调查", "only the county's admins create surveys"
        )
    try:
        spec = blueprints.load(blueprint)
    except blueprints.BlueprintError as error:
        raise SurveyError("；".join(error.problems), str(error)) from error
    sample = spec.sample
    survey = Survey.objects.create(
        county=county,
        title=title.strip() or spec.title,
        year=year,
        standard=spec.standard,
        intro=spec.intro,
        scale=[dict(option) for option in spec.scale],
        rate_formula=spec.rate_formula,
        partial_weight=spec.partial_weight,
        target_rate=spec.target,
        sample_per_mille=sample.get("per_mille"),
        sample_minimum=_int(sample.get("minimum")),
        sample_minimum_below=_int(sample.get("minimum_below_population")),
        parents_min_share=sample.get("parents_min_share"),
        valid_return_min_share=sample.get("valid_return_min_share"),
        blueprint=spec.key,
        created_by=actor,
    )
    questionnaires = {}
    for order, q in enumerate(spec.questionnaires, start=1):
        questionnaires[q.name] = Questionnaire.objects.create(
            survey=survey, name=q.name, intro=q.intro, order=order
        )
        Question.objects.bulk_create(
            Question(
                questionnaire=questionnaires[q.name],
                order=number,
                kind=item.kind,
                text=item.text,
                options=list(item.options),
                required=item.required,
            )
            for number, item in enumerate(q.questions, start=1)
        )
    RespondentGroup.objects.bulk_create(
        RespondentGroup(
            survey=survey,
            name=g.name,
            kind=g.kind,
            questionnaire=questionnaires[g.questionnaire],
            order=order,
        )
        for order, g in enumerate(spec.groups, start=1)
    )
    _audit(
        actor, "survey.create", survey, None, _snapshot(survey, SETTINGS_FIELDS), comment=blueprint
    )
    return survey


def _int(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


@transaction.atomic
def survey_copy(*, actor: Any, survey: Survey, title: str, year: int) -> Survey:
    """A new draft with the survey's settings, structure, schools and quotas (no tokens, no
    responses, no open links)."""
    source = _managed(actor, survey)
    copy = Survey.objects.get(pk=source.pk)
    copy.pk = None
    copy._state.adding = True
    copy.title = title.strip() or f"{source.title}（副本）"
    copy.year = year
    copy.status = SurveyStatus.DRAFT
    copy.created_by = actor
    copy.save()
    copy.schools.set(source.schools.all())
    questionnaires = {}
    for q in source.questionnaires.prefetch_related("questions"):
        questionnaires[q.pk] = Questionnaire.objects.create(
            survey=copy, name=q.name, intro=q.intro, order=q.order
        )
        Question.objects.bulk_create(
            Question(
                questionnaire=questionnaires[q.pk],
                order=item.order,
                kind=item.kind,
                text=item.text,
                options=item.options,
                required=item.required,
            )
            for item in q.questions.all()
        )
    groups = {}
    for g in source.groups.all():
        groups[g.pk] = RespondentGroup.objects.create(
            survey=copy,
            name=g.name,
            kind=g.kind,
            questionnaire=questionnaires[g.questionnaire_id],
            order=g.order,
        )
    Quota.objects.bulk_create(
        Quota(
            survey=copy,
            group=groups[quota.group_id],
            school_id=quota.school_id,
            target=quota.target,
        )
        for quota in source.quotas.all()
    )
    _audit(
        actor, "survey.copy", copy, None, _snapshot(copy, SETTINGS_FIELDS), comment=f"#{source.pk}"
    )
    return copy


@transaction.atomic
def survey_update(
    *,
    actor: Any,
    survey: Survey,
    changes: Mapping[str, Any],
    scale: Sequence[Mapping[str, str]] | None = None,
) -> Survey:
    """Change the survey's settings (any time: the rate is recomputed with the new formula,
    and the change is audited) and, while it is a draft, its scale."""
    survey = _managed(actor, survey)
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise SurveyError(f"不能修改：{'、'.join(sorted(unknown))}", f"not a setting: {unknown}")
    fields = [name for name in SETTINGS_FIELDS if name in changes]
    before = _snapshot(survey, fields)
    for name in fields:
        setattr(survey, name, changes[name])
    if scale is not None and list(scale) != survey.scale:
        _ensure_draft(survey)
        problems = rates.check_scale(scale)
        if problems:
            raise SurveyError("；".join(problems), "the scale is invalid")
        before["scale"] = survey.scale
        survey.scale = [{"label": o["label"].strip(), "kind": o["kind"]} for o in scale]
        fields.append("scale")
    if not survey.title.strip():
        raise SurveyError("调查名称不能为空", "the title is required")
    if survey.opens_on and survey.closes_on and survey.closes_on < survey.opens_on:
        raise SurveyError("截止日期不能早于开始日期", "the survey cannot close before it opens")
    if not 0 <= Decimal(survey.partial_weight) <= 1:
        raise SurveyError("「基本满意」权重应在 0 到 1 之间", "the weight must lie in [0, 1]")
    if not 0 < Decimal(survey.target_rate) <= 1:
        raise SurveyError("达标线应在 0 到 100% 之间", "the target must lie in (0, 1]")
    after = {
        name: survey.scale if name == "scale" else _plain(getattr(survey, name)) for name in fields
    }
    if after == before:
        return survey
    survey.save()
    _audit(actor, "survey.change", survey, before, after)
    return survey


@transaction.atomic
def survey_set_schools(*, actor: Any, survey: Survey, schools: Iterable[School]) -> Survey:
    """The schools the survey covers: any of the county's while a draft; once open, schools
    can be added, not removed (their tokens and responses stay meaningful)."""
    survey = _managed(actor, survey)
    chosen = {school.pk for school in schools}
    in_county = set(
        School.objects.filter(county=survey.county, pk__in=chosen).values_list("pk", flat=True)
    )
    if chosen - in_county:
        raise NotAllowed("只能选择本县的学校", "only the county's schools can be covered")
    current = set(survey.schools.values_list("pk", flat=True))
    if not survey.is_draft and current - chosen:
        raise StructureLocked(
            "调查已开始，只能增加学校，不能移除", "the survey has opened: schools can only be added"
        )
    if chosen == current:
        return survey
    survey.schools.set(chosen)
    _audit(
        actor,
        "survey.schools",
        survey,
        {"schools": sorted(current)},
        {"schools": sorted(chosen)},
    )
    return survey


@transaction.atomic
def survey_open(*, actor: Any, survey: Survey) -> Survey:
    """Start taking answers (from a draft, or again after closing). The structure must be
    complete: groups, each with a questionnaire that has questions, schools for the groups
    surveyed per school."""
    survey = _managed(actor, survey)
    if survey.status == SurveyStatus.OPEN:
        return survey
    problems = open_problems(survey)
    if problems:
        raise SurveyError("；".join(problems), "the survey is not complete")
    before = {"status": survey.status}
    survey.status = SurveyStatus.OPEN
    survey.save(update_fields=["status", "updated_at"])
    _audit(actor, "survey.open", survey, before, {"status": survey.status})
    return survey


def open_problems(survey: Survey) -> list[str]:
    """What keeps the survey from opening, in Chinese; empty when it can open."""
    problems = list(rates.check_scale(survey.scale))
    groups = list(survey.groups.select_related("questionnaire"))
    if not groups:
        problems.append("还没有调查对象")
    if not Question.objects.filter(questionnaire__survey=survey, kind=QuestionKind.SCALE).exists():
        problems.append("还没有满意度题")
    for group in groups:
        if not group.questionnaire.questions.exists():
            problems.append(f"「{group.name}」的问卷「{group.questionnaire.name}」没有题目")
    if any(g.per_school for g in groups) and not survey.schools.exists():
        problems.append("还没有选择调查学校")
    return problems


@transaction.atomic
def survey_close(*, actor: Any, survey: Survey) -> Survey:
    survey = _managed(actor, survey)
    if survey.status != SurveyStatus.OPEN:
        raise SurveyError("调查未在进行中", "the survey is not open")
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    _audit(actor, "survey.close", survey, {"status": SurveyStatus.OPEN}, {"status": survey.status})
    return survey


@transaction.atomic
def survey_delete(*, actor: Any, survey: Survey) -> None:
    """Delete a survey nobody has answered yet (its tokens go with it)."""
    survey = _managed(actor, survey)
    if survey.responses.exists():
        raise NotAllowed("已有答卷的调查不能删除", "a survey with responses cannot be deleted")
    _audit(actor, "survey.delete", survey, _snapshot(survey, ("title", "year", "status")), None)
    survey.tokens.all().delete()
    survey.batches.all().delete()
    survey.quotas.all().delete()
    survey.groups.all().delete()
    Question.objects.filter(questionnaire__survey=survey).delete()
    survey.questionnaires.all().delete()
    survey.delete()


# structure ----------------------------------------------------------------------------------


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
        _audit(
            actor,
            f"survey.{part}",
            survey,
            None,
            {"created": created, "changed": changed, "deleted": deleted},
        )


@transaction.atomic
def questionnaires_save(*, actor: Any, survey: Survey, rows: Sequence[Row]) -> None:
    """Add, change and delete questionnaires (name, intro, order) of a draft."""
    survey = _managed(actor, survey)
    _ensure_draft(survey)
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
    survey = _managed(actor, survey)
    _ensure_draft(survey)
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
    survey = _managed(actor, survey)
    _ensure_draft(survey)
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


# quotas -------------------------------------------------------------------------------------


@transaction.atomic
def quotas_save(
    *, actor: Any, survey: Survey, targets: Mapping[tuple[int, int | None], int]
) -> None:
    """Set the sample of each (group, school) — school None for a county-wide group; a
    target of 0 removes the quota."""
    survey = _managed(actor, survey)
    groups = {g.pk: g for g in survey.groups.all()}
    covered = set(survey.schools.values_list("pk", flat=True))
    for (group_pk, school_pk), target in targets.items():
        group = groups.get(group_pk)
        if group is None:
            raise NotAllowed("调查对象不属于本调查", "the group belongs to another survey")
        if group.per_school and school_pk not in covered:
            raise SurveyError("只能为调查学校设定样本量", "quotas are set for covered schools only")
        if not group.per_school and school_pk is not None:
            raise SurveyError(
                f"「{group.name}」按全县调查，不分学校", f"{group.name} is surveyed county-wide"
            )
        if target < 0:
            raise SurveyError("样本量不能为负数", "a quota cannot be negative")
    existing = {(q.group_id, q.school_id): q for q in survey.quotas.all()}
    before = {f"{k[0]}/{k[1] or '-'}": q.target for k, q in existing.items()}
    for key, target in targets.items():
        quota = existing.get(key)
        if target == 0:
            if quota is not None:
                quota.delete()
                existing.pop(key)
        elif quota is None:
            existing[key] = Quota.objects.create(
                survey=survey, group_id=key[0], school_id=key[1], target=target
            )
        elif quota.target != target:
            quota.target = target
            quota.save(update_fields=["target"])
    after = {f"{k[0]}/{k[1] or '-'}": q.target for k, q in existing.items()}
    if after != before:
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        removed = {k: 0 for k in before if k not in after}
        _audit(
            actor,
            "survey.quotas",
            survey,
            {k: before.get(k, 0) for k in {**changed, **removed}},
            {**changed, **removed},
        )


# tokens and open links ----------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    """A token as issued: the only moment the token itself exists outside the QR code."""

    token: str
    group: RespondentGroup
    school: School | None


@transaction.atomic
def tokens_issue(
    *,
    actor: Any,
    survey: Survey,
    group: RespondentGroup,
    schools: Sequence[School],
    count: int,
) -> tuple[TokenBatch, list[IssuedToken]]:
    """`count` one-time tokens for the group at each school (once for a county-wide group).
    Only their digests are stored: print them now, they cannot be shown again."""
    survey = _managed(actor, survey)
    if survey.status == SurveyStatus.CLOSED:
        raise SurveyError("调查已结束，不能再发放", "the survey is closed")
    if group.survey_id != survey.pk:
        raise NotAllowed("调查对象不属于本调查", "the group belongs to another survey")
    if group.per_school:
        if not schools:
            raise SurveyError("请选择学校", "choose the schools")
        covered = set(survey.schools.values_list("pk", flat=True))
        if any(school.pk not in covered for school in schools):
            raise SurveyError("只能为调查学校发放", "tokens are issued for covered schools only")
        places: list[School | None] = list(schools)
    else:
        places = [None]
    total = count * len(places)
    if count < 1 or total > MAX_TOKENS_PER_ISSUE:
        raise SurveyError(
            f"每次发放 1 至 {MAX_TOKENS_PER_ISSUE} 个", f"issue 1 to {MAX_TOKENS_PER_ISSUE} at once"
        )
    batch = TokenBatch.objects.create(survey=survey, created_by=actor, size=total)
    issued = []
    for school in places:
        for _ in range(count):
            issued.append(IssuedToken(secrets.token_urlsafe(TOKEN_BYTES), group, school))
    Token.objects.bulk_create(
        Token(
            survey=survey,
            batch=batch,
            group=group,
            school=t.school,
            digest=token_digest(t.token),
        )
        for t in issued
    )
    _audit(
        actor,
        "survey.tokens",
        survey,
        None,
        {"group": group.name, "schools": [s.code for s in places if s], "count": total},
        obj=batch,
    )
    return batch, issued


@transaction.atomic
def token_batch_void(*, actor: Any, survey: Survey, batch: TokenBatch) -> int:
    """Void a batch's unused tokens (a lost or misprinted sheet); returns how many."""
    survey = _managed(actor, survey)
    if batch.survey_id != survey.pk:
        raise NotAllowed("该批次不属于本调查", "the batch belongs to another survey")
    batch = TokenBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.voided_at is not None:
        return 0
    voided = batch.tokens.filter(used=False, voided=False).update(voided=True)
    batch.voided_at = timezone.now()
    batch.save(update_fields=["voided_at"])
    _audit(actor, "survey.void", survey, None, {"voided": voided}, obj=batch)
    return voided


@transaction.atomic
def open_link_set(*, actor: Any, group: RespondentGroup, enabled: bool) -> RespondentGroup:
    """Enable the group's open link (a new address each time) or disable it."""
    survey = _managed(actor, group.survey)
    group = RespondentGroup.objects.select_for_update().get(pk=group.pk, survey=survey)
    before = {"open_link": bool(group.open_slug)}
    if enabled == bool(group.open_slug):
        return group
    group.open_slug = secrets.token_urlsafe(OPEN_SLUG_BYTES) if enabled else None
    group.save(update_fields=["open_slug"])
    _audit(actor, "survey.open_link", survey, before, {"open_link": enabled}, obj=group)
    return group


# responses ----------------------------------------------------------------------------------


def response_submit_token(
    *, token: str, answers: Mapping[int, Any], today: date | None = None
) -> Response:
    """Store the answers sent with a one-time token, consuming the token in the same
    transaction: of two submissions racing with one token, exactly one is stored (the
    conditional UPDATE … WHERE used = false takes the row's lock; the loser finds it used)."""
    today = today or timezone.localdate()
    return _retrying_when_locked(lambda: _submit_token(token, answers, today))


def _submit_token(token: str, answers: Mapping[int, Any], today: date) -> Response:
    with transaction.atomic():
        row = (
            Token.objects.select_related("survey", "group", "school")
            .filter(digest=token_digest(token))
            .first()
        )
        if row is None or row.voided:
            raise TokenUnusable("链接无效或已作废", "the link is invalid or voided")
        if row.used:
            raise TokenUnusable("该二维码已使用过，每个二维码只能提交一次", "the link was used")
        survey = row.survey
        if not survey.accepting(today):
            raise NotAccepting("本次调查当前不在作答时间内", "the survey does not take answers now")
        cleaned = check_answers(survey=survey, group=row.group, answers=answers)
        taken = Token.objects.filter(pk=row.pk, used=False, voided=False).update(used=True)
        if taken != 1:
            raise TokenUnusable("该二维码已使用过，每个二维码只能提交一次", "the link was used")
        return _store(survey, row.group, row.school, Channel.TOKEN, cleaned, today)


def _retrying_when_locked(work: Callable[[], Response]) -> Response:
    """Run a whole transaction again when SQLite reports its database locked by another
    writer (a class sending its answers at once), for up to LOCK_RETRY_SECONDS. Nothing is
    retried inside an enclosing transaction, and PostgreSQL waits for row locks instead."""
    deadline = time.monotonic() + LOCK_RETRY_SECONDS
    delay = 0.02
    while True:
        try:
            return work()
        except OperationalError as error:
            if (
                "locked" not in str(error)
                or transaction.get_connection().in_atomic_block
                or time.monotonic() > deadline
            ):
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.25)


def response_submit_open(
    *, slug: str, school: School | None, answers: Mapping[int, Any], today: date | None = None
) -> Response:
    """Store answers sent through a group's open link (no protection against repeats)."""
    today = today or timezone.localdate()
    return _retrying_when_locked(lambda: _submit_open(slug, school, answers, today))


@transaction.atomic
def _submit_open(
    slug: str, school: School | None, answers: Mapping[int, Any], today: date
) -> Response:
    group = RespondentGroup.objects.select_related("survey").filter(open_slug=slug).first()
    if group is None:
        raise TokenUnusable("链接无效或已关闭", "the link is invalid or closed")
    survey = group.survey
    if not survey.accepting(today):
        raise NotAccepting("本次调查当前不在作答时间内", "the survey does not take answers now")
    if group.per_school:
        if school is None or not survey.schools.filter(pk=school.pk).exists():
            raise InvalidAnswers({0: "请选择学校"})
    else:
        school = None
    cleaned = check_answers(survey=survey, group=group, answers=answers)
    return _store(survey, group, school, Channel.OPEN, cleaned, today)


def check_answers(
    *, survey: Survey, group: RespondentGroup, answers: Mapping[int, Any]
) -> list[tuple[Question, Any]]:
    """The answers to the group's questionnaire, checked: each required question answered,
    each choice one of the question's, texts within the length. Other keys are ignored."""
    problems: dict[int, str] = {}
    cleaned: list[tuple[Question, Any]] = []
    for question in group.questionnaire.questions.all():
        value = answers.get(question.pk)
        empty = value is None or value == "" or value == []
        if empty:
            if question.required:
                problems[question.pk] = "请回答此题"
            continue
        size = len(question.choice_labels(survey))
        if question.kind in (QuestionKind.SCALE, QuestionKind.SINGLE):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < size:
                problems[question.pk] = "请从选项中选择一项"
                continue
        elif question.kind == QuestionKind.MULTIPLE:
            if (
                not isinstance(value, list | tuple)
                or any(not isinstance(v, int) or not 0 <= v < size for v in value)
                or len(set(value)) != len(value)
            ):
                problems[question.pk] = "请从选项中选择"
                continue
            value = sorted(value)
        else:
            value = str(value).strip()
            if len(value) > MAX_TEXT_ANSWER:
                problems[question.pk] = f"请不超过 {MAX_TEXT_ANSWER} 字"
                continue
            if not value:
                if question.required:
                    problems[question.pk] = "请回答此题"
                continue
        cleaned.append((question, value))
    if problems:
        raise InvalidAnswers(problems)
    return cleaned


def _store(
    survey: Survey,
    group: RespondentGroup,
    school: School | None,
    channel: str,
    cleaned: list[tuple[Question, Any]],
    today: date,
) -> Response:
    response = Response.objects.create(
        survey=survey, group=group, school=school, channel=channel, submitted_on=today
    )
    answers = []
    for question, value in cleaned:
        answer = Answer(response=response, question=question)
        if question.kind == QuestionKind.MULTIPLE:
            answer.choices = list(value)
        elif question.kind == QuestionKind.TEXT:
            answer.text = value
        else:
            answer.choice = value
        answers.append(answer)
    Answer.objects.bulk_create(answers)
    return response
