"""The JSON API: parse → call one service or selector → respond.

Rows are scoped by `Model.objects.restrict(user, action)` (a row outside the user's scope is a
404, as if it did not exist); writes go through `collection.services`, so the template's rules,
the year lock, the approval status, optimistic concurrency and the audit trail hold here as in
the web form. Every error body is `{"detail": ..., "errors": [{field, column, message_zh,
message_en}]}`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.db.models import QuerySet
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView, exception_handler

from junheng.access import VIEW
from junheng.api.serializers import (
    MESSAGES,
    ErrorSerializer,
    EvaluationQuerySerializer,
    EvaluationSerializer,
    SchoolFilterSerializer,
    SchoolSerializer,
    SchoolYearFilterSerializer,
    SchoolYearSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    error_item,
    shape_errors,
)
from junheng.assessment.evaluation import (
    county_evaluation,
    county_records,
    evaluable_counties,
    visible_school_codes,
)
from junheng.collection.fields import YEARLY_COLUMNS
from junheng.collection.models import SchoolYear
from junheng.collection.services import (
    CollectionError,
    ConcurrentEdit,
    InvalidFigures,
    NotAllowed,
    YearLocked,
    school_year_save,
)
from junheng.collection.validation import field_of
from junheng.evaluation import DataError, InputProblem
from junheng.evaluation.template import HEADERS
from junheng.registry.models import County, School
from junheng.reports.contract import evaluation_to_dict

NOT_FOUND = ("不存在，或不在您的权限范围内", "not found, or outside your scope")
INVALID = "请求有误，请按 errors 中的提示修改"
FIGURE_KEYS = frozenset(column.key for column in YEARLY_COLUMNS)


class Refused(APIException):
    """An error this API answers itself: a status and bilingual items."""

    def __init__(self, status_code: int, errors: list[dict[str, Any]], detail: str = "") -> None:
        self.status_code = status_code
        self.detail = {"detail": detail or errors[0]["message_zh"], "errors": errors}


def refused(status_code: int, zh: str, en: str, field: str | None = None) -> Refused:
    return Refused(status_code, [error_item(field, zh, en)])


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


class ApiView(APIView):
    def get_exception_handler(self) -> Callable[..., Response | None]:
        return api_exception_handler


class ApiListView(generics.ListAPIView):
    def get_exception_handler(self) -> Callable[..., Response | None]:
        return api_exception_handler


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="invalid request"),
    401: OpenApiResponse(ErrorSerializer, description="not authenticated"),
    403: OpenApiResponse(ErrorSerializer, description="not allowed"),
    404: OpenApiResponse(ErrorSerializer, description="not found or outside the user's scope"),
}
COUNTY_PARAMETER = OpenApiParameter(
    "county",
    str,
    description="县代码: only needed when the same school code exists in two counties in scope",
)


def _query(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    query = serializer_class(data=request.query_params)
    if not query.is_valid():
        raise Refused(400, shape_errors(query), detail=INVALID)
    return dict(query.validated_data)


def _school(request: Request, code: str) -> School:
    """The school of that code among those the user may see, or 404."""
    schools = School.objects.restrict(request.user, VIEW).filter(code=code)
    county = request.query_params.get("county")
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


# --- token -------------------------------------------------------------------------------------


class TokenThrottle(AnonRateThrottle):
    """Token requests per client address, against password spraying across user names;
    django-axes locks out one user name after repeated failures. The rate is
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_token"] when set."""

    scope = "api_token"
    default_rate = "30/hour"

    def get_rate(self) -> str:
        return self.THROTTLE_RATES.get(self.scope) or self.default_rate


