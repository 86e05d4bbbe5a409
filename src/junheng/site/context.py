"""Template context every page needs: the user's scope and the county's countdown."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    county = getattr(user, "county", None) if user and user.is_authenticated else None
    days_left = None
    if county is not None and county.inspection_date:
        days_left = (county.inspection_date - timezone.localdate()).days
    return {"demo_mode": settings.DEMO, "user_county": county, "inspection_days_left": days_left}
