"""延期申请: the responsible side asks for a later deadline with its reason; the county approves
(the problem's deadline becomes the new one) or refuses it, saying why.

Both steps are audited on the problem itself, so they show in the problem's history beside its
moves; the request keeps the deadline it asked to move, the new one and both texts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from junheng.audit.services import audit_record
from junheng.rectification.choices import ACTIVE, ExtensionStatus
from junheng.rectification.models import ExtensionRequest, Problem
from junheng.rectification.rules import (
    RectificationError,
    ensure_extension_decider,
    ensure_extension_requester,
)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@transaction.atomic
def extension_request(
    *, actor: Any, problem: Problem, new_deadline: dt.date, reason: str
) -> ExtensionRequest:
    """The responsible side (school, township or responsible person) asks to move the deadline
    of a problem it still owes work on to a later day, saying why; one request at a time."""
    problem = Problem.objects.select_for_update().select_related("county").get(pk=problem.pk)
    ensure_extension_requester(actor, problem)
    if problem.status not in ACTIVE:
        raise RectificationError(
            f"问题状态为「{problem.get_status_display()}」，不能申请延期",
            f"no extension while the problem is {problem.status}",
        )
    if problem.deadline is None:
        raise RectificationError(
            "该问题未定整改期限，无需申请延期", "the problem has no deadline to extend"
        )
    if new_deadline <= problem.deadline or new_deadline < timezone.localdate():
        raise RectificationError(
            "申请的期限须晚于原整改期限，且不早于今天",
            "the new deadline must be later than the present one and not before today",
        )
    if not reason.strip():
        raise RectificationError("请说明延期理由", "give the reason for the extension")
    if problem.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise RectificationError(
            "该问题已有待审批的延期申请", "an extension request is already waiting"
        )
    request = ExtensionRequest.objects.create(
        problem=problem,
        old_deadline=problem.deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action="extension_request",
        obj=problem,
        before={"deadline": _iso(problem.deadline)},
        after={"new_deadline": _iso(new_deadline), "reason": request.reason},
        school=problem.school,
        township=problem.township,
        county=problem.county,
        comment=request.reason,
    )
    return request


@transaction.atomic
def extension_decide(
    *, actor: Any, extension: ExtensionRequest, approve: bool, comment: str = ""
) -> ExtensionRequest:
    """The county approves a pending request (the problem's deadline becomes the new one) or
    refuses it with its reason."""
    extension = (
        ExtensionRequest.objects.select_for_update()
        .select_related("problem", "problem__county")
        .get(pk=extension.pk)
    )
    problem = Problem.objects.select_for_update().get(pk=extension.problem_id)
    ensure_extension_decider(actor, problem)
    if extension.status != ExtensionStatus.PENDING:
        raise RectificationError("该延期申请已审批", "the request was already decided")
    comment = comment.strip()
    if not approve and not comment:
        raise RectificationError("不批准时请说明理由", "say why the request is refused")
    if approve and problem.status not in ACTIVE:
        raise RectificationError(
            f"问题状态为「{problem.get_status_display()}」，无需延期",
            f"no extension while the problem is {problem.status}",
        )
    before_deadline = problem.deadline
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_at, extension.decided_by, extension.comment = timezone.now(), actor, comment
    extension.save(update_fields=["status", "decided_at", "decided_by", "comment"])
    if approve:
        problem.deadline = extension.new_deadline
        problem.save(update_fields=["deadline", "updated_at"])
    audit_record(
        actor=actor,
        action="extension_approve" if approve else "extension_refuse",
        obj=problem,
        before={"deadline": _iso(before_deadline)},
        after={"deadline": _iso(problem.deadline), "new_deadline": _iso(extension.new_deadline)},
        school=problem.school,
        township=problem.township,
        county=problem.county,
        comment=comment,
    )
    return extension
