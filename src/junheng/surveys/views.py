"""Pages of the surveys. The bureau's pages (definition, distribution, progress, results)
need a login and are scoped by the selectors; the form a respondent opens from a QR code or an
open link needs none. Every write goes through a service."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.collection.exports import attachment_header
from junheng.registry.refusals import refusal_text
from junheng.registry.scoping import MANAGE
from junheng.surveys import exports, forms, selectors, services, throttle
from junheng.surveys.qr import qr_data_uri
from junheng.surveys.selectors import MIN_RESPONSES


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):
    return render(request, template, context, status=status)


def _survey_context(request: HttpRequest, survey: Any, tab: str) -> dict[str, Any]:
    return {
        "survey": survey,
        "tab": tab,
        "manage": selectors.can_manage(user=request.user, survey=survey),
        "formula": survey.formula_text(),
    }


# the list and a new survey ------------------------------------------------------------------


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "surveys/list.html",
        {
            "surveys": selectors.survey_list(user=request.user),
            "can_create": selectors.manageable_counties(user=request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    counties = selectors.manageable_counties(user=request.user)
    if not counties.exists():
        raise PermissionDenied
    form = forms.SurveyCreateForm(request.POST or None, counties=counties)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user,
                county=form.cleaned_data["county"],
                blueprint=form.cleaned_data["blueprint"],
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
            )
        except services.SurveyError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已按模板建立调查草稿，请修改问卷、选择学校后开始调查"))
            return redirect("surveys:detail", pk=survey.pk)
    return _page(request, "surveys/create.html", {"form": form})


# one survey: overview and definition --------------------------------------------------------


@login_required
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    context = _survey_context(request, survey, "detail")
    context.update(
        structure=selectors.structure(survey=survey),
        schools=selectors.scoped_schools(user=request.user, survey=survey),
        open_problems=services.open_problems(survey) if survey.is_draft else [],
        copy_form=forms.CopyForm(initial={"year": survey.year}),
    )
    return _page(request, "surveys/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_settings(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = forms.SettingsForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(
                actor=request.user,
                survey=survey,
                changes=form.changes(),
                scale=form.cleaned_data["scale_lines"],
            )
        except services.SurveyError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("设置已保存"))
            return redirect("surveys:detail", pk=survey.pk)
    survey.refresh_from_db()
    context = _survey_context(request, survey, "settings")
    context["form"] = form
    return _page(request, "surveys/settings.html", context)


DESIGN_PARTS = {
    "questionnaires": (forms.QuestionnaireFormSet, forms.questionnaire_initial, False),
    "groups": (forms.GroupFormSet, forms.group_initial, True),
    "questions": (forms.QuestionFormSet, forms.question_initial, True),
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
            except services.SurveyError as error:
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
    context = _survey_context(request, survey, "design")
    context.update(formsets=formsets, errors=errors, part=part)
    return _page(request, "surveys/design.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def survey_schools(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    covered = selectors.covered_ids(survey=survey)
    form = forms.SchoolsForm(
        request.POST or None, survey=survey, initial={"schools": sorted(covered)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_set_schools(
                actor=request.user, survey=survey, schools=form.cleaned_data["schools"]
            )
        except services.SurveyError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("调查学校已保存"))
            return redirect("surveys:detail", pk=survey.pk)
    context = _survey_context(request, survey, "schools")
    context.update(
        form=form, schools=selectors.schools_for_coverage(survey=survey), covered=covered
    )
    return _page(request, "surveys/schools.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_quotas(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    groups = selectors.groups_of(survey)
    schools = list(survey.schools.select_related("township").order_by("township__name", "code"))
    targets = selectors.quotas_grid(survey=survey)
    suggestion = {}
    if request.method == "GET" and request.GET.get("suggest"):
        suggestion = selectors.suggested_parent_quotas(survey=survey)
        if not suggestion:
            messages.warning(request, _("请先在「设置」中填写常住人口、抽样比例和家长最低占比"))
        for group in groups:
            if group.is_parents:
                targets.update({(group.pk, s): n for s, n in suggestion.items()})
    form = forms.QuotasForm(
        request.POST or None, groups=groups, schools=schools, initial_targets=targets
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.quotas_save(actor=request.user, survey=survey, targets=form.targets())
        except services.SurveyError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("样本量已保存"))
            return redirect("surveys:progress", pk=survey.pk)
    rows = [
        (school, [form[forms.quota_field_name(g, school)] for g in groups if g.per_school])
        for school in schools
    ]
    county_fields = [form[forms.quota_field_name(g, None)] for g in groups if not g.per_school]
    context = _survey_context(request, survey, "quotas")
    context.update(
        form=form,
        rows=rows,
        school_groups=[g for g in groups if g.per_school],
        county_fields=county_fields,
        required=survey.required_sample(),
        suggested=bool(suggestion),
    )
    return _page(request, "surveys/quotas.html", context)


@login_required
@require_POST
def survey_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作无效，请重试"))
        return redirect("surveys:detail", pk=survey.pk)
    action = form.cleaned_data["action"]
    try:
        if action == "open":
            services.survey_open(actor=request.user, survey=survey)
        else:
            services.survey_close(actor=request.user, survey=survey)
    except services.SurveyError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("调查已开始") if action == "open" else _("调查已结束"))
    return redirect("surveys:detail", pk=survey.pk)


@login_required
@require_POST
def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = forms.CopyForm(request.POST)
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
    except services.SurveyError as error:
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
    except services.SurveyError as error:
        messages.error(request, refusal_text(error))
        return redirect("surveys:detail", pk=survey.pk)
    messages.success(request, _("调查已删除"))
    return redirect("surveys:list")


# distribution -------------------------------------------------------------------------------


def public_url(request: HttpRequest, path: str) -> str:
    """The address a respondent's phone opens: under SURVEY_PUBLIC_URL when the bureau works
    on an address the public cannot reach (an intranet), else under the request's own."""
    base = getattr(settings, "SURVEY_PUBLIC_URL", "")
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


