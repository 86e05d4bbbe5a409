"""The stages of the road to recognition, the bodies that hold them, and the type groups of the
mock national inspection draw."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The stages in their order (docs/standards.md §3, "The road to recognition")."""

    COUNTY = "county", _("县级自评")
    CITY = "city", _("市级复核")
    PROVINCE = "province", _("省级评估（督导检查）")
    NATIONAL = "national", _("国家认定")


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)


class Body(models.TextChoices):
    """Who holds a stage."""

    COUNTY_BUREAU = "county_bureau", _("县教育局")
    CITY_BUREAU = "city_bureau", _("市教育局")
    PROVINCE_DEPARTMENT = "province_department", _("省教育厅")
    MINISTRY = "ministry", _("教育部")


# The body that customarily holds each stage (the stage form starts from it).
STAGE_BODY: dict[str, str] = {
    Stage.COUNTY: Body.COUNTY_BUREAU,
    Stage.CITY: Body.CITY_BUREAU,
    Stage.PROVINCE: Body.PROVINCE_DEPARTMENT,
    Stage.NATIONAL: Body.MINISTRY,
}


class TypeGroup(models.TextChoices):
    """The school types as the national inspection draws them (recognition.sampling)."""

    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    THROUGH = "through", _("一贯制")
    TEACHING_POINT = "point", _("教学点")


class ReadinessState(models.TextChoices):
    """What the year's data say of a drawn school (its resource allocation)."""

    MET = "met", _("资源配置达到要求")
    UNMET = "unmet", _("资源配置未达到要求")
    EXCLUDED = "excluded", _("不参与校际计算")
    MERGED = "merged", _("并入所属学校计算")
    NOT_JUDGED = "not_judged", _("该标准无逐校要求")
    NO_DATA = "no_data", _("本年度无数据")
