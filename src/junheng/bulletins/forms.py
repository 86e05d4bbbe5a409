"""Forms of the bulletin, notice and settings pages: shape only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from junheng.bulletins.choices import Column
from junheng.bulletins.models import DocumentSettings
from junheng.bulletins.programme import standard_choices

LONG = {"class": "long"}
# what is written in a field of the document itself: Chinese whatever the interface
DOCUMENT = {"lang": "zh-Hans"}


def _text(label, rows: int = 3, required: bool = False, help_text: str = "", max_length=2000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, **LONG, **DOCUMENT}),
    )


class BulletinForm(forms.Form):
    wide_fields = ("foreword",)  # span the row (partials/fields.html)
    standard = forms.ChoiceField(label=_("工作项目（评估标准）"), choices=())
    title = forms.CharField(
        label=_("刊名"),
        max_length=100,
        required=False,
        help_text=_("留空则按工作项目，如「义务教育优质均衡发展工作简报」"),
    )
    editor = forms.CharField(label=_("编印单位"), max_length=100)
    foreword = _text(_("编者按"), help_text=_("可不填"))
    report_to = forms.CharField(label=_("报"), max_length=300, required=False)
    send_to = forms.CharField(label=_("送"), max_length=300, required=False)
    issue_to = forms.CharField(label=_("发"), max_length=300, required=False)
    copies = forms.IntegerField(label=_("共印份数"), required=False, min_value=1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].choices = standard_choices()


class ItemForm(forms.Form):
    """One news item: its column, headline and text (a blank row is ignored)."""

    column = forms.ChoiceField(label=_("栏目"), choices=Column.choices, initial=Column.NEWS)
    headline = forms.CharField(
        label=_("标题"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=DOCUMENT),
    )
    body = _text(_("正文"), rows=6, max_length=20000, help_text=_("每段一行"))


ItemFormSet = forms.formset_factory(ItemForm, extra=2, can_delete=True)


class PublishForm(forms.Form):
    first_number = forms.IntegerField(label=_("起始期号"), required=False, min_value=1)


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs=DOCUMENT))
    addressee = forms.CharField(
        label=_("主送机关"),
        max_length=300,
        required=False,
        help_text=_("留空则用公文设置中的主送机关"),
    )
    body = forms.CharField(
        label=_("正文"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 22, **LONG, **DOCUMENT}),
        help_text=_("以「一、」「二、」开头的行为小标题"),
    )
    signature = forms.CharField(
        label=_("落款"), max_length=100, required=False, help_text=_("留空则用发文机关")
    )
    cc = forms.CharField(label=_("抄送机关"), max_length=300, required=False)


class NoticePublishForm(forms.Form):
    number = forms.IntegerField(
        label=_("发文序号"),
        required=False,
        min_value=1,
        help_text=_("留空则按年度顺序自动编号"),
    )


class DocumentSettingsForm(forms.ModelForm):
    standard = forms.ChoiceField(label=_("工作项目（评估标准）"), choices=())

    class Meta:
        model = DocumentSettings
        fields = DocumentSettings.EDITABLE

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].choices = standard_choices()
