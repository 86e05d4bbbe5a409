"""Forms of the rectification pages: shape only; every rule is the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from junheng.assessment.summaries import indicator_name, level_name
from junheng.evaluation.levels import LEVEL_NAMES, LEVELS
from junheng.evaluation.standard import load_standard
from junheng.recognition.choices import Stage
from junheng.rectification import images
from junheng.rectification.choices import Source, Status, SuggestionStatus
from junheng.rectification.origins import FoundBy
from junheng.registry.models import School, Township
from junheng.web.languages import english


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Any number of photos (checked by content in the service)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(f, initial) for f in files]


PHOTO_HELP = format_lazy(
    _("JPG、PNG、GIF 或 WebP 图片，每张不超过 {mb} MB，一次最多 {n} 张"),
    mb=images.MAX_BYTES // 1_048_576,
    n=images.MAX_PER_UPLOAD,
)


class DateInput(forms.DateInput):
    """The browser's date picker, which reads and writes ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def indicator_choices() -> list[tuple[str, str]]:
    standard = load_standard("quality-2017")
    return [("", "—"), *((i.key, indicator_name(i)) for i in standard.indicators)]


def level_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((lv, level_name(lv)) for lv in LEVELS)]


class ItemChoiceField(forms.ChoiceField):
    """A checklist item of the county's loaded checklists, grouped by checklist (indented by
    depth); cleans to the item itself, or None."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.items: dict[str, Any] = {}

    def set_items(self, items: list[Any]) -> None:
        self.items = {str(item.pk): item for item in items}
        groups: dict[str, list[tuple[str, str]]] = {}
        # an ideographic space indents a level in Chinese, two no-break spaces in English
        step = "\u00a0\u00a0" if english() else "\u3000"
        for item in items:
            indent = step * (item.depth - 1)
            # in the reader's language while a shipped checklist's (`shown_*`, checklists)
            title = getattr(item, "shown_title", item.title)
            title = title if len(title) <= 40 else title[:39] + "…"
            name = getattr(item.checklist, "shown_name", item.checklist.name)
            groups.setdefault(name, []).append((str(item.pk), f"{indent}{item.code} {title}"))
        self.choices = [("", "—"), *groups.items()]

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.items.get(str(value)) if value else None


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.last_name or obj.get_username()
        return gettext("%(name)s（%(role)s · %(scope)s）") % {
            "name": name,
            "role": obj.get_role_display(),
            "scope": obj.scope_label,
        }


class ProblemForm(forms.Form):
    """A new problem."""

    wide_fields = ("description", "measure", "photos")  # span the row (partials/fields.html)

    source = forms.ChoiceField(label=_("问题来源"), choices=Source.choices)
    school = forms.ModelChoiceField(
        label=_("学校"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("（不涉及具体学校）"),
    )
    township = forms.ModelChoiceField(
        label=_("乡镇（问题不涉及具体学校时）"),
        queryset=Township.objects.none(),
        required=False,
        empty_label=_("（全县性问题）"),
    )
    item = ItemChoiceField(
        label=_("对应评估指标条目"),
        help_text=_("选自本县已载入的评估指标体系"),
    )
    indicator_key = forms.ChoiceField(label=_("对应数据指标"), required=False, choices=())
    level = forms.ChoiceField(
        label=_("学段"),
        required=False,
        choices=[("", "—"), *((lv, LEVEL_NAMES[lv]) for lv in LEVELS)],
    )
    description = forms.CharField(
        label=_("问题描述"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    measure = forms.CharField(
        label=_("整改措施"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    responsible = PersonChoiceField(
        label=_("责任人"), queryset=School.objects.none(), required=False
    )
    found_on = forms.DateField(
        label=_("发现日期"),
        required=False,
        widget=DateInput,
        help_text=_("默认今天；登记此前检查反馈的问题时填写当时的日期，整改期限可早于今天"),
    )
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=DateInput)
    photos = PhotosField(label=_("问题照片"), help_text=PHOTO_HELP)

    def __init__(
        self,
        *args: Any,
        sources: list[str],
        schools: Any,
        townships: Any,
        people: Any,
        items: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].set_items(items)
        labels = dict(Source.choices)
        self.fields["source"].choices = [(s, labels[s]) for s in sources]
        self.fields["school"].queryset = schools
        self.fields["township"].queryset = townships
        self.fields["responsible"].queryset = people
        self.fields["indicator_key"].choices = indicator_choices()
        self.fields["level"].choices = level_choices()


class ProblemEditForm(forms.Form):
    """The fields of a problem the user may change (the others are left out)."""

    wide_fields = ("description", "measure")  # span the row (partials/fields.html)

    description = ProblemForm.base_fields["description"]
    item = ItemChoiceField(label=_("对应评估指标条目"))
    measure = ProblemForm.base_fields["measure"]
    responsible = PersonChoiceField(
        label=_("责任人"), queryset=School.objects.none(), required=False
    )
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=DateInput)
    comment = forms.CharField(label=_("修改说明（可选）"), required=False, max_length=500)

    def __init__(
        self,
        *args: Any,
        editable: tuple[str, ...],
        people: Any,
        items: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != "comment" and name not in editable:
                del self.fields[name]
        if "responsible" in self.fields:
            self.fields["responsible"].queryset = people
        if "item" in self.fields:
            self.fields["item"].set_items(items)

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "comment"}


MOVES = ("start", "submit", "close", "return")


class MoveForm(forms.Form):
    action = forms.ChoiceField(choices=[(m, m) for m in MOVES])
    comment = forms.CharField(label=_("意见"), required=False, max_length=2000)
    proof = forms.CharField(label=_("整改情况说明"), required=False, max_length=4000)
    photos = PhotosField(label=_("整改佐证照片"), help_text=PHOTO_HELP)


class ExtensionForm(forms.Form):
    """延期申请: the later deadline asked for, and why."""

    new_deadline = forms.DateField(label=_("申请延至"), widget=DateInput)
    reason = forms.CharField(
        label=_("延期理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionDecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    comment = forms.CharField(label=_("审批意见"), required=False, max_length=2000)


class PhotosForm(forms.Form):
    photos = PhotosField(label=_("照片"), help_text=PHOTO_HELP, required=True)


class ProblemFilterForm(forms.Form):
    township = forms.ModelChoiceField(
        label=_("乡镇"), queryset=Township.objects.none(), required=False, empty_label=_("全部乡镇")
    )
    school = forms.ModelChoiceField(
        label=_("学校"), queryset=School.objects.none(), required=False, empty_label=_("全部学校")
    )
    source = forms.ChoiceField(
        label=_("来源"), choices=[("", _("全部来源")), *Source.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("阶段"), choices=[("", _("全部阶段")), *Stage.choices], required=False
    )
    body = forms.ChoiceField(
        label=_("发现单位"), choices=[("", _("全部单位")), *FoundBy.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部状态")), *Status.choices], required=False
    )
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)
    mine = forms.BooleanField(label=_("我负责的"), required=False)

    def __init__(self, *args: Any, townships: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships
        self.fields["school"].queryset = schools


class SuggestionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[*SuggestionStatus.choices, ("all", _("全部"))],
        required=False,
    )
    township = ProblemFilterForm.base_fields["township"]

    def __init__(self, *args: Any, townships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships


class GenerateForm(forms.Form):
    year = forms.IntegerField(label=_("数据年度"), min_value=1949, max_value=2100)
    standard = forms.ChoiceField(label=_("评估标准"), choices=())

    def __init__(self, *args: Any, standards: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].choices = standards


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("dismiss", "dismiss")])
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=DateInput)
    responsible = PersonChoiceField(
        label=_("责任人"), queryset=School.objects.none(), required=False
    )
    measure = forms.CharField(label=_("整改措施"), required=False, max_length=4000)
    comment = forms.CharField(label=_("说明"), required=False, max_length=500)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people
