from django.urls import path

from junheng.recognition import views

app_name = "recognition"
urlpatterns = [
    path("", views.road, name="road"),
    path("profile/<int:year>/", views.profile_edit, name="profile"),
    path("coverage/<int:year>/", views.coverage_edit, name="coverage"),
    path("recognised/", views.recognition_edit, name="recognised"),
    path("stages/<slug:stage>/", views.stage_edit, name="stage"),
    path("draws/", views.draw_list, name="draws"),
    path("draws/new/", views.draw_create, name="draw_create"),
    path("draws/compare/", views.draw_compare, name="draw_compare"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/xlsx/", views.draw_export, name="draw_export"),
    path("draws/<int:pk>/delete/", views.draw_delete, name="draw_delete"),
]
