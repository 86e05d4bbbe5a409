"""Choices of the surveys: statuses, question kinds, the satisfaction scale's categories, the
rate formulas a survey can use, respondent groups and how a response came in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class SurveyStandard(models.TextChoices):
    BASIC = "basic-2012", _("基本均衡·公众满意度")
    QUALITY = "quality-2017", _("优质均衡·社会认可度")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("满意度题（计入满意率）")
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TEXT = "text", _("文字题")


class ScaleKind(models.TextChoices):
    """What an option of the satisfaction scale counts as in the rate."""

    FULL = "full", _("满意类")
    PARTIAL = "partial", _("基本满意类")
    NONE = "none", _("不满意类")
    SKIP = "skip", _("不计入（如「不了解」）")


class RateFormula(models.TextChoices):
    """How the satisfaction rate is computed from the scale answers. The standards publish no
    formula (docs/standards.md §2): the default counts every answer that is not 不满意."""

    NOT_DISSATISFIED = "not_dissatisfied", _("非「不满意」回答占比（默认）")
    SATISFIED_ONLY = "satisfied_only", _("「满意」回答占比")
    WEIGHTED = "weighted", _("加权：满意计 1，基本满意计权重，不满意计 0")


class GroupKind(models.TextChoices):
    PARENT = "parent", _("家长")
    TEACHER = "teacher", _("教师")
    PRINCIPAL = "principal", _("校长")
    STUDENT = "student", _("学生")
    DEPUTY = "deputy", _("人大代表")
    CPPCC = "cppcc", _("政协委员")
    PUBLIC = "public", _("社会人士")
    OTHER = "other", _("其他")


# Groups surveyed at a school (tokens, quotas and results per school); the others are
# surveyed county-wide.
SCHOOL_GROUP_KINDS = frozenset(
    {GroupKind.PARENT, GroupKind.TEACHER, GroupKind.PRINCIPAL, GroupKind.STUDENT}
)


class Channel(models.TextChoices):
    TOKEN = "token", _("一次性二维码")
    OPEN = "open", _("公开链接（不防重复作答）")


# Every survey Junheng runs is the county's own (本县自测): the official social-recognition survey
# of quality-2017 is run by the national inspectorate (docs/standards.md §2). Its pages and
# exports say so.
SELF_TEST_LABEL = _("本县自测")
SELF_TEST_NOTE = _(
    "本调查由县教育局自行组织，是迎检前的自测；优质均衡的社会认可度正式调查由国家督导部门组织实施。"
)
