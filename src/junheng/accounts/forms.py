"""The login form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    """Django's login form, with the user name's length checked before anything else: a name
    longer than any account's can belong to no one, so it is answered as a wrong name without
    trying a password (Django's form only sets the widget's maxlength, and the lock-out library
    would otherwise record the name, which a 255-character column cannot hold)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))

    def clean(self) -> dict[str, Any]:
        if "username" not in self.cleaned_data and self.has_error("username", "max_length"):
            raise self.get_invalid_login_error()
        return super().clean()
