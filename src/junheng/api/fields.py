"""Fields of the API's query parameters and bodies that check exactly what the OpenAPI schema
states of them, and state exactly what they check: a code of N ASCII digits, text without
control characters, a whole number written as digits. (Django REST framework's own fields
accept more than their schema says: Unicode digits for `\\d`, a trailing newline before `$`,
"2025.0" or " 2025" for an integer.)"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from junheng.api.errors import MESSAGES

# No C0 control character and no DEL, in Python's and ECMAScript's regular expressions alike.
CONTROL_CHARACTERS = re.compile(r"[\u0000-\u001f\u007f]")
NO_CONTROL_CHARACTERS = r"^[^\u0000-\u001f\u007f]*$"
NO_NUL = r"^[^\u0000]+$"  # "" is allowed (or not) beside it, as allow_blank says
WHOLE_NUMBER = re.compile(r"-?[0-9]+")
ENGLISH = {code: message[1] for code, message in MESSAGES.items()}


class DigitsField(serializers.CharField):
    """A code of exactly `digits` ASCII digits (a county's 6, a school's 10)."""

    default_error_messages = ENGLISH

    def __init__(self, digits: int, **kwargs: Any) -> None:
        self.digits = digits
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(max_length=digits, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if not (len(value) == self.digits and value.isascii() and value.isdigit()):
            self.fail("digits", digits=self.digits)
        return value


class NameField(serializers.CharField):
    """A name (of a township, say): text without control characters, as typed (not trimmed)."""

    default_error_messages = {**serializers.CharField.default_error_messages, **ENGLISH}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if CONTROL_CHARACTERS.search(value):
            self.fail("control_characters")
        return value


class NoteField(serializers.CharField):
    """Free text (a comment): anything but NUL, which Django REST framework refuses."""


class SecretField(serializers.CharField):
    """A password: any text but NUL, as typed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("write_only", True)
        super().__init__(**kwargs)


class WholeNumberField(serializers.IntegerField):
    """An integer: a JSON integer, or (in a query, `text=True`) digits with an optional minus."""

    def __init__(self, *, text: bool = True, **kwargs: Any) -> None:
        self.text = text
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str) and self.text:
            if not WHOLE_NUMBER.fullmatch(data):
                self.fail("invalid")
            data = int(data)
        elif not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class DigitsFieldExtension(OpenApiSerializerFieldExtension):
    target_class = DigitsField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema = {"type": "string", "pattern": f"^[0-9]{{{self.target.digits}}}$"}
        if self.target.help_text:
            schema["description"] = str(self.target.help_text)
        return schema


class NameFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NameField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "pattern": NO_CONTROL_CHARACTERS}
        if self.target.max_length is not None:
            schema["maxLength"] = self.target.max_length
        if not self.target.allow_blank:
            schema["minLength"] = 1
        if self.target.help_text:
            schema["description"] = str(self.target.help_text)
        return schema


class SecretFieldExtension(OpenApiSerializerFieldExtension):
    target_class = SecretField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "string",
            "format": "password",
            "minLength": 1,
            "pattern": NO_NUL,
            "writeOnly": True,
        }
        if self.target.max_length is not None:
            schema["maxLength"] = self.target.max_length
        return schema


class NoteFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NoteField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "pattern": NO_NUL}
        if self.target.max_length is not None:
            schema["maxLength"] = self.target.max_length
        if not self.target.allow_blank:
            schema["minLength"] = 1
        if self.target.write_only:
            schema["writeOnly"] = True
        if self.target.help_text:
            schema["description"] = str(self.target.help_text)
        return schema
