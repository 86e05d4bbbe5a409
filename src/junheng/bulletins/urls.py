from django.urls import path

from junheng.bulletins import views

app_name = "bulletins"
urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("new/", views.bulletin_create, name="create"),
    path("<int:pk>/", views.bulletin_detail, name="detail"),
    path("<int:pk>/edit/", views.bulletin_edit, name="edit"),
    path("<int:pk>/refresh/", views.bulletin_refresh, name="refresh"),
    path("<int:pk>/publish/", views.bulletin_publish, name="publish"),
    path("<int:pk>/delete/", views.bulletin_delete, name="delete"),
    path("<int:pk>/docx/", views.bulletin_docx, name="docx"),
    path("<int:pk>/pdf/", views.bulletin_pdf, name="pdf"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/docx/", views.notice_docx, name="notice_docx"),
    path("notices/<int:pk>/pdf/", views.notice_pdf, name="notice_pdf"),
]
