"""An upload field refused above a size, before anything reads the file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class LimitedFileField(forms.FileField):
    """A file field with a size limit in bytes (a setting's value, read when the form is used)."""

    def __init__(self, *, max_bytes: Any, **kwargs: Any) -> None:
        self.max_bytes = max_bytes  # an int, or a callable returning one (a setting)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        limit = self.max_bytes() if callable(self.max_bytes) else self.max_bytes
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(
                _("文件过大（%(size).1f MB），上限为 %(limit).0f MB"),
                params={"size": upload.size / 1_048_576, "limit": limit / 1_048_576},
            )
        return upload
