"""Every answer under /api/ is JSON: an error Django answers itself there (a path no URL
matches, a body too large, a server error) gets the API's error body for its status instead
of Django's HTML page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from junheng.api.errors import NOT_FOUND, error_response

API_PREFIX = "/api/"

MESSAGES: dict[int, tuple[str, str]] = {
    400: ("请求有误", "bad request"),
    401: ("需要登录或提供令牌", "authentication is required"),
    403: ("无权执行此操作", "not allowed"),
    404: NOT_FOUND,
    405: ("不支持该请求方法", "method not allowed"),
    413: ("提交的内容过大", "the request body is too large"),
    429: ("请求过于频繁，请稍后再试", "too many requests: try again later"),
    500: ("服务器内部错误，已记录，请稍后再试", "internal server error (logged): try again later"),
}
GENERIC = ("请求未能完成", "the request could not be completed")


class JsonErrorsUnderApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            zh, en = MESSAGES.get(response.status_code, GENERIC)
            converted = error_response(response.status_code, zh, en)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    converted[header] = response[header]
            return converted
        return response
