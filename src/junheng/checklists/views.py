"""Pages of the checklists: the list, a checklist's tree, an item (score, assignments,
evidence), my items, the progress board, import (the generic flow: upload → preview →
commit), exports and permission-checked downloads. Every read goes through a selector, every
write a service; who may do what is asked of `junheng.access` at the door."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import APPROVE, CHANGE, MANAGE
from junheng.access.web import ensure, require
from junheng.checklist_core.uploads import KINDS
from junheng.checklist_core.workbook import blank_workbook, checklist_workbook
from junheng.checklists import autoscoring, imports, school_assignments, selectors, services
from junheng.checklists.background import (
    ARCHIVE_FILES_IN_REQUEST,
    CHECKLIST_ARCHIVE,
    archive_name,
    spooled_archive,
)
from junheng.checklists.forms import (
    AssignForm,
    AssignmentChangeForm,
    AssignSchoolsForm,
    AutoScoreForm,
    ImportForm,
    InspectionDateForm,
    LoadForm,
    ScoreForm,
    UploadForm,
)
from junheng.checklists.models import Checklist, ChecklistItem
from junheng.jobs.views import job_started
from junheng.refusals import Refusal, refusal_text
from junheng.web.downloads import XLSX_TYPE, ZIP_TYPE, download, file_download, private_file
from junheng.web.imports import ImportFlow, ImportTexts

# the list -----------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    page = selectors.index_page(user=request.user)
    county = page.county
    return render(
        request,
        "checklists/index.html",
        {
            "boards": page.boards,
            "county": county,
            "manages": page.manages,
            "load_form": LoadForm(),
            "date_form": InspectionDateForm(
                initial={"inspection_date": county.inspection_date if county else None}
            ),
            "mine": page.mine,
        },
    )


@require(MANAGE)
@require_POST
def load(request: HttpRequest) -> HttpResponse:
    county = selectors.county_to_manage(user=request.user)
    form = LoadForm(request.POST)
    if form.is_valid():
        try:
            checklist = services.checklist_load_builtin(
                actor=request.user, county=county, key=form.cleaned_data["key"]
            )
        except Refusal as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("已载入「%(name)s」") % {"name": checklist.shown_name})
            return redirect("checklists:checklist", pk=checklist.pk)
    return redirect("checklists:index")


@require(MANAGE)
@require_POST
def inspection_date(request: HttpRequest) -> HttpResponse:
    county = selectors.county_to_manage(user=request.user)
    form = InspectionDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("日期格式不对"))
        return redirect("checklists:index")
    try:
        services.county_inspection_date_set(
            actor=request.user, county=county, date=form.cleaned_data["inspection_date"]
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("督导检查日期已保存"))
    return redirect(request.POST.get("next") or "checklists:index")


@login_required
@require_GET
def template_download(request: HttpRequest) -> HttpResponse:
    return download(
        blank_workbook(), XLSX_TYPE, "评估指标体系导入模板.xlsx", "checklist-template.xlsx"
    )


# import: the generic flow (junheng.web.imports) with the checklist's plan -------------------


def _imported(checklist: Checklist) -> tuple[str, str]:
    """After the commit: what was created, and its page."""
    message = _("导入完成：「%(name)s」共 %(count)s 项指标") % {
        "name": checklist.name,
        "count": checklist.items.count(),
    }
    return message, reverse("checklists:checklist", args=[checklist.pk])


IMPORT = ImportFlow(
    namespace="checklists",
    action=MANAGE,
    form_class=ImportForm,
    upload_template="checklists/import_upload.html",
    preview_template="checklists/import_preview.html",
    texts=ImportTexts(
        title=gettext_lazy("导入省级指标体系"),
        intro=gettext_lazy(
            "上传按模板填写的工作簿：先预览检查，确认后才创建；有任何问题则不导入任何指标。"
        ),
        confirm=gettext_lazy("确认按预览导入该指标体系？"),
        checked=gettext_lazy(
            "检查通过，尚未创建任何指标。请核对下面的内容，确认后点「确认导入」。"
        ),
        discarded=gettext_lazy("已放弃该导入，未创建任何指标"),
    ),
    county_of=lambda user: selectors.county_to_manage(user=user),
    preview_file=imports.checklist_import_preview,
    commit_batch=imports.checklist_import_commit,
    discard_batch=imports.checklist_import_discard,
    user_batches=selectors.import_batches,
    user_batch=selectors.import_batch,
    preview_page=selectors.import_preview_page,
    committed=_imported,
)


# a checklist --------------------------------------------------------------------------------


@login_required
@require_GET
def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = selectors.checklist_for(user=request.user, pk=pk)
    page = selectors.checklist_page(user=request.user, checklist=checklist)
    return render(
        request,
        "checklists/checklist.html",
        {"page": page, "auto_form": AutoScoreForm(years=page.years)},
    )


@login_required
@require_POST
def checklist_score_auto(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = selectors.checklist_for(user=request.user, pk=pk)
    ensure(request.user, MANAGE, checklist.county)
    form = AutoScoreForm(request.POST, years=selectors.data_years(county=checklist.county))
    if not form.is_valid():
        messages.error(request, _("请选择有学校数据的年度"))
        return redirect("checklists:checklist", pk=pk)
    try:
        report = autoscoring.checklist_score_automatic(
            actor=request.user, checklist=checklist, year=form.cleaned_data["year"]
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        text = _("已按 %(year)s 年度数据自动评分：%(changed)s 项有变化，%(same)s 项不变") % {
            "year": report.year,
            "changed": len(report.scored),
            "same": len(report.unchanged),
        }
        if report.missing:
            text += _("；数据不足未评：%(codes)s") % {"codes": str(_("、")).join(report.missing)}
        messages.success(request, text)
    return redirect("checklists:checklist", pk=pk)


@login_required
@require_POST
def checklist_delete(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = selectors.checklist_for(user=request.user, pk=pk)
    ensure(request.user, MANAGE, checklist.county)
    try:
        services.checklist_delete(actor=request.user, checklist=checklist)
    except Refusal as error:
        messages.error(request, refusal_text(error))
        return redirect("checklists:checklist", pk=pk)
    messages.success(request, _("已删除"))
    return redirect("checklists:index")


@login_required
@require_GET
def checklist_export(request: HttpRequest, pk: int) -> HttpResponse:
    # the workbook is for the county level: a 404 for the others, as if it did not exist
    checklist = selectors.checklist_for(user=request.user, pk=pk, action=APPROVE)
    return download(
        checklist_workbook(checklist.as_data()),
        XLSX_TYPE,
        f"{checklist.name}.xlsx",
        f"checklist-{checklist.key}.xlsx",
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence the user may see as one zip (a township gets its own, the county all): sent
    at once when small; a larger one is packed in the background — the GET offers it, the POST
    starts the job (issue 13 §2, `background`)."""
    checklist = selectors.checklist_for(user=request.user, pk=pk)
    if request.method == "POST":
        return job_started(
            request,
            kind=CHECKLIST_ARCHIVE,
            county=checklist.county,
            params={"checklist": checklist.pk},
            refused_to=reverse("checklists:checklist", args=[pk]),
        )
    files, index = selectors.archive_contents(user=request.user, checklist=checklist)
    if len(files) > ARCHIVE_FILES_IN_REQUEST:
        return render(
            request,
            "jobs/start.html",
            {
                "title": _("导出台账（ZIP）"),
                "about": f"{checklist.county.name} · {checklist.name}",
                "note": _("台账共 %(n)s 个文件，将在后台打包；完成后在任务页面下载。")
                % {"n": f"{len(files):,}"},
                "action": request.path,
                "back": reverse("checklists:checklist", args=[pk]),
            },
        )
    # FileResponse closes (and so deletes) the temporary file once it is sent
    archive = spooled_archive(user=request.user, checklist=checklist, contents=(files, index))
    return file_download(archive, ZIP_TYPE, *archive_name(checklist))


