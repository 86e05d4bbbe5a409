"""The bureau's documents: numbered work bulletins (工作简报, 第N期) with their news items,
notices (通报) numbered per year (〔2026〕N号), and each county's settings for both."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet
from junheng.bulletins.choices import DEFAULT_STANDARD, Column, DocumentStatus
from junheng.bulletins.programme import bulletin_name

# A county's documents reach every user of the county: its townships' and schools' too.
COUNTY_WIDE = {"county": "county", "township": "county__townships", "school": "county__schools"}


class DocumentSettings(models.Model):
    """A county's settings of its documents, edited by the bureau (audited): the programme its
    documents name (from a standard: 基本均衡 or 优质均衡), the issuing body as its notices
    print it (发文机关标志, 机关代字 of the 发文字号, 主送, 抄送, 落款, 印发机关), the thresholds
    a drafted notice commends and criticises by, and a bulletin's default 报尾."""

    county = models.OneToOneField(
        "registry.County", on_delete=models.PROTECT, related_name="document_settings"
    )
    standard = models.CharField(_("评估标准（工作项目）"), max_length=40, default=DEFAULT_STANDARD)
    issuer = models.CharField(_("发文机关"), max_length=100)
    issuer_mark = models.CharField(_("发文机关标志"), max_length=100)
    code_prefix = models.CharField(_("机关代字"), max_length=20)
    printer = models.CharField(_("印发机关"), max_length=100)
    addressee = models.CharField(_("主送机关"), max_length=300)
    cc = models.CharField(_("抄送机关"), max_length=300, blank=True)
    commend_rate = models.DecimalField(
        _("表扬：整改率不低于（%）"),
        max_digits=5,
        decimal_places=2,
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    criticise_overdue = models.PositiveSmallIntegerField(
        _("批评：逾期未完成问题不少于（个）"), default=1, validators=[MinValueValidator(1)]
    )
    listed = models.PositiveSmallIntegerField(
        _("每类最多列出单位数"), default=5, validators=[MinValueValidator(1)]
    )
    report_to = models.CharField(_("报"), max_length=300, blank=True)
    send_to = models.CharField(_("送"), max_length=300, blank=True)
    issue_to = models.CharField(_("发"), max_length=300, blank=True)
    copies = models.PositiveIntegerField(_("共印份数"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = COUNTY_WIDE

    EDITABLE = (
        "standard",
        "issuer",
        "issuer_mark",
        "code_prefix",
        "printer",
        "addressee",
        "cc",
        "commend_rate",
        "criticise_overdue",
        "listed",
        "report_to",
        "send_to",
        "issue_to",
        "copies",
    )

    class Meta:
        verbose_name = _("公文设置")
        verbose_name_plural = _("公文设置")

    def __str__(self) -> str:
        return f"{self.county} {self._meta.verbose_name}"

    def snapshot(self) -> dict[str, str | int | None]:
        """The settings as the audit trail keeps them."""
        values: dict[str, str | int | None] = {}
        for name in self.EDITABLE:
            value = getattr(self, name)
            field = self._meta.get_field(name)
            if isinstance(field, models.DecimalField) and value is not None:
                # as stored (80.00), whether read back or just typed (80): no false change
                value = f"{Decimal(value):.{field.decimal_places}f}"
            values[name] = value
        return values


class PublishedDocument(models.Model):
    """What a bulletin and a notice share: the county that issues it, drafted by someone,
    published once by someone (then numbered and frozen)."""

    county = models.ForeignKey("registry.County", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope = COUNTY_WIDE

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == DocumentStatus.PUBLISHED


class Bulletin(PublishedDocument):
    """A work bulletin: its 刊头 (刊名 from the programme of its standard unless the bureau
    names it, 编印单位), an optional 编者按, the news items the bureau writes under their
    columns, the progress figures generated from the data, and the 报尾. Numbered (第N期) per
    county when published, without gaps: drafts have no number, and a published bulletin is
    never deleted."""

    number = models.PositiveIntegerField(_("期号"), null=True, blank=True)
    standard = models.CharField(_("评估标准（工作项目）"), max_length=40, default=DEFAULT_STANDARD)
    title = models.CharField(_("刊名"), max_length=100, blank=True)
    editor = models.CharField(_("编印单位"), max_length=100)
    issue_date = models.DateField(_("印发日期"), null=True, blank=True)
    foreword = models.TextField(_("编者按"), blank=True)
    report_to = models.CharField(_("报"), max_length=300, blank=True)
    send_to = models.CharField(_("送"), max_length=300, blank=True)
    issue_to = models.CharField(_("发"), max_length=300, blank=True)
    copies = models.PositiveIntegerField(_("共印份数"), null=True, blank=True)
    figures = models.JSONField(_("进展数据"), default=dict)
    figures_at = models.DateTimeField(_("数据时间"), null=True)

    class Meta:
        ordering = ["county", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "number"], name="bulletin_number_unique_per_county"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft", number__isnull=True)
                | models.Q(status="published", number__isnull=False),
                name="bulletin_numbered_when_published",
            ),
        ]
        verbose_name = _("工作简报")
        verbose_name_plural = _("工作简报")

    def __str__(self) -> str:
        return f"{self.masthead_name} {self.issue_label}"

    @property
    def masthead_name(self) -> str:
        """The 刊名: the bureau's own, else the programme's (义务教育优质均衡发展工作简报)."""
        return self.title or bulletin_name(self.standard)

    @property
    def issue_label(self) -> str:
        return f"第{self.number}期" if self.number else "（草稿）"


class BulletinItem(models.Model):
    """One news item of a bulletin, under its own headline, in one of the columns (栏目)."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="items")
    column = models.CharField(_("栏目"), max_length=12, choices=Column.choices)
    headline = models.CharField(_("标题"), max_length=100, blank=True)
    body = models.TextField(_("正文"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["bulletin", "position", "pk"]
        verbose_name = _("简报稿件")
        verbose_name_plural = _("简报稿件")

    def __str__(self) -> str:
        return self.headline or self.body[:20]


class Notice(PublishedDocument):
    """A notice (通报) drafted from the rankings: the units commended and criticised with their
    figures, edited by the bureau. Laid out as a 公文 (GB/T 9704); its 发文字号 (〔2026〕N号) is
    allocated when it is published, numbered per county and year. A draft shows the county's
    settings (机关标志, 主送, 落款 where left blank); publishing freezes them on the notice."""

    title = models.CharField(_("标题"), max_length=200)
    addressee = models.CharField(_("主送机关"), max_length=300, blank=True)
    body = models.TextField(_("正文"))
    signature = models.CharField(_("落款"), max_length=100, blank=True)
    cc = models.CharField(_("抄送机关"), max_length=300, blank=True)
    issuer_mark = models.CharField(_("发文机关标志"), max_length=100, blank=True)
    printer = models.CharField(_("印发机关"), max_length=100, blank=True)
    code_prefix = models.CharField(_("机关代字"), max_length=20, blank=True)
    number_year = models.PositiveSmallIntegerField(_("发文年份"), null=True, blank=True)
    number = models.PositiveIntegerField(_("发文序号"), null=True, blank=True)
    issue_date = models.DateField(_("成文日期"), null=True, blank=True)
    figures = models.JSONField(_("排名数据"), default=dict)

    class Meta:
        ordering = ["county", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "number_year", "number"],
                name="notice_number_unique_per_county_and_year",
            ),
        ]
        verbose_name = _("通报")
        verbose_name_plural = _("通报")

    def __str__(self) -> str:
        return self.title

    @property
    def document_number(self) -> str:
        """The 发文字号, e.g. 示教发〔2026〕3号 ("" before it is published)."""
        if self.number is None or self.number_year is None:
            return ""
        return f"{self.code_prefix}〔{self.number_year}〕{self.number}号"
