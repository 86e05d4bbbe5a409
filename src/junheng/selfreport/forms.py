"""The self-report page's form: shape only (the narrative and the unit costs)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from junheng.assessment.costs_plan import FIELDS


class SelfReportForm(forms.Form):
    standard = forms.CharField(widget=forms.HiddenInput)
    practice = forms.CharField(
        label=_("主要做法与成效"),
        required=False,
        max_length=50000,
        # the county's own words for its report, a Chinese document whatever the interface
        widget=forms.Textarea(attrs={"rows": 16, "class": "long", "lang": "zh-Hans"}),
        help_text=_(
            "每段一行；以「（一）」「（二）」开头的短行为小标题。留空则报告中写「（待填写）」。"
        ),
    )
    teacher_transfers = forms.BooleanField(label=_("测算时允许教师交流"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, label, unit in FIELDS:
            self.fields[f"cost_{key}"] = forms.FloatField(
                label=gettext("%(label)s（%(unit)s）")
                % {"label": gettext(label), "unit": gettext(unit)},
                required=False,
                min_value=0.01,
            )

    def cost_fields(self):
        return [self[f"cost_{key}"] for key, _label, _unit in FIELDS]

    def unit_costs(self) -> dict[str, float | None]:
        return {key: self.cleaned_data.get(f"cost_{key}") for key, _label, _unit in FIELDS}
