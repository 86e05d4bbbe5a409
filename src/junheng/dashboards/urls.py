from django.urls import path

from junheng.dashboards import plan_views, views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("county/<str:code>/<int:year>/", views.county_dashboard, name="county"),
    path(
        "county/<str:code>/<int:year>/report.xlsx",
        views.county_report,
        {"fmt": "xlsx"},
        name="report_xlsx",
    ),
    path(
        "county/<str:code>/<int:year>/report.html",
        views.county_report,
        {"fmt": "html"},
        name="report_html",
    ),
    path(
        "county/<str:code>/<int:year>/school/<str:school_code>/",
        views.school_dashboard,
        name="school",
    ),
    path(
        "county/<str:code>/<int:year>/what-if/<str:school_code>/",
        views.what_if_page,
        name="what_if",
    ),
    path("county/<str:code>/<int:year>/plan/", plan_views.plan_page, name="plan"),
    path(
        "county/<str:code>/<int:year>/plan/export.<str:fmt>",
        plan_views.plan_export,
        name="plan_export",
    ),
    path(
        "county/<str:code>/<int:year>/plan/problems/",
        plan_views.plan_problems,
        name="plan_problems",
    ),
]
