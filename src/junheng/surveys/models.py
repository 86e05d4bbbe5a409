"""Satisfaction surveys (社会认可度 / 公众满意度): the definition (questionnaires, questions,
respondent groups, covered schools, period, the rate's formula), its distribution (one-time
tokens, quotas) and the anonymous responses.

A response keeps no link to the token it was sent with, nor to the sender's address, and only
the day it came in: see `Response`.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet
from junheng.surveys import rates, sampling, wording
from junheng.surveys.choices import (
    SCHOOL_GROUP_KINDS,
    SELF_TEST_LABEL,
    SELF_TEST_NOTE,
    Channel,
    GroupKind,
    QuestionKind,
    RateFormula,
    SurveyStandard,
    SurveyStatus,
)


def default_scale() -> list[dict[str, str]]:
    """The 3-point scale of basic-2012's provincial questionnaire (docs/standards.md §2)."""
    return [
        {"label": "满意", "kind": rates.FULL},
        {"label": "基本满意", "kind": rates.PARTIAL},
        {"label": "不满意", "kind": rates.NONE},
    ]


class Survey(models.Model):
    """One survey the bureau runs: what is asked of whom, at which schools, when, and how its
    satisfaction rate is computed. Its structure is fixed once it opens."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(_("调查名称"), max_length=200)
    year = models.IntegerField(_("评估年度"))
    standard = models.CharField(
        _("对应评估项目"), max_length=20, choices=SurveyStandard.choices, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opens_on = models.DateField(_("开始日期"), null=True, blank=True)
    closes_on = models.DateField(_("截止日期"), null=True, blank=True)
    intro = models.TextField(_("问卷说明"), blank=True)
    scale = models.JSONField(_("满意度量表"), default=default_scale)
    rate_formula = models.CharField(
        _("满意率计算方法"),
        max_length=20,
        choices=RateFormula.choices,
        default=RateFormula.NOT_DISSATISFIED,
    )
    partial_weight = models.DecimalField(
        _("「基本满意」权重（加权法）"), max_digits=4, decimal_places=3, default=Decimal("0.5")
    )
    target_rate = models.DecimalField(
        _("达标线"), max_digits=4, decimal_places=3, default=Decimal("0.85")
    )
    # the sample plan: copied from the starting template (its figures are unconfirmed)
    population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)
    sample_per_mille = models.DecimalField(
        _("抽样比例（‰）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    sample_minimum = models.PositiveIntegerField(_("最少样本量"), null=True, blank=True)
    sample_minimum_below = models.PositiveIntegerField(
        _("人口低于此数时适用最少样本量"), null=True, blank=True
    )
    parents_min_share = models.DecimalField(
        _("家长最低占比"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    valid_return_min_share = models.DecimalField(
        _("有效回收率最低要求"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    schools = models.ManyToManyField(
        "registry.School", verbose_name=_("调查学校"), blank=True, related_name="surveys"
    )
    blueprint = models.CharField(_("来源模板"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "county", "township": "county__townships", "school": "county__schools"}

    # what the survey is, on its pages and exports: the county's own (本县自测), never the
    # official survey of the national inspectorate
    self_test_label = SELF_TEST_LABEL
    self_test_note = SELF_TEST_NOTE

    class Meta:
        ordering = ["county", "-year", "-created_at"]
        verbose_name = _("满意度调查")
        verbose_name_plural = _("满意度调查")

    def __str__(self) -> str:
        return f"{self.title}（{self.year}）"

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT

    def formula(self) -> rates.Formula:
        return rates.Formula(self.rate_formula, self.partial_weight)

    def formula_text(self) -> str:
        """The formula in words with this survey's scale, as every page shows it (in the
        page's language; the exports keep `formula_text_zh`)."""
        return wording.formula_text(self.formula(), self.scale)

    def formula_text_zh(self) -> str:
        return self.formula().describe(self.scale)

    @property
    def scale_shown(self) -> list[dict[str, str]]:
        """The scale with its labels in the page's language (`wording.shown`)."""
        return wording.shown_scale(self.scale)

    @property
    def intro_shown(self) -> str:
        return wording.shown(self.intro)

    @property
    def target_label(self) -> str:
        """The pass line in percent, as written: "85%"."""
        value = f"{Decimal(self.target_rate) * 100:f}"
        return (value.rstrip("0").rstrip(".") if "." in value else value) + "%"

    def accepting(self, on: datetime.date) -> bool:
        """Whether the form takes answers on the day."""
        if self.status != SurveyStatus.OPEN:
            return False
        if self.opens_on and on < self.opens_on:
            return False
        return not (self.closes_on and on > self.closes_on)

    def scale_labels(self) -> list[str]:
        return [option["label"] for option in self.scale]

    def scale_kind(self, choice: int) -> str:
        return self.scale[choice]["kind"]

    def required_sample(self) -> int | None:
        """The sample the plan asks for (see `sampling.required_sample`); None until the
        resident population and the per-mille are set."""
        if self.population is None or self.sample_per_mille is None:
            return None
        return sampling.required_sample(
            self.population, self.sample_per_mille, self.sample_minimum, self.sample_minimum_below
        )


