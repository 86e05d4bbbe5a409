from django.urls import path

from junheng.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("new/", views.visit_create, name="create"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("findings/<int:pk>/problem/", views.finding_problem, name="finding_problem"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("density/", views.density, name="density"),
    path("frequency/", views.frequency, name="frequency"),
    path("cadres/", views.cadres, name="cadres"),
]
