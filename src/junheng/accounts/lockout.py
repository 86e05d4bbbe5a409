"""Failed logins and their lock-outs (django-axes), on the web login and the API token alike,
counted in the database every worker shares.

Two limits within the cool-off time (AXES_COOLOFF_TIME):
- one user name from one address: AXES_FAILURE_LIMIT failures (5) lock that name there;
- one address across all user names: LOGIN_ADDRESS_FAILURE_LIMIT failures (higher, since a
  school's or an office's computers share one address) lock the address, against password
  spraying over many names.

AXES_LOCKOUT_PARAMETERS names both counts, in that order; a successful login resets the
failures of its own name only, so that one known password cannot clear an address's count.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import QuerySet, Sum

# the width of django-axes' user name columns
RECORDED_NAME_LENGTH = 255


def recorded_username(request: Any, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the user name as tried, cut to what django-axes can record (the
    forms refuse longer names before authentication; this keeps any other caller safe)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        name = credentials.get(field)
    else:
        name = getattr(request, "data", request.POST).get(field)
    if isinstance(name, str):
        return name[:RECORDED_NAME_LENGTH]
    return name


def _failures(attempts: QuerySet) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit of its own for the address-wide count."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        per_name, per_address = self.get_user_attempts(request, credentials)
        failures = _failures(per_name)
        if _failures(per_address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            # the address is locked: as many failures as lock a name, whatever the name's own
            failures = max(failures, get_failure_limit(request, credentials))
        return failures

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        per_name = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_name.delete()
        return count
