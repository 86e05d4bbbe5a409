"""Forms of the checklist pages: shape only (types, sizes, choices given by the selectors);
every rule is checked by the services, whose refusals are shown on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from junheng.accounts.models import User
from junheng.checklist_core.uploads import KIND_OF_EXTENSION
from junheng.checklists import english
from junheng.checklists.choices import UnitKind
from junheng.checklists.limits import evidence_limits
from junheng.checklists.models import ChecklistItem
from junheng.checklists.national import BUILTIN
from junheng.checklists.selectors.schools import (
    ALL_SCHOOLS,
    SCHOOLS_OF_TOWNSHIP,
    SCHOOLS_OF_TYPE,
)
from junheng.registry.choices import SchoolType
from junheng.registry.models import County, School, Township
from junheng.web.uploads import LimitedFileField

BUILTIN_NAMES = {
    "basic-2012": _("基本均衡（教督〔2012〕3号）"),
    "quality-2017": _("优质均衡（教督〔2017〕6号）"),
}


class DateInput(forms.DateInput):
    """`<input type=date>` wants ISO dates whatever the locale's input format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class LoadForm(forms.Form):
    key = forms.ChoiceField(
        label=_("国家指标体系"), choices=[(k, BUILTIN_NAMES[k]) for k in BUILTIN]
    )


class InspectionDateForm(forms.Form):
    inspection_date = forms.DateField(label=_("督导检查日期"), required=False, widget=DateInput)


def _import_max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def _evidence_max_bytes() -> int:
    return evidence_limits().max_bytes


class ImportForm(forms.Form):
    file = LimitedFileField(
        max_bytes=_import_max_bytes,
        label=_("指标体系工作簿"),
        help_text=_("按模板填写的 .xlsx 文件"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class AutoScoreForm(forms.Form):
    year = forms.TypedChoiceField(label=_("数据年度"), coerce=int, choices=())

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class AssignForm(forms.Form):
    unit_kind = forms.ChoiceField(label=_("责任单位"), choices=UnitKind.choices)
    office = forms.CharField(
        label=_("科室"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("如：计财股、人事股、督导室")}),
    )
    township = forms.ModelChoiceField(
        label=_("乡镇"), queryset=Township.objects.none(), required=False
    )
    school = forms.ModelChoiceField(label=_("学校"), queryset=School.objects.none(), required=False)
    person = forms.ModelChoiceField(label=_("责任人"), queryset=User.objects.none())
    deadline = forms.DateField(label=_("完成期限"), widget=DateInput)
    note = forms.CharField(
        label=_("工作要求"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, county: County, people: QuerySet[User], **kwargs: Any) -> None:
        """`people`: who may be named for some unit of the county (`assignable_people`)."""
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.filter(county=county)
        self.fields["school"].queryset = School.objects.filter(county=county).order_by("code")
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = _person_label
        if county.inspection_date and not self.is_bound:
            self.initial.setdefault("deadline", county.inspection_date)


REACH_CHOICES = [
    # "all" and a township's: the compulsory schools; kindergartens only as a type chosen
    (ALL_SCHOOLS, _("所有义务教育学校")),
    (SCHOOLS_OF_TYPE, _("某类学校")),
    (SCHOOLS_OF_TOWNSHIP, _("某乡镇的义务教育学校")),
]


class AssignSchoolsForm(forms.Form):
    """An item given to many schools at once; each school's own person is named by the service."""

    reach = forms.ChoiceField(label=_("分解到"), choices=REACH_CHOICES, initial=ALL_SCHOOLS)
    school_type = forms.ChoiceField(
        label=_("学校类型"), required=False, choices=[("", "—"), *SchoolType.choices]
    )
    township = forms.ModelChoiceField(
        label=_("乡镇"), queryset=Township.objects.none(), required=False
    )
    deadline = forms.DateField(label=_("完成期限"), widget=DateInput)
    fallback = forms.ModelChoiceField(
        label=_("无校长账号学校的责任人"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("各校由本校校长负责（无校长账号的由乡镇教办人员负责）；都没有时由此人负责。"),
    )
    note = AssignForm.base_fields["note"]

    def __init__(self, *args: Any, county: County, people: QuerySet[User], **kwargs: Any) -> None:
        """`people`: who may be named for the whole county (the fallback's choices)."""
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.filter(county=county)
        self.fields["fallback"].queryset = people
        self.fields["fallback"].label_from_instance = _person_label
        if county.inspection_date and not self.is_bound:
            self.initial.setdefault("deadline", county.inspection_date)


class AssignmentChangeForm(forms.Form):
    person = forms.ModelChoiceField(label=_("责任人"), queryset=User.objects.none())
    deadline = forms.DateField(label=_("完成期限"), widget=DateInput)
    note = forms.CharField(label=_("工作要求"), required=False, max_length=1000)

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        """`people`: who may be named for the assignment's unit (`people_for_assignment`)."""
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = _person_label


def _person_label(user: User) -> str:
    name = user.last_name or user.username
    return gettext("%(name)s（%(role)s · %(scope)s）") % {
        "name": name,
        "role": user.get_role_display(),
        "scope": user.scope_label,
    }


MET_CHOICES = [("", "—"), ("yes", _("达标")), ("no", _("未达标"))]


class ScoreForm(forms.Form):
    value = forms.FloatField(
        label=_("实际值"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    score = forms.FloatField(
        label=_("得分"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    met = forms.ChoiceField(label=_("是否达标"), choices=MET_CHOICES, required=False)
    justification = forms.CharField(
        label=_("评分理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, item: ChecklistItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = item.as_data()
        if not rule.has_figure_rule:
            del self.fields["value"]
        else:
            self.fields["value"].label = gettext("%(figure)s（%(unit)s）") % {
                "figure": item.shown_figure or gettext("实际值"),
                "unit": item.shown_unit or "—",
            }
        judged_by_value = rule.scoring != "manual" and rule.has_figure_rule
        if judged_by_value or rule.max_score is None:
            del self.fields["score"]
        if judged_by_value:
            del self.fields["met"]

    def met_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("met") or "")


class UploadForm(forms.Form):
    # empty files reach the service, which refuses them with its own message
    file = LimitedFileField(
        max_bytes=_evidence_max_bytes,
        label=_("文件"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in KIND_OF_EXTENSION)}
        ),
    )
    requirement = forms.ChoiceField(label=_("对应佐证要求"), required=False, choices=())
    evidence = forms.IntegerField(required=False, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("说明"), required=False, max_length=500)

    def __init__(self, *args: Any, item: ChecklistItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [
            *((r, english.evidence_text(r)) for r in item.evidence or []),
            ("", _("其他材料")),
        ]
        self.fields["file"].widget.attrs["data-max-bytes"] = str(evidence_limits().max_bytes)
