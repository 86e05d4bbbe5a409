"""What the API's views share: its exception handler, reading the query and the body through
a serializer, and finding a school by code within the user's scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from junheng.access import VIEW, restrict
from junheng.api.errors import (
    INVALID,
    NOT_FOUND,
    Refused,
    api_exception_handler,
    refused,
    shape_errors,
)
from junheng.api.fields import DigitsField
from junheng.registry.models import School


class ApiView(APIView):
    def get_exception_handler(self) -> Callable[..., Response | None]:
        return api_exception_handler


class ApiListView(generics.ListAPIView):
    def get_exception_handler(self) -> Callable[..., Response | None]:
        return api_exception_handler


class SchoolLookupSerializer(serializers.Serializer):
    county = DigitsField(
        6,
        required=False,
        help_text="县代码: only needed when the same school code exists in two counties in scope",
    )


SCHOOL_CODE = {"type": "string", "pattern": "^[0-9]{10}$"}


def school_code_parameter(name: str) -> OpenApiParameter:
    """The school code in a path (a code of another shape finds nothing: 404)."""
    return OpenApiParameter(
        name, SCHOOL_CODE, OpenApiParameter.PATH, required=True, description="学校标识码"
    )


def query_of(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The query parameters, checked (400 with the items otherwise). An empty parameter
    (`?year=`) is checked as the empty value it is, not taken for an absent one."""
    return _checked(serializer_class(data=dict(request.query_params.items())))


def body_of(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The request body, checked (400 with the items otherwise)."""
    return _checked(serializer_class(data=request.data))


def _checked(serializer: serializers.Serializer) -> dict[str, Any]:
    if not serializer.is_valid():
        raise Refused(400, shape_errors(serializer), detail=INVALID)
    return dict(serializer.validated_data)


def school_in_scope(request: Request, code: str) -> School:
    """The school of that code among those the user may see (404 otherwise); `?county=` tells
    two counties' schools of the same code apart."""
    schools = restrict(School, request.user, VIEW).filter(code=code)
    county = query_of(SchoolLookupSerializer, request).get("county")
    if county:
        schools = schools.filter(county__code=county)
    found = list(schools.select_related("county", "township", "parent")[:2])
    if not found:
        raise refused(404, *NOT_FOUND)
    if len(found) > 1:
        raise refused(
            400,
            f"学校标识码 {code} 在多个县中存在，请用 ?county= 指定县代码",
            f"school code {code} exists in several counties: give ?county=",
            field="county",
        )
    return found[0]
