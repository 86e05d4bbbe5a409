from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "junheng.registry"
    verbose_name = _("学校名录")
