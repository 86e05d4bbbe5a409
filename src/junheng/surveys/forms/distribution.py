"""Forms of the sample and the distribution: quotas per group and school, issuing tokens,
voiding a batch, switching an open link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from junheng.registry.models import School
from junheng.surveys.models import RespondentGroup, Survey, TokenBatch


def quota_field_name(group: RespondentGroup, school: School | None) -> str:
    return f"q_{group.pk}_{school.pk if school else 0}"


class QuotasForm(forms.Form):
    """One number per (group, school) of the school groups, one per county-wide group."""

    def __init__(
        self,
        *args: Any,
        groups: list[RespondentGroup],
        schools: list[School],
        initial_targets: dict[tuple[int, int | None], int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keys: dict[str, tuple[int, int | None]] = {}
        for group in groups:
            places: list[School | None] = list(schools) if group.per_school else [None]
            for school in places:
                name = quota_field_name(group, school)
                key = (group.pk, school.pk if school else None)
                self.keys[name] = key
                self.fields[name] = forms.IntegerField(
                    label=f"{school.name if school else _('全县')} · {group.name_shown}",
                    min_value=0,
                    max_value=100000,
                    required=False,
                    initial=initial_targets.get(key),
                    widget=forms.NumberInput(attrs={"class": "quota", "min": 0}),
                )

    def targets(self) -> dict[tuple[int, int | None], int]:
        return {key: self.cleaned_data.get(name) or 0 for name, key in self.keys.items()}


class GroupChoiceField(forms.ModelChoiceField):
    """A respondent group named in the page's language."""

    def label_from_instance(self, obj: RespondentGroup) -> str:
        return obj.name_shown


class IssueForm(forms.Form):
    group = GroupChoiceField(label=_("调查对象"), queryset=RespondentGroup.objects.none())
    schools = forms.ModelMultipleChoiceField(
        label=_("学校（按校调查的对象）"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    count = forms.IntegerField(label=_("每校（或全县）数量"), min_value=1, max_value=1000)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = survey.groups.all()
        self.fields["schools"].queryset = survey.schools.select_related("township").order_by(
            "township__name", "code"
        )


class BatchForm(forms.Form):
    batch = forms.ModelChoiceField(queryset=TokenBatch.objects.none())

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = survey.batches.all()


class OpenLinkForm(forms.Form):
    group = forms.ModelChoiceField(queryset=RespondentGroup.objects.none())
    enabled = forms.TypedChoiceField(choices=[("1", "on"), ("0", "off")], coerce=lambda v: v == "1")

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = survey.groups.all()
