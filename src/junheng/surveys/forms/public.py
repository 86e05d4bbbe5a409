"""The questionnaire as a respondent fills it in (the public form, and the bureau's preview)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from junheng.surveys.choices import QuestionKind
from junheng.surveys.models import Question, Survey
from junheng.surveys.services.answering import MAX_TEXT_ANSWER


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
