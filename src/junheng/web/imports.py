"""The one import flow of the project: upload → checked preview → commit or discard, all or
nothing.

A user uploads a file; the app checks it against the database and the user's scope *without
changing anything* and stores the file with its plan (a batch). The preview page lists every
problem by file, row and column (sortable) and what the commit would do; the uploader then
commits — the app checks the stored file again and writes every row in one transaction, or
nothing — or discards the batch. A batch is seen only by its uploader and handled once.

How an app plugs in
-------------------
1. A batch model with `created_by`, `county`, `created_at`, `original_name`, `file`, `status`
   (the values of `PREVIEW`, `COMMITTED`, `DISCARDED`; a TextChoices gives their labels) and a
   JSON `preview` whose "problems" are `dataclasses.asdict(InputProblem)`s (see `Batch`).
2. Its services (the app's `imports.py`): `preview(*, actor, county, name, data) -> batch`
   plans the file and keeps it with `batch_store`; `commit(*, actor, batch) -> result` takes
   the batch with `batch_claim`, reads it back with `batch_data`, raises (a subclass of)
   `ImportFailed` with the problems when the file no longer passes, writes, and closes with
   `batch_mark_committed`; a discard is `batch_discard` (or the app's wrapper of it).
3. Its selectors: the user's latest batches, and one batch of the user's own (404 otherwise);
   optionally the preview page's object, a subclass of `ImportPreview` carrying the plan.
4. An `ImportFlow` in its views, and `*FLOW.urls()` in its urls.py (URL names `import`,
   `import_preview`, `import_commit`, `import_discard` in the app's namespace; add them to the
   permission matrix).
5. Two templates extending `partials/import_upload.html` and `partials/import_preview.html`:
   the upload page fills `import_hints` (how to fill the file in); the preview page fills
   `import_summary` (counts above the problems) and `import_plan` (what the commit would do),
   and `scripts` with the app's script that asks `data-confirm` questions.

The pages require the flow's action at the door (`junheng.access.require`), read the batch
through the app's selector (404 outside the uploader's own batches) and catch only refusals.

Large files in the background (issue 13 §2)
------------------------------------------
A file of more than `ROWS_IN_REQUEST` rows (counted without parsing it: `rows_in`) is checked
by the task worker, not in the request: the upload is kept privately (`keep_upload`) and a job
(`junheng.web.import_jobs`) makes the preview, while the job's page shows its progress and
then leads to the preview; its commit runs as a job too. A small file stays immediate. Every
flow registers itself under its namespace (`FLOWS`), so that the worker finds it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from junheng.access.web import require
from junheng.audit.services import audit_record
from junheng.evaluation.errors import DataError, InputProblem
from junheng.evaluation.workbook_limits import measure_workbook, upload_limits
from junheng.refusals import Refusal, refusal_text

# --- the batch -------------------------------------------------------------------------------

PREVIEW, COMMITTED, DISCARDED = "preview", "committed", "discarded"
# The kinds of background job of a large file (registered by junheng.web.import_jobs).
IMPORT_CHECK, IMPORT_COMMIT = "import_check", "import_commit"


class Batch(Protocol):
    """What the flow needs of an app's batch model."""

    pk: Any
    created_by_id: Any
    county: Any
    created_at: Any
    original_name: str
    file: Any
    status: str
    preview: dict[str, Any]
    committed_at: Any

    def save(self, *args: Any, **kwargs: Any) -> None: ...


class ImportFailed(Refusal):
    """At the commit the stored file no longer passes its checks (the data changed since the
    preview): nothing was written; `problems` says why."""

    def __init__(
        self,
        problems: list[InputProblem],
        zh: str = "导入文件有误，未导入任何数据",
        en: str = "the file has problems; nothing was imported",
    ) -> None:
        super().__init__(zh, en)
        self.problems = problems


# A file of more rows than this is checked and committed by the task worker (a few hundred
# rows take well under a second or two in the request; thousands take longer).
ROWS_IN_REQUEST = 300
# A Parquet file is not measured: it counts as this many bytes a row.
PARQUET_BYTES_PER_ROW = 200
# The uploads waiting for their job, in the private storage.
UPLOADS_FOLDER = "jobs/uploads"


