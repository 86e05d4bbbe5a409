from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng import access


class Role(models.TextChoices):
    COUNTY_ADMIN = access.COUNTY_ADMIN, _("县教育局管理员")
    TOWNSHIP_OFFICER = access.TOWNSHIP_OFFICER, _("乡镇教办")
    PRINCIPAL = access.PRINCIPAL, _("校长")
    INSPECTOR = access.INSPECTOR, _("督学/包校干部")
