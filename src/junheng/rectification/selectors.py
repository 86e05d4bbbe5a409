"""Every read of the rectification app, scoped through `Problem.objects.restrict`: a problem
out of the user's scope is a 404. Who may be named responsible is asked of the policy
(`junheng.access.nameable_people`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from junheng.access import MANAGE, RESPONSIBLE, VIEW, may, nameable_people
from junheng.accounts.models import User
from junheng.audit.models import AuditEntry
from junheng.audit.selectors import comment_text
from junheng.checklists.models import ChecklistItem
from junheng.collection.selectors import acting_county
from junheng.rectification import origins
from junheng.rectification.choices import (
    ACTIVE,
    DUE_SOON_DAYS,
    PROBLEM_REMINDERS,
    ExtensionStatus,
    NotificationKind,
    PhotoStage,
    Status,
    SuggestionStatus,
)
from junheng.rectification.models import (
    ExtensionRequest,
    Notification,
    Problem,
    ProblemPhoto,
    Suggestion,
)
from junheng.rectification.rules import (
    allowed_sources,
    editable_fields,
    item_label,
    may_decide_extension,
    may_request_extension,
    problem_moves,
    reminder_text,
    visit_reminder_shown,
)
from junheng.registry.models import County, School, Township


@dataclass(frozen=True)
class ProblemFilters:
    township: Township | None = None
    school: School | None = None
    source: str = ""
    stage: str = ""  # the stage of the road it came from (recognition.choices.Stage)
    body: str = ""  # the body that found it (origins.FoundBy)
    status: str = ""
    overdue: bool = False
    mine: bool = False


def problems(*, user: Any) -> QuerySet[Problem]:
    """The problems the user sees, with what the lists show."""
    return Problem.objects.restrict(user, VIEW).select_related(
        "county", "township", "school", "responsible"
    )


def by_deadline(queryset: QuerySet[Problem]) -> QuerySet[Problem]:
    return queryset.order_by(F("deadline").asc(nulls_last=True), "pk")


def problem_list(*, user: Any, filters: ProblemFilters, today: dt.date) -> QuerySet[Problem]:
    """The user's problems narrowed by township, school, source, stage, body, status, overdue,
    or the user's own (responsible for)."""
    found = problems(user=user)
    if filters.township is not None:
        found = found.filter(township=filters.township)
    if filters.school is not None:
        found = found.filter(school=filters.school)
    if filters.source:
        found = found.filter(source=filters.source)
    if filters.stage:
        found = found.filter(origins.stage_condition(filters.stage))
    if filters.body:
        found = found.filter(origins.body_condition(filters.body))
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.overdue:
        found = found.filter(status__in=ACTIVE, deadline__lt=today)
    if filters.mine:
        found = found.filter(responsible=user)
    return by_deadline(found)


def status_counts(*, user: Any) -> dict[str, int]:
    return dict(Counter(Problem.objects.restrict(user, VIEW).values_list("status", flat=True)))


def overdue_count(*, user: Any, today: dt.date) -> int:
    return (
        Problem.objects.restrict(user, VIEW).filter(status__in=ACTIVE, deadline__lt=today).count()
    )


def problem_for(*, user: Any, pk: int) -> Problem:
    return get_object_or_404(problems(user=user), pk=pk)


ACTION_LABELS = {
    "create": _("登记问题"),
    "change": _("修改"),
    "photos": _("上传照片"),
    "start": _("开始整改"),
    "submit": _("提交整改情况"),
    "close": _("核验销号"),
    "return": _("退回重新整改"),
    "extension_request": _("申请延期"),
    "extension_approve": _("批准延期"),
    "extension_refuse": _("不批准延期"),
}


@dataclass(frozen=True)
class TimelineLine:
    entry: AuditEntry
    label: Any
    before: Any
    after: Any

    @property
    def comment(self) -> str:
        """The entry's comment, in the page's language where a service wrote it."""
        return comment_text(self.entry.comment, self.entry.object_type)


