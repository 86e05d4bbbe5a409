from django.urls import path

from junheng.bulletins import views

BULLETIN, NOTICE = {"kind": "bulletin"}, {"kind": "notice"}

app_name = "bulletins"
urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("settings/", views.document_settings, name="settings"),
    path("new/", views.document_create, BULLETIN, name="create"),
    path("<int:pk>/", views.bulletin_detail, name="detail"),
    path("<int:pk>/edit/", views.bulletin_edit, name="edit"),
    path("<int:pk>/refresh/", views.bulletin_refresh, name="refresh"),
    path("<int:pk>/publish/", views.bulletin_publish, name="publish"),
    path("<int:pk>/delete/", views.bulletin_delete, name="delete"),
    path("<int:pk>/docx/", views.document_download, {**BULLETIN, "fmt": "docx"}, name="docx"),
    path("<int:pk>/pdf/", views.document_download, {**BULLETIN, "fmt": "pdf"}, name="pdf"),
    path("notices/new/", views.document_create, NOTICE, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path(
        "notices/<int:pk>/docx/",
        views.document_download,
        {**NOTICE, "fmt": "docx"},
        name="notice_docx",
    ),
    path(
        "notices/<int:pk>/pdf/",
        views.document_download,
        {**NOTICE, "fmt": "pdf"},
        name="notice_pdf",
    ),
]
