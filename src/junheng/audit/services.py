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
