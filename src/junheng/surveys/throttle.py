"""Rate limits of the public form, per client address, counted in Django's cache: the count
never reaches the database, and the address enters the cache only as a keyed hash.

Buckets (hits per window, seconds), overridable by the setting `SURVEY_RATE_LIMITS`:

- submit: posts of a token form. Generous — a school's computer room answers from one
  address — since the token itself prevents repeats.
- open: posts through an open link, where nothing else prevents repeats.
- miss: requests with an unknown, used or voided token (someone trying tokens).

The cache must be shared by the app's processes for the limit to hold across them (the
default local-memory cache counts per process).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "submit": (300, 3600),
    "open": (30, 3600),
    "miss": (30, 3600),
}


def limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "SURVEY_RATE_LIMITS", {})}


def client_address(request: HttpRequest) -> str:
    """The client's address; behind N proxies (REST_FRAMEWORK's NUM_PROXIES, the setting the
    API's throttling trusts too) the N-th address from the right of X-Forwarded-For."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


def _key(request: HttpRequest, bucket: str, period: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"surveys:rate:{bucket}:{int(time.time() // period)}:{digest}"


def allow(request: HttpRequest, bucket: str) -> bool:
    """Count one hit of the address in the bucket; False once the window's limit is passed."""
    limit, period = limits()[bucket]
    key = _key(request, bucket, period)
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit


def blocked(request: HttpRequest, bucket: str) -> bool:
    """Whether the address has passed the bucket's limit, without counting a hit."""
    limit, period = limits()[bucket]
    return (cache.get(_key(request, bucket, period)) or 0) >= limit
