"""Who may do what: the roles, their actions, and which rows each user's scope reaches.

This module is the one home of access rules (docs/architecture.md, "Who may do what"). Rows
are scoped by `Model.objects.restrict(user, action)`; one object is asked about with
`may(user, action, obj)`. A view never checks a role itself, and a service asks the same
questions here, so the page, the import, the API and a management command obey one rule.

A user acts for one part of the organisation: a county admin for the county, a township
officer for the township, a principal for the school, an inspector (or assigned cadre, 包校干部)
for the schools assigned to them. Each model says in `scope` how its rows reach a county, a
township and a school (ORM lookups), and may name in `scope["person"]` the field of the person
named on a row (a problem's responsible person), who sees that row and moves it forward.
"""

from __future__ import annotations

from typing import Any

from django.db import models

# --- roles -------------------------------------------------------------------------------------

COUNTY_ADMIN = "county_admin"
TOWNSHIP_OFFICER = "township_officer"
PRINCIPAL = "principal"
INSPECTOR = "inspector"

# --- actions -----------------------------------------------------------------------------------

VIEW = "view"
CHANGE = "change"  # enter or import a school's yearly data; work on evidence
SUBMIT = "submit"  # a school sends its data up
REVIEW = "review"  # a township passes or returns
APPROVE = "approve"  # the county approves, locks and unlocks; scores any checklist item
MANAGE = "manage"  # the registry, users, checklists, surveys, bulletins: running the county
EVALUATE = "evaluate"  # see the county's evaluation (CVs, verdict), not only one school's
ADVANCE = "advance"  # the responsible side moves a problem forward (start, submit proof)
VERIFY = "verify"  # the verifier closes or returns a problem
VISIT = "visit"  # record a visit (督导走访) to a school of the scope
RECORD_TOWNSHIP = "record_township"  # record a problem of a whole township
SET_UP = "set_up"  # add a county to the installation: no role has it, only a superuser

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    COUNTY_ADMIN: frozenset(
        {
            VIEW,
            CHANGE,
            SUBMIT,
            REVIEW,
            APPROVE,
            MANAGE,
            EVALUATE,
            VERIFY,
            VISIT,
            RECORD_TOWNSHIP,
        }
    ),
    TOWNSHIP_OFFICER: frozenset(
        {VIEW, CHANGE, SUBMIT, REVIEW, EVALUATE, ADVANCE, VISIT, RECORD_TOWNSHIP}
    ),
    PRINCIPAL: frozenset({VIEW, CHANGE, SUBMIT, ADVANCE}),
    INSPECTOR: frozenset({VIEW, EVALUATE, VERIFY, VISIT}),
}

# What the person named on a row (`scope["person"]`) may do to that row, whatever their role.
PERSON_ACTIONS = frozenset({VIEW, ADVANCE})

# --- duties: who may be named for work on an object -------------------------------------------

RESPONSIBLE = "responsible"  # a problem's responsible person, a checklist item's assignee
VERIFIER = "verifier"  # who checks a problem's rectification
CADRE = "cadre"  # who may be assigned schools (包校)

DUTY_ROLES: dict[str, frozenset[str]] = {
    RESPONSIBLE: frozenset({PRINCIPAL, TOWNSHIP_OFFICER, COUNTY_ADMIN}),
    VERIFIER: frozenset({COUNTY_ADMIN, INSPECTOR}),
    CADRE: frozenset({INSPECTOR, COUNTY_ADMIN}),
}

# --- problem sources each role records under (rectification.choices.Source values) -----------

PROBLEM_SOURCES: dict[str, frozenset[str]] = {
    PRINCIPAL: frozenset({"self"}),
    TOWNSHIP_OFFICER: frozenset({"self", "township"}),
    INSPECTOR: frozenset({"county"}),
    COUNTY_ADMIN: frozenset({"self", "township", "county", "city", "province", "national"}),
}


def is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can(user: Any, action: str) -> bool:
    """Whether the user's role allows the action at all (rows are checked by `restrict`)."""
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    return action in ROLE_ACTIONS.get(getattr(user, "role", ""), frozenset())


def role_of(user: Any) -> str:
    """The user's role; "" for anonymous users and superusers (who are not scoped)."""
    if not is_active_user(user) or user.is_superuser:
        return ""
    return getattr(user, "role", "") or ""


def scope_condition(user: Any, scope: dict[str, str]) -> models.Q | None:
    """The rows of a model with this `scope` that the user's own scope reaches; None: none."""
    role = getattr(user, "role", "")
    if role == COUNTY_ADMIN and user.county_id is not None:
        return models.Q(**{scope["county"]: user.county_id})
    if role == TOWNSHIP_OFFICER and user.township_id is not None:
        return models.Q(**{scope["township"]: user.township_id})
    if role == PRINCIPAL and user.school_id is not None:
        return models.Q(**{scope["school"]: user.school_id})
    if role == INSPECTOR:
        return models.Q(**{f"{scope['school']}__in": user.assigned_schools.values("pk")})
    return None


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows which rows a user may see or act on."""

    def restrict(self, user: Any, action: str = VIEW) -> RestrictedQuerySet:
        if not is_active_user(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        scope: dict[str, str] = self.model.scope
        condition = scope_condition(user, scope) if can(user, action) else None
        person = scope.get("person")
        if person and action in PERSON_ACTIONS:
            own = models.Q(**{person: user.pk})
            condition = own if condition is None else condition | own
        if condition is None:
            return self.none()
        return self.filter(condition).distinct()


def restrict(model_or_queryset: Any, user: Any, action: str = VIEW) -> RestrictedQuerySet:
    """The rows of a model (or of a queryset of it) the user may act on."""
    queryset = getattr(model_or_queryset, "_default_manager", model_or_queryset)
    if isinstance(queryset, models.Manager):
        queryset = queryset.all()
    return queryset.restrict(user, action)


def may(user: Any, action: str, obj: Any) -> bool:
    """Whether the user may do the action to this one object."""
    if obj is None or obj.pk is None:
        return False
    return restrict(type(obj), user, action).filter(pk=obj.pk).exists()


def problem_sources(user: Any) -> frozenset[str]:
    """The sources (rectification.choices.Source values) the user records problems under."""
    if not is_active_user(user):
        return frozenset()
    if user.is_superuser:
        return PROBLEM_SOURCES[COUNTY_ADMIN]
    return PROBLEM_SOURCES.get(getattr(user, "role", ""), frozenset())


# --- the kind of each role's scope (what a page says its figures cover) ----------------------

SCOPE_KINDS: dict[str, str] = {
    COUNTY_ADMIN: "county",
    TOWNSHIP_OFFICER: "township",
    PRINCIPAL: "school",
    INSPECTOR: "assigned",  # the schools assigned to them
}


def scope_kind(user: Any) -> str:
    """What the user's own scope is: "county", "township", "school" or "assigned"; a
    superuser's is the county (they see everything), nobody else's "" (anonymous, no role)."""
    if not is_active_user(user):
        return ""
    if user.is_superuser:
        return SCOPE_KINDS[COUNTY_ADMIN]
    return SCOPE_KINDS.get(getattr(user, "role", ""), "")
