"""Forms of the visit pages: shape only; every rule is the services'."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from junheng.inspections.models import MAX_VISIT_EVERY_DAYS
from junheng.rectification.forms import PHOTO_HELP, DateInput, PersonChoiceField, PhotosField
from junheng.registry.models import School, Township


class VisitForm(forms.Form):
    wide_fields = ("checked", "findings", "photos")  # span the row (partials/fields.html)
    school = forms.ModelChoiceField(label=_("学校"), queryset=School.objects.none())
    date = forms.DateField(label=_("走访日期"), widget=DateInput)
    companions = forms.CharField(label=_("同行人员"), required=False, max_length=200)
    checked = forms.CharField(
        label=_("检查内容"),
        max_length=4000,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("例如：功能室使用、实验教学开设、校园安全")}
        ),
    )
    findings = forms.CharField(
        label=_("发现的问题（每行一条）"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = PhotosField(label=_("现场照片"), help_text=PHOTO_HELP)

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.initial.setdefault("date", timezone.localdate())

    def finding_texts(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["findings"].splitlines() if line.strip()]


class FindingForm(forms.Form):
    text = forms.CharField(label=_("补充发现"), max_length=4000)


class FindingProblemForm(forms.Form):
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=DateInput)
    responsible = PersonChoiceField(
        label=_("责任人"), queryset=School.objects.none(), required=False
    )
    measure = forms.CharField(label=_("整改措施"), required=False, max_length=4000)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people


class VisitFilterForm(forms.Form):
    township = forms.ModelChoiceField(
        label=_("乡镇"), queryset=Township.objects.none(), required=False, empty_label=_("全部乡镇")
    )
    school = forms.ModelChoiceField(
        label=_("学校"), queryset=School.objects.none(), required=False, empty_label=_("全部学校")
    )
    start = forms.DateField(label=_("从"), required=False, widget=DateInput)
    end = forms.DateField(label=_("到"), required=False, widget=DateInput)

    def __init__(self, *args: Any, townships: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships
        self.fields["school"].queryset = schools


class DensityForm(forms.Form):
    start = forms.DateField(label=_("统计起"), required=False, widget=DateInput)
    end = forms.DateField(label=_("统计止"), required=False, widget=DateInput)
    days = forms.IntegerField(label=_("未走访天数"), required=False, min_value=1, max_value=3650)
    overdue = forms.BooleanField(label=_("只看包校走访超期的学校"), required=False)

    def period(self, today: dt.date, default_days: int) -> tuple[dt.date, dt.date, int]:
        """The period counted and the days without a visit to flag (by default the county's
        包校 visit frequency)."""
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - dt.timedelta(days=89)
        return min(start, end), max(start, end), data.get("days") or default_days

    def only_overdue(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("overdue"))


class VisitFrequencyForm(forms.Form):
    every_days = forms.IntegerField(
        label=_("包校干部每隔多少天至少走访一次"), min_value=1, max_value=MAX_VISIT_EVERY_DAYS
    )


class CadreForm(forms.Form):
    # a person by name, role and scope, as every person select is (never the login name)
    cadre = PersonChoiceField(label=_("包校干部"), queryset=School.objects.none())
    schools = forms.ModelMultipleChoiceField(
        label=_("负责学校"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, cadres: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["schools"].queryset = schools
