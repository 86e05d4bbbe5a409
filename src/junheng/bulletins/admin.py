"""Bulletins, notices and the counties' document settings are read-only in the admin: they are
written and published on the app's pages (numbering and audit are the services')."""

from __future__ import annotations

from django.contrib import admin

from junheng.bulletins.models import Bulletin, DocumentSettings, Notice
from junheng.web.admin import ReadOnlyAdmin


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdmin):
    list_display = ("county", "number", "masthead_name", "status", "issue_date")
    list_filter = ("county", "status")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("county", "document_number", "title", "status", "created_at")
    list_filter = ("county", "status")


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(ReadOnlyAdmin):
    list_display = ("county", "standard", "issuer", "code_prefix", "updated_at")
