"""Choices of the registry, spelled as the school-data template spells them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolType(models.TextChoices):
    """The compulsory-education types are the template's (`evaluation.levels`); 幼儿园 and
    高级中学 (a stand-alone 普通高中, as the education statistics name it) are registry-only
    types of the Shaanxi 双高双普 programme (docs/standards.md §4): listed and scoped as any
    school, never in the compulsory-education data or evaluation."""

    PRIMARY = "小学", _("小学")
    JUNIOR = "初级中学", _("初级中学")
    NINE_YEAR = "九年一贯制学校", _("九年一贯制学校")
    COMPLETE_SECONDARY = "完全中学", _("完全中学")
    TWELVE_YEAR = "十二年一贯制学校", _("十二年一贯制学校")
    TEACHING_POINT = "小学教学点", _("小学教学点")
    KINDERGARTEN = "幼儿园", _("幼儿园")
    SENIOR_HIGH = "高级中学", _("高级中学")


class Location(models.TextChoices):
    URBAN = "城区", _("城区")
    TOWN = "镇区", _("镇区")
    RURAL = "乡村", _("乡村")


class Ownership(models.TextChoices):
    PUBLIC = "公办", _("公办")
    PRIVATE = "民办", _("民办")


class Affiliation(models.TextChoices):
    COUNTY = "县属", _("县属")
    PROVINCE_OR_CITY = "省市直属", _("省市直属")
