"""Shapes of the JSON API: registry schools, yearly records (the template's English keys), query
parameters, and the `junheng evaluate` JSON contract (for the OpenAPI schema); the error
bodies are `api.errors`'.

Serializers check JSON shape only (a count is a number, a name is text). Every rule of the
school-data template is checked by `collection.services.school_year_save`, as for the web form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from junheng.api.errors import MESSAGES
from junheng.api.fields import (
    CONTROL_CHARACTERS,
    NO_CONTROL_CHARACTERS,
    NO_NUL,
    DigitsField,
    NameField,
    NoteField,
    SecretField,
    WholeNumberField,
)
from junheng.assessment.evaluation import STANDARDS
from junheng.collection.choices import DataStatus
from junheng.collection.fields import YEARLY_COLUMNS
from junheng.collection.models import SchoolYear
from junheng.collection.validation import record_warnings
from junheng.evaluation.levels import LEVELS
from junheng.evaluation.template import AMOUNT, CHOICE, CODE, COUNT, TEXT, Column
from junheng.evaluation.template_checks import YEAR_RANGE
from junheng.registry.choices import SchoolType

DEFAULT_STANDARD = "quality-2017"


# --- bodies ------------------------------------------------------------------------------------


class ClosedSerializer(serializers.Serializer):
    """A request body of the fields named and no other: an unknown key is refused (400), not
    ignored, and the schema says so (`additionalProperties: false`). `read_back` names a
    serializer of read-only fields a body may also carry (a record sent back as read)."""

    UNKNOWN_KEY = "unknown_key"
    read_back: type[serializers.Serializer] | None = None

    def unknown_key_errors(self, data: Any) -> dict[str, list[serializers.ErrorDetail]]:
        code = self.UNKNOWN_KEY
        return {
            key: [serializers.ErrorDetail(MESSAGES[code][1], code)]
            for key in sorted(set(data) - set(self.fields))
        }

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, Mapping):
            errors = self.unknown_key_errors(data)
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class ClosedSerializerExtension(OpenApiSerializerExtension):
    target_class = ClosedSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_basic_serializer(self.target, direction)
        if direction == "request":
            if self.target.read_back is not None:
                echoed = auto_schema._map_basic_serializer(self.target.read_back(), direction)
                # over the read-only fields of the same names, which the request would drop
                schema["properties"] = {**schema["properties"], **echoed["properties"]}
                required = [n for n in schema.get("required", []) if n not in echoed["properties"]]
                schema.pop("required", None)
                if required:
                    schema["required"] = required
            schema["additionalProperties"] = False
        return schema


# --- token -------------------------------------------------------------------------------------


class CredentialsSerializer(ClosedSerializer):
    """A user name and password, exchanged for the user's token."""

    username = NameField(max_length=150)
    password = SecretField(max_length=128)


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
    county = DigitsField(6, required=False, help_text="县代码")
    township = NameField(required=False, max_length=50, help_text="乡镇 (name)")
    type = serializers.ChoiceField(choices=SchoolType.choices, required=False, help_text="学校类型")


# --- yearly records ----------------------------------------------------------------------------


# the range of the database's integer columns (PositiveIntegerField) that hold the counts
MAX_COUNT = 2_147_483_647


class FigureField(serializers.Field):
    """One yearly column of the template. null (or absent in a PUT) is a blank cell, and so is
    "" for text and codes (not for a choice: "" is not one of its values); text holds no control
    characters."""

    def __init__(self, column: Column, **kwargs: Any) -> None:
        self.column = column
        self.max_length = SchoolYear._meta.get_field(column.key).max_length
        self.max_value = MAX_COUNT if column.kind == COUNT else None
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("help_text", column.header)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if self.column.kind in (COUNT, AMOUNT):
            # the template decides whether a number is negative or fractional
            if isinstance(data, bool) or not isinstance(data, int | float):
                self.fail("not_a_number")
            if self.max_value is not None and data > self.max_value:
                self.fail("max_value", max_value=self.max_value)
            return data
        if not isinstance(data, str):
            self.fail("not_text")
        if CONTROL_CHARACTERS.search(data):
            self.fail("control_characters")
        if self.column.kind == CHOICE and data == "":
            self.fail("empty_string")
        # codes and choices longer than their column are the template's to report
        if self.column.kind == TEXT and len(data) > self.max_length:
            self.fail("too_long", max_length=self.max_length)
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
            schema.update(type="integer", minimum=0, maximum=MAX_COUNT)
        elif column.kind == AMOUNT:
            schema.update(type="number", minimum=0)
        elif column.kind == CHOICE:
            schema.update(type="string", enum=[*column.choices, None])
        elif column.kind == CODE:
            schema.update(type="string", pattern=f"^([0-9]{{{column.digits}}})?$")
        else:
            schema.update(
                type="string", maxLength=self.target.max_length, pattern=NO_CONTROL_CHARACTERS
            )
        return schema


NOTE_MAX_LENGTH = 500  # as the data form's 说明


