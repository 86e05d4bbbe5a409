from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "junheng.collection"
    verbose_name = "数据填报"
