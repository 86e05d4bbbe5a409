from django.urls import path

from junheng.ledgers import views

app_name = "ledgers"
urlpatterns = [
    path("", views.index, name="index"),
    *(path(f"{name}/", view, name=name) for name, view in views.DOWNLOADS.items()),
    *(path(f"{name}/start/", view, name=f"{name}_start") for name, view in views.STARTS.items()),
    path("school/<int:pk>/", views.school_file, name="school_file"),
]
