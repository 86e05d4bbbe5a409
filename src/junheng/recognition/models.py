"""The county's facts on the road to recognition: its profile and its 双普 figures year by
year, its recognition facts, its stages, and the mock national inspection draws with the
schools drawn."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet
from junheng.recognition import coverage
from junheng.recognition.choices import Body, Stage, TypeGroup

# A county's facts reach every user of the county (the pages decide who may read what).
COUNTY_WIDE = {"county": "county", "township": "county__townships", "school": "county__schools"}


def _amount(label: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


class CountyYearFacts(models.Model):
    """What a county's yearly facts share: one row a year, entered by the bureau (who and when
    kept), notes, read by every user of the county, audited as a snapshot of `FIGURES` and the
    notes (as text)."""

    FIGURES: tuple[str, ...] = ()

    notes = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = COUNTY_WIDE

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.county.name} {self.year}"

    def snapshot(self) -> dict[str, str | None]:
        """The entered figures and notes as text, as the audit trail keeps them."""
        values: dict[str, str | None] = {
            name: (None if getattr(self, name) is None else str(getattr(self, name)))
            for name in self.FIGURES
        }
        values["notes"] = self.notes
        return values


class CountyProfile(CountyYearFacts):
    """The county's facts of one year (基本情况 of the self-evaluation report), entered by the
    bureau, audited; blank means not entered. Schools, students and teachers are not entered
    here: they are summed from the year's school data (`selectors.school_totals`)."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="profiles")
    year = models.IntegerField(_("年度"))
    population = _amount(_("常住人口（万人）"))
    area = _amount(_("土地面积（平方千米）"))
    fiscal_revenue = _amount(_("一般公共预算收入（万元）"))
    education_spending = _amount(_("教育经费总投入（万元）"))
    compulsory_spending = _amount(_("财政性义务教育经费（万元）"))

    FIGURES = ("population", "area", "fiscal_revenue", "education_spending", "compulsory_spending")

    class Meta:
        ordering = ["county", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="county_profile_unique_year")
        ]
        verbose_name = _("县情")
        verbose_name_plural = _("县情")


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


def _rate(label: str) -> models.DecimalField:
    # a gross rate may pass 100 % (pupils older or younger than the age band)
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
    )


class CountyCoverage(CountyYearFacts):
    """The county's figures of universal preschool and senior-secondary education of one year
    (双普 of Shaanxi's 双高双普, docs/standards.md §4), entered by the bureau, audited; blank
    means not entered. A rate is computed from its counts where they are entered, else the
    rate entered stands (`recognition.coverage`); checklists score their 双普 items on it."""

    county = models.ForeignKey(
        "registry.County", on_delete=models.PROTECT, related_name="coverages"
    )
    year = models.IntegerField(_("年度"))
    preschool_children = _count(_("在园幼儿数（人）"))
    preschool_age_population = _count(_("学前三年适龄人口数（3–5 周岁，人）"))
    public_children = _count(_("公办园在园幼儿数（人）"))
    inclusive_private_children = _count(_("普惠性民办园在园幼儿数（人）"))
    general_senior_students = _count(_("普通高中在校生数（人）"))
    vocational_students = _count(_("中等职业教育在校生数（人）"))
    senior_age_population = _count(_("高中阶段适龄人口数（15–17 周岁，人）"))
    preschool_gross_rate = _rate(_("学前三年毛入园率（%）"))
    inclusive_coverage = _rate(_("普惠性幼儿园覆盖率（%）"))
    public_kindergarten_share = _rate(_("公办园在园幼儿占比（%）"))
    senior_gross_rate = _rate(_("高中阶段毛入学率（%）"))

    FIGURES = (*coverage.COUNTS, *coverage.RATES)

    class Meta:
        ordering = ["county", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="county_coverage_unique_year")
        ]
        verbose_name = _("学前和高中阶段教育普及情况")
        verbose_name_plural = _("学前和高中阶段教育普及情况")

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIGURES}

    def rates(self) -> dict[str, coverage.Rate]:
        """The rates known this year, each computed from its counts or as entered."""
        return coverage.rates(self.values())


