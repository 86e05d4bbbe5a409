from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("junheng.dashboards.urls")),
    path("accounts/", include("junheng.accounts.urls")),
    path("registry/", include("junheng.registry.urls")),
    path("data/", include("junheng.collection.urls")),
    path("checklists/", include("junheng.checklists.urls")),
    path("problems/", include("junheng.rectification.urls")),
    path("visits/", include("junheng.inspections.urls")),
    path("bulletins/", include("junheng.bulletins.urls")),
    path("surveys/", include("junheng.surveys.urls")),
    path("self-report/", include("junheng.selfreport.urls")),
    path("recognition/", include("junheng.recognition.urls")),
    path("api/", include("junheng.api.urls")),
    path("jobs/", include("junheng.jobs.urls")),
    path("ledgers/", include("junheng.ledgers.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