class WarningNotesField(serializers.DictField):
    """The 说明 of the record's warnings (经验校验), by warning code: the text of each, up to 500
    characters without NUL. Absent or null keeps the notes saved; a note of a warning the
    figures do not raise (any more) is dropped, and so is a blank one."""

    max_length = NOTE_MAX_LENGTH  # named in the error message of a note too long

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", NoteField(max_length=NOTE_MAX_LENGTH, allow_blank=True))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> dict[str, str]:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            # the first note's error as the field's own, so the message says what is wrong
            # (not "is not valid") in both languages
            details = error.detail
            while isinstance(details, dict | list) and details:
                details = next(iter(details.values())) if isinstance(details, dict) else details[0]
            raise serializers.ValidationError([details]) from error


class WarningNotesFieldExtension(OpenApiSerializerFieldExtension):
    target_class = WarningNotesField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {
            "type": "object",
            "nullable": True,
            "additionalProperties": {
                "type": "string",
                "maxLength": NOTE_MAX_LENGTH,
                "pattern": NO_NUL,
            },
            "description": "说明 by warning code (as in `warnings`): up to 500 characters, no "
            "NUL; absent or null keeps those saved, a note of a warning not raised is dropped",
        }


class FigureWarningSerializer(serializers.Serializer):
    """A warning the record's figures raise (saved, but a submit needs its 说明)."""

    code = serializers.CharField(help_text="the warning's code, the key of its note")
    column = serializers.CharField(allow_null=True, help_text="the field's header, if one field's")
    message = serializers.CharField(help_text="the warning in Chinese")
    message_en = serializers.CharField(help_text="the warning in English")
    note = serializers.CharField(allow_null=True, help_text="its 说明; null: not yet explained")


class SchoolYearReadBackSerializer(serializers.Serializer):
    """What a record as read holds beside its figures, accepted back in a PUT or PATCH (so that
    a record read can be sent back): the school and year must be those of the URL, the status
    and time are ignored (the status changes by submitting and reviewing, not by writing)."""

    year = WholeNumberField(text=False, required=False, help_text="年度 (as in the URL)")
    county_code = DigitsField(6, required=False, help_text="县代码 (the school's)")
    county_name = serializers.CharField(required=False, allow_blank=True, help_text="ignored")
    school_code = DigitsField(10, required=False, help_text="学校标识码 (as in the URL)")
    status = serializers.ChoiceField(
        choices=DataStatus.choices, required=False, help_text="ignored"
    )
    updated_at = serializers.DateTimeField(required=False, help_text="ignored")
    warnings = serializers.ListField(
        child=serializers.DictField(), required=False, help_text="ignored (as read)"
    )


class SchoolYearSerializer(ClosedSerializer):
    """One school's figures for one year: a row of the template (English keys), its status and
    its version. PUT and PATCH send the figures and, for an existing record, its `version`."""

    IDENTITY = ("year", "county_code", "county_name", "school_code")
    UNKNOWN_KEY = "unknown_field"
    read_back = SchoolYearReadBackSerializer

    year = serializers.IntegerField(read_only=True, help_text="年度")
    county_code = serializers.CharField(source="school.county.code", read_only=True)
    county_name = serializers.CharField(source="school.county.name", read_only=True)
    school_code = serializers.CharField(source="school.code", read_only=True)
    status = serializers.ChoiceField(choices=DataStatus.choices, read_only=True)
    version = WholeNumberField(
        text=False,
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_COUNT,
        help_text="the version read; required to change an existing record (409 when stale)",
    )
    updated_at = serializers.DateTimeField(read_only=True)
    comment = NoteField(
        required=False,
        allow_blank=True,
        max_length=500,
        write_only=True,
        help_text="a note kept in the audit trail",
    )

    warning_notes = WarningNotesField(required=False, allow_null=True)
    warnings = serializers.SerializerMethodField(
        help_text="the warnings the figures raise now, each with its 说明 (null: unexplained)"
    )

    read_back_keys = frozenset(SchoolYearReadBackSerializer().fields)

    @extend_schema_field(FigureWarningSerializer(many=True))
    def get_warnings(self, record: SchoolYear) -> list[dict[str, Any]]:
        """The open warnings (a list's page passes them all in its context: one query)."""
        known = self.context.get("warnings")
        found = known[record.pk] if known is not None else record_warnings(record)
        notes = record.warning_notes or {}
        return [
            {
                "code": w.code,
                "column": w.column,
                "message": w.zh,
                "message_en": w.en,
                "note": notes.get(w.code),
            }
            for w in found
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for column in YEARLY_COLUMNS:
            fields[column.key] = FigureField(column)
        return fields

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, dict):
            errors = self.unknown_key_errors(data)
            echoed = self.read_back(
                data={k: v for k, v in data.items() if k in self.read_back_keys}
            )
            if not echoed.is_valid():
                errors.update(echoed.errors)
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
        return serializers.Serializer.to_internal_value(self, data)


class SchoolYearFilterSerializer(serializers.Serializer):
    year = WholeNumberField(
        required=False, min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1], help_text="年度"
    )
    school = DigitsField(10, required=False, help_text="学校标识码")
    county = DigitsField(6, required=False, help_text="县代码")


# --- evaluation (the `junheng evaluate` JSON contract, for the schema) ---------------------------


class EvaluationQuerySerializer(serializers.Serializer):
    county = DigitsField(6, help_text="县代码")
    year = WholeNumberField(min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1])
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
