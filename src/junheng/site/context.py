"""Template context every page needs: whether this is the demo, and the countdown to the
inspection of the county the user acts in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from junheng.collection.selectors import acting_county


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    county = acting_county(user=user) if user is not None and user.is_authenticated else None
    days_left = None
    if county is not None and county.inspection_date:
        days_left = (county.inspection_date - timezone.localdate()).days
    return {"demo_mode": settings.DEMO, "inspection_days_left": days_left}
