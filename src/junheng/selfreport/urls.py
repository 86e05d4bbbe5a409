from django.urls import path

from junheng.selfreport import views

app_name = "selfreport"
urlpatterns = [
    path("<str:code>/<int:year>/", views.report_page, name="page"),
    path("<str:code>/<int:year>/save/", views.report_save, name="save"),
    path("<str:code>/<int:year>/docx/", views.report_file, {"fmt": "docx"}, name="docx"),
    path("<str:code>/<int:year>/pdf/", views.report_file, {"fmt": "pdf"}, name="pdf"),
]
