from django.urls import path

from junheng.audit import views as audit_views
from junheng.collection import views

app_name = "collection"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:year>/", views.year_overview, name="year"),
    path("<int:year>/export/", views.export, name="export"),
    path("<int:year>/lock/", views.county_year_lock, name="lock"),
    path("<int:year>/unlock/", views.county_year_unlock, name="unlock"),
    path("<int:year>/schools/<int:school_pk>/", views.school_year, name="school_year"),
    path("<int:year>/schools/<int:school_pk>/act/", views.school_year_act, name="school_year_act"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("import/<int:pk>/discard/", views.import_discard, name="import_discard"),
    # the audit trail's pages (audit.views), mounted here beside the data they record
    path("history/", audit_views.history, name="history"),
    path("history/schools/<int:pk>/", audit_views.school_history, name="school_history"),
]
