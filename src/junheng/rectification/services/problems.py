"""Problems and their moves, and their photos.

Each function is one transaction with its audit entry inside, so the web form, a visit's
finding, the admin and a management command all obey the same rules (`rectification.rules`):

- the responsible side (the school's principal, the township's officer, or the responsible
  person) moves a problem forward: open/returned → rectifying → submitted (with proof);
- the verifier (a county admin, or the inspector assigned to the school) closes or returns it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from junheng.audit.services import audit_change, audit_record
from junheng.rectification import images
from junheng.rectification.choices import PhotoStage
from junheng.rectification.models import Problem, ProblemPhoto
from junheng.rectification.rules import (
    CLOSE,
    RETURN,
    START,
    SUBMIT,
    InvalidPhoto,
    Move,
    RectificationError,
    editable_fields,
    ensure_deadline,
    ensure_found_dates,
    ensure_item,
    ensure_move,
    ensure_place,
    ensure_responsible,
    ensure_source,
    item_label,
    manages,
)
from junheng.refusals import NotAllowed
from junheng.registry.models import County, School, Township

__all__ = [
    "CheckedPhoto",
    "InvalidPhoto",
    "NotAllowed",
    "RectificationError",
    "check_photos",
    "problem_close",
    "problem_create",
    "problem_photos_add",
    "problem_return",
    "problem_start",
    "problem_submit",
    "problem_update",
]


# --- photos ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedPhoto:
    name: str
    data: bytes
    kind: images.ImageKind


def check_photos(uploads: Iterable[Any]) -> list[CheckedPhoto]:
    """Read and check every upload before anything is stored: a photo by its content, within
    the size limit, at most `MAX_PER_UPLOAD` at once."""
    uploads = list(uploads)
    if len(uploads) > images.MAX_PER_UPLOAD:
        raise InvalidPhoto(
            f"一次最多上传 {images.MAX_PER_UPLOAD} 张照片",
            f"at most {images.MAX_PER_UPLOAD} photos at a time",
        )
    checked = []
    for upload in uploads:
        name = getattr(upload, "name", "") or "photo"
        if getattr(upload, "size", 0) > images.MAX_BYTES:
            raise InvalidPhoto(
                f"「{name}」超过 {images.MAX_BYTES // 1_048_576} MB",
                f"{name} is larger than {images.MAX_BYTES // 1_048_576} MB",
            )
        upload.seek(0)
        data = upload.read(images.MAX_BYTES + 1)
        kind = images.image_kind(data)
        if len(data) > images.MAX_BYTES:
            raise InvalidPhoto(
                f"「{name}」超过 {images.MAX_BYTES // 1_048_576} MB",
                f"{name} is larger than {images.MAX_BYTES // 1_048_576} MB",
            )
        if kind is None:
            raise InvalidPhoto(
                f"「{name}」不是照片：只接受 JPG、PNG、GIF、WebP 图片",
                f"{name} is not a photo: only JPG, PNG, GIF and WebP images are accepted",
            )
        try:  # stored as pixels only: measured (no pixel bombs), re-encoded without metadata
            data = images.reencoded(data)
        except images.PhotoRejected as error:
            raise InvalidPhoto(f"「{name}」{error.zh}", f"{name}: {error.en}") from None
        checked.append(CheckedPhoto(name[:255], data, kind))
    return checked


def _store_photos(
    problem: Problem, stage: str, photos: Sequence[CheckedPhoto], actor: Any
) -> list[ProblemPhoto]:
    stored = []
    for photo in photos:
        row = ProblemPhoto(
            problem=problem,
            stage=stage,
            content_type=photo.kind.content_type,
            size=len(photo.data),
            original_name=photo.name,
            uploaded_by=actor,
        )
        folder = f"problems/{problem.county.code}"
        row.file.save(
            images.random_name(folder, photo.kind.extension), ContentFile(photo.data), save=False
        )
        row.save()
        stored.append(row)
    return stored


# --- problems ----------------------------------------------------------------------------------


@transaction.atomic
def problem_create(
    *,
    actor: Any,
    county: County,
    source: str,
    description: str,
    school: School | None = None,
    township: Township | None = None,
    item: Any = None,
    checklist_item: str = "",
    indicator_key: str = "",
    level: str = "",
    measure: str = "",
    responsible: Any = None,
    deadline: dt.date | None = None,
    found_on: dt.date | None = None,
    photos: Iterable[Any] = (),
    comment: str = "",
) -> Problem:
    """Record a problem (open). Each role records under its own sources (a principal 自查, a
    township officer 自查 or 乡镇检查, an inspector 县督导, the county admin any:
    `access.problem_sources`), where its scope reaches, naming a responsible person who may be
    named there (`rules.ensure_responsible`).

    `found_on` is the day it was found (today when not given): feedback from an earlier
    inspection is recorded with its own date and its real deadline, even a past one
    (`rules.ensure_found_dates`). `item` is the checklist item (评估指标条目) of the county's
    loaded checklists; `checklist_item` is a text kept only for callers without one."""
    ensure_source(actor, source)
    school, township = ensure_place(actor, county, school, township)
    if not description.strip():
        raise RectificationError("问题描述不能为空", "the description must not be empty")
    ensure_responsible(responsible, county=county, township=township, school=school)
    ensure_found_dates(found_on, deadline)
    ensure_item(item, county)
    if item is not None:
        checklist_item = item_label(item)
    checked = check_photos(photos)
    problem = Problem.objects.create(
        county=county,
        township=township,
        school=school,
        source=source,
        item=item,
        checklist_item=checklist_item.strip(),
        indicator_key=indicator_key,
        level=level,
        description=description.strip(),
        measure=measure.strip(),
        responsible=responsible,
        deadline=deadline,
        found_on=found_on or timezone.localdate(),
        created_by=actor,
    )
    _store_photos(problem, PhotoStage.PROBLEM, checked, actor)
    audit_record(
        actor=actor,
        action="create",
        obj=problem,
        before=None,
        after={**problem.snapshot(), "photos": len(checked)},
        school=school,
        township=township,
        county=county,
        comment=comment,
    )
    return problem


@transaction.atomic
def problem_update(
    *, actor: Any, problem: Problem, changes: dict[str, Any], comment: str = ""
) -> Problem:
    """Change a problem's description, item, measure, responsible person or deadline."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    allowed = editable_fields(actor=actor, problem=problem)
    refused = [key for key in changes if key not in allowed]
    if not allowed or refused:
        raise NotAllowed("无权修改该问题的这些内容", "not allowed to change this problem so")
    if "description" in changes and not str(changes["description"]).strip():
        raise RectificationError("问题描述不能为空", "the description must not be empty")
    if "responsible" in changes and changes["responsible"] != problem.responsible:
        ensure_responsible(
            changes["responsible"],
            county=problem.county,
            township=problem.township,
            school=problem.school,
        )
    if "deadline" in changes and changes["deadline"] != problem.deadline:
        ensure_deadline(changes["deadline"])
    before = problem.snapshot()
    # an unchanged choice keeps the text (a problem's earlier free text too)
    if "item" in changes and changes["item"] != problem.item:
        ensure_item(changes["item"], problem.county)
        problem.checklist_item = item_label(changes["item"]) if changes["item"] else ""
    for key, value in changes.items():
        setattr(problem, key, value.strip() if isinstance(value, str) else value)
    after = problem.snapshot()
    if after == before:
        return problem
    problem.save()
    audit_change(
        actor=actor,
        obj=problem,
        before=before,
        after=after,
        school=problem.school,
        township=problem.township,
        county=problem.county,
        comment=comment,
    )
    return problem


