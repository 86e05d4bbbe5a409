from django.urls import path, register_converter

from junheng.surveys import views


class LinkConverter:
    """A token or an open link's slug: URL-safe base64, as `secrets.token_urlsafe` writes."""

    regex = "[A-Za-z0-9_-]{8,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LinkConverter, "link")

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/settings/", views.survey_settings, name="settings"),
    path("<int:pk>/design/", views.survey_design, name="design"),
    path("<int:pk>/schools/", views.survey_schools, name="schools"),
    path("<int:pk>/quotas/", views.survey_quotas, name="quotas"),
    path("<int:pk>/status/", views.survey_status, name="status"),
    path("<int:pk>/copy/", views.survey_copy, name="copy"),
    path("<int:pk>/delete/", views.survey_delete, name="delete"),
    path("<int:pk>/distribution/", views.survey_distribution, name="distribution"),
    path("<int:pk>/tokens/", views.tokens_issue, name="tokens_issue"),
    path("<int:pk>/tokens/void/", views.batch_void, name="batch_void"),
    path("<int:pk>/open-links/", views.open_link, name="open_link"),
    path("<int:pk>/preview/", views.survey_preview, name="preview"),
    path("<int:pk>/progress/", views.survey_progress, name="progress"),
    path("<int:pk>/results/", views.survey_results, name="results"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/results/schools/<int:school_pk>/", views.school_results, name="school_results"),
    # the public form: no login
    path("a/<link:token>/", views.answer, name="answer"),
    path("o/<link:slug>/", views.open_answer, name="open"),
    path("done/", views.done, name="done"),
]
