"""`{% load access %}{% if user|can:"change" %}`: the roles' rule of `access.can` in templates,
to show a link or a button only to those who may use it (the views check again)."""

from __future__ import annotations

from typing import Any

from django import template

from junheng import access

register = template.Library()


@register.filter
def can(user: Any, action: str) -> bool:
    return access.can(user, action)
