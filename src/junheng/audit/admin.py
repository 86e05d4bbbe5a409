"""The audit trail in the Django admin: read here, never changed."""

from django.contrib import admin

from junheng.audit.models import AuditEntry
from junheng.web.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "school", "year")
    list_filter = ("action", "object_type", "year")