@dataclass
class ProblemPage:
    problem: Problem
    found_photos: list[ProblemPhoto]
    proof_photos: list[ProblemPhoto]
    moves: list[str]
    editable: tuple[str, ...]
    timeline: list[AuditEntry]
    today: dt.date
    extensions: list[ExtensionRequest] = field(default_factory=list)
    may_request_extension: bool = False
    may_decide_extension: bool = False
    item_visible: bool = False  # whether the user may open its checklist item's page

    @property
    def pending_extension(self) -> ExtensionRequest | None:
        return next((e for e in self.extensions if e.status == ExtensionStatus.PENDING), None)

    @property
    def can_request_extension(self) -> bool:
        return (
            self.may_request_extension
            and self.problem.status in ACTIVE
            and self.problem.deadline is not None
            and self.pending_extension is None
        )

    @property
    def proofs(self) -> list[AuditEntry]:
        """Every proof submitted, oldest first: a return keeps the earlier ones (the problem
        holds the latest; the photos of every round stay with the problem)."""
        return [e for e in self.timeline if e.action == "submit" and (e.after or {}).get("proof")]

    @property
    def overdue(self) -> bool:
        return self.problem.is_overdue(self.today)

    @property
    def days_left(self) -> int | None:
        return self.problem.days_left(self.today)

    @property
    def item_label(self) -> str:
        """Its checklist item as kept (code and title when chosen); in the reader's language
        while the item is still that one and its checklist a shipped one (`shown_title`)."""
        problem, item = self.problem, self.problem.item
        if item is None or problem.checklist_item != item_label(item):
            return problem.checklist_item
        return f"{item.code} {getattr(item, 'shown_title', item.title)}"

    @property
    def verifying(self) -> bool:
        return bool({"close", "return"} & set(self.moves))

    def lines(self) -> list[TimelineLine]:
        statuses = dict(Status.choices)
        lines = []
        for entry in self.timeline:
            before = (entry.before or {}).get("status")
            after = (entry.after or {}).get("status")
            lines.append(
                TimelineLine(
                    entry,
                    ACTION_LABELS.get(entry.action, entry.action),
                    statuses.get(before, "") if before and before != after else "",
                    statuses.get(after, "") if after and before != after else "",
                )
            )
        return lines


