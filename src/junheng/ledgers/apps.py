from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "junheng.ledgers"
    label = "ledgers"
    verbose_name = "台账导出"
