"""The policy at the door of a view: a decorator for role actions and lookups that answer 404
outside the user's scope and 403 where the user sees an object but may not act on it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from junheng.access.policy import VIEW, can, may, restrict


def require(action: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A view for signed-in users whose role allows the action (403 otherwise)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not can(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def get_scoped_or_404(model_or_queryset: Any, user: Any, action: str = VIEW, **lookup: Any) -> Any:
    """The object the user may see (404 outside the scope, as if it did not exist); where an
    action other than VIEW is asked, 403 if the user sees the object but may not do it."""
    obj = get_object_or_404(restrict(model_or_queryset, user, VIEW), **lookup)
    ensure(user, action, obj)
    return obj


def ensure(user: Any, action: str, obj: Any) -> None:
    """Seeing an object is not acting on it: 403 unless the user may do the action to it."""
    if action != VIEW and not may(user, action, obj):
        raise PermissionDenied
