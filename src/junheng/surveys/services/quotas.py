"""Writes of the sample: each (group, school)'s quota."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from junheng.surveys.models import Quota, Survey
from junheng.surveys.services.changes import audit_change, lock_managed
from junheng.surveys.services.errors import NotAllowed, SurveyError


@transaction.atomic
def quotas_save(
    *, actor: Any, survey: Survey, targets: Mapping[tuple[int, int | None], int]
) -> None:
    """Set the sample of each (group, school) — school None for a county-wide group; a
    target of 0 removes the quota."""
    survey = lock_managed(actor, survey)
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
        audit_change(
            actor,
            "survey.quotas",
            survey,
            {k: before.get(k, 0) for k in {**changed, **removed}},
            {**changed, **removed},
        )
