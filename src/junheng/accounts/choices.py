from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.registry import scoping


class Role(models.TextChoices):
    COUNTY_ADMIN = scoping.COUNTY_ADMIN, _("县教育局管理员")
    TOWNSHIP_OFFICER = scoping.TOWNSHIP_OFFICER, _("乡镇教办")
    PRINCIPAL = scoping.PRINCIPAL, _("校长")
    INSPECTOR = scoping.INSPECTOR, _("督学/包校干部")
