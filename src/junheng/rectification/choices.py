"""Every status and kind of the rectification app, and when a deadline is due soon."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where a problem was found; its stage and body follow from it (`rectification.origins`)."""

    SELF_CHECK = "self", _("自查")
    TOWNSHIP = "township", _("乡镇检查")
    COUNTY = "county", _("县督导")
    CITY = "city", _("市级复核")
    PROVINCE = "province", _("省级反馈")
    NATIONAL = "national", _("国家反馈")


class Status(models.TextChoices):
    """open → rectifying → submitted (with proof) → closed (verified), or returned →
    rectifying."""

    OPEN = "open", _("待整改")
    RECTIFYING = "rectifying", _("整改中")
    SUBMITTED = "submitted", _("待核验")
    RETURNED = "returned", _("已退回")
    CLOSED = "closed", _("已销号")


# The statuses in which the responsible side owes work (and a passed deadline is overdue).
ACTIVE = (Status.OPEN, Status.RECTIFYING, Status.RETURNED)

# A deadline within this many days is due soon (the countdown plan, the daily reminders).
DUE_SOON_DAYS = 7


class ExtensionStatus(models.TextChoices):
    """A 延期申请: pending until the county approves or refuses it."""

    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class PhotoStage(models.TextChoices):
    PROBLEM = "problem", _("问题照片")
    PROOF = "proof", _("整改佐证")


class SuggestionStatus(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    ACCEPTED = "accepted", _("已采纳")
    DISMISSED = "dismissed", _("已忽略")


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    VISIT_DUE = "visit_due", _("包校走访超期")  # of a school, not a problem


# The reminders about problems (sent by e-mail too); VISIT_DUE is in the app only.
PROBLEM_REMINDERS = (NotificationKind.DUE_SOON, NotificationKind.OVERDUE)