class Questionnaire(models.Model):
    """One questionnaire of a survey (社会卷, 校长教师卷, 学生卷 …), answered by the groups
    that point to it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questionnaires")
    name = models.CharField(_("问卷名称"), max_length=50)
    intro = models.TextField(_("说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "name"], name="survey_questionnaire_name_unique"
            )
        ]
        verbose_name = _("问卷")
        verbose_name_plural = _("问卷")

    def __str__(self) -> str:
        return self.name

    @property
    def name_shown(self) -> str:
        """The name in the page's language (`wording.shown`), and so the intro below."""
        return wording.shown(self.name)

    @property
    def intro_shown(self) -> str:
        return wording.shown(self.intro)


class Question(models.Model):
    """A question: on the survey's satisfaction scale (counted in the rate), single or
    multiple choice among its own options, or free text."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("题号"), default=0)
    kind = models.CharField(_("题型"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=500)
    options = models.JSONField(_("选项"), default=list, blank=True)
    required = models.BooleanField(_("必答"), default=True)

    class Meta:
        ordering = ["questionnaire", "order", "pk"]
        verbose_name = _("题目")
        verbose_name_plural = _("题目")

    def __str__(self) -> str:
        return self.text

    @property
    def is_scale(self) -> bool:
        return self.kind == QuestionKind.SCALE

    @property
    def text_shown(self) -> str:
        """The text in the page's language (`wording.shown`), and so the options below."""
        return wording.shown(self.text)

    @property
    def options_shown(self) -> list[str]:
        return wording.shown_lines(self.options)

    def choice_labels(self, survey: Survey) -> list[str]:
        """The labels a choice index refers to: the survey's scale or the question's options."""
        if self.kind == QuestionKind.SCALE:
            return survey.scale_labels()
        return list(self.options)


class RespondentGroup(models.Model):
    """Who answers (家长, 教师, 学生, 人大代表 …) and with which questionnaire. Parents,
    teachers, principals and students are surveyed per school; the others county-wide.

    `open_slug` is the group's open link when the bureau enables one: anyone with it may
    answer, as often as they like (不防重复作答)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("调查对象"), max_length=30)
    kind = models.CharField(_("类别"), max_length=12, choices=GroupKind.choices)
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("问卷"), on_delete=models.PROTECT, related_name="groups"
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    open_slug = models.CharField(max_length=40, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="survey_group_name_unique")
        ]
        verbose_name = _("调查对象")
        verbose_name_plural = _("调查对象")

    def __str__(self) -> str:
        return self.name

    @property
    def name_shown(self) -> str:
        """The name in the page's language (`wording.shown`)."""
        return wording.shown(self.name)

    @property
    def per_school(self) -> bool:
        return self.kind in SCHOOL_GROUP_KINDS

    @property
    def is_parents(self) -> bool:
        return self.kind == GroupKind.PARENT


class Quota(models.Model):
    """The sample the bureau sets for a group at a school (or county-wide for a group that is
    not surveyed per school)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="quotas")
    group = models.ForeignKey(RespondentGroup, on_delete=models.CASCADE, related_name="quotas")
    school = models.ForeignKey(
        "registry.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.PositiveIntegerField(_("样本量"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "school"],
                condition=models.Q(school__isnull=False),
                name="survey_quota_unique_per_school",
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(school__isnull=True),
                name="survey_quota_unique_county_wide",
            ),
        ]


class TokenBatch(models.Model):
    """One issuing of tokens (one printed sheet); voiding it voids its unused tokens."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="batches")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    size = models.PositiveIntegerField(_("数量"))
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class Token(models.Model):
    """A one-time token for one group at one school: only its SHA-256 digest is stored (the
    token itself is printed once, as a QR code). `used` turns true in the transaction that
    stores the answer; nothing records when, or which response it was."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    batch = models.ForeignKey(TokenBatch, on_delete=models.CASCADE, related_name="tokens")
    group = models.ForeignKey(RespondentGroup, on_delete=models.CASCADE, related_name="tokens")
    school = models.ForeignKey(
        "registry.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)
    voided = models.BooleanField(default=False)


class Response(models.Model):
    """One questionnaire sent in. Anonymous by construction: no link to the token, no address,
    no user, only the day (no time); a random primary key, so that neither the key nor the
    answers' keys tell the order responses came in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    group = models.ForeignKey(RespondentGroup, on_delete=models.PROTECT, related_name="responses")
    school = models.ForeignKey(
        "registry.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    submitted_on = models.DateField(_("提交日期"))

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "survey__county", "township": "school__township", "school": "school"}

    class Meta:
        verbose_name = _("问卷答复")
        verbose_name_plural = _("问卷答复")
        indexes = [models.Index(fields=["survey", "school", "group"])]


class Answer(models.Model):
    """The answer to one question: a choice (index into the scale or the options), the
    choices of a multiple-choice question, or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.SmallIntegerField(null=True, blank=True)
    choices = models.JSONField(null=True, blank=True)
    text = models.TextField(blank=True)

    def as_value(self) -> Any:
        if self.choices is not None:
            return self.choices
        return self.choice if self.choice is not None else self.text
