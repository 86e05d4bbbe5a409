"""Reading the audit trail: the entries of the user's scope, each as lines a person reads
(who, when, what, each changed field 旧值 → 新值 under its template header, why)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from junheng.access import VIEW
from junheng.audit.fields import field_label
from junheng.audit.models import AuditEntry
from junheng.checklists.english import (
    builtin_english,
    english,
    evidence_text,
    justification_text,
)
from junheng.collection.choices import DataStatus, ImportStatus
from junheng.collection.fields import LABELS, choice_label
from junheng.evaluation.standard import BUILTIN, load_standard
from junheng.rectification.choices import PhotoStage
from junheng.rectification.choices import Source as ProblemSource
from junheng.rectification.choices import Status as ProblemStatus
from junheng.registry.models import School

PAGE_SIZE = 50

ACTIONS: dict[str, Any] = {
    "create": _("新建"),
    "change": _("修改"),
    "submit": _("上报"),
    "review": _("乡镇审核通过"),
    "approve": _("县审核通过"),
    "return": _("退回"),
    "lock": _("锁定年度"),
    "unlock": _("解锁年度"),
    "import": _("导入"),
    "discard": _("放弃导入"),
    "assign": _("分解/分配"),
    "unassign": _("撤销分解"),
    "score": _("评分"),
    "score_auto": _("自动评分"),
    "upload": _("上传材料"),
    "delete": _("删除"),
    "start": _("开始整改"),
    "close": _("验收销号"),
    "photos": _("上传照片"),
    "suggest": _("生成建议问题"),
    "accept": _("采纳"),
    "dismiss": _("不予采纳"),
    "visit": _("记录走访"),
    "finding": _("走访发现"),
    "refresh": _("刷新"),
    "publish": _("发布"),
    "extension_request": _("申请延期"),
    "extension_approve": _("批准延期"),
    "extension_refuse": _("不批准延期"),
    "visit_frequency": _("设置走访频次"),
    "survey.create": _("新建调查"),
    "survey.copy": _("复制调查"),
    "survey.change": _("修改调查设置"),
    "survey.schools": _("选择调查学校"),
    "survey.questionnaires": _("修改问卷"),
    "survey.groups": _("修改调查对象"),
    "survey.questions": _("修改题目"),
    "survey.quotas": _("设置配额"),
    "survey.tokens": _("生成二维码"),
    "survey.void": _("作废二维码"),
    "survey.open_link": _("设置公开链接"),
    "survey.open": _("开始调查"),
    "survey.close": _("结束调查"),
    "survey.delete": _("删除调查"),
}
OBJECTS: dict[str, Any] = {
    "collection.SchoolYear": _("年度数据"),
    "collection.CountyYear": _("县年度"),
    "collection.ImportBatch": _("导入文件"),
    "registry.School": _("学校名录"),
    "registry.County": _("县"),
    "accounts.User": _("用户"),
    "checklists.Checklist": _("评估指标体系"),
    "checklists.Assignment": _("指标分解"),
    "checklists.ItemScore": _("指标评分"),
    "checklists.EvidenceVersion": _("佐证材料"),
    "checklists.ChecklistImport": _("指标导入"),
    "rectification.Problem": _("问题"),
    "rectification.Suggestion": _("建议问题"),
    "inspections.Visit": _("走访"),
    "bulletins.Bulletin": _("工作简报"),
    "bulletins.Notice": _("通报"),
    "bulletins.DocumentSettings": _("公文设置"),
    "registry.Township": _("乡镇"),
    "inspections.VisitFrequency": _("包校走访频次"),
    "recognition.CountyProfile": _("县情概况"),
    "recognition.CountyRecognition": _("基本均衡认定情况"),
    "recognition.RecognitionStage": _("迎检阶段"),
    "recognition.MockDraw": _("模拟国检抽校"),
    "recognition.DrawnSchool": _("抽中学校"),
    "surveys.Survey": _("满意度调查"),
    "surveys.RespondentGroup": _("调查对象"),
    "surveys.Quota": _("调查配额"),
    "surveys.TokenBatch": _("二维码批次"),
    "selfreport.SelfReport": _("自评报告"),
    "jobs.Job": _("后台任务"),
}
FIELDS: dict[str, Any] = {
    **LABELS,  # the template's columns, in the page's language (files keep the headers)
    "status": _("状态"),
    "locked": _("锁定"),
    "code": _("学校标识码"),
    "name": _("学校名称"),
    "type": _("学校类型"),
    "parent": _("所属学校标识码"),
    "latitude": _("纬度"),
    "longitude": _("经度"),
    "file": _("文件"),
    "created": _("新建条数"),
    "changed": _("修改条数"),
    "standard": _("评估标准"),
}
STATUSES: dict[str, dict[str, Any]] = {
    "collection.SchoolYear": dict(DataStatus.choices),
    "collection.ImportBatch": dict(ImportStatus.choices),
    "rectification.Problem": dict(ProblemStatus.choices),
}


# other recorded keys whose values are a model's choices, shown by their labels
CHOICES: dict[tuple[str, str], dict[str, Any]] = {
    ("rectification.Problem", "source"): dict(ProblemSource.choices),
    ("rectification.Problem", "stage"): dict(PhotoStage.choices),
}


@dataclass(frozen=True)
class Change:
    label: Any
    before: str
    after: str
    added: bool = False  # the entry had no value before (a new record, an import's counts)


@dataclass(frozen=True)
class HistoryLine:
    entry: AuditEntry
    action: Any
    subject: Any
    changes: list[Change]

    @property
    def is_creation(self) -> bool:
        return self.entry.before is None

    @property
    def comment(self) -> str:
        return comment_text(self.entry.comment, self.entry.object_type)


def shown(value: Any) -> str:
    """A recorded value as a person reads it: — for empty, 是/否, 2000 for 2000.0, a list's
    items one after another."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):  # a visit's findings, photos…: one after another
        return gettext("；").join(shown(item) for item in value) if value else "—"
    if isinstance(value, dict):  # 说明 by warning, …
        colon = gettext("：")
        return gettext("；").join(f"{k}{colon}{shown(v)}" for k, v in value.items()) or "—"
    return str(value)


