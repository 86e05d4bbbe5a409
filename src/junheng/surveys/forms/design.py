"""Forms of a draft's structure: one formset each for the questionnaires, the respondent
groups and the questions, whose rows become the services' `Row`s."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from junheng.surveys import wording
from junheng.surveys.choices import GroupKind, QuestionKind
from junheng.surveys.models import Question, Questionnaire, Survey
from junheng.surveys.services.design import Row


class QuestionnaireChoiceField(forms.ModelChoiceField):
    """A questionnaire named in the page's language."""

    def label_from_instance(self, obj: Questionnaire) -> str:
        return obj.name_shown


class _RowForm(forms.Form):
    """A row of a formset. Its texts are shown in the page's language (`wording.shown`) and
    taken back as stored (`wording.unshown`): saving a page in English keeps the Chinese a
    survey copied from its file."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)

    value_fields: tuple[str, ...] = ()
    text_fields: tuple[str, ...] = ()

    def row(self) -> Row | None:
        """The row for the service, or None for an empty extra row."""
        data = self.cleaned_data
        deleting = bool(data.get("DELETE"))
        if data.get("pk") is None and (deleting or not self.has_changed()):
            return None
        values = {name: data.get(name) for name in self.value_fields}
        for name in self.text_fields:
            values[name] = wording.unshown(values[name])
        return Row(pk=data.get("pk"), values=values, delete=deleting)


class QuestionnaireRowForm(_RowForm):
    order = forms.IntegerField(label=_("顺序"), min_value=0, max_value=999, required=False)
    name = forms.CharField(label=_("问卷名称"), max_length=50)
    intro = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    value_fields = ("order", "name", "intro")
    text_fields = ("name", "intro")

    def row(self) -> Row | None:
        row = super().row()
        if row is not None:
            row.values["order"] = row.values["order"] or 0
        return row


class GroupRowForm(_RowForm):
    order = forms.IntegerField(label=_("顺序"), min_value=0, max_value=999, required=False)
    name = forms.CharField(label=_("调查对象"), max_length=30)
    kind = forms.ChoiceField(label=_("类别"), choices=GroupKind.choices)
    questionnaire = QuestionnaireChoiceField(label=_("问卷"), queryset=Questionnaire.objects.none())

    value_fields = ("order", "name", "kind", "questionnaire")
    text_fields = ("name",)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = survey.questionnaires.all()

    def row(self) -> Row | None:
        row = super().row()
        if row is not None:
            row.values["order"] = row.values["order"] or 0
        return row


class QuestionRowForm(_RowForm):
    questionnaire = QuestionnaireChoiceField(label=_("问卷"), queryset=Questionnaire.objects.none())
    order = forms.IntegerField(label=_("题号"), min_value=0, max_value=999, required=False)
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("题目"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    options = forms.CharField(
        label=_("选项（每行一个，仅单选、多选题）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label=_("必答"), required=False)

    value_fields = ("questionnaire", "order", "kind", "text", "options", "required")
    text_fields = ("text",)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = survey.questionnaires.all()

    def row(self) -> Row | None:
        row = super().row()
        if row is not None:
            row.values["order"] = row.values["order"] or 0
            lines = (row.values["options"] or "").splitlines()
            row.values["options"] = [wording.unshown(line) for line in lines]
            row.values["required"] = bool(row.values["required"])
        return row


QuestionnaireFormSet = forms.formset_factory(QuestionnaireRowForm, extra=1, can_delete=True)
GroupFormSet = forms.formset_factory(GroupRowForm, extra=1, can_delete=True)
QuestionFormSet = forms.formset_factory(QuestionRowForm, extra=2, can_delete=True)


def questionnaire_initial(survey: Survey) -> list[dict[str, Any]]:
    return [
        {"pk": q.pk, "order": q.order, "name": q.name_shown, "intro": q.intro_shown}
        for q in survey.questionnaires.all()
    ]


def group_initial(survey: Survey) -> list[dict[str, Any]]:
    return [
        {
            "pk": g.pk,
            "order": g.order,
            "name": g.name_shown,
            "kind": g.kind,
            "questionnaire": g.questionnaire_id,
        }
        for g in survey.groups.all()
    ]


def question_initial(survey: Survey) -> list[dict[str, Any]]:
    return [
        {
            "pk": q.pk,
            "questionnaire": q.questionnaire_id,
            "order": q.order,
            "kind": q.kind,
            "text": q.text_shown,
            "options": "\n".join(q.options_shown),
            "required": q.required,
        }
        for q in Question.objects.filter(questionnaire__survey=survey).order_by(
            "questionnaire__order", "questionnaire", "order", "pk"
        )
    ]
