from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "junheng.registry"
    verbose_name = "学校名录"
