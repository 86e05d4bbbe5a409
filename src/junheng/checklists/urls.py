from django.urls import path

from junheng.checklists import views

app_name = "checklists"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("load/", views.load, name="load"),
    path("inspection-date/", views.inspection_date, name="inspection_date"),
    path("template.xlsx", views.template_download, name="template"),
    # import, import_preview, import_commit, import_discard: the generic flow's pages
    *views.IMPORT.urls(),
    path("<int:pk>/", views.checklist_detail, name="checklist"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/score-auto/", views.checklist_score_auto, name="score_auto"),
    path("<int:pk>/delete/", views.checklist_delete, name="delete"),
    path("<int:pk>/export.xlsx", views.checklist_export, name="export"),
    path("<int:pk>/archive.zip", views.checklist_archive, name="archive"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/score/", views.item_score, name="item_score"),
    path("items/<int:pk>/assign/", views.item_assign, name="item_assign"),
    path("items/<int:pk>/assign-schools/", views.item_assign_schools, name="item_assign_schools"),
    path("assignments/<int:pk>/delete/", views.assignment_delete, name="assignment_delete"),
    path("assignments/<int:pk>/change/", views.assignment_change, name="assignment_change"),
    path("assignments/<int:pk>/upload/", views.assignment_upload, name="assignment_upload"),
    path("files/<int:pk>/", views.version_download, name="download"),
]
