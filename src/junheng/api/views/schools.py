"""Schools as the registry knows them now, within the user's scope."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from junheng.access import VIEW, restrict
from junheng.api.errors import error_responses
from junheng.api.serializers import SchoolFilterSerializer, SchoolSerializer
from junheng.api.views.base import (
    ApiListView,
    ApiView,
    SchoolLookupSerializer,
    query_of,
    school_code_parameter,
    school_in_scope,
)
from junheng.registry.models import School


@extend_schema(
    tags=["schools"],
    summary="Schools in the user's scope",
    parameters=[SchoolFilterSerializer],
    responses={
        200: SchoolSerializer(many=True),
        **error_responses(e404="a page beyond the last"),
    },
)
class SchoolList(ApiListView):
    serializer_class = SchoolSerializer

    def get_queryset(self) -> QuerySet[School]:
        filters = query_of(SchoolFilterSerializer, self.request)
        schools = restrict(School, self.request.user, VIEW)
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
        parameters=[school_code_parameter("code"), SchoolLookupSerializer],
        responses={200: SchoolSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(SchoolSerializer(school_in_scope(request, code)).data)
