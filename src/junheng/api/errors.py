"""The API's error bodies: `{"detail": ..., "errors": [{field, column, message_zh,
message_en}]}` for every refusal, whether the API's own (a shape check, a lookup outside the
user's scope), a service's (`junheng.refusals.Refusal`, a template rule) or Django REST
framework's (401, 403, 405, 429, bad JSON)."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils import translation
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler

from junheng.collection.validation import field_of
from junheng.evaluation import InputProblem
from junheng.evaluation.template import HEADERS

NOT_FOUND = ("不存在，或不在您的权限范围内", "not found, or outside your scope")
INVALID = "请求有误，请按 errors 中的提示修改"

# Messages of the API's own shape checks, by error code; the template's rules bring their own.
# {max_length}, {min_value}, {max_value} and {choices} come from the field that failed.
MESSAGES: dict[str, tuple[str, str]] = {
    "not_a_number": ("应为数字", "must be a number"),
    "not_a_whole_number": ("应为整数", "must be a whole number"),
    "not_text": ("应为文字", "must be text"),
    "too_long": ("不能超过 {max_length} 个字", "must be at most {max_length} characters"),
    "max_length": ("不能超过 {max_length} 个字", "must be at most {max_length} characters"),
    "unknown_field": ("不是学校基本情况表的字段", "is not a field of the school-data template"),
    "unknown_key": ("不是可接受的字段", "is not a field of this request"),
    "mismatch": ("与网址中的学校或年度不一致", "does not match the school or year of the URL"),
    "required": ("必须提供", "is required"),
    "null": ("不能为空", "must not be null"),
    "blank": ("不能为空", "must not be empty"),
    "invalid": ("格式不正确", "is not valid"),
    "invalid_choice": ("不是有效值，应为：{choices}", "is not valid; expected one of: {choices}"),
    "min_value": ("不能小于 {min_value}", "must be at least {min_value}"),
    "max_value": ("不能大于 {max_value}", "must be at most {max_value}"),
    "not_an_object": ("请求体应为 JSON 对象", "the body must be a JSON object"),
    "digits": ("应为 {digits} 位数字", "must be {digits} digits"),
    "control_characters": (
        "不能含有控制字符（换行、制表符等）",
        "must not contain control characters",
    ),
    "empty_string": (
        "不能为空字符串：空白请用 null",
        "must not be an empty string: send null for a blank cell",
    ),
    "version_required": (
        "修改已有记录时必须提供 version（读取时得到的版本号）",
        "version (as read) is required to change an existing record",
    ),
}


def error_item(field: str | None, zh: str, en: str, column: str | None = None) -> dict[str, Any]:
    """One entry of an error body's `errors`: the field (template key), its Chinese header."""
    if column is None and field is not None:
        column = HEADERS.get(field)
    return {"field": field, "column": column, "message_zh": zh, "message_en": en}


def shape_errors(serializer: serializers.Serializer) -> list[dict[str, Any]]:
    """A serializer's errors as error items with messages in both languages."""
    items = []
    for name, details in serializer.errors.items():
        field = serializer.fields.get(name)
        for detail in details if isinstance(details, list) else [details]:
            code = getattr(detail, "code", "invalid")
            if name == "non_field_errors" and code == "invalid":
                code = "not_an_object"
            zh, en = MESSAGES.get(code, (str(detail), str(detail)))
            params = _field_params(field)
            items.append(
                error_item(
                    None if name == "non_field_errors" else name,
                    zh.format(**params),
                    en.format(**params),
                )
            )
    return items


def _field_params(field: serializers.Field | None) -> dict[str, Any]:
    choices = getattr(field, "choices", None) or {}
    return {
        "max_length": getattr(field, "max_length", None),
        "min_value": getattr(field, "min_value", None),
        "max_value": getattr(field, "max_value", None),
        "digits": getattr(field, "digits", None),
        "choices": "、".join(str(c) for c in choices),
    }


def problem_item(problem: InputProblem, zh: str = "", en: str = "") -> dict[str, Any]:
    """A template problem as an error item; its column may be a Chinese header (form, sheet)
    or an English key (the evaluated rows)."""
    field = field_of(problem) or (problem.column if problem.column in HEADERS else None)
    column = HEADERS[field] if field else problem.column
    return error_item(field, zh or problem.zh, en or problem.en, column=column)


class Refused(APIException):
    """An error this API answers itself: a status and bilingual items."""

    def __init__(self, status_code: int, errors: list[dict[str, Any]], detail: str = "") -> None:
        self.status_code = status_code
        self.detail = {"detail": detail or errors[0]["message_zh"], "errors": errors}


def refused(status_code: int, zh: str, en: str, field: str | None = None) -> Refused:
    return Refused(status_code, [error_item(field, zh, en)])


def error_response(status_code: int, zh: str, en: str, field: str | None = None) -> JsonResponse:
    """An error body answered outside Django REST framework's views (middleware, URL misses)."""
    body = {"detail": zh, "errors": [error_item(field, zh, en)]}
    return JsonResponse(body, status=status_code, json_dumps_params={"ensure_ascii": False})


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Django REST framework's handler, with its own errors (401, 403, 405, 429, bad JSON…) given
    the `errors` items as well, from the exception's default message in both languages."""
    response = exception_handler(exc, context)
    if response is None or isinstance(exc, Refused) or not isinstance(exc, APIException):
        return response
    if isinstance(response.data, dict) and "detail" in response.data:
        with translation.override("zh-hans"):
            zh = str(exc.default_detail)
        with translation.override("en"):
            en = str(exc.default_detail)
        response.data = {"detail": response.data["detail"], "errors": [error_item(None, zh, en)]}
    return response


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="the template's English key, or null for the whole request"
    )
    column = serializers.CharField(allow_null=True, help_text="the template's Chinese header")
    message_zh = serializers.CharField()
    message_en = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """Every error response: `detail` as Django REST framework writes it, and the items."""

    detail = serializers.CharField()
    errors = ErrorItemSerializer(many=True, required=False)


# The error responses of the OpenAPI schema, by status: each endpoint names those it answers.
ERROR_DESCRIPTIONS = {
    400: "invalid request: a parameter or the body breaks its rules (the items say which), or "
    "the request holds a NUL character",
    401: "not authenticated: no token, a wrong token, or (token endpoint) a wrong user name or "
    "password",
    403: "not allowed",
    404: "not found, or outside the user's scope",
    409: "conflict",
    415: "the body's media type is not one the endpoint reads",
    429: "too many requests: throttled, or logins locked out",
}
# what every endpoint may answer: a NUL character anywhere, no or a wrong token, throttling
COMMON_ERRORS = (400, 401, 429)


def error_responses(*statuses: int, **described: str) -> dict[int, OpenApiResponse]:
    """The documented error responses: COMMON_ERRORS and `statuses`, each with the error body;
    `described` (as `e409="..."`) words a status for the endpoint."""
    codes = sorted({*COMMON_ERRORS, *statuses, *(int(k[1:]) for k in described)})
    return {
        code: OpenApiResponse(
            ErrorSerializer, description=described.get(f"e{code}", ERROR_DESCRIPTIONS[code])
        )
        for code in codes
    }
