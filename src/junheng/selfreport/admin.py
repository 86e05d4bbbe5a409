"""Self-reports are read-only in the admin: the bureau writes them on the self-report page
(the service audits every change)."""

from __future__ import annotations

from django.contrib import admin

from junheng.selfreport.models import SelfReport
from junheng.web.admin import ReadOnlyAdmin


@admin.register(SelfReport)
class SelfReportAdmin(ReadOnlyAdmin):
    list_display = ("county", "year", "standard", "updated_at", "updated_by")
    list_filter = ("county", "standard")