@login_required
@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = selectors.checklist_for(user=request.user, pk=pk)
    data = selectors.progress_board(user=request.user, checklist=checklist)
    return render(request, "checklists/board.html", {"board": data})


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "checklists/mine.html",
        {"states": selectors.my_assignments(user=request.user)},
    )


# an item ------------------------------------------------------------------------------------


def _item_page(
    request: HttpRequest, item: ChecklistItem, status: int = 200, **forms: Any
) -> HttpResponse:
    # an item of many schools opens one township's schools at a time
    township = selectors.township_of_item(item=item, pk=request.GET.get("township"))
    page = selectors.item_page(user=request.user, item=item, township=township)
    county = item.checklist.county
    # those who run the county hand an assignment only to someone who may be named for its unit
    change_forms = {
        block.state.assignment.pk: AssignmentChangeForm(
            people=selectors.people_for_assignment(block.state.assignment),
            initial={
                "person": block.state.assignment.person_id,
                "deadline": block.state.assignment.deadline,
                "note": block.state.assignment.note,
            },
        )
        for block in (page.blocks if page.manages else [])
    }
    # each unit's upload form offers the first piece of evidence it still lacks
    upload_forms = {
        block.state.assignment.pk: UploadForm(
            item=item, initial={"requirement": (block.state.missing or [""])[0]}
        )
        for block in page.blocks
        if block.can_upload
    }
    context = {
        "page": page,
        "score_form": forms.get("score_form") or ScoreForm(item=item),
        "assign_form": forms.get("assign_form")
        or AssignForm(county=county, people=selectors.assignable_people(county=county)),
        "schools_form": forms.get("schools_form")
        or AssignSchoolsForm(county=county, people=selectors.county_people(county=county)),
        "upload_forms": upload_forms,
        "change_forms": change_forms,
        "upload_errors": forms.get("upload_errors", {}),
    }
    return render(request, "checklists/item.html", context, status=status)


@login_required
@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, selectors.item_for(user=request.user, pk=pk))


