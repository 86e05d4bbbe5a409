"""Choices of the registry, spelled as the school-data template spells them."""

from django.db import models


class SchoolType(models.TextChoices):
    PRIMARY = "小学", "小学"
    JUNIOR = "初级中学", "初级中学"
    NINE_YEAR = "九年一贯制学校", "九年一贯制学校"
    COMPLETE_SECONDARY = "完全中学", "完全中学"
    TWELVE_YEAR = "十二年一贯制学校", "十二年一贯制学校"
    TEACHING_POINT = "小学教学点", "小学教学点"


class Location(models.TextChoices):
    URBAN = "城区", "城区"
    TOWN = "镇区", "镇区"
    RURAL = "乡村", "乡村"


class Ownership(models.TextChoices):
    PUBLIC = "公办", "公办"
    PRIVATE = "民办", "民办"


class Affiliation(models.TextChoices):
    COUNTY = "县属", "县属"
    PROVINCE_OR_CITY = "省市直属", "省市直属"
