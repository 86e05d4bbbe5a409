"""Forms of the survey itself: a new survey from a starting questionnaire, a copy, its settings
and scale, its schools, opening and closing. Shape only: the services check every rule."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from junheng.registry.models import School
from junheng.surveys import blueprints, rates, wording
from junheng.surveys.choices import ScaleKind
from junheng.surveys.models import Survey

PERCENT = {"max_digits": 5, "decimal_places": 1, "min_value": 0, "max_value": 100}


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("评估年度"), min_value=2000, max_value=2100, initial=timezone.localdate().year
    )


class SurveyCreateForm(forms.Form):
    blueprint = forms.ChoiceField(label=_("起始问卷模板"))
    title = forms.CharField(
        label=_("调查名称"), max_length=200, required=False, help_text=_("留空则用模板的名称")
    )
    year = _year_field()
    county = forms.ModelChoiceField(label=_("县"), queryset=None, empty_label=None)

    def __init__(self, *args: Any, counties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for key in blueprints.available():
            try:
                # the title names its programme (基本/优质均衡); the file's key is internal.
                # Offered, not saved: interface text, in the page's language
                spec = blueprints.load(key)
                choices.append((key, spec.title_en if wording.english() else spec.title))
            except blueprints.BlueprintError:
                continue
        self.fields["blueprint"].choices = choices
        self.fields["county"].queryset = counties
        if counties.count() == 1:
            self.fields["county"].initial = counties.first()
            self.fields["county"].widget = forms.HiddenInput()


class CopyForm(forms.Form):
    title = forms.CharField(label=_("新调查名称"), max_length=200, required=False)
    year = _year_field()


SCALE_KIND_WORDS = {
    **{str(label): value for value, label in ScaleKind.choices},
    **{value: value for value in ScaleKind.values},
    "满意": rates.FULL,
    "基本满意": rates.PARTIAL,
    "不满意": rates.NONE,
    "不计入": rates.SKIP,
}


def scale_text(scale: Sequence[dict[str, str]]) -> str:
    """The scale as lines 「选项 | 类别」, the options in the page's language."""
    names = dict(ScaleKind.choices)
    return "\n".join(
        f"{o['label']} | {names.get(o['kind'], o['kind'])}" for o in wording.shown_scale(scale)
    )


def _percent(share: Decimal | None) -> Decimal | None:
    return None if share is None else (Decimal(share) * 100).quantize(Decimal("0.1"))


class SettingsForm(forms.ModelForm):
    """The survey's settings; shares are entered in percent."""

    target_percent = forms.DecimalField(label=_("达标线（%）"), **PERCENT)
    parents_percent = forms.DecimalField(label=_("家长最低占比（%）"), required=False, **PERCENT)
    return_percent = forms.DecimalField(
        label=_("有效回收率最低要求（%）"), required=False, **PERCENT
    )
    scale_lines = forms.CharField(
        label=_("满意度量表"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "每行一个选项：「选项 | 类别」，类别为 满意类、基本满意类、不满意类 或 不计入"
            "（如「不了解」）。调查开始后不能修改。"
        ),
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "year",
            "standard",
            "opens_on",
            "closes_on",
            "intro",
            "rate_formula",
            "partial_weight",
            "population",
            "sample_per_mille",
            "sample_minimum",
            "sample_minimum_below",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "intro": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        survey = self.instance
        self.fields["target_percent"].initial = _percent(survey.target_rate)
        self.fields["parents_percent"].initial = _percent(survey.parents_min_share)
        self.fields["return_percent"].initial = _percent(survey.valid_return_min_share)
        self.fields["scale_lines"].initial = scale_text(survey.scale)
        self.initial["intro"] = survey.intro_shown
        if not survey.is_draft:
            self.fields["scale_lines"].disabled = True
            self.fields["scale_lines"].required = False

    def clean_scale_lines(self) -> list[dict[str, str]]:
        if self.fields["scale_lines"].disabled:
            return list(self.instance.scale)
        scale = []
        for number, line in enumerate(self.cleaned_data["scale_lines"].splitlines(), start=1):
            if not line.strip():
                continue
            label, _sep, kind = (part.strip() for part in line.partition("|"))
            # the labels as shown in the page's language are accepted too
            words = {**SCALE_KIND_WORDS, **{str(lbl): v for v, lbl in ScaleKind.choices}}
            if kind not in words:
                raise forms.ValidationError(
                    _("第 %(n)s 行：类别应为 满意类、基本满意类、不满意类 或 不计入")
                    % {"n": number}
                )
            scale.append({"label": wording.unshown(label), "kind": words[kind]})
        problems = rates.check_scale(scale)
        if problems:
            raise forms.ValidationError([wording.problem_text(p) for p in problems])
        return scale

    def clean_intro(self) -> str:
        return wording.unshown(self.cleaned_data.get("intro"))

    def changes(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["target_rate"] = self.cleaned_data["target_percent"] / 100
        for name, source in (
            ("parents_min_share", "parents_percent"),
            ("valid_return_min_share", "return_percent"),
        ):
            value = self.cleaned_data.get(source)
            data[name] = None if value is None else value / Decimal(100)
        return data


class SchoolsForm(forms.Form):
    schools = forms.ModelMultipleChoiceField(
        label=_("调查学校"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = School.objects.filter(county=survey.county)


class StatusForm(forms.Form):
    action = forms.ChoiceField(choices=[("open", "open"), ("close", "close")])
