from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from junheng.api import views

app_name = "api"
urlpatterns = [
    path("token/", views.TokenView.as_view(), name="token"),
    path("schools/", views.SchoolList.as_view(), name="school-list"),
    path("schools/<str:code>/", views.SchoolDetail.as_view(), name="school-detail"),
    path("school-years/", views.SchoolYearList.as_view(), name="school-year-list"),
    path(
        "school-years/<str:school_code>/<int:year>/",
        views.SchoolYearDetail.as_view(),
        name="school-year-detail",
    ),
    path("evaluation/", views.EvaluationView.as_view(), name="evaluation"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
