"""Writes of the distribution: issue one-time tokens (printed once as QR codes; only their
digests are kept), void a batch's unused ones, switch a group's open link."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from junheng.registry.models import School
from junheng.surveys.choices import SurveyStatus
from junheng.surveys.digest import token_digest
from junheng.surveys.models import RespondentGroup, Survey, Token, TokenBatch
from junheng.surveys.services.changes import audit_change, lock_managed
from junheng.surveys.services.errors import NotAllowed, SurveyError

# 18 random bytes = 144 bits, 24 URL-safe characters: short enough for a dense QR code
TOKEN_BYTES = 18
OPEN_SLUG_BYTES = 12
MAX_TOKENS_PER_ISSUE = 5000


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
    survey = lock_managed(actor, survey)
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
    audit_change(
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
    survey = lock_managed(actor, survey)
    if batch.survey_id != survey.pk:
        raise NotAllowed("该批次不属于本调查", "the batch belongs to another survey")
    batch = TokenBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.voided_at is not None:
        return 0
    voided = batch.tokens.filter(used=False, voided=False).update(voided=True)
    batch.voided_at = timezone.now()
    batch.save(update_fields=["voided_at"])
    audit_change(actor, "survey.void", survey, None, {"voided": voided}, obj=batch)
    return voided


@transaction.atomic
def open_link_set(*, actor: Any, group: RespondentGroup, enabled: bool) -> RespondentGroup:
    """Enable the group's open link (a new address each time) or disable it."""
    survey = lock_managed(actor, group.survey)
    group = RespondentGroup.objects.select_for_update().get(pk=group.pk, survey=survey)
    before = {"open_link": bool(group.open_slug)}
    if enabled == bool(group.open_slug):
        return group
    group.open_slug = secrets.token_urlsafe(OPEN_SLUG_BYTES) if enabled else None
    group.save(update_fields=["open_slug"])
    audit_change(actor, "survey.open_link", survey, before, {"open_link": enabled}, obj=group)
    return group