def problem_page(*, user: Any, pk: int, today: dt.date) -> ProblemPage:
    """A problem with its photos, the moves the user may make and its history of moves."""
    problem = problem_for(user=user, pk=pk)
    photos = list(problem.photos.all())
    timeline = list(
        AuditEntry.objects.filter(object_type=Problem._meta.label, object_id=str(problem.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )
    return ProblemPage(
        problem=problem,
        found_photos=[p for p in photos if p.stage == PhotoStage.PROBLEM],
        proof_photos=[p for p in photos if p.stage == PhotoStage.PROOF],
        moves=problem_moves(actor=user, problem=problem),
        editable=editable_fields(actor=user, problem=problem),
        timeline=timeline,
        today=today,
        extensions=list(problem.extensions.select_related("requested_by", "decided_by")),
        may_request_extension=may_request_extension(user, problem),
        may_decide_extension=may_decide_extension(user, problem),
        item_visible=problem.item_id is not None
        and ChecklistItem.objects.restrict(user, VIEW).filter(pk=problem.item_id).exists(),
    )


def problem_for_extension(*, user: Any, pk: int) -> Problem:
    """A problem the user sees (else 404) and may ask a later deadline for (else 403)."""
    problem = problem_for(user=user, pk=pk)
    if not may_request_extension(user, problem):
        raise PermissionDenied
    return problem


def extension_to_decide(*, user: Any, pk: int) -> ExtensionRequest:
    """A request on a problem the user sees (else 404) and may decide (else 403)."""
    extension = get_object_or_404(
        ExtensionRequest.objects.filter(
            problem__in=Problem.objects.restrict(user, VIEW)
        ).select_related("problem"),
        pk=pk,
    )
    if not may_decide_extension(user, extension.problem):
        raise PermissionDenied
    return extension


def checklist_items(*, county: County | None) -> list[ChecklistItem]:
    """The items of the county's loaded checklists, to choose a problem's 评估指标条目 from."""
    if county is None:
        return []
    return list(
        ChecklistItem.objects.filter(checklist__county=county)
        .select_related("checklist")
        .order_by("checklist__key", "sort_key")
    )


def editable_problem(*, user: Any, pk: int) -> tuple[Problem, tuple[str, ...]]:
    """A problem the user sees (else 404) with the fields they may change (none: 403)."""
    problem = problem_for(user=user, pk=pk)
    editable = editable_fields(actor=user, problem=problem)
    if not editable:
        raise PermissionDenied
    return problem, editable


def may_record(*, user: Any) -> bool:
    """Whether the user records problems at all (under some source)."""
    return bool(allowed_sources(user))


def recording_sources(*, user: Any) -> list[str]:
    """The sources the user records problems under; 403 for a user who records none."""
    sources = allowed_sources(user)
    if not sources:
        raise PermissionDenied
    return sources


def photo_for(*, user: Any, pk: int) -> ProblemPhoto:
    """A photo of a problem the user sees, or 404."""
    return get_object_or_404(
        ProblemPhoto.objects.filter(problem__in=Problem.objects.restrict(user, VIEW)), pk=pk
    )


# --- the countdown plan (倒排时间) ---------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    problem: Problem
    days_left: int | None
    slack: int | None  # days between the deadline and the inspection (negative: after it)
    overdue: bool


@dataclass
class PlanGroup:
    key: str
    label: Any
    rows: list[PlanRow] = field(default_factory=list)


@dataclass
class Plan:
    county: County | None
    today: dt.date
    inspection_date: dt.date | None
    groups: list[PlanGroup]

    @property
    def days_left(self) -> int | None:
        return (self.inspection_date - self.today).days if self.inspection_date else None

    @property
    def total(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    def count(self, key: str) -> int:
        return next((len(g.rows) for g in self.groups if g.key == key), 0)


PLAN_GROUPS = (
    ("overdue", _("已逾期")),
    ("soon", _("7 日内到期")),
    ("before", _("迎检前到期")),
    ("after", _("期限晚于迎检日期")),
    ("waiting", _("已提交待核验")),
    ("undated", _("未定整改期限")),
)


def _plan_group(problem: Problem, today: dt.date, inspection: dt.date | None) -> str:
    if problem.status == Status.SUBMITTED:
        return "waiting"
    if problem.deadline is None:
        return "undated"
    if problem.deadline < today:
        return "overdue"
    if inspection is not None and problem.deadline > inspection:
        return "after"
    if (problem.deadline - today).days <= DUE_SOON_DAYS:
        return "soon"
    return "before"


def countdown_plan(*, user: Any, today: dt.date) -> Plan:
    """The unclosed problems of the user's scope by deadline, counted back from the county's
    inspection date: what is overdue, due within a week, due before the inspection, due only
    after it (to be brought forward), waiting for verification, and without a deadline."""
    county = acting_county(user=user)
    inspection = county.inspection_date if county is not None else None
    groups = {key: PlanGroup(key, label) for key, label in PLAN_GROUPS}
    for problem in by_deadline(problems(user=user).exclude(status=Status.CLOSED)):
        days = problem.days_left(today)
        slack = (inspection - problem.deadline).days if inspection and problem.deadline else None
        groups[_plan_group(problem, today, inspection)].rows.append(
            PlanRow(problem, days, slack, problem.is_overdue(today))
        )
    return Plan(county, today, inspection, list(groups.values()))


# --- notifications ----------------------------------------------------------------------------


def notification_list(*, user: Any, limit: int = 200) -> list[Notification]:
    """The user's own reminders, newest first."""
    return list(
        Notification.objects.filter(recipient=user)
        .select_related(
            "problem", "problem__county", "problem__township", "problem__school", "school"
        )
        .order_by("-day", "-pk")[:limit]
    )


def notification_text(note: Notification) -> str:
    """A reminder as the page shows it: a problem's reminder and an overdue-visit reminder are
    stored in Chinese and written again in the page's language (issue 14 §7)."""
    english = (get_language() or "").startswith("en")
    if english and note.problem_id and note.problem.deadline and note.kind in PROBLEM_REMINDERS:
        return reminder_text(note.problem, note.kind, note.day)
    if english and note.kind == NotificationKind.VISIT_DUE:
        return visit_reminder_shown(note.text)
    return note.text


def unread_count(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# --- suggestions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionRow:
    suggestion: Suggestion
    people: list[Any]  # who may be named responsible for its school (undecided ones only)


def suggestion_list(
    *, user: Any, status: str = SuggestionStatus.PROPOSED, township: Township | None = None
) -> QuerySet[Suggestion]:
    """The county's suggestions for the bureau (only the bureau decides them)."""
    found = Suggestion.objects.restrict(user, MANAGE).select_related(
        "county", "school", "school__township", "problem"
    )
    if status:
        found = found.filter(status=status)
    if township is not None:
        found = found.filter(school__township=township)
    return found.order_by("school__township__name", "school__code", "level", "indicator_key")


def suggestion_rows(
    *, user: Any, status: str = SuggestionStatus.PROPOSED, township: Township | None = None
) -> list[SuggestionRow]:
    """The suggestions of `suggestion_list`, each undecided one with the people who may be
    named responsible for its school."""
    people: dict[int, list[Any]] = {}
    rows = []
    for suggestion in suggestion_list(user=user, status=status, township=township):
        if suggestion.status == SuggestionStatus.PROPOSED and suggestion.school_id not in people:
            people[suggestion.school_id] = list(
                responsible_people(county=suggestion.county, school=suggestion.school)
            )
        rows.append(SuggestionRow(suggestion, people.get(suggestion.school_id, [])))
    return rows


def suggestion_counts(*, user: Any) -> dict[str, int]:
    return dict(Counter(Suggestion.objects.restrict(user, MANAGE).values_list("status", flat=True)))


def suggestion_for(*, user: Any, pk: int) -> Suggestion:
    return get_object_or_404(
        Suggestion.objects.restrict(user, MANAGE).select_related("county", "school"), pk=pk
    )


# --- who may be named responsible, who is reminded ------------------------------------------


def responsible_people(
    *, county: County, township: Township | None = None, school: School | None = None
) -> QuerySet[Any]:
    """The people who may be named responsible for a problem at this place (the school's
    principal, its township's officers, the county bureau: `junheng.access.naming`)."""
    return nameable_people(
        RESPONSIBLE, county=county, township=township, school=school
    ).select_related("county", "township", "school")


def responsible_choices_for(*, problem: Problem) -> QuerySet[Any]:
    """The choices for a problem's responsible person: who may be named at its place, and
    whoever is named now (so that saving other fields never drops them)."""
    people = responsible_people(
        county=problem.county, township=problem.township, school=problem.school
    )
    if problem.responsible_id is None:
        return people
    return people | User.objects.filter(pk=problem.responsible_id).distinct()


PLACES_PER_QUERY = 50


def responsible_choices(*, user: Any) -> QuerySet[Any]:
    """The people the user may name responsible on a new problem, whose place is chosen in the
    same form: those who may be named for some place of the user's scope (the service then
    refuses a person who does not fit the place chosen)."""
    county = acting_county(user=user)
    if county is None:
        return User.objects.none()
    places: list[dict[str, Any]] = [{}] if may(user, MANAGE, county) else []
    places += [
        {"township": township}
        for township in Township.objects.restrict(user, VIEW).filter(county=county)
    ]
    places += [
        {"school": school}
        for school in School.objects.restrict(user, VIEW)
        .filter(county=county)
        .only("pk", "township_id")
    ]
    found: set[int] = set()
    for start in range(0, len(places), PLACES_PER_QUERY):
        batch = places[start : start + PLACES_PER_QUERY]
        either = reduce(or_, (responsible_people(county=county, **place) for place in batch))
        found.update(either.values_list("pk", flat=True))
    return (
        User.objects.filter(pk__in=found)
        .select_related("county", "township", "school")
        .order_by("role", "last_name", "username")
    )


def own_people(
    *, county: County, township: Township | None = None, school: School | None = None
) -> QuerySet[Any]:
    """Of the people who may be named responsible at a place, those whose own unit it is: a
    school's principal, a township's officers, the county's bureau."""
    people = responsible_people(county=county, township=township, school=school)
    if school is not None:
        return people.filter(school=school)
    if township is not None:
        return people.filter(township=township)
    return people


def school_default_responsible(*, school: School) -> Any:
    """Whom a problem of the school is given by default: its own first responsible person."""
    return own_people(county=school.county, school=school).order_by("pk").first()


def reminder_recipients(problem: Problem, kind: str) -> list[Any]:
    """Who is reminded: the responsible person (else the school's own people, else the
    township's, else the county bureau); for an overdue problem also the cadres assigned to
    the school (包校), who follow its rectification."""
    people: list[Any] = []
    if problem.responsible_id and problem.responsible.is_active:
        people.append(problem.responsible)
    else:
        fallbacks = (
            (problem.school_id, {"school": problem.school}),
            (problem.township_id, {"township": problem.township}),
            (True, {}),
        )
        for present, place in fallbacks:
            if not present:
                continue
            found = list(own_people(county=problem.county, **place).order_by("pk"))
            if found:
                people += found
                break
    if kind == NotificationKind.OVERDUE and problem.school_id:
        people += list(problem.school.assigned_users.filter(is_active=True).order_by("pk"))
    unique: dict[int, Any] = {}
    for person in people:
        unique.setdefault(person.pk, person)
    return list(unique.values())
