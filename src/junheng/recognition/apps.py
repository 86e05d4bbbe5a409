from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "junheng.recognition"
    verbose_name = _("迎检进程")
