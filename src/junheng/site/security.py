"""Security headers Django does not set by itself: a Content-Security-Policy the pages satisfy,
and the same headers on the static files WhiteNoise serves."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping

from django.http import HttpRequest, HttpResponse

# Every script, style and font comes from the project itself; no inline script or style.
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"

# What every page carries: the two headers above (this module's middleware) and those set by
# Django's SecurityMiddleware (SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY,
# SECURE_CROSS_ORIGIN_OPENER_POLICY) and XFrameOptionsMiddleware (X_FRAME_OPTIONS), whose values
# the settings take from here.
REFERRER_POLICY = "same-origin"
CROSS_ORIGIN_OPENER_POLICY = "same-origin"
FRAME_OPTIONS = "DENY"
PAGE_HEADERS = {
    "Content-Security-Policy": POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": REFERRER_POLICY,
    "Cross-Origin-Opener-Policy": CROSS_ORIGIN_OPENER_POLICY,
    "X-Frame-Options": FRAME_OPTIONS,
}


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def static_file_headers(headers: MutableMapping[str, str], path: str, url: str) -> None:
    """WhiteNoise's WHITENOISE_ADD_HEADERS_FUNCTION: a static file carries the headers of a page
    (it is served before the middleware that sets them on pages runs, and may be served by
    WhiteNoise alone), so that an uploaded-looking script, SVG or HTML under /static/ can
    neither run in another page's frame nor be sniffed into something else."""
    for name, value in PAGE_HEADERS.items():
        headers[name] = value


class ChineseByDefaultMiddleware:
    """The UI speaks Simplified Chinese unless the user switched language (cookie): the
    browser's Accept-Language is not consulted, so an English-language browser in a county
    office still gets the Chinese pages its colleagues see."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
