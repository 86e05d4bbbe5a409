"""Row-level access, in one place: `Model.objects.restrict(user, action)`.

A county admin sees the county, a township officer the township, a principal the school, an
inspector the schools assigned to them. Each model says how its rows reach a county, a township
and a school through `scope` (ORM lookups); the roles' allowed actions are `ROLE_ACTIONS`.
"""

from __future__ import annotations

from typing import Any

from django.db import models

COUNTY_ADMIN = "county_admin"
TOWNSHIP_OFFICER = "township_officer"
PRINCIPAL = "principal"
INSPECTOR = "inspector"

VIEW = "view"
CHANGE = "change"  # enter or import a school's yearly data
SUBMIT = "submit"  # a school sends its data up
REVIEW = "review"  # a township passes or returns
APPROVE = "approve"  # the county approves, locks and unlocks
MANAGE = "manage"  # the registry and users

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    COUNTY_ADMIN: frozenset({VIEW, CHANGE, SUBMIT, REVIEW, APPROVE, MANAGE}),
    TOWNSHIP_OFFICER: frozenset({VIEW, CHANGE, SUBMIT, REVIEW}),
    PRINCIPAL: frozenset({VIEW, CHANGE, SUBMIT}),
    INSPECTOR: frozenset({VIEW}),
}


def can(user: Any, action: str) -> bool:
    """Whether the user's role allows the action at all (rows are checked by `restrict`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return action in ROLE_ACTIONS.get(getattr(user, "role", ""), frozenset())


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows which rows a user may see or act on."""

    def restrict(self, user: Any, action: str = VIEW) -> RestrictedQuerySet:
        if not can(user, action):
            return self.none()
        if user.is_superuser:
            return self
        scope: dict[str, str] = self.model.scope
        role = user.role
        if role == COUNTY_ADMIN:
            condition = models.Q(**{scope["county"]: user.county_id})
        elif role == TOWNSHIP_OFFICER:
            condition = models.Q(**{scope["township"]: user.township_id})
        elif role == PRINCIPAL:
            condition = models.Q(**{scope["school"]: user.school_id})
        elif role == INSPECTOR:
            assigned = user.assigned_schools.values("pk")
            condition = models.Q(**{f"{scope['school']}__in": assigned})
        else:
            return self.none()
        if None in _scope_ids(user, role):
            return self.none()
        return self.filter(condition).distinct()


def _scope_ids(user: Any, role: str) -> tuple[Any, ...]:
    if role == COUNTY_ADMIN:
        return (user.county_id,)
    if role == TOWNSHIP_OFFICER:
        return (user.township_id,)
    if role == PRINCIPAL:
        return (user.school_id,)
    return ()
