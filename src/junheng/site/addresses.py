"""The client's address, as every limit counted per address sees it (the login lock-out and
the API's throttles): behind N proxies (REST_FRAMEWORK's NUM_PROXIES, from
JUNHENG_NUM_PROXIES) the N-th address from the right of X-Forwarded-For, the one the nearest
trusted proxy saw; otherwise REMOTE_ADDR."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_address(request: Any) -> str:
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")
