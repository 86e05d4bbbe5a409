"""The bureau's documents: numbered work bulletins (工作简报, 第N期) and notices (通报)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet
from junheng.bulletins.choices import DocumentStatus

# A county's documents reach every user of the county: its townships' and schools' too.
COUNTY_WIDE = {"county": "county", "township": "county__townships", "school": "county__schools"}


class Bulletin(models.Model):
    """A work bulletin: the sections the bureau writes (政策解读, 工作动态) and the progress
    figures generated from the data. Numbered (第N期) per county when published, without gaps:
    drafts have no number, and a published bulletin is never deleted."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("期号"), null=True, blank=True)
    title = models.CharField(_("刊名"), max_length=100, default="义务教育优质均衡发展工作简报")
    editor = models.CharField(_("编印单位"), max_length=100)
    issue_date = models.DateField(_("印发日期"), null=True, blank=True)
    policy = models.TextField(_("政策解读"), blank=True)
    news = models.TextField(_("工作动态"), blank=True)
    figures = models.JSONField(_("进展数据"), default=dict)
    figures_at = models.DateTimeField(_("数据时间"), null=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = COUNTY_WIDE

    class Meta:
        ordering = ["county", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "number"], name="bulletin_number_unique_per_county"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft", number__isnull=True)
                | models.Q(status="published", number__isnull=False),
                name="bulletin_numbered_when_published",
            ),
        ]
        verbose_name = _("工作简报")
        verbose_name_plural = _("工作简报")

    def __str__(self) -> str:
        return f"{self.title} {self.issue_label}"

    @property
    def issue_label(self) -> str:
        return f"第{self.number}期" if self.number else "（草稿）"

    @property
    def is_published(self) -> bool:
        return self.status == DocumentStatus.PUBLISHED


class Notice(models.Model):
    """A notice (通报) drafted from the rankings: the units commended and criticised with
    their figures; the bureau edits the text before publishing it."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    figures = models.JSONField(_("排名数据"), default=dict)
    status = models.CharField(
        _("状态"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = COUNTY_WIDE

    class Meta:
        ordering = ["county", "-created_at", "-pk"]
        verbose_name = _("通报")
        verbose_name_plural = _("通报")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == DocumentStatus.PUBLISHED
