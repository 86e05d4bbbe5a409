"""Every write of the bulletins app: bulletins (drafted, edited with their news items, figures
refreshed, published with the county's next number, drafts deleted), notices (drafted from the
rankings by the county's thresholds, edited, published with the year's next 发文字号) and the
county's document settings. One transaction each with its audit entry; only the county bureau
writes (the policy's MANAGE on the county)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from junheng.access import MANAGE, may
from junheng.audit.services import audit_change, audit_record
from junheng.bulletins.choices import Column, DocumentStatus
from junheng.bulletins.drafting import DraftRules, notice_draft
from junheng.bulletins.figures import bulletin_figures
from junheng.bulletins.models import Bulletin, BulletinItem, DocumentSettings, Notice
from junheng.bulletins.selectors import (
    default_settings,
    document_settings,
    next_notice_number,
    next_number,
    notice_number_taken,
)
from junheng.evaluation.standard import BUILTIN
from junheng.rectification.rankings import county_rankings
from junheng.refusals import NotAllowed, Refusal
from junheng.registry.models import County

PUBLISH_ATTEMPTS = 3

__all__ = [
    "BulletinError",
    "ItemText",
    "NotAllowed",
    "bulletin_create",
    "bulletin_delete",
    "bulletin_publish",
    "bulletin_refresh",
    "bulletin_update",
    "document_settings_update",
    "notice_create",
    "notice_publish",
    "notice_update",
]


class BulletinError(Refusal):
    """A refused action on a bulletin or a notice, with its message in Chinese and English."""


def _ensure_bureau(actor: Any, county: County) -> None:
    if not may(actor, MANAGE, county):
        raise NotAllowed("只有县教育局可以编发简报和通报", "only the county bureau writes these")


def _ensure_draft(document: Bulletin | Notice) -> None:
    if document.is_published:
        raise BulletinError("已发布，不能再修改", "published: it can no longer be changed")


@dataclass(frozen=True)
class ItemText:
    """A news item as the bureau writes it: its column (栏目), headline and text."""

    column: str
    headline: str
    body: str


BULLETIN_FIELDS = (
    "standard",
    "title",
    "editor",
    "foreword",
    "report_to",
    "send_to",
    "issue_to",
    "copies",
)


def _snapshot(bulletin: Bulletin) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(bulletin, name) for name in BULLETIN_FIELDS}
    values["items"] = [
        [item.column, item.headline, item.body] for item in bulletin.items.order_by("position")
    ]
    values.update(number=bulletin.number, status=bulletin.status)
    return values


def _ensure_standard(standard: str) -> None:
    if standard not in BUILTIN:
        raise BulletinError("请选择评估标准", "choose a standard")


@transaction.atomic
def bulletin_create(*, actor: Any, county: County, today: dt.date | None = None) -> Bulletin:
    """A new draft with the county's figures as of today (no number until it is published)."""
    _ensure_bureau(actor, county)
    today = today or timezone.localdate()
    settings = document_settings(county)
    bulletin = Bulletin.objects.create(
        county=county,
        standard=settings.standard,
        editor=settings.issuer,
        report_to=settings.report_to,
        send_to=settings.send_to,
        issue_to=settings.issue_to,
        copies=settings.copies,
        figures=bulletin_figures(user=actor, county=county, today=today),
        figures_at=timezone.now(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="create",
        obj=bulletin,
        before=None,
        after=_snapshot(bulletin),
        county=county,
    )
    return bulletin


@transaction.atomic
def bulletin_update(
    *,
    actor: Any,
    bulletin: Bulletin,
    standard: str,
    title: str,
    editor: str,
    foreword: str,
    items: Sequence[ItemText],
    report_to: str = "",
    send_to: str = "",
    issue_to: str = "",
    copies: int | None = None,
) -> Bulletin:
    """The bureau writes the draft: its programme (standard) and 刊名 (blank: the programme's),
    编印单位, 编者按, the news items in their order, and the 报尾."""
    _ensure_bureau(actor, bulletin.county)
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _ensure_draft(bulletin)
    _ensure_standard(standard)
    if not editor.strip():
        raise BulletinError("编印单位不能为空", "the editing unit is required")
    if copies is not None and copies < 1:
        raise BulletinError("共印份数必须是正整数", "the number of copies must be positive")
    written = [
        ItemText(item.column, item.headline.strip(), item.body.strip())
        for item in items
        if item.headline.strip() or item.body.strip()
    ]
    for item in written:
        if item.column not in Column.values:
            raise BulletinError("请为每篇稿件选择栏目", "choose a column for every item")
        if not item.headline or not item.body:
            raise BulletinError(
                "每篇稿件都要有标题和正文", "every item needs a headline and a text"
            )
    before = _snapshot(bulletin)
    bulletin.standard, bulletin.title, bulletin.editor = standard, title.strip(), editor.strip()
    bulletin.foreword = foreword.strip()
    bulletin.report_to, bulletin.send_to = report_to.strip(), send_to.strip()
    bulletin.issue_to, bulletin.copies = issue_to.strip(), copies
    bulletin.save()
    bulletin.items.all().delete()
    BulletinItem.objects.bulk_create(
        BulletinItem(
            bulletin=bulletin,
            column=item.column,
            headline=item.headline,
            body=item.body,
            position=position,
        )
        for position, item in enumerate(written)
    )
    after = _snapshot(bulletin)
    audit_change(actor=actor, obj=bulletin, before=before, after=after, county=bulletin.county)
    return bulletin


@transaction.atomic
def bulletin_refresh(*, actor: Any, bulletin: Bulletin, today: dt.date | None = None) -> Bulletin:
    """Recompute a draft's figures from today's data."""
    _ensure_bureau(actor, bulletin.county)
    bulletin = Bulletin.objects.select_for_update().select_related("county").get(pk=bulletin.pk)
    _ensure_draft(bulletin)
    bulletin.figures = bulletin_figures(
        user=actor, county=bulletin.county, today=today or timezone.localdate()
    )
    bulletin.figures_at = timezone.now()
    bulletin.save(update_fields=["figures", "figures_at"])
    audit_record(
        actor=actor,
        action="refresh",
        obj=bulletin,
        before=None,
        after={"as_of": bulletin.figures["as_of"]},
        county=bulletin.county,
    )
    return bulletin


@transaction.atomic
def _publish(actor: Any, bulletin: Bulletin, first_number: int | None, today: dt.date) -> Bulletin:
    # Publishers of one county queue on the county's row (PostgreSQL); SQLite's IMMEDIATE
    # transactions serialise writers anyway. The unique constraint is the last word.
    County.objects.select_for_update().get(pk=bulletin.county_id)
    bulletin = Bulletin.objects.select_for_update().select_related("county").get(pk=bulletin.pk)
    _ensure_draft(bulletin)
    number = next_number(bulletin.county)
    if first_number is not None:
        if number != 1:
            raise BulletinError(
                "本县已有发布的简报，期号按顺序自动编排",
                "the county has published bulletins: numbers follow on",
            )
        number = first_number
    bulletin.figures = bulletin_figures(user=actor, county=bulletin.county, today=today)
    bulletin.figures_at = timezone.now()
    bulletin.number, bulletin.status, bulletin.issue_date = number, DocumentStatus.PUBLISHED, today
    bulletin.published_at, bulletin.published_by = timezone.now(), actor
    bulletin.save()
    audit_record(
        actor=actor,
        action="publish",
        obj=bulletin,
        before={"status": DocumentStatus.DRAFT},
        after={"status": bulletin.status, "number": number, "as_of": today.isoformat()},
        county=bulletin.county,
    )
    return bulletin


def bulletin_publish(
    *,
    actor: Any,
    bulletin: Bulletin,
    first_number: int | None = None,
    today: dt.date | None = None,
) -> Bulletin:
    """Publish a draft as the county's next issue (第N期): figures frozen as of today, numbers
    without gaps or duplicates even when two people publish at once. The county's first issue
    may start from `first_number` (a county that numbered bulletins before Junheng)."""
    _ensure_bureau(actor, bulletin.county)
    if first_number is not None and first_number < 1:
        raise BulletinError("起始期号必须是正整数", "the first number must be positive")
    today = today or timezone.localdate()
    for attempt in range(PUBLISH_ATTEMPTS):
        try:
            return _publish(actor, bulletin, first_number, today)
        except IntegrityError:  # someone took the number between our read and our write
            if attempt == PUBLISH_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def bulletin_delete(*, actor: Any, bulletin: Bulletin) -> None:
    """Delete a draft (a published issue stays: numbers have no gaps)."""
    _ensure_bureau(actor, bulletin.county)
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _ensure_draft(bulletin)
    audit_record(
        actor=actor,
        action="delete",
        obj=bulletin,
        before=_snapshot(bulletin),
        after=None,
        county=bulletin.county,
    )
    bulletin.delete()


@transaction.atomic
def notice_create(*, actor: Any, county: County, today: dt.date | None = None) -> Notice:
    """A draft notice from today's rankings, by the county's thresholds: commended and
    criticised units with their figures; 主送, 抄送 and 落款 from the county's settings."""
    _ensure_bureau(actor, county)
    settings = document_settings(county)
    rankings = county_rankings(user=actor, county=county, today=today or timezone.localdate())
    title, body, figures = notice_draft(rankings, DraftRules.of(settings))
    notice = Notice.objects.create(
        county=county,
        title=title,
        addressee=settings.addressee,
        body=body,
        cc=settings.cc,
        signature=settings.issuer,
        figures=figures,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="create",
        obj=notice,
        before=None,
        after={
            "title": title,
            "commended": len(figures["commended"]),
            "criticised": len(figures["criticised"]),
        },
        county=county,
    )
    return notice


NOTICE_FIELDS = ("title", "addressee", "body", "cc", "signature")


@transaction.atomic
def notice_update(
    *,
    actor: Any,
    notice: Notice,
    title: str,
    body: str,
    addressee: str = "",
    cc: str = "",
    signature: str = "",
) -> Notice:
    """The bureau edits the drafted notice before publishing it (a blank 主送机关 or 落款 is
    the county's settings' when it is published)."""
    _ensure_bureau(actor, notice.county)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _ensure_draft(notice)
    if not title.strip() or not body.strip():
        raise BulletinError("标题和正文不能为空", "the title and the text are required")
    before = {name: getattr(notice, name) for name in NOTICE_FIELDS}
    notice.title, notice.body = title.strip(), body.strip()
    notice.addressee, notice.cc = addressee.strip().rstrip("：:"), cc.strip()
    notice.signature = signature.strip()
    after = {name: getattr(notice, name) for name in NOTICE_FIELDS}
    if after != before:
        notice.save()
        audit_change(actor=actor, obj=notice, before=before, after=after, county=notice.county)
    return notice


@transaction.atomic
def _publish_notice(actor: Any, notice: Notice, number: int | None, today: dt.date) -> Notice:
    County.objects.select_for_update().get(pk=notice.county_id)  # publishers queue here
    notice = Notice.objects.select_for_update().select_related("county").get(pk=notice.pk)
    _ensure_draft(notice)
    if number is None:
        number = next_notice_number(notice.county, today.year)
    elif notice_number_taken(notice.county, today.year, number):
        raise BulletinError(
            f"{today.year}年的第{number}号已被使用",
            f"number {number} of {today.year} is already taken",
        )
    settings = document_settings(notice.county)
    notice.addressee = notice.addressee or settings.addressee
    notice.signature = notice.signature or settings.issuer
    notice.issuer_mark, notice.printer = settings.issuer_mark, settings.printer
    notice.code_prefix = settings.code_prefix
    notice.number_year, notice.number, notice.issue_date = today.year, number, today
    notice.status = DocumentStatus.PUBLISHED
    notice.published_at, notice.published_by = timezone.now(), actor
    notice.save()
    audit_record(
        actor=actor,
        action="publish",
        obj=notice,
        before={"status": DocumentStatus.DRAFT},
        after={"status": notice.status, "document_number": notice.document_number},
        county=notice.county,
    )
    return notice


def notice_publish(
    *, actor: Any, notice: Notice, number: int | None = None, today: dt.date | None = None
) -> Notice:
    """Publish the notice to the county's townships and schools, with its 发文字号: the
    year's next number (〔2026〕N号, per county and year, never twice), or `number` when the
    bureau gives one still free (its numbering continues documents issued on paper). The
    settings' 机关标志, 代字 and 印发机关, and blank 主送 / 落款, are frozen on it."""
    _ensure_bureau(actor, notice.county)
    if number is not None and number < 1:
        raise BulletinError("发文序号必须是正整数", "the number must be positive")
    today = today or timezone.localdate()
    for attempt in range(PUBLISH_ATTEMPTS):
        try:
            return _publish_notice(actor, notice, number, today)
        except IntegrityError:  # someone took the number between our read and our write
            if attempt == PUBLISH_ATTEMPTS - 1 or number is not None:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


# --- the county's document settings ----------------------------------------------------------


@transaction.atomic
def document_settings_update(
    *, actor: Any, county: County, values: dict[str, Any]
) -> DocumentSettings:
    """Save the county's document settings (every field of `DocumentSettings.EDITABLE`)."""
    _ensure_bureau(actor, county)
    _ensure_standard(values["standard"])
    for required in ("issuer", "issuer_mark", "code_prefix", "printer", "addressee"):
        if not str(values.get(required) or "").strip():
            raise BulletinError(
                "发文机关、机关标志、机关代字、印发机关和主送机关不能为空",
                "the issuer, its mark, code, printer and addressees are required",
            )
    rate = Decimal(str(values["commend_rate"]))
    if not Decimal(0) <= rate <= Decimal(100):
        raise BulletinError("表扬的整改率应在 0 到 100 之间", "the rate is a percentage")
    for name in ("criticise_overdue", "listed"):
        if int(values[name]) < 1:
            raise BulletinError("批评条件和列出单位数至少为 1", "thresholds are at least 1")
    if values.get("copies") is not None and int(values["copies"]) < 1:
        raise BulletinError("共印份数必须是正整数", "the number of copies must be positive")
    found = DocumentSettings.objects.select_for_update().filter(county=county).first()
    settings = found if found is not None else default_settings(county)
    before = settings.snapshot() if found is not None else None
    for name in DocumentSettings.EDITABLE:
        value = values.get(name)
        setattr(settings, name, value.strip() if isinstance(value, str) else value)
    settings.commend_rate = rate
    settings.updated_by = actor
    settings.save()
    after = settings.snapshot()
    audit_change(actor=actor, obj=settings, before=before, after=after, county=county)
    return settings
