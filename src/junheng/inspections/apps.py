from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "junheng.inspections"