def rows_in(name: str, data: bytes, *, ceiling: int | None = None) -> int:
    """About how many rows the file holds, counted without parsing it: the fullest sheet of a
    workbook, measured as the reader measures it (`evaluation.workbook_limits`), a text file's
    lines, a Parquet file's size. A workbook that cannot be measured within the limits of a
    file of `ceiling` rows counts as more (the worker's check then says what is wrong)."""
    ceiling = ROWS_IN_REQUEST if ceiling is None else ceiling
    if data.startswith(b"PK"):
        try:
            return measure_workbook(name, data, upload_limits(ceiling)).rows
        except DataError:
            return ceiling + 1
    if data.startswith(b"PAR1"):
        return len(data) // PARQUET_BYTES_PER_ROW
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def runs_in_background(name: str, data: bytes) -> bool:
    """Whether the file is large enough to be checked and committed by the task worker."""
    return rows_in(name, data) > ROWS_IN_REQUEST


def keep_upload(data: bytes) -> str:
    """Keep an upload privately until its job reads it; the stored name."""
    return default_storage.save(f"{UPLOADS_FOLDER}/{uuid.uuid4().hex}.upload", ContentFile(data))


def upload_limit() -> int:
    """The largest file an import accepts, in bytes (the IMPORT_MAX_BYTES setting)."""
    return settings.IMPORT_MAX_BYTES


def batch_store(batch: Batch, data: bytes) -> Batch:
    """Keep the uploaded bytes with a new batch (its plan already in `preview`) and save it."""
    batch.preview = shown_nul(batch.preview)
    batch.file.save(f"{timezone.now():%Y%m%d%H%M%S}.upload", ContentFile(data), save=False)
    batch.save()
    return batch


def shown_nul(value: Any) -> Any:
    """The plan with each NUL of the file's cells (quoted in its problems) shown as ␀:
    PostgreSQL's JSON holds no NUL, and the reader sees where it was."""
    if isinstance(value, str):
        return value.replace("\x00", "\u2400")
    if isinstance(value, dict):
        return {key: shown_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [shown_nul(item) for item in value]
    return value


def batch_data(batch: Batch) -> bytes:
    """The stored file of a batch, as uploaded."""
    with batch.file.open("rb") as handle:
        return handle.read()


def batch_claim(*, actor: Any, batch: Batch, refusal: type[Refusal] = Refusal) -> Batch:
    """The batch locked for the caller's transaction, if it still awaits its uploader's
    decision and the actor is its uploader; otherwise `refusal` is raised."""
    batch = type(batch).objects.select_for_update().get(pk=batch.pk)
    if batch.status != PREVIEW or batch.created_by_id != actor.pk:
        raise refusal("该导入已处理或不属于您", "this import was already handled")
    return batch


def batch_mark_committed(
    *, actor: Any, batch: Batch, summary: dict[str, Any], **fields: Any
) -> Batch:
    """Close a claimed batch as committed (with `fields` of the app's model, e.g. what it
    made) and record the import with its `summary` in the audit trail."""
    before = {"status": batch.status}
    batch.status, batch.committed_at = COMMITTED, timezone.now()
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields=["status", "committed_at", *fields])
    audit_record(
        actor=actor,
        action="import",
        obj=batch,
        before=before,
        after={"status": batch.status, "file": batch.original_name, **summary},
        county=batch.county,
    )
    return batch


@transaction.atomic
def batch_discard(*, actor: Any, batch: Batch, refusal: type[Refusal] = Refusal) -> Batch:
    """Give up a previewed batch: nothing of it is imported, and it cannot be committed later."""
    batch = batch_claim(actor=actor, batch=batch, refusal=refusal)
    batch.status = DISCARDED
    batch.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="discard",
        obj=batch,
        before={"status": PREVIEW},
        after={"status": batch.status, "file": batch.original_name},
        county=batch.county,
    )
    return batch


# --- the preview page ------------------------------------------------------------------------