# The comments the services write themselves (not what a person typed): shown in the page's
# language, as the reminders are (issue 14 §7); any other comment is shown as written.
GENERATED_COMMENTS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"导入 (?P<file>.+) 第 (?P<row>\d+) 行"), _("导入 %(file)s 第 %(row)s 行")),
    (
        re.compile(r"采纳建议问题（(?P<year>\d{4}) 年度数据）"),
        _("采纳建议问题（%(year)s 年度数据）"),
    ),
    (re.compile(r"(?P<date>\d{4}-\d{2}-\d{2}) 走访发现"), _("%(date)s 走访发现")),
    (re.compile(r"督导检查日期"), _("督导检查日期")),
    (
        re.compile(r"由 (?P<year>\d{4}) 年度数据生成（新年度草稿）"),
        _("由 %(year)s 年度数据生成（新年度草稿）"),
    ),
)


# the comments some services write as they are (recognition, checklists): in the catalogue
FIXED_COMMENTS = (
    "县情",
    "学前和高中阶段教育普及情况",
    "基本均衡认定",
    "模拟抽校",
    "县级自评",
    "市级复核",
    "省级评估（督导检查）",
    "国家认定",
)
# a score's comment: the item's code and the first 60 characters of its title
SCORED_ITEM = re.compile(r"(?P<code>[0-9][0-9.]*) (?P<title>.+)")


def comment_text(comment: str, object_type: str = "") -> str:
    """An entry's comment in the page's language where a service wrote it (see above)."""
    comment = comment or ""
    if comment in FIXED_COMMENTS:
        return gettext(comment)
    for pattern, text in GENERATED_COMMENTS:
        match = pattern.fullmatch(comment)
        if match:
            return str(text) % match.groupdict()
    if object_type == "checklists.ItemScore":
        return _item_label(comment)
    return comment


def checklist_title(code: str, title: str) -> str:
    """A national checklist item's title (perhaps cut at 60 characters) in the page's
    language, where it is a shipped file's; else as stored."""
    if not english():
        return title
    for file in builtin_english().values():
        found = file.text(code, "title", title)
        if found is not None:
            return found
        for (item, name, chinese), english_title in file.items.items():
            if item == code and name == "title" and chinese.startswith(title):
                return english_title
    return title


