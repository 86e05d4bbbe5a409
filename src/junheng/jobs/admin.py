from django.contrib import admin

from junheng.jobs.models import Job
from junheng.web.admin import ReadOnlyAdmin


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("kind", "county", "school", "started_by", "status", "created_at", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("kind", "task_id", "started_by__username")
    date_hierarchy = "created_at"
