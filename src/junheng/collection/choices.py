from django.db import models
from django.utils.translation import gettext_lazy as _


class DataStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已上报，待乡镇审核")
    RETURNED = "returned", _("已退回修改")
    REVIEWED = "reviewed", _("乡镇已审核，待县审核")
    APPROVED = "approved", _("县已审核")


# The status shown for a school without a record of the year (filters, counts, the lock).
NO_DATA = "none"


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("待确认")
    COMMITTED = "committed", _("已导入")
    DISCARDED = "discarded", _("已放弃")
