"""Every read of the bulletins app, scoped through `restrict`: published documents reach every
user of the county; drafts only the bureau."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from junheng.access import MANAGE, VIEW, can
from junheng.bulletins.choices import DocumentStatus
from junheng.bulletins.models import Bulletin, Notice


def _visible(model: type[Bulletin] | type[Notice], user: Any, action: str) -> QuerySet:
    if action == MANAGE:
        return model.objects.restrict(user, MANAGE)
    found = model.objects.restrict(user, VIEW)
    if not can(user, MANAGE):
        found = found.filter(status=DocumentStatus.PUBLISHED)
    return found


def bulletin_list(*, user: Any) -> QuerySet[Bulletin]:
    return (
        _visible(Bulletin, user, VIEW).select_related("county").order_by("status", "-number", "-pk")
    )


def bulletin_for(*, user: Any, pk: int, action: str = VIEW) -> Bulletin:
    """A bulletin the user may see (VIEW) or write (MANAGE), else 404."""
    return get_object_or_404(_visible(Bulletin, user, action).select_related("county"), pk=pk)


def notice_list(*, user: Any) -> QuerySet[Notice]:
    return _visible(Notice, user, VIEW).select_related("county").order_by("status", "-pk")


def notice_for(*, user: Any, pk: int, action: str = VIEW) -> Notice:
    return get_object_or_404(_visible(Notice, user, action).select_related("county"), pk=pk)
