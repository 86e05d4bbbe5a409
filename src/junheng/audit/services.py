"""Writing the audit trail: every service that changes data calls `audit_record`."""

from __future__ import annotations

from typing import Any

from junheng.audit.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    school: Any = None,
    township: Any = None,
    county: Any = None,
    year: int | None = None,
    comment: str = "",
) -> AuditEntry:
    """Append one entry; call inside the transaction of the change it records."""
    if school is not None:
        township = township or school.township
        county = county or school.county
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        county=county,
        township=township,
        school=school,
        year=year,
        before=before,
        after=after,
        comment=comment,
    )


def audit_change(
    *,
    actor: Any,
    obj: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    **where: Any,
) -> AuditEntry | None:
    """Record what an edit changed: only the keys whose value differs, before and after
    (a creation when there was no before); nothing when nothing changed. `where` takes
    `audit_record`'s school, township, county, year and comment."""
    if before == after:
        return None
    if before is None:
        return audit_record(
            actor=actor, action="create", obj=obj, before=None, after=after, **where
        )
    return audit_record(
        actor=actor,
        action="change",
        obj=obj,
        before={k: v for k, v in before.items() if after.get(k) != v},
        after={k: v for k, v in after.items() if before.get(k) != v},
        **where,
    )
