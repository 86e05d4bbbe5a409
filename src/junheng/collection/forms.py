"""Forms of the yearly-data pages: shape only (types, sizes); every rule of the figures is
checked by `school_year_save`, whose problems are shown on the fields they belong to."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from junheng.collection.choices import NO_DATA, DataStatus
from junheng.collection.fields import YEARLY_COLUMNS, column_label
from junheng.collection.rules import BATCH_TRANSITIONS
from junheng.collection.validation import FigureWarning, field_of, problem_text
from junheng.evaluation.errors import InputProblem
from junheng.evaluation.levels import SCHOOL_TYPE_LEVELS
from junheng.evaluation.template import AMOUNT, CHOICE, COUNT, Column
from junheng.evaluation.template_files import SUFFIXES
from junheng.registry.models import Township
from junheng.web.imports import upload_limit
from junheng.web.uploads import LimitedFileField

# The data-entry form's sections, in the template's order within each.
GROUPS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (
        _("基本信息"),
        (
            "school_name",
            "township",
            "school_type",
            "parent_school_code",
            "location",
            "ownership",
            "affiliation",
        ),
    ),
    (
        _("学生与班级"),
        (
            "primary_students",
            "junior_students",
            "senior_students",
            "primary_classes",
            "junior_classes",
        ),
    ),
    (
        _("班额（按班级统计，可不填）"),
        (
            "primary_classes_over_limit",
            "junior_classes_over_limit",
            "primary_large_classes",
            "junior_large_classes",
            "primary_very_large_classes",
            "junior_very_large_classes",
        ),
    ),
    (
        _("教师"),
        (
            "primary_teachers",
            "junior_teachers",
            "primary_qualified_teachers",
            "junior_qualified_teachers",
            "primary_senior_title_teachers",
            "junior_senior_title_teachers",
            "primary_backbone_teachers",
            "junior_backbone_teachers",
            "primary_pe_art_teachers",
            "junior_pe_art_teachers",
        ),
    ),
    (
        _("办学条件"),
        (
            "teaching_room_area",
            "sports_area",
            "equipment_value",
            "computers",
            "books",
            "multimedia_classrooms",
        ),
    ),
)

UNITS: dict[str, Any] = {
    "teaching_room_area": _("平方米"),
    "sports_area": _("平方米"),
    "equipment_value": _("万元"),
    "computers": _("台"),
    "books": _("册"),
    "multimedia_classrooms": _("间"),
}
for _level in ("primary", "junior", "senior"):
    UNITS[f"{_level}_students"] = _("人")
    UNITS[f"{_level}_classes"] = _("个")
    for _band in ("classes_over_limit", "large_classes", "very_large_classes"):
        UNITS[f"{_level}_{_band}"] = _("个")
for _column in YEARLY_COLUMNS:
    if _column.key.endswith("teachers"):
        UNITS[_column.key] = _("人")


def _level(key: str) -> str:
    prefix = key.split("_", 1)[0]
    return prefix if prefix in ("primary", "junior", "senior") else ""


def _form_field(column: Column) -> forms.Field:
    label = column_label(column)
    if column.kind == COUNT:
        return forms.IntegerField(label=label, required=False)
    if column.kind == AMOUNT:
        return forms.FloatField(
            label=label, required=False, widget=forms.NumberInput(attrs={"step": "any"})
        )
    if column.kind == CHOICE:
        # the labels of the registry's choices (registry.choices), in the page's language
        choices = [("", "—"), *((c, _(c)) for c in column.choices)]
        return forms.ChoiceField(label=label, choices=choices, required=False)
    return forms.CharField(label=label, required=False, max_length=100)


def note_field_name(code: str) -> str:
    """The form field of a warning's 说明 (a warning's code holds a colon)."""
    return "note-" + code.replace(":", "-")


@dataclass(frozen=True)
class EntryField:
    field: forms.BoundField
    unit: str
    level: str  # primary / junior / senior for a level's column, else ""


class SchoolYearForm(forms.Form):
    """The template's yearly fields; `version` is the record's version when the page was
    opened, so that a save over someone else's newer change is refused."""

    # which levels each school type teaches: the page greys out the other levels' fields
    levels_json = json.dumps(SCHOOL_TYPE_LEVELS, ensure_ascii=False)

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    comment = forms.CharField(
        label=_("修改说明（可选）"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("例如：据学籍系统核对更正在校生数")}),
    )

    def __init__(
        self,
        *args: Any,
        read_only: bool = False,
        warnings: Sequence[FigureWarning] = (),
        notes: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.initial = dict(self.initial)
        # a 说明 for each warning of the saved figures (经验校验), needed to submit
        self.warnings = list(warnings)
        for warning in self.warnings:
            name = note_field_name(warning.code)
            self.fields[name] = forms.CharField(
                label=_("说明"),
                required=False,
                max_length=500,
                widget=forms.Textarea(
                    attrs={"rows": 2, "placeholder": _("例如：新建教学楼投入使用，面积增加")}
                ),
            )
            self.initial[name] = (notes or {}).get(warning.code, "")
        for column in YEARLY_COLUMNS:
            self.fields[column.key] = _form_field(column)
            value = self.initial.get(column.key)
            if isinstance(value, float) and value.is_integer():
                self.initial[column.key] = int(value)  # 14525, not 14525.0
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    def figures(self) -> dict[str, Any]:
        return {column.key: self.cleaned_data.get(column.key) for column in YEARLY_COLUMNS}

    def notes(self) -> dict[str, str]:
        """The 说明 written for each warning, by its code."""
        return {w.code: self.cleaned_data.get(note_field_name(w.code)) or "" for w in self.warnings}

    def warning_entries(self) -> list[tuple[FigureWarning, forms.BoundField]]:
        return [(w, self[note_field_name(w.code)]) for w in self.warnings]

    def add_problems(self, problems: Iterable[InputProblem]) -> None:
        """The service's problems on the fields they name (others above the form)."""
        for problem in problems:
            key = field_of(problem)
            self.add_error(key if key in self.fields else None, problem_text(problem))

    def groups(self) -> list[tuple[Any, list[EntryField]]]:
        return [
            (title, [EntryField(self[key], UNITS.get(key, ""), _level(key)) for key in keys])
            for title, keys in GROUPS
        ]


ACTIONS = ("submit", "review", "approve", "return")


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    comment = forms.CharField(required=False, max_length=1000)


class RecordIdsField(forms.Field):
    """The ids of the records ticked in a list (each a checkbox named like the field)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        try:
            return [int(pk) for pk in value or ()]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("所选数据无效"), code="invalid") from None


class BatchForm(forms.Form):
    """Many records of a year moved at once: the records chosen on the year overview, the
    transition, and the comment (required to return)."""

    records = RecordIdsField(required=False)
    action = forms.ChoiceField(choices=[(a, a) for a in BATCH_TRANSITIONS])
    comment = forms.CharField(required=False, max_length=1000)
    # the overview's filters, to come back to the same list
    township = forms.IntegerField(required=False)
    status = forms.CharField(required=False, max_length=12)


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("解锁原因"), max_length=1000)


class OverviewFilterForm(forms.Form):
    township = forms.ModelChoiceField(
        label=_("乡镇"), queryset=Township.objects.none(), required=False, empty_label=_("全部乡镇")
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部状态")), (NO_DATA, _("未填报")), *DataStatus.choices],
        required=False,
    )

    def __init__(self, *args: Any, townships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships


class ImportForm(forms.Form):
    file = LimitedFileField(
        max_bytes=upload_limit,
        label=_("学校基本情况表"),
        help_text=_("按模板填写的 .xlsx 或 .csv 文件（也可为 .parquet）"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )
