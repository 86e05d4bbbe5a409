"""The frame of every change the bureau makes to a survey: the survey locked and the actor
checked (`lock_managed`, which asks the access policy), the draft-only check, and the audit
entry with the values before and after."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Model

from junheng.access import MANAGE, may
from junheng.audit.services import audit_record
from junheng.surveys.models import Survey
from junheng.surveys.services.errors import NotAllowed, StructureLocked


def plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value)
    return value


def snapshot(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: plain(getattr(obj, name)) for name in fields}


def audit_change(
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


def lock_managed(actor: Any, survey: Survey) -> Survey:
    """The survey locked for the change, or NotAllowed."""
    locked = Survey.objects.select_for_update().filter(pk=survey.pk).first()
    if locked is None or not may(actor, MANAGE, survey):
        raise NotAllowed(
            "只有本县教育局管理员可以管理调查", "only the county's admins manage surveys"
        )
    return locked


def ensure_draft(survey: Survey) -> None:
    if not survey.is_draft:
        raise StructureLocked(
            "调查已开始，问卷、题目、调查对象和量表不能再修改；如需修改请复制为新调查",
            "the survey has opened: its structure is fixed; copy it to change the structure",
        )
