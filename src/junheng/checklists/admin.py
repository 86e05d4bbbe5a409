"""The checklists in the admin: to look, not to change — every change goes through services."""

from django.contrib import admin

from junheng.checklists.models import (
    Assignment,
    Checklist,
    ChecklistImport,
    ChecklistItem,
    EvidenceVersion,
    ItemScore,
)
from junheng.web.admin import ReadOnlyAdmin


@admin.register(Checklist)
class ChecklistAdmin(ReadOnlyAdmin):
    list_display = ("name", "key", "county", "origin", "created_at")
    list_filter = ("origin", "county")


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ReadOnlyAdmin):
    list_display = ("checklist", "code", "title", "max_score", "source", "veto")
    list_filter = ("checklist",)
    search_fields = ("code", "title")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("item", "unit_kind", "office", "school", "township", "person", "deadline")
    list_filter = ("unit_kind",)


@admin.register(ItemScore)
class ItemScoreAdmin(ReadOnlyAdmin):
    list_display = ("item", "score", "met", "automatic", "scored_by", "scored_at")


@admin.register(EvidenceVersion)
class EvidenceVersionAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "number", "kind", "size", "uploaded_by", "uploaded_at")


@admin.register(ChecklistImport)
class ChecklistImportAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "county", "status", "created_by", "created_at")
