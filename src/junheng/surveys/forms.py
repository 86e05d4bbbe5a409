"""Forms of the survey pages: shape only (types, sizes, choices). Every rule — what may change
when, which schools, what a complete answer is — is checked by the services."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from junheng.registry.models import School
from junheng.surveys import blueprints, rates
from junheng.surveys.choices import GroupKind, QuestionKind, ScaleKind
from junheng.surveys.models import Question, Questionnaire, RespondentGroup, Survey, TokenBatch
from junheng.surveys.services import MAX_TEXT_ANSWER, Row

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
                choices.append((key, f"{blueprints.load(key).title}（{key}）"))
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
    names = dict(ScaleKind.choices)
    return "\n".join(f"{o['label']} | {names.get(o['kind'], o['kind'])}" for o in scale)


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
            scale.append({"label": label, "kind": words[kind]})
        problems = rates.check_scale(scale)
        if problems:
            raise forms.ValidationError(problems)
        return scale

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


# structure ----------------------------------------------------------------------------------


class _RowForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)

    value_fields: tuple[str, ...] = ()

    def row(self) -> Row | None:
        """The row for the service, or None for an empty extra row."""
        data = self.cleaned_data
        deleting = bool(data.get("DELETE"))
        if data.get("pk") is None and (deleting or not self.has_changed()):
            return None
        values = {name: data.get(name) for name in self.value_fields}
        return Row(pk=data.get("pk"), values=values, delete=deleting)


class QuestionnaireRowForm(_RowForm):
    order = forms.IntegerField(label=_("顺序"), min_value=0, max_value=999, required=False)
    name = forms.CharField(label=_("问卷名称"), max_length=50)
    intro = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    value_fields = ("order", "name", "intro")

    def row(self) -> Row | None:
        row = super().row()
        if row is not None:
            row.values["order"] = row.values["order"] or 0
        return row


class GroupRowForm(_RowForm):
    order = forms.IntegerField(label=_("顺序"), min_value=0, max_value=999, required=False)
    name = forms.CharField(label=_("调查对象"), max_length=30)
    kind = forms.ChoiceField(label=_("类别"), choices=GroupKind.choices)
    questionnaire = forms.ModelChoiceField(label=_("问卷"), queryset=Questionnaire.objects.none())

    value_fields = ("order", "name", "kind", "questionnaire")

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = survey.questionnaires.all()

    def row(self) -> Row | None:
        row = super().row()
        if row is not None:
            row.values["order"] = row.values["order"] or 0
        return row


class QuestionRowForm(_RowForm):
    questionnaire = forms.ModelChoiceField(label=_("问卷"), queryset=Questionnaire.objects.none())
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

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = survey.questionnaires.all()

    def row(self) -> Row | None:
        row = super().row()
        if row is not None:
            row.values["order"] = row.values["order"] or 0
            row.values["options"] = (row.values["options"] or "").splitlines()
            row.values["required"] = bool(row.values["required"])
        return row


QuestionnaireFormSet = forms.formset_factory(QuestionnaireRowForm, extra=1, can_delete=True)
GroupFormSet = forms.formset_factory(GroupRowForm, extra=1, can_delete=True)
QuestionFormSet = forms.formset_factory(QuestionRowForm, extra=2, can_delete=True)


def questionnaire_initial(survey: Survey) -> list[dict[str, Any]]:
    return [
        {"pk": q.pk, "order": q.order, "name": q.name, "intro": q.intro}
        for q in survey.questionnaires.all()
    ]


def group_initial(survey: Survey) -> list[dict[str, Any]]:
    return [
        {
            "pk": g.pk,
            "order": g.order,
            "name": g.name,
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
            "text": q.text,
            "options": "\n".join(q.options),
            "required": q.required,
        }
        for q in Question.objects.filter(questionnaire__survey=survey).order_by(
            "questionnaire__order", "questionnaire", "order", "pk"
        )
    ]


# quotas, tokens, links ----------------------------------------------------------------------


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
                    label=f"{school.name if school else _('全县')} · {group.name}",
                    min_value=0,
                    max_value=100000,
                    required=False,
                    initial=initial_targets.get(key),
                    widget=forms.NumberInput(attrs={"class": "quota", "min": 0}),
                )

    def targets(self) -> dict[tuple[int, int | None], int]:
        return {key: self.cleaned_data.get(name) or 0 for name, key in self.keys.items()}


class IssueForm(forms.Form):
    group = forms.ModelChoiceField(label=_("调查对象"), queryset=RespondentGroup.objects.none())
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


class StatusForm(forms.Form):
    action = forms.ChoiceField(choices=[("open", "open"), ("close", "close")])


# the public form ----------------------------------------------------------------------------


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class ResponseForm(forms.Form):
    """The questionnaire as a form: a radio group per scale or single-choice question,
    checkboxes per multiple-choice question, a text box per text question; for an open link
    of a group surveyed per school, the school first."""

    def __init__(
        self,
        *args: Any,
        survey: Survey,
        questions: list[Question],
        schools: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        if schools is not None:
            self.fields["school"] = forms.ModelChoiceField(
                label=_("学校"),
                queryset=schools,
                empty_label=_("请选择"),
                error_messages={"required": _("请选择学校"), "invalid_choice": _("请选择学校")},
            )
        for question in questions:
            labels = question.choice_labels(survey)
            choices = [(str(i), label) for i, label in enumerate(labels)]
            messages = {"required": _("请回答此题"), "invalid_choice": _("请从选项中选择")}
            if question.kind in (QuestionKind.SCALE, QuestionKind.SINGLE):
                field: forms.Field = forms.TypedChoiceField(
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=question.required,
                    error_messages=messages,
                    empty_value=None,
                )
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    required=question.required,
                    error_messages=messages,
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT_ANSWER}),
                    max_length=MAX_TEXT_ANSWER,
                    required=question.required,
                    error_messages={**messages, "max_length": _("请不超过 %(limit_value)d 字")},
                )
            field.label = question.text
            field.question = question
            self.fields[field_name(question)] = field

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}

    def add_problems(self, problems: dict[int, str]) -> None:
        for question in self.questions:
            if question.pk in problems:
                self.add_error(field_name(question), problems[question.pk])
        if 0 in problems and "school" in self.fields:
            self.add_error("school", problems[0])

    def question_fields(self) -> list[forms.BoundField]:
        return [self[field_name(q)] for q in self.questions]
