"""The bureau's pages that define a survey: the list, a new survey, its overview, settings,
structure (questionnaires, groups, questions), schools, preview, opening and closing, copy and
delete. They need a login and are scoped by the selectors; every write goes through a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import MANAGE
from junheng.access.web import require
from junheng.refusals import Refusal, refusal_text
from junheng.surveys import selectors, services
from junheng.surveys.forms.design import (
    GroupFormSet,
    QuestionFormSet,
    QuestionnaireFormSet,
    group_initial,
    question_initial,
    questionnaire_initial,
)
from junheng.surveys.forms.public import ResponseForm
from junheng.surveys.forms.survey import (
    CopyForm,
    SchoolsForm,
    SettingsForm,
    StatusForm,
    SurveyCreateForm,
)
from junheng.surveys.views.tabs import page, survey_context

# the list and a new survey ------------------------------------------------------------------


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "surveys/list.html",
        {
            "surveys": selectors.survey_list(user=request.user),
            "can_create": selectors.manageable_counties(user=request.user).exists(),
        },
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    counties = selectors.manageable_counties(user=request.user)
    form = SurveyCreateForm(request.POST or None, counties=counties)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user,
                county=form.cleaned_data["county"],
                blueprint=form.cleaned_data["blueprint"],
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已按模板建立调查草稿，请修改问卷、选择学校后开始调查"))
            return redirect("surveys:detail", pk=survey.pk)
    return page(request, "surveys/create.html", {"form": form})


# one survey: overview and definition --------------------------------------------------------


@login_required
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    context = survey_context(request, survey, "detail")
    context.update(
        structure=selectors.structure(survey=survey),
        schools=selectors.scoped_schools(user=request.user, survey=survey),
        open_problems=selectors.open_problems(survey) if survey.is_draft else [],
        copy_form=CopyForm(initial={"year": survey.year}),
    )
    return page(request, "surveys/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_settings(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = SettingsForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(
                actor=request.user,
                survey=survey,
                changes=form.changes(),
                scale=form.cleaned_data["scale_lines"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("设置已保存"))
            return redirect("surveys:detail", pk=survey.pk)
    survey.refresh_from_db()
    context = survey_context(request, survey, "settings")
    context["form"] = form
    return page(request, "surveys/settings.html", context)


DESIGN_PARTS = {
    "questionnaires": (QuestionnaireFormSet, questionnaire_initial, False),
    "groups": (GroupFormSet, group_initial, True),
    "questions": (QuestionFormSet, question_initial, True),
}
DESIGN_SERVICES = {
    "questionnaires": services.questionnaires_save,
    "groups": services.groups_save,
    "questions": services.questions_save,
}


def _formset(part: str, survey: Any, data: Any = None) -> Any:
    formset_class, initial, needs_survey = DESIGN_PARTS[part]
    kwargs = {"form_kwargs": {"survey": survey}} if needs_survey else {}
    return formset_class(data, initial=initial(survey), prefix=part, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def survey_design(request: HttpRequest, pk: int) -> HttpResponse:
    """Questionnaires, respondent groups and questions of a draft, each a form of rows."""
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    part = request.POST.get("part", "") if request.method == "POST" else ""
    posted = None
    errors: list[str] = []
    if part in DESIGN_PARTS:
        posted = _formset(part, survey, request.POST)
        if posted.is_valid():
            rows = [row for form in posted.forms if (row := form.row()) is not None]
            try:
                DESIGN_SERVICES[part](actor=request.user, survey=survey, rows=rows)
            except Refusal as error:
                errors.append(refusal_text(error))
            else:
                messages.success(request, _("已保存"))
                return redirect(f"{reverse('surveys:design', args=[survey.pk])}#{part}")
        else:
            errors.append(_("请按提示修改后再保存"))
    elif request.method == "POST":
        errors.append(_("操作无效，请重试"))
    formsets = {
        name: posted if name == part and posted is not None else _formset(name, survey)
        for name in DESIGN_PARTS
    }
    if not survey.is_draft:  # shown for reading: the structure is fixed once open
        for formset in formsets.values():
            for form in formset.forms:
                for field in form.fields.values():
                    field.disabled = True
    context = survey_context(request, survey, "design")
    context.update(formsets=formsets, errors=errors, part=part)
    return page(request, "surveys/design.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def survey_schools(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    covered = selectors.covered_ids(survey=survey)
    form = SchoolsForm(request.POST or None, survey=survey, initial={"schools": sorted(covered)})
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_set_schools(
                actor=request.user, survey=survey, schools=form.cleaned_data["schools"]
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("调查学校已保存"))
            return redirect("surveys:detail", pk=survey.pk)
    context = survey_context(request, survey, "schools")
    context.update(
        form=form, schools=selectors.schools_for_coverage(survey=survey), covered=covered
    )
    return page(request, "surveys/schools.html", context)


@login_required
@require_POST
def survey_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作无效，请重试"))
        return redirect("surveys:detail", pk=survey.pk)
    action = form.cleaned_data["action"]
    try:
        if action == "open":
            services.survey_open(actor=request.user, survey=survey)
        else:
            services.survey_close(actor=request.user, survey=survey)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("调查已开始") if action == "open" else _("调查已结束"))
    return redirect("surveys:detail", pk=survey.pk)


@login_required
@require_POST
def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写新调查的年度"))
        return redirect("surveys:detail", pk=survey.pk)
    try:
        copy = services.survey_copy(
            actor=request.user,
            survey=survey,
            title=form.cleaned_data["title"],
            year=form.cleaned_data["year"],
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
        return redirect("surveys:detail", pk=survey.pk)
    messages.success(request, _("已复制为新的调查草稿"))
    return redirect("surveys:detail", pk=copy.pk)


@login_required
@require_POST
def survey_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    if request.POST.get("confirm") != "delete":
        messages.error(request, _("请确认删除"))
        return redirect("surveys:detail", pk=survey.pk)
    try:
        services.survey_delete(actor=request.user, survey=survey)
    except Refusal as error:
        messages.error(request, refusal_text(error))
        return redirect("surveys:detail", pk=survey.pk)
    messages.success(request, _("调查已删除"))
    return redirect("surveys:list")


@login_required
@require_GET
def survey_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The form as a respondent of a group sees it (nothing can be sent from here)."""
    survey = selectors.survey_get(user=request.user, pk=pk)
    groups = selectors.groups_of(survey)
    group = next((g for g in groups if str(g.pk) == request.GET.get("group")), None)
    group = group or (groups[0] if groups else None)
    form = None
    if group is not None:
        questions = list(group.questionnaire.questions.all())
        form = ResponseForm(survey=survey, questions=questions)
    context = survey_context(request, survey, "preview")
    context.update(groups=groups, group=group, form=form)
    return page(request, "surveys/preview.html", context)
