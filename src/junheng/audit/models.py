"""Audit entries; nothing in the app can change or delete one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet


class AuditTrailIsAppendOnly(Exception):
    """Raised by any attempt to change or delete an audit entry."""


class AuditQuerySet(RestrictedQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One change of data: who, when, which object, its state before and after, and why."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=40)
    object_type = models.CharField(_("对象类型"), max_length=60)
    object_id = models.CharField(_("对象"), max_length=40)
    county = models.ForeignKey(
        "registry.County", null=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "registry.Township", null=True, on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "registry.School", null=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.IntegerField(_("年度"), null=True)
    before = models.JSONField(_("修改前"), null=True)
    after = models.JSONField(_("修改后"), null=True)
    comment = models.TextField(_("说明"), blank=True)

    objects = AuditQuerySet.as_manager()
    scope = {"county": "county", "township": "township", "school": "school"}

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditTrailIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("audit entries cannot be deleted")

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field whose value changed."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
