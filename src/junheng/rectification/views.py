"""Pages of problems and their rectification: the list, a problem and its moves, the
countdown plan, the evaluation's suggestions, reminders. Every write goes through a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import MANAGE
from junheng.access.web import require
from junheng.assessment.evaluation import county_years
from junheng.collection.selectors import acting_county_or_404
from junheng.recognition.selectors import standard_choices
from junheng.rectification import rankings, selectors, services
from junheng.rectification.choices import Status, SuggestionStatus
from junheng.rectification.forms import (
    DecideForm,
    ExtensionDecideForm,
    ExtensionForm,
    GenerateForm,
    MoveForm,
    PhotosForm,
    ProblemEditForm,
    ProblemFilterForm,
    ProblemForm,
    SuggestionFilterForm,
)
from junheng.refusals import NotAllowed, Refusal, refusal_text
from junheng.registry import selectors as registry_selectors
from junheng.web.downloads import private_file
from junheng.web.paging import page_of

DONE = {
    "start": gettext_lazy("已开始整改"),
    "submit": gettext_lazy("已提交整改情况，等待核验"),
    "close": gettext_lazy("已核验销号"),
    "return": gettext_lazy("已退回重新整改"),
}


@login_required
@require_GET
def problem_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    form = ProblemFilterForm(
        request.GET or None,
        townships=registry_selectors.township_list(user=user),
        schools=registry_selectors.school_list(user=user),
    )
    filters = selectors.ProblemFilters(**form.cleaned_data) if form.is_valid() else None
    rows = selectors.problem_list(
        user=user, filters=filters or selectors.ProblemFilters(), today=today
    )
    counts = selectors.status_counts(user=user)
    page = page_of(request, rows)
    return render(
        request,
        "rectification/list.html",
        {
            "form": form,
            "rows": page.object_list,
            "page": page,
            "today": today,
            "statuses": [(code, label, counts.get(code, 0)) for code, label in Status.choices],
            "total": sum(counts.values()),
            "overdue": selectors.overdue_count(user=user, today=today),
            "can_create": selectors.may_record(user=user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def problem_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    sources = selectors.recording_sources(user=user)
    county = acting_county_or_404(user=user)
    form = ProblemForm(
        request.POST or None,
        request.FILES or None,
        sources=sources,
        schools=registry_selectors.school_list(user=user),
        townships=registry_selectors.township_list(user=user),
        people=selectors.responsible_choices(user=user),
        items=selectors.checklist_items(county=county),
        initial={"school": request.GET.get("school"), "item": request.GET.get("item")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = services.problem_create(
                actor=user,
                county=county,
                source=data["source"],
                school=data["school"],
                township=data["township"],
                item=data["item"],
                indicator_key=data["indicator_key"],
                level=data["level"],
                description=data["description"],
                measure=data["measure"],
                responsible=data["responsible"],
                deadline=data["deadline"],
                found_on=data["found_on"],
                photos=data["photos"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("问题已登记"))
            return redirect("rectification:detail", pk=problem.pk)
    return render(request, "rectification/form.html", {"form": form})


@login_required
@require_GET
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.problem_page(user=request.user, pk=pk, today=timezone.localdate())
    return render(request, "rectification/detail.html", {"page": page, "problem": page.problem})


@login_required
@require_POST
def problem_act(request: HttpRequest, pk: int) -> HttpResponse:
    problem = selectors.problem_for(user=request.user, pk=pk)
    form = MoveForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("操作无效，请重试"))
        return redirect("rectification:detail", pk=pk)
    data = form.cleaned_data
    action, comment = data["action"], data["comment"]
    try:
        if action == "start":
            services.problem_start(actor=request.user, problem=problem, comment=comment)
        elif action == "submit":
            services.problem_submit(
                actor=request.user,
                problem=problem,
                proof=data["proof"],
                photos=data["photos"],
                comment=comment,
            )
        elif action == "close":
            services.problem_close(actor=request.user, problem=problem, comment=comment)
        else:
            services.problem_return(actor=request.user, problem=problem, comment=comment)
    except NotAllowed as error:
        raise PermissionDenied(refusal_text(error)) from error
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, DONE[action])
    return redirect("rectification:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def problem_edit(request: HttpRequest, pk: int) -> HttpResponse:
    problem, editable = selectors.editable_problem(user=request.user, pk=pk)
    form = ProblemEditForm(
        request.POST or None,
        editable=editable,
        people=selectors.responsible_choices_for(problem=problem),
        items=selectors.checklist_items(county=problem.county),
        initial={
            "description": problem.description,
            "item": problem.item_id,
            "measure": problem.measure,
            "responsible": problem.responsible_id,
            "deadline": problem.deadline,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_update(
                actor=request.user,
                problem=problem,
                changes=form.changes(),
                comment=form.cleaned_data["comment"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已保存"))
            return redirect("rectification:detail", pk=pk)
    return render(request, "rectification/edit.html", {"form": form, "problem": problem})


@login_required
@require_POST
def problem_extension(request: HttpRequest, pk: int) -> HttpResponse:
    """延期申请 by the responsible side."""
    problem = selectors.problem_for_extension(user=request.user, pk=pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写申请的期限和延期理由"))
        return redirect("rectification:detail", pk=pk)
    try:
        services.extension_request(
            actor=request.user,
            problem=problem,
            new_deadline=form.cleaned_data["new_deadline"],
            reason=form.cleaned_data["reason"],
        )
    except NotAllowed as error:
        raise PermissionDenied(refusal_text(error)) from error
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("已提交延期申请，等待县教育局审批"))
    return redirect("rectification:detail", pk=pk)


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The county approves or refuses a 延期申请."""
    extension = selectors.extension_to_decide(user=request.user, pk=pk)
    form = ExtensionDecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作无效，请重试"))
        return redirect("rectification:detail", pk=extension.problem_id)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.extension_decide(
            actor=request.user,
            extension=extension,
            approve=approve,
            comment=form.cleaned_data["comment"],
        )
    except NotAllowed as error:
        raise PermissionDenied(refusal_text(error)) from error
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("已批准延期") if approve else _("已不批准延期"))
    return redirect("rectification:detail", pk=extension.problem_id)


