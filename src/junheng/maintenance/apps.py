from django.apps import AppConfig


class MaintenanceConfig(AppConfig):
    name = "junheng.maintenance"
    verbose_name = "运维"
