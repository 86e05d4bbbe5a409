from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    name = "junheng.checklists"
    verbose_name = "评估指标与台账"
