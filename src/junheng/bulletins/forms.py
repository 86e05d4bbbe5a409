"""Forms of the bulletin and notice pages: shape only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class BulletinForm(forms.Form):
    title = forms.CharField(label=_("刊名"), max_length=100)
    editor = forms.CharField(label=_("编印单位"), max_length=100)
    news = forms.CharField(
        label=_("工作动态"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10, "class": "long"}),
        help_text=_("每段一行；导出 Word 后可继续编辑"),
    )
    policy = forms.CharField(
        label=_("政策解读"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10, "class": "long"}),
    )


class PublishForm(forms.Form):
    first_number = forms.IntegerField(label=_("起始期号"), required=False, min_value=1)


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("正文"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 22, "class": "long"}),
        help_text=_("以「一、」「二、」开头的行为小标题"),
    )