class TokenView(ApiView):
    """Exchange a user name and password for the user's API token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (TokenThrottle,)

    @extend_schema(
        operation_id="token_create",
        tags=["token"],
        summary="Obtain the API token",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: ERRORS[400],
            429: OpenApiResponse(ErrorSerializer, description="throttled or locked out"),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        credentials = _query_body(TokenRequestSerializer, request)
        # `authenticate` with the request, so that django-axes counts failures and locks out
        user = authenticate(request=request, **credentials)
        if user is None:
            if getattr(request, "axes_locked_out", False):
                minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
                raise refused(
                    settings.AXES_HTTP_RESPONSE_CODE,
                    f"登录失败次数过多，该账号已被暂时锁定，请 {minutes} 分钟后再试或联系管理员",
                    f"too many failed logins: the account is locked for {minutes} minutes",
                )
            raise refused(400, "用户名或密码错误", "wrong user name or password")
        user_logged_in.send(sender=type(user), request=request, user=user)  # axes resets failures
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "username": user.username, "role": user.role})


def _query_body(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    if not body.is_valid():
        raise Refused(400, shape_errors(body), detail=INVALID)
    return dict(body.validated_data)


# --- registry ----------------------------------------------------------------------------------


@extend_schema(
    tags=["schools"],
    summary="Schools in the user's scope",
    parameters=[SchoolFilterSerializer],
    responses={200: SchoolSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]},
)
class SchoolList(ApiListView):
    serializer_class = SchoolSerializer

    def get_queryset(self) -> QuerySet[School]:
        filters = _query(SchoolFilterSerializer, self.request)
        schools = School.objects.restrict(self.request.user, VIEW)
        if "county" in filters:
            schools = schools.filter(county__code=filters["county"])
        if "township" in filters:
            schools = schools.filter(township__name=filters["township"])
        if "type" in filters:
            schools = schools.filter(school_type=filters["type"])
        return schools.select_related("county", "township", "parent")


class SchoolDetail(ApiView):
    @extend_schema(
        tags=["schools"],
        summary="One school",
        parameters=[COUNTY_PARAMETER],
        responses={200: SchoolSerializer, 401: ERRORS[401], 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(SchoolSerializer(_school(request, code)).data)


# --- yearly records ----------------------------------------------------------------------------


@extend_schema(
    tags=["school-years"],
    summary="Yearly school data in the user's scope",
    parameters=[SchoolYearFilterSerializer],
    responses={200: SchoolYearSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]},
)
class SchoolYearList(ApiListView):
    serializer_class = SchoolYearSerializer

    def get_queryset(self) -> QuerySet[SchoolYear]:
        filters = _query(SchoolYearFilterSerializer, self.request)
        records = SchoolYear.objects.restrict(self.request.user, VIEW)
        if "year" in filters:
            records = records.filter(year=filters["year"])
        if "school" in filters:
            records = records.filter(school__code=filters["school"])
        if "county" in filters:
            records = records.filter(school__county__code=filters["county"])
        return records.select_related("school", "school__county")


WRITE_RESPONSES = {
    200: SchoolYearSerializer,
    400: OpenApiResponse(
        ErrorSerializer, description="the figures break the template's rules, or no version"
    ),
    401: ERRORS[401],
    403: OpenApiResponse(
        ErrorSerializer, description="the year is locked, or the record cannot be changed"
    ),
    404: ERRORS[404],
    409: OpenApiResponse(ErrorSerializer, description="changed by someone else since read"),
}


class SchoolYearDetail(ApiView):
    """One school's figures for one year."""

    @extend_schema(
        tags=["school-years"],
        summary="One school's data for a year",
        parameters=[COUNTY_PARAMETER],
        responses={200: SchoolYearSerializer, 401: ERRORS[401], 404: ERRORS[404]},
    )
    def get(self, request: Request, school_code: str, year: int) -> Response:
        school = _school(request, school_code)
        record = self._record(request, school, year)
        if record is None:
            raise refused(404, *NOT_FOUND)
        return Response(SchoolYearSerializer(record).data)

    @extend_schema(
        tags=["school-years"],
        summary="Create or replace a school's data for a year",
        description="A whole template row: columns left out are blank cells, as in the "
        "template. `version` is required when the record exists; without a record, the PUT "
        "creates it (201).",
        parameters=[COUNTY_PARAMETER],
        request=SchoolYearSerializer,
        responses={201: SchoolYearSerializer, **WRITE_RESPONSES},
    )
    def put(self, request: Request, school_code: str, year: int) -> Response:
        return self._write(request, school_code, year, partial=False)

    @extend_schema(
        tags=["school-years"],
        summary="Change some of a school's figures for a year",
        description="Only the fields sent change; `version` is required.",
        parameters=[COUNTY_PARAMETER],
        request=SchoolYearSerializer,
        responses=WRITE_RESPONSES,
    )
    def patch(self, request: Request, school_code: str, year: int) -> Response:
        return self._write(request, school_code, year, partial=True)

    def _record(self, request: Request, school: School, year: int) -> SchoolYear | None:
        records = SchoolYear.objects.restrict(request.user, VIEW)
        return records.filter(school=school, year=year).select_related("school__county").first()

    def _write(self, request: Request, code: str, year: int, *, partial: bool) -> Response:
        school = _school(request, code)
        record = self._record(request, school, year)
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
        given = {key: value for key, value in data.items() if key in FIGURE_KEYS}
        figures = record.figures() if partial and record else dict.fromkeys(FIGURE_KEYS)
        figures.update(given)
        try:
            saved = school_year_save(
                actor=request.user,
                school=school,
                year=year,
                figures=figures,
                expected_version=version,
                comment=data.get("comment", ""),
            )
        except InvalidFigures as error:
            items = [problem_item(p) for p in error.problems]
            raise Refused(400, items, detail=error.zh) from error
        except ConcurrentEdit as error:
            raise refused(409, error.zh, error.en, field="version") from error
        except (NotAllowed, YearLocked) as error:
            raise refused(403, error.zh, error.en) from error
        except CollectionError as error:
            raise refused(400, error.zh, error.en) from error
        created = record is None
        return Response(
            SchoolYearSerializer(saved).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


# --- evaluation --------------------------------------------------------------------------------


class EvaluationView(ApiView):
    """A county's evaluation for a year, in the `junheng evaluate` JSON contract."""

    @extend_schema(
        tags=["evaluation"],
        summary="A county's evaluation for a year",
        description="The county's levels and CVs are computed over all its schools (a CV is a "
        "county fact); `schools` lists only the units of schools the user may see.",
        parameters=[EvaluationQuerySerializer],
        responses={
            200: EvaluationSerializer,
            **ERRORS,
            409: OpenApiResponse(ErrorSerializer, description="the stored data cannot be read"),
        },
    )
    def get(self, request: Request) -> Response:
        query = _query(EvaluationQuerySerializer, request)
        county = evaluable_counties(user=request.user).filter(code=query["county"]).first()
        if county is None:
            raise refused(404, *NOT_FOUND, field="county")
        year = query["year"]
        visible = visible_school_codes(user=request.user, county=county)
        try:
            evaluation = county_evaluation(county=county, year=year, standard=query["standard"])
        except DataError as error:
            items = _stored_data_problems(error, county, year, visible)
            raise Refused(409, items, detail="该县该年度的数据有误，无法评估") from error
        if evaluation is None:
            raise refused(
                404,
                f"{county.name} {year} 年度没有学校数据",
                f"{county.name} has no school data for {year}",
                field="year",
            )
        document = evaluation_to_dict(evaluation)
        for entry in document["counties"]:
            entry["schools"] = [s for s in entry["schools"] if s["school_code"] in visible]
        return Response(_finite(document))


def _stored_data_problems(
    error: DataError, county: County, year: int, visible: set[str]
) -> list[dict[str, Any]]:
    """The problems of the county's stored rows, each naming its school when the user may see
    it (row r of the evaluated rows is record r - 2 of `county_records`, as for a sheet)."""
    codes = list(county_records(county=county, year=year).values_list("school__code", flat=True))
    items = []
    for problem in error.problems:
        index = (problem.row or 0) - 2
        code = codes[index] if 0 <= index < len(codes) else None
        zh, en = problem.zh, problem.en
        if code in visible:
            zh, en = f"学校 {code}：{zh}", f"school {code}: {en}"
        items.append(problem_item(problem, zh, en))
    return items


def problem_item(problem: InputProblem, zh: str = "", en: str = "") -> dict[str, Any]:
    """A template problem as an error item; its column may be a Chinese header (form, sheet)
    or an English key (the evaluated rows)."""
    field = field_of(problem) or (problem.column if problem.column in HEADERS else None)
    column = HEADERS[field] if field else problem.column
    return error_item(field, zh or problem.zh, en or problem.en, column=column)


def _finite(value: Any) -> Any:
    """NaN and infinities (not JSON) as null, as `junheng evaluate` writes them."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value
