"""Passing, approving or returning many yearly records in one request, all or nothing: the web's
batch review (`collection.services.school_years_transition`) for the API, so that a township or a
county working from its own system moves records by the same rules, each audited."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from junheng.access import VIEW, restrict
from junheng.api.errors import Refused, error_item, error_responses, refused
from junheng.api.fields import DigitsField, NoteField, WholeNumberField
from junheng.api.serializers import ClosedSerializer, SchoolYearSerializer
from junheng.api.views.base import ApiView, body_of
from junheng.collection.models import SchoolYear
from junheng.collection.rules import BATCH_TRANSITIONS
from junheng.collection.services import BatchRefused, school_years_transition
from junheng.evaluation.template_checks import YEAR_RANGE
from junheng.refusals import NotAllowed, Refusal

# A county's schools × a year: a batch of one county's year fits.
MAX_RECORDS = 1000
ACTIONS = {
    "review": "pass on to the county (township review)",
    "approve": "approve (county)",
    "return": "return to the school for correction (a comment is required)",
}
assert set(ACTIONS) == set(BATCH_TRANSITIONS)  # the API offers exactly the service's batch


class RecordReferenceSerializer(ClosedSerializer):
    school_code = DigitsField(10, help_text="学校标识码")
    year = WholeNumberField(
        text=False, min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1], help_text="年度"
    )
    county_code = DigitsField(
        6, required=False, help_text="县代码: only needed when the code exists in two counties"
    )


class TransitionSerializer(ClosedSerializer):
    action = serializers.ChoiceField(
        choices=list(ACTIONS.items()), help_text="review, approve or return"
    )
    records = serializers.ListField(
        child=RecordReferenceSerializer(), min_length=1, max_length=MAX_RECORDS
    )
    comment = NoteField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="the review comment (required to return), kept on each record and in the "
        "audit trail",
    )


class TransitionResultSerializer(serializers.Serializer):
    action = serializers.CharField()
    records = SchoolYearSerializer(many=True)


class SchoolYearTransitionView(ApiView):
    parser_classes = (JSONParser,)

    @extend_schema(
        tags=["school-years"],
        summary="Pass, approve or return many records at once",
        description="All or nothing: when any record may not move (its status, the user's "
        "role, a locked year), none moves and the 409 lists every refused record. A record "
        "outside the user's scope is answered as if it did not exist (404).",
        request=TransitionSerializer,
        responses={
            200: TransitionResultSerializer,
            **error_responses(
                404,
                415,
                e403="the user's role may not take this action",
                e409="some records may not move: each is listed, none moved",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        body = body_of(TransitionSerializer, request)
        records = _records(request, body["records"])
        try:
            moved = school_years_transition(
                actor=request.user,
                records=records,
                name=body["action"],
                comment=body.get("comment", ""),
            )
        except BatchRefused as error:
            items = [
                error_item(f"records[{_position(body['records'], r)}]", e.zh, e.en)
                for r, e in error.refused
            ]
            raise Refused(409, items, detail=error.zh) from error
        except NotAllowed as error:
            raise refused(403, error.zh, error.en) from error
        except Refusal as error:
            raise refused(400, error.zh, error.en) from error
        moved = list(
            SchoolYear.objects.filter(pk__in=[r.pk for r in moved])
            .select_related("school", "school__county")
            .order_by("school__code", "year")
        )
        data = {"action": body["action"], "records": SchoolYearSerializer(moved, many=True).data}
        return Response(data)


def _records(request: Request, references: list[dict[str, Any]]) -> list[SchoolYear]:
    """The records named, each within the user's scope (404 naming the first one that is not,
    or that names a school code of two counties without `county_code`)."""
    visible = restrict(SchoolYear, request.user, VIEW).select_related("school", "school__county")
    wanted = {(ref["school_code"], ref["year"]) for ref in references}
    found: dict[tuple[str, int], list[SchoolYear]] = {}
    for record in visible.filter(
        school__code__in={code for code, _ in wanted}, year__in={year for _, year in wanted}
    ):
        found.setdefault((record.school.code, record.year), []).append(record)
    records: list[SchoolYear] = []
    for position, ref in enumerate(references):
        candidates = [
            record
            for record in found.get((ref["school_code"], ref["year"]), [])
            if "county_code" not in ref or record.school.county.code == ref["county_code"]
        ]
        if len(candidates) != 1:
            zh = f"第 {position + 1} 条：没有学校 {ref['school_code']} {ref['year']} 年的数据"
            en = f"records[{position}]: no data of school {ref['school_code']} for {ref['year']}"
            if len(candidates) > 1:
                zh += "（两个县有此代码，请给出 county_code）"
                en += " (two counties have this code: give county_code)"
            raise refused(404, zh, en, field=f"records[{position}]")
        if candidates[0] not in records:
            records.append(candidates[0])
    return records


def _position(references: list[dict[str, Any]], record: SchoolYear) -> int:
    for position, ref in enumerate(references):
        if (ref["school_code"], ref["year"]) == (record.school.code, record.year):
            return position
    return 0
