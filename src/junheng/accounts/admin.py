"""Users in the Django admin: Django's own user management, with the role and its scope
checked by `User.clean`. A cadre's schools (包校) are assigned on the visits pages, through
`inspections.services` (audited), so they are shown here, not edited."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from junheng.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("角色与范围"), {"fields": ("role", "county", "township", "school", "assigned_schools")}),
    )
    list_display = ("username", "role", "county", "township", "school", "is_active")
    list_filter = ("role", "county", "is_active")
    readonly_fields = ("assigned_schools",)
