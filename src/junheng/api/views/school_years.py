"""Yearly school data: read within the user's scope; written through
`collection.services.school_year_save`, so the template's rules, the year lock, the approval
status, optimistic concurrency and the audit trail hold as in the web form."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from junheng.access import VIEW, restrict
from junheng.api.errors import (
    INVALID,
    MESSAGES,
    NOT_FOUND,
    Refused,
    error_responses,
    problem_item,
    refused,
    shape_errors,
)
from junheng.api.serializers import SchoolYearFilterSerializer, SchoolYearSerializer
from junheng.api.views.base import (
    ApiListView,
    ApiView,
    SchoolLookupSerializer,
    query_of,
    school_code_parameter,
    school_in_scope,
)
from junheng.collection.fields import YEARLY_COLUMNS
from junheng.collection.models import SchoolYear
from junheng.collection.services import (
    ConcurrentEdit,
    InvalidFigures,
    YearLocked,
    school_year_save,
)
from junheng.collection.validation import records_warnings
from junheng.refusals import NotAllowed, Refusal
from junheng.registry.models import School

FIGURE_KEYS = frozenset(column.key for column in YEARLY_COLUMNS)

RECORD_PARAMETERS = [
    school_code_parameter("school_code"),
    OpenApiParameter("year", int, OpenApiParameter.PATH, required=True, description="年度"),
    SchoolLookupSerializer,
]
WRITE_RESPONSES = {
    200: SchoolYearSerializer,
    **error_responses(
        404,
        415,
        e400="the figures break the template's rules, or no version",
        e403="the year is locked, the record cannot be changed, or (with a session) no CSRF token",
        e409="changed by someone else since read",
    ),
}


@extend_schema(
    tags=["school-years"],
    summary="Yearly school data in the user's scope",
    parameters=[SchoolYearFilterSerializer],
    responses={
        200: SchoolYearSerializer(many=True),
        **error_responses(e404="a page beyond the last"),
    },
)
class SchoolYearList(ApiListView):
    serializer_class = SchoolYearSerializer

    def get_queryset(self) -> QuerySet[SchoolYear]:
        filters = query_of(SchoolYearFilterSerializer, self.request)
        records = restrict(SchoolYear, self.request.user, VIEW)
        if "year" in filters:
            records = records.filter(year=filters["year"])
        if "school" in filters:
            records = records.filter(school__code=filters["school"])
        if "county" in filters:
            records = records.filter(school__county__code=filters["county"])
        return records.select_related("school", "school__county")

    def get_serializer(self, *args: Any, **kwargs: Any) -> SchoolYearSerializer:
        """A page's records with their warnings, found in one query for the page."""
        if args and isinstance(args[0], list):
            kwargs["context"] = {
                **self.get_serializer_context(),
                "warnings": records_warnings(args[0]),
            }
        return super().get_serializer(*args, **kwargs)


class SchoolYearDetail(ApiView):
    """One school's figures for one year."""

    parser_classes = (JSONParser,)  # figures are JSON numbers: a form cannot send them

    @extend_schema(
        tags=["school-years"],
        summary="One school's data for a year",
        parameters=RECORD_PARAMETERS,
        responses={200: SchoolYearSerializer, **error_responses(404)},
    )
    def get(self, request: Request, school_code: str, year: int) -> Response:
        school = school_in_scope(request, school_code)
        record = _record(request, school, year)
        if record is None:
            raise refused(404, *NOT_FOUND)
        return Response(SchoolYearSerializer(record).data)

    @extend_schema(
        tags=["school-years"],
        summary="Create or replace a school's data for a year",
        description="A whole template row: columns left out are blank cells, as in the "
        "template. `version` is required when the record exists; without a record, the PUT "
        "creates it (201).",
        parameters=RECORD_PARAMETERS,
        request=SchoolYearSerializer,
        responses={201: SchoolYearSerializer, **WRITE_RESPONSES},
    )
    def put(self, request: Request, school_code: str, year: int) -> Response:
        return _write(request, school_code, year, partial=False)

    @extend_schema(
        tags=["school-years"],
        summary="Change some of a school's figures for a year",
        description="Only the fields sent change; `version` is required.",
        parameters=RECORD_PARAMETERS,
        request=SchoolYearSerializer,
        responses=WRITE_RESPONSES,
    )
    def patch(self, request: Request, school_code: str, year: int) -> Response:
        return _write(request, school_code, year, partial=True)


def _record(request: Request, school: School, year: int) -> SchoolYear | None:
    records = restrict(SchoolYear, request.user, VIEW)
    return records.filter(school=school, year=year).select_related("school__county").first()


def _write(request: Request, code: str, year: int, *, partial: bool) -> Response:
    school = school_in_scope(request, code)
    record = _record(request, school, year)
    if partial and record is None:
        raise refused(404, *NOT_FOUND)
    body = SchoolYearSerializer(
        data=request.data, partial=partial, context={"school": school, "year": year}
    )
    if not body.is_valid():
        raise Refused(400, shape_errors(body), detail=INVALID)
    data = body.validated_data
    version = data.get("version")
    if record is not None and version is None:
        raise refused(400, *MESSAGES["version_required"], field="version")
    figures: dict[str, Any] = record.figures() if partial and record else dict.fromkeys(FIGURE_KEYS)
    figures.update({key: value for key, value in data.items() if key in FIGURE_KEYS})
    try:
        saved = school_year_save(
            actor=request.user,
            school=school,
            year=year,
            figures=figures,
            expected_version=version,
            comment=data.get("comment", ""),
            notes=data.get("warning_notes"),  # absent or null: the notes saved stay
        )
    except InvalidFigures as error:
        items = [problem_item(p) for p in error.problems]
        raise Refused(400, items, detail=error.zh) from error
    except ConcurrentEdit as error:
        raise refused(409, error.zh, error.en, field="version") from error
    except (NotAllowed, YearLocked) as error:
        raise refused(403, error.zh, error.en) from error
    except Refusal as error:
        raise refused(400, error.zh, error.en) from error
    return Response(
        SchoolYearSerializer(saved).data,
        status=status.HTTP_200_OK if record is not None else status.HTTP_201_CREATED,
    )
