"""Pages of the checklists: the list, a checklist's tree, an item (score, assignments,
evidence), my items, the progress board, import (upload → preview → commit), exports and
permission-checked downloads. Every read goes through a selector, every write a service."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access import CHANGE
from junheng.checklist_core.archive import write_archive
from junheng.checklist_core.uploads import KINDS
from junheng.checklist_core.workbook import blank_workbook, checklist_workbook
from junheng.checklists import imports, selectors, services
from junheng.checklists.forms import (
    AssignForm,
    AssignmentChangeForm,
    AutoScoreForm,
    ImportForm,
    InspectionDateForm,
    LoadForm,
    ScoreForm,
    UploadForm,
)
from junheng.checklists.models import ChecklistItem, Evidence
from junheng.collection.exports import XLSX_TYPE, attachment_header
from junheng.registry.refusals import refusal_text

ZIP_TYPE = "application/zip"


def _county_managed(request: HttpRequest):
    county = selectors.user_county(user=request.user)
    if county is None or not selectors.manages(user=request.user, county=county):
        raise PermissionDenied
    return county


def _ensure_manages(request: HttpRequest, county) -> None:
    """Seeing an object is not running it: a 403 for those who may not manage the county."""
    if not selectors.manages(user=request.user, county=county):
        raise PermissionDenied


def _download(data: bytes, content_type: str, name: str, fallback: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = attachment_header(name, fallback)
    return response


# the list -----------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    county = selectors.user_county(user=request.user)
    manages = county is not None and selectors.manages(user=request.user, county=county)
    checklists = selectors.checklist_list(user=request.user)
    return render(
        request,
        "checklists/index.html",
        {
            "boards": [
                selectors.progress_board(user=request.user, checklist=c) for c in checklists
            ],
            "county": county,
            "manages": manages,
            "load_form": LoadForm(),
            "date_form": InspectionDateForm(
                initial={"inspection_date": county.inspection_date if county else None}
            ),
            "mine": len(selectors.my_assignments(user=request.user)),
        },
    )


@login_required
@require_POST
def load(request: HttpRequest) -> HttpResponse:
    county = _county_managed(request)
    form = LoadForm(request.POST)
    if form.is_valid():
        try:
            checklist = services.checklist_load_builtin(
                actor=request.user, county=county, key=form.cleaned_data["key"]
            )
        except services.ChecklistError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("已载入「%(name)s」") % {"name": checklist.name})
            return redirect("checklists:checklist", pk=checklist.pk)
    return redirect("checklists:index")


@login_required
@require_POST
def inspection_date(request: HttpRequest) -> HttpResponse:
    county = _county_managed(request)
    form = InspectionDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("日期格式不对"))
        return redirect("checklists:index")
    try:
        services.county_inspection_date_set(
            actor=request.user, county=county, date=form.cleaned_data["inspection_date"]
        )
    except services.ChecklistError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("督导检查日期已保存"))
    return redirect(request.POST.get("next") or "checklists:index")


@login_required
@require_GET
def template_download(request: HttpRequest) -> HttpResponse:
    return _download(
        blank_workbook(), XLSX_TYPE, "评估指标体系导入模板.xlsx", "checklist-template.xlsx"
    )


# import -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    county = _county_managed(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = imports.checklist_import_preview(
            actor=request.user, county=county, name=upload.name, raw=upload.read()
        )
        return redirect("checklists:import_preview", pk=batch.pk)
    return render(
        request,
        "checklists/import_upload.html",
        {"form": form, "batches": selectors.import_batches(user=request.user)},
    )


@login_required
@require_GET
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_batch(user=request.user, pk=pk)
    return render(request, "checklists/import_preview.html", {"batch": batch})


@login_required
@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_batch(user=request.user, pk=pk)
    try:
        checklist = imports.checklist_import_commit(actor=request.user, batch=batch)
    except imports.ImportFailed as error:
        return render(
            request,
            "checklists/import_preview.html",
            {"batch": batch, "failure": error, "failure_text": refusal_text(error)},
            status=409,
        )
    except services.ChecklistError as error:
        messages.error(request, refusal_text(error))
        return redirect("checklists:import_preview", pk=pk)
    messages.success(
        request,
        _("导入完成：「%(name)s」共 %(count)s 项指标")
        % {"name": checklist.name, "count": checklist.items.count()},
    )
    return redirect("checklists:checklist", pk=checklist.pk)


@login_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_batch(user=request.user, pk=pk)
    try:
        imports.checklist_import_discard(actor=request.user, batch=batch)
    except services.ChecklistError as error:
        messages.error(request, refusal_text(error))
        return redirect("checklists:import_preview", pk=pk)
    messages.info(request, _("已放弃该导入，未创建任何指标"))
    return redirect("checklists:import")


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
    _ensure_manages(request, checklist.county)
    form = AutoScoreForm(request.POST, years=selectors.data_years(county=checklist.county))
    if not form.is_valid():
        messages.error(request, _("请选择有学校数据的年度"))
        return redirect("checklists:checklist", pk=pk)
    try:
        report = services.checklist_score_automatic(
            actor=request.user, checklist=checklist, year=form.cleaned_data["year"]
        )
    except services.ChecklistError as error:
        messages.error(request, refusal_text(error))
    else:
        text = _("已按 %(year)s 年度数据自动评分：%(changed)s 项有变化，%(same)s 项不变") % {
            "year": report.year,
            "changed": len(report.scored),
            "same": len(report.unchanged),
        }
        if report.missing:
            text += _("；数据不足未评：%(codes)s") % {"codes": "、".join(report.missing)}
        messages.success(request, text)
    return redirect("checklists:checklist", pk=pk)


@login_required
@require_POST
def checklist_delete(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = selectors.checklist_for(user=request.user, pk=pk)
    _ensure_manages(request, checklist.county)
    try:
        services.checklist_delete(actor=request.user, checklist=checklist)
    except services.ChecklistError as error:
        messages.error(request, refusal_text(error))
        return redirect("checklists:checklist", pk=pk)
    messages.success(request, _("已删除"))
    return redirect("checklists:index")


@login_required
@require_GET
def checklist_export(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = selectors.checklist_for(user=request.user, pk=pk)
    if not selectors.is_county_level(user=request.user, county=checklist.county):
        raise Http404
    return _download(
        checklist_workbook(checklist.as_data()),
        XLSX_TYPE,
        f"{checklist.name}.xlsx",
        f"checklist-{checklist.key}.xlsx",
    )


@login_required
@require_GET
def checklist_archive(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence the user may see as one zip (a township gets its own, the county all)."""
    checklist = selectors.checklist_for(user=request.user, pk=pk)
    files, index = selectors.archive_contents(user=request.user, checklist=checklist)
    county = checklist.county
    title = f"{county.name} {checklist.name} 台账目录（{timezone.localdate():%Y-%m-%d}）"
    # FileResponse closes the file once it is sent
    target = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)  # noqa: SIM115
    write_archive(target, files, index, title=title)
    target.seek(0)
    response = FileResponse(target, content_type=ZIP_TYPE)
    response["Content-Disposition"] = attachment_header(
        f"{county.name}{checklist.name}台账.zip", f"archive-{county.code}-{checklist.key}.zip"
    )
    return response


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
    page = selectors.item_page(user=request.user, item=item)
    county = item.checklist.county
    # each unit's upload form offers the first piece of evidence it still lacks
    change_forms = {
        block.state.assignment.pk: AssignmentChangeForm(
            county=county,
            initial={
                "person": block.state.assignment.person_id,
                "deadline": block.state.assignment.deadline,
                "note": block.state.assignment.note,
            },
        )
        for block in page.blocks
    }
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
        "assign_form": forms.get("assign_form") or AssignForm(county=county),
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
        except services.ChecklistError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("评分已保存"))
            return redirect("checklists:item", pk=pk)
    return _item_page(request, item, status=400, score_form=form)


