from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "junheng.rectification"