def _item_label(value: str) -> str:
    """An item kept as 「code title」 (a problem's item, a score's comment) in the page's
    language."""
    match = SCORED_ITEM.fullmatch(value)
    return f"{match['code']} {checklist_title(match['code'], match['title'])}" if match else value


# The object types whose snapshots hold the template's (and the registry's) classification:
# their values 小学, 城区, 公办… are the registry's choices, shown in the page's language.
CLASSIFIED = ("collection.SchoolYear", "registry.School")


def _shown(entry: AuditEntry, key: str, value: Any) -> str:
    if key == "status" and value in STATUSES.get(entry.object_type, {}):
        return str(STATUSES[entry.object_type][value])
    words = CHOICES.get((entry.object_type, key))
    if words and isinstance(value, str) and value in words:
        return str(words[value])
    if entry.object_type in CLASSIFIED:
        return shown(choice_label(key, value))
    words = _model_choices(entry.object_type, key)
    if words and isinstance(value, str) and value in words:
        return str(words[value])
    if isinstance(value, str) and key in ("indicator", "indicator_key") and value in _indicators():
        zh, en = _indicators()[value]
        return en if english() else zh
    if key == "standard" and value in BUILTIN:
        standard = load_standard(value)
        return standard.name_en if english() else standard.name
    if isinstance(value, str) and value and english():
        return _checklist_value(entry, key, value)
    return shown(value)


def _model_choices(object_type: str, key: str) -> dict[str, Any]:
    """A recorded field's choices as its model declares them (a suggestion's or a bulletin's
    status, a survey's kind…), so that no internal value reaches the page."""
    try:
        field = apps.get_model(object_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return {}
    return dict(field.flatchoices) if getattr(field, "choices", None) else {}


@cache
def _indicators() -> dict[str, tuple[str, str]]:
    """Every indicator's key → its Chinese and English names, from the standard files."""
    names: dict[str, tuple[str, str]] = {}
    for key in BUILTIN:
        for indicator in load_standard(key).indicators:
            names.setdefault(indicator.key, (indicator.name, indicator.name_en))
    return names


def _checklist_value(entry: AuditEntry, key: str, value: str) -> str:
    """A text the checklists copied from their shipped files (an evidence requirement, the
    note the automatic scoring wrote) in English; anything a person wrote as written."""
    if key == "requirement" and entry.object_type == "checklists.EvidenceVersion":
        return evidence_text(value)
    if key == "justification" and entry.object_type == "checklists.ItemScore":
        automatic = (entry.after or {}).get("automatic", entry.action == "score_auto")
        # the snapshot keeps no item: the units are worded as the note wrote them
        score = SimpleNamespace(
            justification=value, automatic=automatic, item=SimpleNamespace(unit=None)
        )
        return justification_text(score)
    if key == "checklist_item" and entry.object_type == "rectification.Problem":
        return _item_label(value)
    return value


def object_label(object_type: str) -> Any:
    """What a person calls an audited object type: its label above, else its model's verbose
    name (a model audited later without a label), never the raw `app.Model` while the model
    exists."""
    label = OBJECTS.get(object_type)
    if label is not None:
        return label
    try:
        return apps.get_model(object_type)._meta.verbose_name
    except (LookupError, ValueError):
        return object_type


def history_line(entry: AuditEntry) -> HistoryLine:
    before = entry.before or {}
    changes = [
        Change(
            field_label(entry.object_type, key, FIELDS) or key,
            _shown(entry, key, old),
            _shown(entry, key, new),
            added=key not in before,
        )
        for key, old, new in entry.changed_fields()
    ]
    return HistoryLine(
        entry=entry,
        action=ACTIONS.get(entry.action, entry.action),
        subject=object_label(entry.object_type),
        changes=changes,
    )


def _entries(user: Any) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.restrict(user, VIEW).select_related("actor", "school")


@dataclass(frozen=True)
class HistoryFilters:
    """What the history page narrows to: year, school, person, action and a date range (the
    days of `at` in the site's time zone, both ends included)."""

    year: int | None = None
    school: int | None = None
    actor: int | None = None
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    def query(self, **extra: Any) -> str:
        """The filters as a query string (for the pages' links and the export)."""
        values = {
            "year": self.year,
            "school": self.school,
            "actor": self.actor,
            "action": self.action,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            **extra,
        }
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})

    @property
    def narrowed(self) -> bool:
        return any((self.school, self.actor, self.action, self.since, self.until))


