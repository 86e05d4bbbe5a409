from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.checklist_core import model as data


class Origin(models.TextChoices):
    BUILTIN = "builtin", _("国家标准")
    IMPORTED = "imported", _("导入")


class Scoring(models.TextChoices):
    MANUAL = data.MANUAL, _("人工评分")
    BINARY = data.BINARY, _("达标得满分")
    PROPORTIONAL = data.PROPORTIONAL, _("按比例得分")


class UnitKind(models.TextChoices):
    OFFICE = "office", _("局机关科室")
    TOWNSHIP = "township", _("乡镇")
    SCHOOL = "school", _("学校")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("待确认")
    COMMITTED = "committed", _("已导入")
    DISCARDED = "discarded", _("已放弃")
