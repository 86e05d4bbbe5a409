"""The surveys in the admin, to look at only: every change goes through the services (their
rules and audit entries), and responses are not shown at all."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from junheng.surveys.models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "county", "status", "rate_formula", "target_rate")
    list_filter = ("county", "year", "status")
    search_fields = ("title",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