def _move(
    actor: Any,
    problem: Problem,
    move: Move,
    comment: str,
    *,
    proof: str | None = None,
    photos: Sequence[CheckedPhoto] = (),
) -> Problem:
    problem = Problem.objects.select_for_update().select_related("county").get(pk=problem.pk)
    ensure_move(actor, problem, move)
    before = {"status": problem.status}
    problem.status = move.target
    fields = ["status", "updated_at"]
    now = timezone.now()
    if proof is not None:
        problem.proof = proof
        problem.submitted_at = now
        fields += ["proof", "submitted_at"]
    if move is CLOSE:
        problem.closed_at, problem.closed_by = now, actor
        fields += ["closed_at", "closed_by"]
    problem.save(update_fields=fields)
    _store_photos(problem, PhotoStage.PROOF, photos, actor)
    after: dict[str, Any] = {"status": problem.status}
    if proof is not None:
        after.update(proof=proof, photos=len(photos))
    audit_record(
        actor=actor,
        action=move.name,
        obj=problem,
        before=before,
        after=after,
        school=problem.school,
        township=problem.township,
        county=problem.county,
        comment=comment,
    )
    return problem


@transaction.atomic
def problem_start(*, actor: Any, problem: Problem, comment: str = "") -> Problem:
    """The responsible side starts (or, after a return, resumes) the rectification."""
    return _move(actor, problem, START, comment.strip())


@transaction.atomic
def problem_submit(
    *, actor: Any, problem: Problem, proof: str, photos: Iterable[Any] = (), comment: str = ""
) -> Problem:
    """The responsible side reports the rectification done, with what was done as proof."""
    if not proof.strip():
        raise RectificationError(
            "提交核验时必须说明整改情况（可附照片）",
            "describe what was done (photos may be attached) to submit",
        )
    checked = check_photos(photos)
    return _move(actor, problem, SUBMIT, comment.strip(), proof=proof.strip(), photos=checked)


@transaction.atomic
def problem_close(*, actor: Any, problem: Problem, comment: str = "") -> Problem:
    """The verifier checks the proof and closes the problem (销号)."""
    return _move(actor, problem, CLOSE, comment.strip())


@transaction.atomic
def problem_return(*, actor: Any, problem: Problem, comment: str) -> Problem:
    """The verifier finds the rectification insufficient and returns it, saying why."""
    if not comment.strip():
        raise RectificationError("退回时必须填写意见", "a comment is required to return")
    return _move(actor, problem, RETURN, comment.strip())


@transaction.atomic
def problem_photos_add(
    *, actor: Any, problem: Problem, photos: Iterable[Any]
) -> list[ProblemPhoto]:
    """More photos of the problem as found, by whoever may change it, until it is closed."""
    problem = Problem.objects.select_for_update().select_related("county").get(pk=problem.pk)
    if not editable_fields(actor=actor, problem=problem):
        raise NotAllowed("无权为该问题添加照片", "not allowed to add photos to this problem")
    checked = check_photos(photos)
    if not checked:
        raise InvalidPhoto("请选择照片", "choose photos to upload")
    stage = PhotoStage.PROBLEM if manages(actor, problem) else PhotoStage.PROOF
    stored = _store_photos(problem, stage, checked, actor)
    audit_record(
        actor=actor,
        action="photos",
        obj=problem,
        before=None,
        after={"photos": len(stored), "stage": stage},
        school=problem.school,
        township=problem.township,
        county=problem.county,
    )
    return stored