PROBLEM_SORTS = ("row", "-row", "column", "problem")


class ProblemSortForm(forms.Form):
    sort = forms.ChoiceField(choices=[(s, s) for s in PROBLEM_SORTS], required=False)


def sort_asked(request: HttpRequest) -> str:
    """The order of the problems the page was asked for (`?sort=`), by row by default."""
    form = ProblemSortForm(request.GET)
    return (form.cleaned_data["sort"] if form.is_valid() else "") or "row"


def sort_problems(problems: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Problems (InputProblem as dicts) by row (file-level problems first), column or text."""

    def by_row(p: dict[str, Any]) -> tuple[Any, ...]:
        return (p["file"], p["row"] or 0, p["column"] or "")

    keys = {
        "row": by_row,
        "-row": by_row,
        "column": lambda p: (p["column"] or "", *by_row(p)),
        "problem": lambda p: (p["zh"], *by_row(p)),
    }
    return sorted(problems, key=keys.get(sort, by_row), reverse=sort == "-row")


@dataclass
class ImportPreview:
    """A batch as its preview page shows it: the problems in the order asked for, and whether
    it may be committed. An app's subclass adds what the commit would do."""

    batch: Any
    problems: list[dict[str, Any]]
    sort: str = "row"

    @property
    def can_commit(self) -> bool:
        return self.batch.status == PREVIEW and not self.problems

    @classmethod
    def problems_of(cls, batch: Any, sort: str) -> dict[str, Any]:
        """The generic part of the page: the batch, its problems sorted, the sort."""
        sort = sort if sort in PROBLEM_SORTS else "row"
        return {
            "batch": batch,
            "problems": sort_problems(batch.preview.get("problems", []), sort),
            "sort": sort,
        }

    @classmethod
    def of(cls, *, batch: Any, sort: str = "row") -> ImportPreview:
        return cls(**cls.problems_of(batch, sort))


# --- the flow an app fills in ----------------------------------------------------------------


@dataclass(frozen=True)
class ImportTexts:
    """The words of an app's import pages (lazy translations)."""

    title: Any  # the upload page's heading; the preview's way back to it
    intro: Any  # under the heading: what an upload does
    confirm: Any  # asked before the commit
    checked: Any  # a preview without problems: nothing written yet, check and confirm
    discarded: Any  # the message after a discard


@dataclass(frozen=True)
class ImportUrlNames:
    upload: str
    preview: str
    commit: str
    discard: str


FLOWS: dict[str, ImportFlow] = {}


@dataclass(frozen=True)
class ImportFlow:
    """What an app tells the generic import pages (see the module's docstring)."""

    namespace: str  # the app's URL namespace
    action: str  # the access action the pages require (junheng.access)
    form_class: type[forms.Form]  # the upload form: one field `file` (a LimitedFileField)
    upload_template: str  # extends partials/import_upload.html
    preview_template: str  # extends partials/import_preview.html
    texts: ImportTexts
    county_of: Callable[..., Any]  # (user) -> the county the user imports into (else 404)
    preview_file: Callable[..., Any]  # (*, actor, county, name, data) -> batch
    commit_batch: Callable[..., Any]  # (*, actor, batch) -> what was made
    user_batches: Callable[..., Any]  # (*, user) -> the user's latest batches
    user_batch: Callable[..., Any]  # (*, user, pk) -> the user's own batch, else 404
    committed: Callable[[Any], tuple[str, str]]  # what was made -> (message, URL to go to)
    discard_batch: Callable[..., Any] = batch_discard  # (*, actor, batch)
    preview_page: Callable[..., ImportPreview] = ImportPreview.of  # (*, batch, sort)

    def __post_init__(self) -> None:
        FLOWS[self.namespace] = self  # the worker finds the flow of a job by its namespace

    @property
    def names(self) -> ImportUrlNames:
        return ImportUrlNames(
            upload=f"{self.namespace}:import",
            preview=f"{self.namespace}:import_preview",
            commit=f"{self.namespace}:import_commit",
            discard=f"{self.namespace}:import_discard",
        )

    def urls(self) -> list[URLPattern]:
        """The four pages, for the app's urlpatterns."""
        views = import_views(self)
        return [
            path("import/", views.upload, name="import"),
            path("import/<int:pk>/", views.preview, name="import_preview"),
            path("import/<int:pk>/commit/", views.commit, name="import_commit"),
            path("import/<int:pk>/discard/", views.discard, name="import_discard"),
        ]


# --- the pages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportViews:
    upload: Callable[..., HttpResponse]
    preview: Callable[..., HttpResponse]
    commit: Callable[..., HttpResponse]
    discard: Callable[..., HttpResponse]


def _limit_mb(form: forms.Form) -> int | None:
    limit = getattr(form.fields.get("file"), "max_bytes", None)
    if limit is None:
        return None
    return (limit() if callable(limit) else limit) // 1_048_576


def import_views(flow: ImportFlow) -> ImportViews:
    """The upload, preview, commit and discard pages of a flow."""

    def preview_response(
        request: HttpRequest, batch: Any, failure: ImportFailed | None = None, status: int = 200
    ) -> HttpResponse:
        context: dict[str, Any] = {
            "flow": flow,
            "preview": flow.preview_page(batch=batch, sort=sort_asked(request)),
        }
        if failure is not None:
            context.update(failure=failure, failure_text=refusal_text(failure))
        return render(request, flow.preview_template, context, status=status)

    @require(flow.action)
    @require_http_methods(["GET", "POST"])
    def upload(request: HttpRequest) -> HttpResponse:
        form = flow.form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            file = form.cleaned_data["file"]
            county, data = flow.county_of(request.user), file.read()
            if runs_in_background(file.name, data):
                return _started(
                    request,
                    kind=IMPORT_CHECK,
                    county=county,
                    params={"flow": flow.namespace, "upload": keep_upload(data), "name": file.name},
                    refused_to=reverse(flow.names.upload),
                )
            batch = flow.preview_file(actor=request.user, county=county, name=file.name, data=data)
            return redirect(flow.names.preview, pk=batch.pk)
        context = {
            "flow": flow,
            "form": form,
            "batches": flow.user_batches(user=request.user),
            "max_mb": _limit_mb(form),
        }
        return render(request, flow.upload_template, context)

    @require(flow.action)
    @require_GET
    def preview(request: HttpRequest, pk: int) -> HttpResponse:
        return preview_response(request, flow.user_batch(user=request.user, pk=pk))

    @require(flow.action)
    @require_POST
    def commit(request: HttpRequest, pk: int) -> HttpResponse:
        batch = flow.user_batch(user=request.user, pk=pk)
        if batch.status == PREVIEW and runs_in_background(batch.original_name, batch_data(batch)):
            return _started(
                request,
                kind=IMPORT_COMMIT,
                county=batch.county,
                params={"flow": flow.namespace, "batch": batch.pk},
                refused_to=reverse(flow.names.preview, kwargs={"pk": batch.pk}),
            )
        try:
            made = flow.commit_batch(actor=request.user, batch=batch)
        except ImportFailed as failure:
            return preview_response(request, batch, failure=failure, status=409)
        except Refusal as error:
            messages.error(request, refusal_text(error))
            return redirect(flow.names.preview, pk=pk)
        message, url = flow.committed(made)
        messages.success(request, message)
        return redirect(url)

    @require(flow.action)
    @require_POST
    def discard(request: HttpRequest, pk: int) -> HttpResponse:
        batch = flow.user_batch(user=request.user, pk=pk)
        try:
            flow.discard_batch(actor=request.user, batch=batch)
        except Refusal as error:
            messages.error(request, refusal_text(error))
            return redirect(flow.names.preview, pk=pk)
        messages.info(request, flow.texts.discarded)
        return redirect(flow.names.upload)

    return ImportViews(upload=upload, preview=preview, commit=commit, discard=discard)


def _started(request: HttpRequest, **job: Any) -> HttpResponse:
    # imported when a job starts: this module is loaded with the apps' services, before the
    # jobs app's views (and their models) may be
    from junheng.jobs.views import job_started

    return job_started(request, **job)
