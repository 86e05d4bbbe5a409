"""Every read of the bulletins app, scoped through `restrict`: published documents reach every
user of the county; drafts only those who write them (the bureau)."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from junheng.access import MANAGE, VIEW, can
from junheng.bulletins.choices import DocumentStatus
from junheng.bulletins.models import Bulletin, Notice
from junheng.registry.models import County


def _visible(model: type[Bulletin] | type[Notice], user: Any, action: str) -> QuerySet:
    """The documents the user may write (MANAGE), or see (VIEW): the published ones of the
    scope and the drafts they may write."""
    written = model.objects.restrict(user, MANAGE)
    if action == MANAGE:
        return written
    return model.objects.restrict(user, VIEW).filter(
        Q(status=DocumentStatus.PUBLISHED) | Q(pk__in=written.values("pk"))
    )


def writes_documents(*, user: Any) -> bool:
    """Whether the user writes bulletins and notices (to show the bureau's buttons)."""
    return can(user, MANAGE)


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
    """A notice the user may see (VIEW) or write (MANAGE), else 404."""
    return get_object_or_404(_visible(Notice, user, action).select_related("county"), pk=pk)


def next_number(county: County) -> int:
    """The number the county's next published bulletin gets."""
    latest = Bulletin.objects.filter(county=county).aggregate(n=Max("number"))["n"]
    return (latest or 0) + 1
