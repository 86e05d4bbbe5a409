"""The surveys in the admin, to look at only: every change goes through the services (their
rules and audit entries), and responses are not shown at all."""

from __future__ import annotations

from django.contrib import admin

from junheng.surveys.models import Survey
from junheng.web.admin import ReadOnlyAdmin


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "county", "status", "rate_formula", "target_rate")
    list_filter = ("county", "year", "status")
    search_fields = ("title",)
