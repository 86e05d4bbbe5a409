"""Schools as the registry knows them now, within the user's scope."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from junheng.access import VIEW, restrict
from junheng.api.errors import ERRORS
from junheng.api.serializers import SchoolFilterSerializer, SchoolSerializer
from junheng.api.views.base import COUNTY_PARAMETER, ApiListView, ApiView, query_of, school_in_scope
from junheng.registry.models import School


@extend_schema(
    tags=["schools"],
    summary="Schools in the user's scope",
    parameters=[SchoolFilterSerializer],
    responses={200: SchoolSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]},
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
        parameters=[COUNTY_PARAMETER],
        responses={200: SchoolSerializer, 401: ERRORS[401], 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(SchoolSerializer(school_in_scope(request, code)).data)
