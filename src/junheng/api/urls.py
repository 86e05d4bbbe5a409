from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from junheng.api.views import auth, evaluation, school_years, schools, transitions

app_name = "api"
urlpatterns = [
    path("token/", auth.TokenView.as_view(), name="token"),
    path("schools/", schools.SchoolList.as_view(), name="school-list"),
    path("schools/<str:code>/", schools.SchoolDetail.as_view(), name="school-detail"),
    path("school-years/", school_years.SchoolYearList.as_view(), name="school-year-list"),
    path(
        "school-years/transition/",
        transitions.SchoolYearTransitionView.as_view(),
        name="school-year-transition",
    ),
    path(
        "school-years/<str:school_code>/<int:year>/",
        school_years.SchoolYearDetail.as_view(),
        name="school-year-detail",
    ),
    path("evaluation/", evaluation.EvaluationView.as_view(), name="evaluation"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
