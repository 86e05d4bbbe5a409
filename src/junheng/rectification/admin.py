"""The admin shows problems and their photos read-only: every change goes through the
services (and their audit entries) on the app's own pages."""

from __future__ import annotations

from django.contrib import admin

from junheng.rectification.models import Notification, Problem, ProblemPhoto, Suggestion
from junheng.web.admin import ReadOnlyAdmin


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ("pk", "county", "school", "source", "status", "deadline", "responsible")
    list_filter = ("status", "source", "county")
    search_fields = ("description", "school__name", "school__code")


@admin.register(ProblemPhoto)
class ProblemPhotoAdmin(ReadOnlyAdmin):
    list_display = ("pk", "problem", "stage", "original_name", "size", "uploaded_at")


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ("school", "year", "standard", "level", "text", "status")
    list_filter = ("status", "year", "standard")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "day", "kind", "text", "read_at", "emailed_at")
    list_filter = ("kind", "day")
