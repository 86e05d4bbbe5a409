from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("junheng.dashboards.urls")),
    path("accounts/", include("junheng.accounts.urls")),
    path("registry/", include("junheng.registry.urls")),
    path("data/", include("junheng.collection.urls")),
    path("checklists/", include("junheng.checklists.urls")),
    path("api/", include("junheng.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
