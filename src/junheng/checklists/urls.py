from django.urls import path

app_name = "checklists"
urlpatterns: list = []