def filtered(entries: QuerySet[AuditEntry], filters: HistoryFilters) -> QuerySet[AuditEntry]:
    if filters.year is not None:
        entries = entries.filter(year=filters.year)
    if filters.school is not None:
        entries = entries.filter(school_id=filters.school)
    if filters.actor is not None:
        entries = entries.filter(actor_id=filters.actor)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.since is not None:
        entries = entries.filter(at__date__gte=filters.since)
    if filters.until is not None:
        entries = entries.filter(at__date__lte=filters.until)
    return entries


def _page(entries: QuerySet[AuditEntry], number: Any) -> tuple[Page, list[HistoryLine]]:
    page = Paginator(entries, PAGE_SIZE).get_page(number)
    return page, [history_line(e) for e in page.object_list]


def entry_years(*, user: Any, school: School | None = None) -> list[int]:
    entries = _entries(user).exclude(year=None)
    if school is not None:
        entries = entries.filter(school=school)
    return sorted(set(entries.values_list("year", flat=True)), reverse=True)


def filter_choices(entries: QuerySet[AuditEntry]) -> dict[str, list[tuple[Any, Any]]]:
    """The schools, people and actions the scoped entries name (the filters' choices)."""
    plain = entries.order_by()  # the default ordering would make every row distinct
    school_ids = set(plain.exclude(school=None).values_list("school_id", flat=True).distinct())
    actor_ids = set(plain.exclude(actor=None).values_list("actor_id", flat=True).distinct())
    used = set(plain.values_list("action", flat=True).distinct())
    User = get_user_model()
    return {
        "schools": list(
            School.objects.filter(pk__in=school_ids).order_by("code").values_list("pk", "name")
        ),
        "actors": [
            (u.pk, f"{u.last_name or u.username} · {u.get_role_display()}")
            for u in User.objects.filter(pk__in=actor_ids).order_by("username")
        ],
        "actions": sorted(((a, ACTIONS.get(a, a)) for a in used), key=lambda c: str(c[1])),
    }


@dataclass
class History:
    page: Page
    lines: list[HistoryLine]
    years: list[int]
    year: int | None
    school: School | None = None
    filters: HistoryFilters = HistoryFilters()
    choices: dict[str, list[tuple[Any, Any]]] | None = None


def history_entries(
    *, user: Any, filters: HistoryFilters, school: School | None = None
) -> QuerySet[AuditEntry]:
    """The entries of the user's scope (of one school when given) that pass the filters,
    newest first: the page's and the export's rows."""
    entries = _entries(user)
    if school is not None:
        entries = entries.filter(school=school)
    return filtered(entries, filters)


def history(
    *, user: Any, year: int | None = None, page: Any = 1, filters: HistoryFilters | None = None
) -> History:
    """The entries of the user's scope (a county admin: the county's), newest first."""
    filters = filters or HistoryFilters(year=year)
    shown, lines = _page(history_entries(user=user, filters=filters), page)
    choices = filter_choices(_entries(user))
    return History(shown, lines, entry_years(user=user), filters.year, None, filters, choices)


def history_school(*, user: Any, pk: int) -> School:
    """The school of a school's history, if the user sees it (404 otherwise)."""
    return get_object_or_404(School.objects.restrict(user, VIEW), pk=pk)


def school_history(
    *,
    user: Any,
    pk: int,
    year: int | None = None,
    page: Any = 1,
    filters: HistoryFilters | None = None,
) -> History:
    """The entries of one school the user sees (404 otherwise), newest first."""
    school = history_school(user=user, pk=pk)
    filters = filters or HistoryFilters(year=year)
    shown, lines = _page(history_entries(user=user, filters=filters, school=school), page)
    choices = filter_choices(_entries(user).filter(school=school))
    years = entry_years(user=user, school=school)
    return History(shown, lines, years, filters.year, school, filters, choices)
