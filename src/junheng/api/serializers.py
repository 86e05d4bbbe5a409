"""Shapes of the JSON API: registry schools, yearly records (the template's English keys), query
parameters, and the `junheng evaluate` JSON contract (for the OpenAPI schema); the error
bodies are `api.errors`'.

Serializers check JSON shape only (a count is a number, a name is text). Every rule of the
school-data template is checked by `collection.services.school_year_save`, as for the web form.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from junheng.api.errors import MESSAGES
from junheng.assessment.evaluation import STANDARDS
from junheng.collection.choices import DataStatus
from junheng.collection.fields import YEARLY_COLUMNS
from junheng.collection.models import SchoolYear
from junheng.evaluation.levels import LEVELS
from junheng.evaluation.template import AMOUNT, CHOICE, CODE, COUNT, TEXT, Column
from junheng.evaluation.template_checks import YEAR_RANGE
from junheng.registry.choices import SchoolType

DEFAULT_STANDARD = "quality-2017"


# --- token -------------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text='send as the header "Authorization: Token <token>"')
    username = serializers.CharField()
    role = serializers.CharField()


# --- registry ----------------------------------------------------------------------------------


class SchoolSerializer(serializers.Serializer):
    """A school as the registry knows it now."""

    code = serializers.CharField(help_text="学校标识码")
    name = serializers.CharField(help_text="学校名称")
    county_code = serializers.CharField(source="county.code", help_text="县代码")
    county_name = serializers.CharField(source="county.name", help_text="县名称")
    township = serializers.CharField(source="township.name", help_text="乡镇")
    school_type = serializers.ChoiceField(choices=SchoolType.choices, help_text="学校类型")
    location = serializers.CharField(help_text="城乡分类")
    ownership = serializers.CharField(help_text="办学性质")
    affiliation = serializers.CharField(help_text="隶属关系")
    parent_school_code = serializers.CharField(
        source="parent.code", allow_null=True, help_text="所属学校标识码 (teaching points)"
    )
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class SchoolFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, max_length=6, help_text="县代码")
    township = serializers.CharField(required=False, max_length=50, help_text="乡镇 (name)")
    type = serializers.ChoiceField(choices=SchoolType.choices, required=False, help_text="学校类型")


# --- yearly records ----------------------------------------------------------------------------


class FigureField(serializers.Field):
    """One yearly column of the template. null (or absent in a PUT) is a blank cell."""

    def __init__(self, column: Column, **kwargs: Any) -> None:
        self.column = column
        self.max_length = SchoolYear._meta.get_field(column.key).max_length
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("help_text", column.header)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if self.column.kind in (COUNT, AMOUNT):
            # the template decides whether a number is negative, fractional or too large
            if isinstance(data, bool) or not isinstance(data, int | float):
                self.fail("not_a_number")
            return data
        if not isinstance(data, str):
            self.fail("not_text")
        # codes and choices longer than their column are the template's to report
        if self.column.kind == TEXT and len(data) > self.max_length:
            self.fail("too_long")
        return data

    def to_representation(self, value: Any) -> Any:
        if self.column.kind in (COUNT, AMOUNT):
            return value
        return value or None

    default_error_messages = {code: MESSAGES[code][1] for code in MESSAGES}


class FigureFieldExtension(OpenApiSerializerFieldExtension):
    target_class = FigureField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        column: Column = self.target.column
        schema: dict[str, Any] = {"nullable": True, "description": column.header}
        if column.kind == COUNT:
            schema.update(type="integer", minimum=0)
        elif column.kind == AMOUNT:
            schema.update(type="number", minimum=0)
        elif column.kind == CHOICE:
            schema.update(type="string", enum=[*column.choices, None])
        elif column.kind == CODE:
            schema.update(type="string", pattern=rf"^\d{{{column.digits}}}$")
        else:
            schema.update(type="string", maxLength=self.target.max_length)
        return schema


class SchoolYearSerializer(serializers.Serializer):
    """One school's figures for one year: a row of the template (English keys), its status and
    its version. PUT and PATCH send the figures and, for an existing record, its `version`."""

    IDENTITY = ("year", "county_code", "county_name", "school_code")

    year = serializers.IntegerField(read_only=True, help_text="年度")
    county_code = serializers.CharField(source="school.county.code", read_only=True)
    county_name = serializers.CharField(source="school.county.name", read_only=True)
    school_code = serializers.CharField(source="school.code", read_only=True)
    status = serializers.ChoiceField(choices=DataStatus.choices, read_only=True)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="the version read; required to change an existing record (409 when stale)",
    )
    updated_at = serializers.DateTimeField(read_only=True)
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        write_only=True,
        help_text="a note kept in the audit trail",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for column in YEARLY_COLUMNS:
            fields[column.key] = FigureField(column)
        return fields

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, dict):
            errors = {}
            unknown = set(data) - set(self.fields)
            for key in sorted(unknown):
                errors[key] = [
                    serializers.ErrorDetail(MESSAGES["unknown_field"][1], "unknown_field")
                ]
            school = self.context.get("school")
            identity = {
                "year": self.context.get("year"),
                "school_code": school.code if school else None,
                "county_code": school.county.code if school else None,
            }
            for key, expected in identity.items():
                if key in data and expected is not None and str(data[key]) != str(expected):
                    errors[key] = [serializers.ErrorDetail(MESSAGES["mismatch"][1], "mismatch")]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class SchoolYearFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1], help_text="年度"
    )
    school = serializers.CharField(required=False, max_length=10, help_text="学校标识码")
    county = serializers.CharField(required=False, max_length=6, help_text="县代码")


# --- evaluation (the `junheng evaluate` JSON contract, for the schema) ---------------------------


class EvaluationQuerySerializer(serializers.Serializer):
    county = serializers.RegexField(r"^\d{6}$", help_text="县代码")
    year = serializers.IntegerField(min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1])
    standard = serializers.ChoiceField(
        choices=list(STANDARDS), default=DEFAULT_STANDARD, help_text="评估标准"
    )


class IndicatorResultSerializer(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True, help_text="enrolment-weighted mean")
    cv = serializers.FloatField(allow_null=True, help_text="enrolment-weighted CV")
    cv_max = serializers.FloatField(required=False, help_text="quality-2017")
    cv_pass = serializers.BooleanField(required=False, help_text="quality-2017")


class LevelResultSerializer(serializers.Serializer):
    schools = serializers.IntegerField()
    students = serializers.IntegerField()
    cv_pass = serializers.BooleanField()
    composite_cv = serializers.FloatField(required=False, allow_null=True, help_text="basic-2012")
    composite_cv_max = serializers.FloatField(required=False, help_text="basic-2012")
    indicators = serializers.DictField(child=IndicatorResultSerializer())


class LevelsSerializer(serializers.Serializer):
    primary = LevelResultSerializer(required=False)
    junior = LevelResultSerializer(required=False)


@extend_schema_field({"type": "object", "additionalProperties": {"type": "number"}})
class GapsField(serializers.DictField):
    """Resource column → how much the unit lacks (m², 万元, rooms, teachers)."""


class SchoolResultSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "school_code": serializers.CharField(),
            "level": serializers.ChoiceField(choices=list(LEVELS)),
            "students": serializers.IntegerField(),
            "values": serializers.DictField(child=serializers.FloatField(allow_null=True)),
            "meets": serializers.DictField(
                child=serializers.BooleanField(allow_null=True),
                required=False,
                help_text="quality-2017",
            ),
            "met_count": serializers.IntegerField(required=False, help_text="quality-2017"),
            "pass": serializers.BooleanField(required=False, help_text="quality-2017"),
            "gaps": GapsField(required=False, help_text="quality-2017"),
        }


class CountyResultSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "county_code": serializers.CharField(),
            "county_name": serializers.CharField(),
            "year": serializers.IntegerField(),
            "pass": serializers.BooleanField(),
            "pass_covers": serializers.ChoiceField(choices=["resource_allocation"]),
            "levels": LevelsSerializer(),
            "schools": SchoolResultSerializer(
                many=True, help_text="the units of the schools the user may see"
            ),
        }


class EvaluationSerializer(serializers.Serializer):
    """The `junheng evaluate --format json` document for one county and year."""

    standard = serializers.ChoiceField(choices=list(STANDARDS))
    counties = CountyResultSerializer(many=True)
