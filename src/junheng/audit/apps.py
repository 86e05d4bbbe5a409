from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "junheng.audit"
    verbose_name = "操作记录"
