from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "junheng.collection"
    verbose_name = _("数据填报")
