"""Problems and their moves, and their photos.

Each function is one transaction with its audit entry inside, so the web form, a visit's
finding, the admin and a management command all obey the same rules:

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
from django.db.models import Q
from django.utils import timezone

from junheng.access import (
    ADVANCE,
    COUNTY_ADMIN,
    INSPECTOR,
    MANAGE,
    PRINCIPAL,
    TOWNSHIP_OFFICER,
    VERIFY,
    VIEW,
)
from junheng.accounts.models import User
from junheng.audit.services import audit_record
from junheng.rectification import images
from junheng.rectification.choices import (
    PhotoStage,
    Source,
    Status,
)
from junheng.rectification.models import Problem, ProblemPhoto
from junheng.registry.models import County, School, Township


class RectificationError(Exception):
    """A refused action, with a message in Chinese and English."""

    def __init__(self, zh: str, en: str = "") -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en or zh


class NotAllowed(RectificationError):
    """The user may not do this to this problem."""


class InvalidPhoto(RectificationError):
    """An upload that is not a photo, or too large."""


# --- who may do what ---------------------------------------------------------------------------

# The sources each role records problems under (a county admin: any).
ROLE_SOURCES: dict[str, frozenset[str]] = {
    PRINCIPAL: frozenset({Source.SELF_CHECK}),
    TOWNSHIP_OFFICER: frozenset({Source.SELF_CHECK, Source.TOWNSHIP}),
    INSPECTOR: frozenset({Source.COUNTY}),
    COUNTY_ADMIN: frozenset(Source.values),
}


def allowed_sources(user: Any) -> list[str]:
    """The sources the user may record a problem under, in the order of `Source`."""
    if getattr(user, "is_superuser", False):
        return list(Source.values)
    allowed = ROLE_SOURCES.get(getattr(user, "role", ""), frozenset())
    return [s for s in Source.values if s in allowed]


def county_users(county: County):
    """The active users who belong to the county (any role): the possible responsible people."""
    return User.objects.filter(
        Q(county=county) | Q(township__county=county) | Q(school__county=county),
        is_active=True,
    ).distinct()


def responsible_candidates(*, actor: Any, county: County):
    """The people the actor may name responsible: the county's users whose own scope the actor
    sees (a principal of a school in the actor's scope, an officer of a township in it) and
    the county-wide ones (the bureau, inspectors)."""
    schools = School.objects.restrict(actor, VIEW).values("pk")
    townships = Township.objects.restrict(actor, VIEW).values("pk")
    return (
        county_users(county)
        .filter(
            Q(role=PRINCIPAL, school__in=schools)
            | Q(role=TOWNSHIP_OFFICER, township__in=townships)
            | Q(role__in=(COUNTY_ADMIN, INSPECTOR))
        )
        .select_related("county", "township", "school")
        .order_by("role", "last_name", "username")
    )


def _ensure_responsible(county: County, person: Any) -> None:
    if person is not None and not county_users(county).filter(pk=person.pk).exists():
        raise RectificationError(
            "责任人必须是本县的用户", "the responsible person must be a user of the county"
        )


def _ensure_deadline(deadline: dt.date | None) -> None:
    if deadline is not None and deadline < timezone.localdate():
        raise RectificationError(
            "整改期限不能早于今天", "the deadline cannot be earlier than today"
        )


def _manages(actor: Any, problem: Problem) -> bool:
    """A county admin of the problem's county, or whoever recorded it (still in scope)."""
    if Problem.objects.restrict(actor, MANAGE).filter(pk=problem.pk).exists():
        return True
    return (
        problem.created_by_id == getattr(actor, "pk", None)
        and Problem.objects.restrict(actor, VIEW).filter(pk=problem.pk).exists()
    )


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


def _place(
    actor: Any, county: County, school: School | None, township: Township | None
) -> tuple[School | None, Township | None]:
    """Check that the actor may record a problem there; the township of a school is its own."""
    if school is not None:
        if school.county_id != county.pk or not (
            School.objects.restrict(actor, VIEW).filter(pk=school.pk).exists()
        ):
            raise NotAllowed("无权为该学校登记问题", "not allowed for this school")
        return school, school.township
    if township is not None:
        by_role = actor.is_superuser or actor.role in (COUNTY_ADMIN, TOWNSHIP_OFFICER)
        if (
            township.county_id != county.pk
            or not by_role
            or not Township.objects.restrict(actor, VIEW).filter(pk=township.pk).exists()
        ):
            raise NotAllowed("无权为该乡镇登记问题", "not allowed for this township")
        return None, township
    if not County.objects.restrict(actor, MANAGE).filter(pk=county.pk).exists():
        raise NotAllowed(
            "只有县教育局可以登记全县性的问题",
            "only the county bureau records problems of the whole county",
        )
    return None, None


@transaction.atomic
def problem_create(
    *,
    actor: Any,
    county: County,
    source: str,
    description: str,
    school: School | None = None,
    township: Township | None = None,
    checklist_item: str = "",
    indicator_key: str = "",
    level: str = "",
    measure: str = "",
    responsible: Any = None,
    deadline: dt.date | None = None,
    photos: Iterable[Any] = (),
    comment: str = "",
) -> Problem:
    """Record a problem (open). Each role records under its own sources: a principal 自查,
    a township officer 自查 or 乡镇检查, an inspector 县督导, the county admin any."""
    if source not in allowed_sources(actor):
        raise NotAllowed("您的角色不能登记此来源的问题", "your role cannot record this source")
    school, township = _place(actor, county, school, township)
    if not description.strip():
        raise RectificationError("问题描述不能为空", "the description must not be empty")
    _ensure_responsible(county, responsible)
    _ensure_deadline(deadline)
    checked = check_photos(photos)
    problem = Problem.objects.create(
        county=county,
        township=township,
        school=school,
        source=source,
        checklist_item=checklist_item.strip(),
        indicator_key=indicator_key,
        level=level,
        description=description.strip(),
        measure=measure.strip(),
        responsible=responsible,
        deadline=deadline,
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


# the fields each side may change: the bureau (or whoever recorded it) all, the responsible
# side its measure
MANAGED_FIELDS = ("description", "checklist_item", "measure", "responsible", "deadline")
RESPONSIBLE_FIELDS = ("measure",)


def editable_fields(*, actor: Any, problem: Problem) -> tuple[str, ...]:
    """The fields `problem_update` lets the actor change now (none once closed)."""
    if problem.is_closed:
        return ()
    if _manages(actor, problem):
        return MANAGED_FIELDS
    if Problem.objects.restrict(actor, ADVANCE).filter(pk=problem.pk).exists():
        return RESPONSIBLE_FIELDS
    return ()


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
    if "responsible" in changes:
        _ensure_responsible(problem.county, changes["responsible"])
    if "deadline" in changes and changes["deadline"] != problem.deadline:
        _ensure_deadline(changes["deadline"])
    before = problem.snapshot()
    for key, value in changes.items():
        setattr(problem, key, value.strip() if isinstance(value, str) else value)
    after = problem.snapshot()
    if after == before:
        return problem
    problem.save()
    audit_record(
        actor=actor,
        action="change",
        obj=problem,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
        school=problem.school,
        township=problem.township,
        county=problem.county,
        comment=comment,
    )
    return problem


@dataclass(frozen=True)
class Move:
    """One step of the state machine: who (`action`), from where, to where."""

    name: str  # also the audit entry's action
    action: str  # ADVANCE (the responsible side) or VERIFY (the verifier)
    source: tuple[str, ...]
    target: str


START = Move("start", ADVANCE, (Status.OPEN, Status.RETURNED), Status.RECTIFYING)
SUBMIT = Move("submit", ADVANCE, (Status.RECTIFYING,), Status.SUBMITTED)
CLOSE = Move("close", VERIFY, (Status.SUBMITTED,), Status.CLOSED)
RETURN = Move("return", VERIFY, (Status.SUBMITTED,), Status.RETURNED)
MOVES = {move.name: move for move in (START, SUBMIT, CLOSE, RETURN)}


def _may(actor: Any, problem: Problem, move: Move) -> bool:
    return Problem.objects.restrict(actor, move.action).filter(pk=problem.pk).exists()


def problem_moves(*, actor: Any, problem: Problem) -> list[str]:
    """The moves the actor may make now: the rules `_move` enforces, for showing buttons."""
    return [
        move.name
        for move in MOVES.values()
        if problem.status in move.source and _may(actor, problem, move)
    ]


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
    if not _may(actor, problem, move):
        if move.action == VERIFY:
            raise NotAllowed(
                "只有县教育局或该校的包校督学可以核验销号或退回",
                "only the county bureau or the school's assigned inspector verifies",
            )
        raise NotAllowed(
            "只有责任学校、乡镇或责任人可以推进整改",
            "only the responsible school, township or person moves the rectification forward",
        )
    if problem.status not in move.source:
        raise NotAllowed(
            f"问题状态为「{problem.get_status_display()}」，不能执行此操作",
            f"not possible while the problem is {problem.status}",
        )
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
    stage = PhotoStage.PROBLEM if _manages(actor, problem) else PhotoStage.PROOF
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
