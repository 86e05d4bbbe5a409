"""A county's evaluation for a year, in the `junheng evaluate` JSON contract: the county's
levels and CVs over all its schools (a CV is a county fact), the units of the schools the user
may see."""

from __future__ import annotations

import math
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from junheng.api.errors import NOT_FOUND, Refused, error_responses, problem_item, refused
from junheng.api.serializers import EvaluationQuerySerializer, EvaluationSerializer
from junheng.api.views.base import ApiView, query_of
from junheng.assessment.evaluation import (
    county_evaluation,
    county_records,
    evaluable_counties,
    visible_school_codes,
)
from junheng.evaluation import DataError
from junheng.registry.models import County
from junheng.reports.contract import evaluation_to_dict


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
            **error_responses(
                e404="no such county in the user's scope, or no data that year",
                e409="the stored data cannot be read",
            ),
        },
    )
    def get(self, request: Request) -> Response:
        query = query_of(EvaluationQuerySerializer, request)
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


def _finite(value: Any) -> Any:
    """NaN and infinities (not JSON) as null, as `junheng evaluate` writes them."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value
