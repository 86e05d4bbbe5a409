"""Requests carrying a NUL character (0x00) are answered 400 with a message before any view
reads them. PostgreSQL can neither store nor compare text holding NUL, so such a value reaching
a query ends as a server error; no field, code or name of the app has a use for it.

Looked at: the path, the query string, cookies, header values, and the body when it is a form
(`application/x-www-form-urlencoded`; `multipart/form-data` fields and file names, not file
contents) or JSON (its decoded strings and keys). Bodies of other types are the view's."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse

from junheng.api.errors import error_response

NUL = "\x00"
API_PREFIX = "/api/"
MESSAGE = (
    "请求中含有空字符（NUL，0x00），无法处理：请检查{part}",
    "the request contains a NUL character (0x00) and cannot be processed: check the {part}",
)
PARTS = {
    "path": ("网址", "address"),
    "query": ("网址中的查询参数", "query string"),
    "cookie": ("Cookie", "cookies"),
    "header": ("请求头", "headers"),
    "body": ("提交的内容", "submitted data"),
}


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        part = part_with_nul(request)
        if part:
            return refusal(request, part)
        return self.get_response(request)


def part_with_nul(request: HttpRequest) -> str:
    """The part of the request holding a NUL character ("" when none does)."""
    if NUL in request.path_info or NUL in request.path:
        return "path"
    query = request.META.get("QUERY_STRING", "")
    if NUL in query or "%00" in query:
        return "query"
    if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
        return "cookie"
    if any(NUL in str(value) for key, value in request.META.items() if key.startswith("HTTP_")):
        return "header"
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and _body_has_nul(request):
        return "body"
    return ""


def _body_has_nul(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        body = request.body
        return b"\x00" in body or b"%00" in body
    if content_type == "multipart/form-data":
        if request.method != "POST":
            return False  # parsed by the API's own parsers, whose fields refuse control characters
        texts = [*request.POST.keys(), *(v for values in request.POST.lists() for v in values[1])]
        texts += [f.name or "" for files in request.FILES.lists() for f in files[1]]
        return any(NUL in text for text in texts)
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            document = json.loads(request.body)
        except ValueError:
            return False  # not JSON: the view's parser says so
        return any(NUL in text for text in _strings(document))
    return False


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def refusal(request: HttpRequest, part: str) -> HttpResponse:
    """400 naming the part: the API's JSON error body under /api/, plain text elsewhere."""
    where_zh, where_en = PARTS[part]
    zh, en = MESSAGE[0].format(part=where_zh), MESSAGE[1].format(part=where_en)
    if request.path.startswith(API_PREFIX):
        return error_response(400, zh, en)
    return HttpResponse(f"{zh}\n{en}\n", status=400, content_type="text/plain; charset=utf-8")
