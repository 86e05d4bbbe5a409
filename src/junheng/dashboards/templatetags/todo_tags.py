"""The header's count of the user's to-dos (`dashboards.todos`), on every page."""

from __future__ import annotations

from typing import Any

from django import template

from junheng.dashboards.todos import todo_count as count_of

register = template.Library()


@register.simple_tag(takes_context=True)
def todo_count(context: Any) -> int:
    """How many things wait for the signed-in user (0 for a visitor)."""
    user = context.get("user")
    return count_of(user=user) if user is not None else 0