def _open_links(request: HttpRequest, survey: Any) -> list[dict[str, Any]]:
    links = []
    for group in selectors.groups_of(survey):
        url = (
            public_url(request, reverse("surveys:open", args=[group.open_slug]))
            if group.open_slug
            else ""
        )
        links.append({"group": group, "url": url, "qr": qr_data_uri(url) if url else ""})
    return links


def _distribution(request: HttpRequest, survey: Any, form: Any, status: int = 200):
    context = _survey_context(request, survey, "distribution")
    context.update(
        form=form,
        batches=selectors.batches(survey=survey),
        links=_open_links(request, survey),
    )
    return _page(request, "surveys/distribution.html", context, status=status)


@login_required
@require_GET
def survey_distribution(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    return _distribution(request, survey, forms.IssueForm(survey=survey))


@login_required
@require_POST
def tokens_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue tokens and answer with their printable sheet: the only time they are shown."""
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = forms.IssueForm(request.POST, survey=survey)
    if form.is_valid():
        try:
            batch, issued = services.tokens_issue(
                actor=request.user,
                survey=survey,
                group=form.cleaned_data["group"],
                schools=list(form.cleaned_data["schools"]),
                count=form.cleaned_data["count"],
            )
        except services.SurveyError as error:
            form.add_error(None, refusal_text(error))
        else:
            cards = []
            for item in issued:
                url = public_url(request, reverse("surveys:answer", args=[item.token]))
                cards.append({"item": item, "url": url, "qr": qr_data_uri(url)})
            sections: dict[Any, list[dict[str, Any]]] = {}
            for card in cards:
                sections.setdefault(card["item"].school, []).append(card)
            response = _page(
                request,
                "surveys/token_sheet.html",
                {"survey": survey, "batch": batch, "sections": list(sections.items())},
            )
            add_never_cache_headers(response)
            return response
    return _distribution(request, survey, form, status=400)


@login_required
@require_POST
def batch_void(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = forms.BatchForm(request.POST, survey=survey)
    if not form.is_valid():
        messages.error(request, _("操作无效，请重试"))
    else:
        try:
            n = services.token_batch_void(
                actor=request.user, survey=survey, batch=form.cleaned_data["batch"]
            )
        except services.SurveyError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("已作废 %(n)s 个未使用的二维码") % {"n": n})
    return redirect("surveys:distribution", pk=survey.pk)


@login_required
@require_POST
def open_link(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=MANAGE)
    form = forms.OpenLinkForm(request.POST, survey=survey)
    if not form.is_valid():
        messages.error(request, _("操作无效，请重试"))
    else:
        try:
            services.open_link_set(
                actor=request.user,
                group=form.cleaned_data["group"],
                enabled=form.cleaned_data["enabled"],
            )
        except services.SurveyError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("公开链接已更新"))
    return redirect(f"{reverse('surveys:distribution', args=[survey.pk])}#open-links")


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
        form = forms.ResponseForm(survey=survey, questions=questions)
    context = _survey_context(request, survey, "preview")
    context.update(groups=groups, group=group, form=form)
    return _page(request, "surveys/preview.html", context)


# progress and results -----------------------------------------------------------------------


@login_required
@require_GET
def survey_progress(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    context = _survey_context(request, survey, "progress")
    context["progress"] = selectors.progress(user=request.user, survey=survey)
    return _page(request, "surveys/progress.html", context)


@login_required
@require_GET
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    results = selectors.results(user=request.user, survey=survey)
    context = _survey_context(request, survey, "results")
    context.update(results=results, charts=results.charts(), min_responses=MIN_RESPONSES)
    return _page(request, "surveys/results.html", context)


@login_required
@require_GET
def school_results(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    school = selectors.school_in_scope(user=request.user, pk=school_pk)
    results = selectors.results(user=request.user, survey=survey, school=school)
    context = _survey_context(request, survey, "results")
    context.update(
        results=results,
        charts=results.charts(),
        min_responses=MIN_RESPONSES,
        covered=survey.schools.filter(pk=school.pk).exists(),
    )
    return _page(request, "surveys/results.html", context)


@login_required
@require_GET
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    results = selectors.results(user=request.user, survey=survey)
    response = HttpResponse(exports.results_workbook(results), content_type=exports.XLSX_TYPE)
    name = f"{survey.title}-{survey.year}-{results.scope}-满意度结果.xlsx"
    response["Content-Disposition"] = attachment_header(name, f"survey-{survey.pk}-results.xlsx")
    return response


# the public form ----------------------------------------------------------------------------

PUBLIC_MESSAGES = {
    "invalid": (404, "链接无效", "此链接无效或已作废。请核对二维码，或联系发放问卷的学校。"),
    "used": (
        410,
        "此二维码已使用",
        "每个二维码只能提交一次，此二维码已经提交过问卷。感谢您的参与！",
    ),
    "closed": (403, "调查未开放", "本次调查当前不在作答时间内。"),
    "limited": (429, "请稍后再试", "提交过于频繁，请稍后再试。"),
}


def _public(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    # the site's Referrer-Policy (same-origin) keeps the token's address from other sites;
    # no-referrer would make browsers send "Origin: null", which the CSRF check refuses
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _message(request: HttpRequest, key: str) -> HttpResponse:
    status, title, text = PUBLIC_MESSAGES[key]
    return _public(request, "surveys/public_message.html", {"title": title, "text": text}, status)


def _answer_page(request: HttpRequest, target: Any, form: Any, status: int = 200) -> HttpResponse:
    context = {"target": target, "survey": target.survey, "form": form}
    return _public(request, "surveys/public_form.html", context, status)


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The form a one-time QR code opens; its token is consumed when the answers are stored."""
    if throttle.blocked(request, "miss"):
        return _message(request, "limited")
    if request.method == "POST" and not throttle.allow(request, "submit"):
        return _message(request, "limited")
    target = selectors.token_target(token=token)
    if target is None or target.state == "used":
        throttle.allow(request, "miss")
        return _message(request, "invalid" if target is None else "used")
    if target.state != "ok":
        return _message(request, "closed")
    form = forms.ResponseForm(
        request.POST or None, survey=target.survey, questions=target.questions
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit_token(token=token, answers=form.answers())
        except services.InvalidAnswers as error:
            form.add_problems(error.problems)
        except services.TokenUnusable:
            return _message(request, "used")
        except services.NotAccepting:
            return _message(request, "closed")
        else:
            return redirect("surveys:done")
    return _answer_page(request, target, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def open_answer(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's open link: anyone may answer, as often as they like (不防重复作答)."""
    if throttle.blocked(request, "miss"):
        return _message(request, "limited")
    if request.method == "POST" and not throttle.allow(request, "open"):
        return _message(request, "limited")
    target = selectors.open_target(slug=slug)
    if target is None:
        throttle.allow(request, "miss")
        return _message(request, "invalid")
    if target.state != "ok":
        return _message(request, "closed")
    schools = (
        target.survey.schools.order_by("township__name", "name")
        if target.group.per_school
        else None
    )
    form = forms.ResponseForm(
        request.POST or None, survey=target.survey, questions=target.questions, schools=schools
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit_open(
                slug=slug, school=form.cleaned_data.get("school"), answers=form.answers()
            )
        except services.InvalidAnswers as error:
            form.add_problems(error.problems)
        except services.TokenUnusable:
            return _message(request, "invalid")
        except services.NotAccepting:
            return _message(request, "closed")
        else:
            return redirect("surveys:done")
    return _answer_page(request, target, form, status=400 if form.errors else 200)


@require_GET
def done(request: HttpRequest) -> HttpResponse:
    return _public(
        request,
        "surveys/public_message.html",
        {
            "title": "提交成功",
            "text": "您的问卷已提交，感谢您的参与！您可以关闭此页面。",
            "ok": True,
        },
    )