@login_required
@require_POST
def item_score(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for(user=request.user, pk=pk)
    form = ScoreForm(request.POST, item=item)
    if form.is_valid():
        try:
            services.item_score_set(
                actor=request.user,
                item=item,
                justification=form.cleaned_data["justification"],
                score=form.cleaned_data.get("score"),
                met=form.met_value() if "met" in form.fields else None,
                value=form.cleaned_data.get("value"),
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("评分已保存"))
            return redirect("checklists:item", pk=pk)
    return _item_page(request, item, status=400, score_form=form)


@login_required
@require_POST
def item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for(user=request.user, pk=pk)
    county = item.checklist.county
    ensure(request.user, MANAGE, county)
    form = AssignForm(
        request.POST, county=county, people=selectors.assignable_people(county=county)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assignment_create(
                actor=request.user,
                item=item,
                unit_kind=data["unit_kind"],
                office=data["office"],
                township=data["township"],
                school=data["school"],
                person=data["person"],
                deadline=data["deadline"],
                note=data["note"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已分解到责任单位"))
            return redirect("checklists:item", pk=pk)
    return _item_page(request, item, status=400, assign_form=form)


@login_required
@require_POST
def item_assign_schools(request: HttpRequest, pk: int) -> HttpResponse:
    """The item given in one step to all the county's schools, those of a type or a township."""
    item = selectors.item_for(user=request.user, pk=pk)
    county = item.checklist.county
    ensure(request.user, MANAGE, county)
    form = AssignSchoolsForm(
        request.POST, county=county, people=selectors.county_people(county=county)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = school_assignments.assignment_create_for_schools(
                actor=request.user,
                item=item,
                reach=data["reach"],
                school_type=data["school_type"],
                township=data["township"],
                deadline=data["deadline"],
                fallback=data["fallback"],
                note=data["note"],
            )
        except Refusal as error:
            form.add_error(None, refusal_text(error))
        else:
            text = _("已分解到 %(n)s 所学校") % {"n": len(report.created)}
            if report.already:
                text += _("；%(n)s 所学校此前已分解，未变") % {"n": len(report.already)}
            messages.success(request, text)
            # the board counts the schools' completion item by item
            return redirect(reverse("checklists:board", args=[item.checklist_id]) + "#schools")
    return _item_page(request, item, status=400, schools_form=form)


@login_required
@require_POST
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for(user=request.user, pk=pk)
    ensure(request.user, MANAGE, assignment.item.checklist.county)
    try:
        services.assignment_delete(actor=request.user, assignment=assignment)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("已撤销分解"))
    return redirect("checklists:item", pk=assignment.item_id)


@login_required
@require_POST
def assignment_change(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for(user=request.user, pk=pk)
    ensure(request.user, MANAGE, assignment.item.checklist.county)
    form = AssignmentChangeForm(request.POST, people=selectors.people_for_assignment(assignment))
    if not form.is_valid():
        messages.error(request, _("请选择责任人并填写完成期限"))
        return redirect("checklists:item", pk=assignment.item_id)
    try:
        services.assignment_change(
            actor=request.user,
            assignment=assignment,
            person=form.cleaned_data["person"],
            deadline=form.cleaned_data["deadline"],
            note=form.cleaned_data["note"],
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("已调整责任人和期限"))
    return redirect("checklists:item", pk=assignment.item_id)


@login_required
@require_POST
def assignment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    # beyond the user's scope for uploads (another school, an inspector) is a 404
    assignment = selectors.assignment_for(user=request.user, pk=pk, action=CHANGE)
    item = assignment.item
    form = UploadForm(request.POST, request.FILES, item=item)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        evidence = None
        if form.cleaned_data.get("evidence"):
            evidence = selectors.assignment_evidence(
                assignment=assignment, pk=form.cleaned_data["evidence"]
            )
        try:
            version = services.evidence_upload(
                actor=request.user,
                assignment=assignment,
                name=upload.name,
                handle=upload.file,
                size=upload.size,
                requirement=form.cleaned_data["requirement"] or "",
                evidence=evidence,
                comment=form.cleaned_data["comment"],
            )
        except Refusal as error:
            errors.append(refusal_text(error))
        else:
            messages.success(
                request,
                _("已上传「%(name)s」（第 %(n)s 版）")
                % {"name": version.original_name, "n": version.number},
            )
            return redirect("checklists:item", pk=item.pk)
    else:
        errors += [str(e) for field in form.errors.values() for e in field]
    return _item_page(request, item, status=400, upload_errors={assignment.pk: errors})


@login_required
@require_GET
def version_download(request: HttpRequest, pk: int) -> FileResponse:
    """A stored file, to those who may see it, as an attachment under its own (Chinese) name."""
    version = selectors.evidence_version_for(user=request.user, pk=pk)
    kind = KINDS.get(version.kind)
    extension = version.original_name.rpartition(".")[2].lower() or "bin"
    return private_file(
        version.file,
        kind.content_type if kind else "application/octet-stream",
        name=version.original_name,
        fallback=f"evidence-{version.pk}.{extension}",
    )