@login_required
@require_POST
def item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for(user=request.user, pk=pk)
    _ensure_manages(request, item.checklist.county)
    form = AssignForm(request.POST, county=item.checklist.county)
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
        except services.ChecklistError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("已分解到责任单位"))
            return redirect("checklists:item", pk=pk)
    return _item_page(request, item, status=400, assign_form=form)


@login_required
@require_POST
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for(user=request.user, pk=pk)
    _ensure_manages(request, assignment.item.checklist.county)
    try:
        services.assignment_delete(actor=request.user, assignment=assignment)
    except services.ChecklistError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("已撤销分解"))
    return redirect("checklists:item", pk=assignment.item_id)


@login_required
@require_POST
def assignment_change(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for(user=request.user, pk=pk)
    county = assignment.item.checklist.county
    _ensure_manages(request, county)
    form = AssignmentChangeForm(request.POST, county=county)
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
    except services.ChecklistError as error:
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
            evidence = Evidence.objects.filter(
                pk=form.cleaned_data["evidence"], assignment=assignment
            ).first()
            if evidence is None:
                raise Http404
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
        except services.ChecklistError as error:
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
    response = FileResponse(
        version.file.open("rb"),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    extension = version.original_name.rpartition(".")[2].lower() or "bin"
    response["Content-Disposition"] = attachment_header(
        version.original_name, f"evidence-{version.pk}.{extension}"
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