class CountyRecognition(models.Model):
    """When the county was recognised for basic balance (基本均衡), and by which document: the
    entry condition of quality-2017 is a recognition at least three years before
    (docs/standards.md §2, "Entry, parts and vetoes")."""

    county = models.OneToOneField(
        "registry.County", on_delete=models.PROTECT, related_name="recognition"
    )
    basic_year = models.PositiveSmallIntegerField(
        _("基本均衡认定年份"), null=True, blank=True, validators=[MinValueValidator(2013)]
    )
    basic_document = models.CharField(_("认定文号"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = COUNTY_WIDE

    class Meta:
        verbose_name = _("认定情况")
        verbose_name_plural = _("认定情况")

    def __str__(self) -> str:
        return f"{self.county.name} {self.basic_year or '—'}"

    def snapshot(self) -> dict[str, object]:
        return {"basic_year": self.basic_year, "basic_document": self.basic_document}


class RecognitionStage(models.Model):
    """One stage of the county's road (县级自评, 市级复核, 省级评估, 国家认定): its planned date,
    the date it was done and the body holding it. A county has at most one row per stage; a
    stage without a row has no date yet.

    The province stage's planned date is also the county's 督导检查日期
    (`registry.County.inspection_date`, the countdown of every page, which the checklists page
    sets too): the stage service writes through to it, and the road page reads it from there,
    so the two never disagree."""

    county = models.ForeignKey(
        "registry.County", on_delete=models.PROTECT, related_name="recognition_stages"
    )
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    planned_date = models.DateField(_("计划日期"), null=True, blank=True)
    done_date = models.DateField(_("完成日期"), null=True, blank=True)
    body = models.CharField(_("实施单位"), max_length=20, choices=Body.choices)
    note = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    scope = COUNTY_WIDE

    class Meta:
        ordering = ["county", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["county", "stage"], name="recognition_stage_unique")
        ]
        verbose_name = _("迎检阶段")
        verbose_name_plural = _("迎检阶段")

    def __str__(self) -> str:
        return f"{self.county.name} {self.get_stage_display()}"

    def snapshot(self) -> dict[str, str | None]:
        return {
            "planned_date": self.planned_date.isoformat() if self.planned_date else None,
            "done_date": self.done_date.isoformat() if self.done_date else None,
            "body": self.body,
            "note": self.note,
        }


DEFAULT_DRAW_PREFIX = "模拟抽校"
DEFAULT_DRAW_NAME = re.compile(
    rf"{DEFAULT_DRAW_PREFIX} (?P<at>\d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}})"
)


def default_draw_name(made: Any) -> str:
    """The name of a draw the county left unnamed, as stored (Chinese, like every stored
    name); pages show it through `MockDraw.shown_name`."""
    return f"{DEFAULT_DRAW_PREFIX} {made:%Y-%m-%d %H:%M}"


class MockDraw(models.Model):
    """A mock national inspection draw (模拟国检抽校): N schools drawn by stratum from a recorded
    seed (`recognition.sampling`), kept with its strata so it can be read and compared later.
    Readiness is judged on the school data of `year` under `standard`."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    year = models.IntegerField(_("数据年度"))
    standard = models.CharField(_("评估标准"), max_length=40)
    size = models.PositiveSmallIntegerField(_("抽取学校数"))
    seed = models.PositiveBigIntegerField(_("随机种子"))
    strata = models.JSONField(_("分层情况"), default=list)  # [{location, group, schools, drawn}]
    created_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    scope = COUNTY_WIDE

    class Meta:
        ordering = ["county", "-created_at", "-pk"]
        verbose_name = _("模拟抽校")
        verbose_name_plural = _("模拟抽校")

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self) -> str:
        """The name in the reader's language: the name the app gave a draw left unnamed
        (「模拟抽校 2025-03-01 09:30」, `default_draw_name`) in the page's language; a name
        the county typed as typed."""
        found = DEFAULT_DRAW_NAME.fullmatch(self.name or "")
        if found is None:
            return self.name
        return gettext("模拟抽校 %(at)s") % {"at": found["at"]}

    def snapshot(self) -> dict[str, object]:
        return {
            "name": self.name,
            "year": self.year,
            "standard": self.standard,
            "size": self.size,
            "seed": self.seed,
            "schools": list(self.drawn.order_by("position").values_list("school__code", flat=True)),
        }


class DrawnSchool(models.Model):
    """A school of a draw, with the stratum it was drawn from."""

    draw = models.ForeignKey(MockDraw, on_delete=models.CASCADE, related_name="drawn")
    school = models.ForeignKey(
        "registry.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    location = models.CharField(_("城乡分类"), max_length=4)
    group = models.CharField(_("类型"), max_length=10, choices=TypeGroup.choices)

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "draw__county", "township": "school__township", "school": "school"}

    class Meta:
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "school"], name="drawn_school_unique")
        ]
        verbose_name = _("抽中学校")
        verbose_name_plural = _("抽中学校")

    def __str__(self) -> str:
        return f"{self.draw} · {self.school}"
