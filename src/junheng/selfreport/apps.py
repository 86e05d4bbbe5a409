from django.apps import AppConfig


class SelfreportConfig(AppConfig):
    name = "junheng.selfreport"
