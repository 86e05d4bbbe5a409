from django.urls import path

from junheng.rectification import views

app_name = "rectification"
urlpatterns = [
    path("", views.problem_list, name="list"),
    path("new/", views.problem_create, name="create"),
    path("<int:pk>/", views.problem_detail, name="detail"),
    path("<int:pk>/act/", views.problem_act, name="act"),
    path("<int:pk>/edit/", views.problem_edit, name="edit"),
    path("<int:pk>/photos/", views.problem_photos, name="photos"),
    path("<int:pk>/extension/", views.problem_extension, name="extension"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("plan/", views.plan, name="plan"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/generate/", views.suggestions_generate, name="suggestions_generate"),
    path("suggestions/<int:pk>/decide/", views.suggestion_decide, name="suggestion_decide"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("rankings/", views.ranking, name="rankings"),
]
