"""The road to recognition is read-only in the admin: it changes on the app's pages, through
the services that check the rules and write the audit trail."""

from __future__ import annotations

from django.contrib import admin

from junheng.recognition.models import (
    CountyProfile,
    CountyRecognition,
    DrawnSchool,
    MockDraw,
    RecognitionStage,
)
from junheng.web.admin import ReadOnlyAdmin


@admin.register(CountyProfile)
class CountyProfileAdmin(ReadOnlyAdmin):
    list_display = ("county", "year", "population", "area", "fiscal_revenue")
    list_filter = ("county",)


@admin.register(CountyRecognition)
class CountyRecognitionAdmin(ReadOnlyAdmin):
    list_display = ("county", "basic_year", "basic_document")


@admin.register(RecognitionStage)
class RecognitionStageAdmin(ReadOnlyAdmin):
    list_display = ("county", "stage", "planned_date", "done_date", "body")
    list_filter = ("county", "stage")


@admin.register(MockDraw)
class MockDrawAdmin(ReadOnlyAdmin):
    list_display = ("name", "county", "year", "standard", "size", "seed", "created_at")
    list_filter = ("county",)


@admin.register(DrawnSchool)
class DrawnSchoolAdmin(ReadOnlyAdmin):
    list_display = ("draw", "position", "school", "location", "group")
