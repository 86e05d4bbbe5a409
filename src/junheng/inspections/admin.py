"""Visits are read-only in the admin: they are recorded on the app's pages (with audit)."""

from __future__ import annotations

from django.contrib import admin

from junheng.inspections.models import Finding, Visit, VisitPhoto
from junheng.web.admin import ReadOnlyAdmin


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ("date", "school", "visitor", "county")
    list_filter = ("county", "date")


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("visit", "position", "text", "problem")


@admin.register(VisitPhoto)
class VisitPhotoAdmin(ReadOnlyAdmin):
    list_display = ("visit", "original_name", "size")
