"""Every write of the bulletins app: bulletins (drafted, edited, figures refreshed, published
with the county's next number, drafts deleted) and notices (drafted from the rankings, edited,
published). One transaction each with its audit entry; only the county bureau writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from junheng.access import MANAGE, may
from junheng.audit.services import audit_record
from junheng.bulletins.choices import DocumentStatus
from junheng.bulletins.drafting import notice_draft
from junheng.bulletins.figures import bulletin_figures
from junheng.bulletins.models import Bulletin, Notice
from junheng.bulletins.selectors import next_number
from junheng.rectification.rankings import county_rankings
from junheng.refusals import NotAllowed, Refusal
from junheng.registry.models import County

PUBLISH_ATTEMPTS = 3

__all__ = [
    "BulletinError",
    "NotAllowed",
    "bulletin_create",
    "bulletin_delete",
    "bulletin_publish",
    "bulletin_refresh",
    "bulletin_update",
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


def _snapshot(bulletin: Bulletin) -> dict[str, Any]:
    return {
        "title": bulletin.title,
        "editor": bulletin.editor,
        "policy": bulletin.policy,
        "news": bulletin.news,
        "number": bulletin.number,
        "status": bulletin.status,
    }


@transaction.atomic
def bulletin_create(*, actor: Any, county: County, today: dt.date | None = None) -> Bulletin:
    """A new draft with the county's figures as of today (no number until it is published)."""
    _ensure_bureau(actor, county)
    today = today or timezone.localdate()
    bulletin = Bulletin.objects.create(
        county=county,
        editor=f"{county.name}教育局",
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
    *, actor: Any, bulletin: Bulletin, title: str, editor: str, policy: str, news: str
) -> Bulletin:
    """The bureau writes the draft's sections (政策解读, 工作动态), its title and editor."""
    _ensure_bureau(actor, bulletin.county)
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _ensure_draft(bulletin)
    if not title.strip() or not editor.strip():
        raise BulletinError("刊名和编印单位不能为空", "the title and the editor are required")
    before = _snapshot(bulletin)
    bulletin.title, bulletin.editor = title.strip(), editor.strip()
    bulletin.policy, bulletin.news = policy.strip(), news.strip()
    after = _snapshot(bulletin)
    if after != before:
        bulletin.save()
        audit_record(
            actor=actor,
            action="change",
            obj=bulletin,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
            county=bulletin.county,
        )
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
    """A draft notice from today's rankings: commended and criticised units with figures."""
    _ensure_bureau(actor, county)
    rankings = county_rankings(user=actor, county=county, today=today or timezone.localdate())
    title, body, figures = notice_draft(rankings)
    notice = Notice.objects.create(
        county=county, title=title, body=body, figures=figures, created_by=actor
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


@transaction.atomic
def notice_update(*, actor: Any, notice: Notice, title: str, body: str) -> Notice:
    """The bureau edits the drafted notice before publishing it."""
    _ensure_bureau(actor, notice.county)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _ensure_draft(notice)
    if not title.strip() or not body.strip():
        raise BulletinError("标题和正文不能为空", "the title and the text are required")
    before = {"title": notice.title, "body": notice.body}
    notice.title, notice.body = title.strip(), body.strip()
    after = {"title": notice.title, "body": notice.body}
    if after != before:
        notice.save()
        audit_record(
            actor=actor,
            action="change",
            obj=notice,
            before=before,
            after=after,
            county=notice.county,
        )
    return notice


@transaction.atomic
def notice_publish(*, actor: Any, notice: Notice) -> Notice:
    """Publish the notice to the county's townships and schools."""
    _ensure_bureau(actor, notice.county)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _ensure_draft(notice)
    notice.status = DocumentStatus.PUBLISHED
    notice.published_at, notice.published_by = timezone.now(), actor
    notice.save()
    audit_record(
        actor=actor,
        action="publish",
        obj=notice,
        before={"status": DocumentStatus.DRAFT},
        after={"status": notice.status},
        county=notice.county,
    )
    return notice
