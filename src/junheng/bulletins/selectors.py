"""Every read of the bulletins app, scoped through `restrict`: published documents reach every
user of the county; drafts only those who write them (the bureau). A county's document
settings, with their defaults where the bureau has not saved any."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from junheng.access import MANAGE, VIEW, can
from junheng.bulletins.choices import DocumentStatus
from junheng.bulletins.models import Bulletin, DocumentSettings, Notice
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


def next_notice_number(county: County, year: int) -> int:
    """The 发文字号 the county's next notice published in `year` gets (〔year〕N号)."""
    latest = Notice.objects.filter(county=county, number_year=year).aggregate(n=Max("number"))
    return (latest["n"] or 0) + 1


def notice_number_taken(county: County, year: int, number: int) -> bool:
    return Notice.objects.filter(county=county, number_year=year, number=number).exists()


def default_settings(county: County) -> DocumentSettings:
    """The settings a county starts with (unsaved): its education bureau issues, to the
    townships' central schools and the county's schools; notices commend a rectification rate
    of 80 % without overdue problems and criticise any overdue problem, five units of each."""
    issuer = f"{county.name}教育局"
    return DocumentSettings(
        county=county,
        issuer=issuer,
        issuer_mark=f"{issuer}文件",
        code_prefix=f"{county.name[:1]}教发",
        printer=f"{issuer}办公室",
        addressee="各乡镇中心学校，县直各学校",
        report_to="市教育局，县委、县人民政府",
        send_to="县委教育工作领导小组各成员单位",
        issue_to="各乡镇中心学校，县直各学校",
    )


def document_settings(county: County) -> DocumentSettings:
    """The county's saved settings, else its defaults."""
    found = DocumentSettings.objects.filter(county=county).first()
    return found if found is not None else default_settings(county)


def settings_for(*, user: Any, county: County) -> DocumentSettings:
    """The settings of a county the user may write documents for (404 otherwise)."""
    get_object_or_404(County.objects.restrict(user, MANAGE), pk=county.pk)
    return document_settings(county)
