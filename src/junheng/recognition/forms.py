"""The forms of the road to recognition: their shape only (the services check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from junheng.recognition.choices import Body
from junheng.recognition.models import CountyCoverage, CountyProfile, CountyRecognition, MockDraw
from junheng.recognition.services import MAX_DRAW, MAX_SEED


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProfileForm(forms.ModelForm):
    """The county's facts of one year."""

    wide_fields = ("notes",)  # span the row (partials/fields.html)

    class Meta:
        model = CountyProfile
        fields = [*CountyProfile.FIGURES, "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def figures(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CountyProfile.FIGURES}


class CoverageForm(forms.ModelForm):
    """The county's 双普 figures of one year: the counts, and the rates where the counts are
    not known (a rate whose counts are given is computed from them)."""

    wide_fields = ("notes",)  # span the row (partials/fields.html)

    class Meta:
        model = CountyCoverage
        fields = [*CountyCoverage.FIGURES, "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "preschool_gross_rate": _("已填写在园幼儿数和适龄人口数时按人数计算，可不填"),
            "inclusive_coverage": _("已填写各类幼儿园在园幼儿数时按人数计算，可不填"),
            "public_kindergarten_share": _("已填写各类幼儿园在园幼儿数时按人数计算，可不填"),
            "senior_gross_rate": _("已填写在校生数和适龄人口数时按人数计算，可不填"),
        }

    def figures(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CountyCoverage.FIGURES}


class RecognitionForm(forms.ModelForm):
    """When the county was recognised for basic balance."""

    class Meta:
        model = CountyRecognition
        fields = ["basic_year", "basic_document"]
        help_texts = {
            "basic_year": _("优质均衡的申报条件：通过基本均衡认定满 3 年"),
            "basic_document": _("如 教督函〔2021〕12号"),
        }


class StageForm(forms.Form):
    wide_fields = ("note",)  # span the row (partials/fields.html)
    planned_date = forms.DateField(label=_("计划日期"), required=False, widget=DateInput())
    done_date = forms.DateField(label=_("完成日期"), required=False, widget=DateInput())
    body = forms.ChoiceField(label=_("实施单位"), choices=Body.choices)
    note = forms.CharField(
        label=_("备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DrawForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    size = forms.IntegerField(label=_("抽取学校数"), min_value=1, max_value=MAX_DRAW, initial=10)
    year = forms.TypedChoiceField(label=_("数据年度"), coerce=int)
    standard = forms.ChoiceField(label=_("评估标准"))
    seed = forms.IntegerField(
        label=_("随机种子"),
        min_value=0,
        max_value=MAX_SEED,
        required=False,
        help_text=_("留空则随机生成；填入以前的种子可重现同一次抽取"),
    )

    def __init__(
        self, *args: Any, years: list[int], standards: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]
        self.fields["standard"].choices = standards
        if years:
            self.fields["year"].initial = years[0]


class CompareForm(forms.Form):
    first = forms.ModelChoiceField(label=_("抽取一"), queryset=MockDraw.objects.none())
    second = forms.ModelChoiceField(label=_("抽取二"), queryset=MockDraw.objects.none())

    def __init__(self, *args: Any, draws: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = draws
            self.fields[name].label_from_instance = _draw_label


def _draw_label(draw: MockDraw) -> str:
    return f"{draw.shown_name} · {draw.created_at:%Y-%m-%d}"