@login_required
@require_POST
def problem_photos(request: HttpRequest, pk: int) -> HttpResponse:
    problem, _editable = selectors.editable_problem(user=request.user, pk=pk)
    form = PhotosForm(request.POST, request.FILES)
    try:
        services.problem_photos_add(
            actor=request.user,
            problem=problem,
            photos=form.cleaned_data["photos"] if form.is_valid() else [],
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("照片已上传"))
    return redirect("rectification:detail", pk=pk)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A stored photo, for those who see its problem (MEDIA_URL is not served)."""
    found = selectors.photo_for(user=request.user, pk=pk)
    return private_file(found.file, found.content_type)


@login_required
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    data = selectors.countdown_plan(user=request.user, today=timezone.localdate())
    return render(request, "rectification/plan.html", {"plan": data})


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    notes = selectors.notification_list(user=request.user)
    for note in notes:
        note.shown = selectors.notification_text(note)
    return render(
        request,
        "rectification/notifications.html",
        {
            "notes": notes,
            "unread": selectors.unread_count(user=request.user),
        },
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    services.notifications_read(user=request.user)
    return redirect("rectification:notifications")


# --- suggestions ------------------------------------------------------------------------------


def _standards() -> list[tuple[str, str]]:
    # a bureau reads the standard's name, never its key (basic-2012 is internal)
    return standard_choices()


@require(MANAGE)
@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    user = request.user
    county = acting_county_or_404(user=user)
    form = SuggestionFilterForm(
        request.GET or None, townships=registry_selectors.township_list(user=user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    status = filters.get("status") or SuggestionStatus.PROPOSED
    years = county_years(county=county)
    counts = selectors.suggestion_counts(user=user)
    return render(
        request,
        "rectification/suggestions.html",
        {
            "form": form,
            "rows": selectors.suggestion_rows(
                user=user,
                status="" if status == "all" else status,
                township=filters.get("township"),
            ),
            "status": status,
            "statuses": [
                (code, label, counts.get(code, 0)) for code, label in SuggestionStatus.choices
            ],
            "generate": GenerateForm(
                initial={
                    "year": years[0] if years else timezone.localdate().year,
                    "standard": "quality-2017",
                },
                standards=_standards(),
            ),
            "default_deadline": county.inspection_date,
        },
    )


@require(MANAGE)
@require_POST
def suggestions_generate(request: HttpRequest) -> HttpResponse:
    user = request.user
    county = acting_county_or_404(user=user)
    form = GenerateForm(request.POST, standards=_standards())
    if not form.is_valid():
        messages.error(request, _("请选择数据年度和评估标准"))
        return redirect("rectification:suggestions")
    try:
        report = services.suggestions_generate(
            actor=user,
            county=county,
            year=form.cleaned_data["year"],
            standard=form.cleaned_data["standard"],
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(
            request,
            _(
                "已根据评估结果生成建议：新增 %(created)s 条，更新 %(updated)s 条，"
                "移除 %(removed)s 条，未变 %(unchanged)s 条，已有问题在整改 %(open)s 条"
            )
            % {
                "created": report.created,
                "updated": report.updated,
                "removed": report.removed,
                "unchanged": report.unchanged,
                "open": report.already_open,
            },
        )
    return redirect("rectification:suggestions")


@login_required
@require_POST
def suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_for(user=request.user, pk=pk)
    form = DecideForm(
        request.POST,
        people=selectors.responsible_people(county=suggestion.county, school=suggestion.school),
    )
    if not form.is_valid():
        messages.error(request, _("请填写整改期限和责任人"))
        return redirect("rectification:suggestions")
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            problem = services.suggestion_accept(
                actor=request.user,
                suggestion=suggestion,
                deadline=data["deadline"],
                responsible=data["responsible"],
                measure=data["measure"],
            )
            messages.success(
                request,
                _("已采纳为问题 #%(pk)s：%(text)s") % {"pk": problem.pk, "text": suggestion.text},
            )
        else:
            services.suggestion_dismiss(
                actor=request.user, suggestion=suggestion, comment=data["comment"]
            )
            messages.info(request, _("已忽略：%(text)s") % {"text": suggestion.text})
    except Refusal as error:
        messages.error(request, refusal_text(error))
    return redirect("rectification:suggestions")


# --- rankings ---------------------------------------------------------------------------------


@require(MANAGE)
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    user = request.user
    county = acting_county_or_404(user=user)
    data = rankings.county_rankings(
        user=user, county=county, today=timezone.localdate(), sort=request.GET.get("sort", "")
    )
    return render(request, "rectification/rankings.html", {"rankings": data})
