"""Every status and kind of the bulletins app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Column(models.TextChoices):
    """A bulletin's columns (栏目), in the order they are printed. 工作进展 opens with the
    progress figures computed from the data; the others hold only the bureau's items."""

    POLICY = "policy", _("政策解读")
    NEWS = "news", _("工作动态")
    PROGRESS = "progress", _("工作进展")
    EXPERIENCE = "experience", _("经验交流")


# The standard a county's documents name their programme after, until the bureau chooses.
DEFAULT_STANDARD = "quality-2017"
