"""Forms of the registry pages: shape only; the rules are in `registry.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from junheng.registry.choices import Affiliation, Location, Ownership, SchoolType
from junheng.registry.models import School, Township


class SchoolFilterForm(forms.Form):
    township = forms.ModelChoiceField(
        label=_("乡镇"), queryset=Township.objects.none(), required=False, empty_label=_("全部乡镇")
    )
    school_type = forms.ChoiceField(
        label=_("学校类型"),
        choices=[("", _("全部类型")), *SchoolType.choices],
        required=False,
    )
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)

    def __init__(self, *args: Any, townships: QuerySet[Township], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships
        self.fields["q"].widget.attrs["placeholder"] = _("学校名称或标识码")


class SchoolForm(forms.Form):
    name = forms.CharField(label=_("学校名称"), max_length=100)
    school_type = forms.ChoiceField(label=_("学校类型"), choices=SchoolType.choices)
    location = forms.ChoiceField(label=_("城乡分类"), choices=Location.choices)
    ownership = forms.ChoiceField(label=_("办学性质"), choices=Ownership.choices)
    affiliation = forms.ChoiceField(label=_("隶属关系"), choices=Affiliation.choices)
    township = forms.ModelChoiceField(label=_("乡镇"), queryset=Township.objects.none())
    parent = forms.ModelChoiceField(
        label=_("所属学校"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("（无，仅小学教学点需要）"),
    )
    latitude = forms.DecimalField(
        label=_("纬度"), max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False
    )
    longitude = forms.DecimalField(
        label=_("经度"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        townships: QuerySet[Township],
        parents: QuerySet[School],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships
        self.fields["parent"].queryset = parents

    @staticmethod
    def initial_for(school: School) -> dict[str, Any]:
        return {
            "name": school.name,
            "school_type": school.school_type,
            "location": school.location,
            "ownership": school.ownership,
            "affiliation": school.affiliation,
            "township": school.township_id,
            "parent": school.parent_id,
            "latitude": school.latitude,
            "longitude": school.longitude,
        }


class SchoolCreateForm(SchoolForm):
    """A new school: its code, then the facts of `SchoolForm`."""

    code = forms.CharField(
        label=_("学校标识码"),
        min_length=10,
        max_length=10,
        help_text=_("10 位数字，与教育统计的学校标识码一致"),
    )
    field_order = ["code", "name", "school_type"]
