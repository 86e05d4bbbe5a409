from django.urls import path, register_converter

from junheng.surveys.views import design, distribution, public, results


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
    path("", design.survey_list, name="list"),
    path("new/", design.survey_create, name="create"),
    path("<int:pk>/", design.survey_detail, name="detail"),
    path("<int:pk>/settings/", design.survey_settings, name="settings"),
    path("<int:pk>/design/", design.survey_design, name="design"),
    path("<int:pk>/schools/", design.survey_schools, name="schools"),
    path("<int:pk>/quotas/", distribution.survey_quotas, name="quotas"),
    path("<int:pk>/status/", design.survey_status, name="status"),
    path("<int:pk>/copy/", design.survey_copy, name="copy"),
    path("<int:pk>/delete/", design.survey_delete, name="delete"),
    path("<int:pk>/distribution/", distribution.survey_distribution, name="distribution"),
    path("<int:pk>/tokens/", distribution.tokens_issue, name="tokens_issue"),
    path("<int:pk>/tokens/void/", distribution.batch_void, name="batch_void"),
    path("<int:pk>/open-links/", distribution.open_link, name="open_link"),
    path("<int:pk>/preview/", design.survey_preview, name="preview"),
    path("<int:pk>/progress/", results.survey_progress, name="progress"),
    path("<int:pk>/results/", results.survey_results, name="results"),
    path("<int:pk>/results.xlsx", results.results_xlsx, name="results_xlsx"),
    path(
        "<int:pk>/results/schools/<int:school_pk>/", results.school_results, name="school_results"
    ),
    # the public form: no login
    path("a/<link:token>/", public.answer, name="answer"),
    path("o/<link:slug>/", public.open_answer, name="open"),
    path("done/", public.done, name="done"),
]
