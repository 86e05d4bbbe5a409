from django.urls import path

from junheng.audit import views as audit_views
from junheng.collection import views

app_name = "collection"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:year>/", views.year_overview, name="year"),
    path("<int:year>/export/", views.export, name="export"),
    path("<int:year>/batch/", views.school_years_batch, name="batch"),
    path("<int:year>/start/", views.county_year_start, name="start"),
    path("<int:year>/lock/", views.county_year_lock, name="lock"),
    path("<int:year>/unlock/", views.county_year_unlock, name="unlock"),
    path("<int:year>/schools/<int:school_pk>/", views.school_year, name="school_year"),
    path("<int:year>/schools/<int:school_pk>/act/", views.school_year_act, name="school_year_act"),
    # import, import_preview, import_commit, import_discard: the generic flow's pages
    *views.IMPORT.urls(),
    # the audit trail's pages (audit.views), mounted here beside the data they record
    path("history/", audit_views.history, name="history"),
    path("history/schools/<int:pk>/", audit_views.school_history, name="school_history"),
    path("history/export.xlsx", audit_views.history_export, name="history_export"),
    path(
        "history/schools/<int:pk>/export.xlsx",
        audit_views.school_history_export,
        name="school_history_export",
    ),
]
