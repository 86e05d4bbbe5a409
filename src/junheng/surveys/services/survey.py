"""Writes of the survey itself: create it from a starting questionnaire, copy it, change its
settings and scale, choose its schools, open, close and delete it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation

from junheng.access import MANAGE, may
from junheng.checklists.autoscoring import satisfaction_rescore_on_commit
from junheng.registry.models import County, School
from junheng.surveys import blueprints, rates
from junheng.surveys.choices import SurveyStatus
from junheng.surveys.models import Question, Questionnaire, Quota, RespondentGroup, Survey
from junheng.surveys.selectors.design import open_problems
from junheng.surveys.services.changes import (
    audit_change,
    ensure_draft,
    lock_managed,
    plain,
    snapshot,
)
from junheng.surveys.services.errors import NotAllowed, StructureLocked, SurveyError

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


@transaction.atomic
def survey_create(
    *, actor: Any, county: County, blueprint: str, year: int, title: str = ""
) -> Survey:
    """A new draft survey with the structure and settings of a starting questionnaire."""
    if not may(actor, MANAGE, county):
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
    audit_change(
        actor, "survey.create", survey, None, snapshot(survey, SETTINGS_FIELDS), comment=blueprint
    )
    return survey


def _int(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


@transaction.atomic
def survey_copy(*, actor: Any, survey: Survey, title: str, year: int) -> Survey:
    """A new draft with the survey's settings, structure, schools and quotas (no tokens, no
    responses, no open links)."""
    source = lock_managed(actor, survey)
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
    audit_change(
        actor, "survey.copy", copy, None, snapshot(copy, SETTINGS_FIELDS), comment=f"#{source.pk}"
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
    survey = lock_managed(actor, survey)
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise SurveyError(f"不能修改：{'、'.join(sorted(unknown))}", f"not a setting: {unknown}")
    fields = [name for name in SETTINGS_FIELDS if name in changes]
    before = snapshot(survey, fields)
    for name in fields:
        setattr(survey, name, changes[name])
    if scale is not None and list(scale) != survey.scale:
        ensure_draft(survey)
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
        name: survey.scale if name == "scale" else plain(getattr(survey, name)) for name in fields
    }
    if after == before:
        return survey
    survey.save()
    audit_change(actor, "survey.change", survey, before, after)
    satisfaction_rescore_on_commit(actor=actor, county=survey.county, year=survey.year)
    return survey


@transaction.atomic
def survey_set_schools(*, actor: Any, survey: Survey, schools: Iterable[School]) -> Survey:
    """The schools the survey covers: any of the county's while a draft; once open, schools
    can be added, not removed (their tokens and responses stay meaningful)."""
    survey = lock_managed(actor, survey)
    chosen = {school.pk for school in schools}
    in_county = set(
        School.objects.filter(county=survey.county, pk__in=chosen).values_list("pk", flat=True)
    )
    if chosen - in_county:
        raise NotAllowed("只能选择本县的学校", "only the county's schools can be covered")
    # The survey is of compulsory education (docs/standards.md §2, §4): no kindergarten or
    # senior high school is covered, so none gets a quota or tokens either.
    compulsory = set(School.objects.filter(pk__in=chosen).compulsory().values_list("pk", flat=True))
    if chosen - compulsory:
        raise SurveyError(
            "满意度调查只覆盖义务教育学校，幼儿园和高级中学不能选为调查学校",
            "a survey covers compulsory schools only, not kindergartens or senior high schools",
        )
    current = set(survey.schools.values_list("pk", flat=True))
    if not survey.is_draft and current - chosen:
        raise StructureLocked(
            "调查已开始，只能增加学校，不能移除", "the survey has opened: schools can only be added"
        )
    if chosen == current:
        return survey
    survey.schools.set(chosen)
    audit_change(
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
    survey = lock_managed(actor, survey)
    if survey.status == SurveyStatus.OPEN:
        return survey
    with translation.override("zh-hans"):
        problems = open_problems(survey)
    if problems:
        with translation.override("en"):
            problems_en = open_problems(survey)
        raise SurveyError("；".join(problems), "; ".join(problems_en))
    before = {"status": survey.status}
    survey.status = SurveyStatus.OPEN
    survey.save(update_fields=["status", "updated_at"])
    audit_change(actor, "survey.open", survey, before, {"status": survey.status})
    satisfaction_rescore_on_commit(actor=actor, county=survey.county, year=survey.year)
    return survey


@transaction.atomic
def survey_close(*, actor: Any, survey: Survey) -> Survey:
    survey = lock_managed(actor, survey)
    if survey.status != SurveyStatus.OPEN:
        raise SurveyError("调查未在进行中", "the survey is not open")
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    audit_change(
        actor, "survey.close", survey, {"status": SurveyStatus.OPEN}, {"status": survey.status}
    )
    satisfaction_rescore_on_commit(actor=actor, county=survey.county, year=survey.year)
    return survey


@transaction.atomic
def survey_delete(*, actor: Any, survey: Survey) -> None:
    """Delete a survey nobody has answered yet (its tokens go with it)."""
    survey = lock_managed(actor, survey)
    if survey.responses.exists():
        raise NotAllowed("已有答卷的调查不能删除", "a survey with responses cannot be deleted")
    audit_change(
        actor, "survey.delete", survey, snapshot(survey, ("title", "year", "status")), None
    )
    survey.tokens.all().delete()
    survey.batches.all().delete()
    survey.quotas.all().delete()
    survey.groups.all().delete()
    Question.objects.filter(questionnaire__survey=survey).delete()
    survey.questionnaires.all().delete()
    survey.delete()
