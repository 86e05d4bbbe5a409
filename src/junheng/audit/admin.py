from django.contrib import admin

from junheng.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail can be read here, never changed."""

    list_display = ("at", "actor", "action", "object_type", "object_id", "school", "year")
    list_filter = ("action", "object_type", "year")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
