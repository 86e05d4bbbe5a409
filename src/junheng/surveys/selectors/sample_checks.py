"""The sample plan's rules against what came in (docs/standards.md §2, "The sample plan in
Junheng"), each 达到 / 未达到 / 无法判断 with its numbers:

- 样本量: at least the required sample (per-mille of the resident population, a minimum);
- 家长占比: parents at least their share (50 %);
- 其他对象大体相当: every group but the parents within ±50 % of their mean
  (`sampling.ABOUT_EQUAL_TOLERANCE`);
- 年级分布: for students and for parents, each grade within ±50 % of the grades' mean, read
  from the group's grade question (`sampling.is_grade_question`); a group whose questionnaire
  asks no grade cannot be checked, and says so;
- 城乡分布: the respondents at schools counted by their school's location (城区 / 镇区 / 乡村),
  each location's share within ±20 % of its share of the covered schools' students
  (`sampling.PROPORTION_TOLERANCE`). The county's resident population by location is not
  known to Junheng: the students of the schools surveyed stand for it. County-wide groups
  (deputies, CPPCC members, the public) answer at no school and are left out of this check;
- 有效回收率: the questionnaires submitted of the one-time codes issued.

The figures of the first two and the last are the survey's settings; the measures of "about
equal" and "in proportion" are Junheng's (the texts give none). The checks count every
response of the survey: they are the county's (`progress` shows them to the bureau only).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from junheng.collection.models import SchoolYear
from junheng.registry.choices import Location
from junheng.registry.models import School
from junheng.surveys import sampling, wording
from junheng.surveys.choices import GroupKind
from junheng.surveys.models import Answer, Question, RespondentGroup, Survey

VERDICTS = {True: _("达到"), False: _("未达到"), None: _("无法判断")}


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool | None  # None: cannot be judged (yet)
    detail: str

    @property
    def verdict(self) -> Any:
        """达到 / 未达到 / 无法判断."""
        return VERDICTS[self.ok]


def sample_checks(
    *,
    survey: Survey,
    counts: Counter,
    groups: list[RespondentGroup],
    tokens: dict[tuple[int, int | None], tuple[int, int]],
) -> list[Check]:
    """The sample plan's rules against the responses counted per (group, school) (`counts`,
    every response of the survey) and the tokens issued and used per (group, school)."""
    by_group: Counter = Counter()
    for (group, _school), n in counts.items():
        by_group[group] += n
    checks = [
        size_check(survey, sum(counts.values())),
        *parents_checks(survey, groups, by_group),
        others_check(groups, by_group),
        *grade_checks(survey, groups),
        area_check(survey, counts),
    ]
    if survey.valid_return_min_share is not None:
        checks.append(return_check(survey, tokens))
    return checks


def size_check(survey: Survey, total: int) -> Check:
    required = survey.required_sample()
    if required is None:
        return Check(_g("样本量"), None, _g("未填写常住人口或抽样比例，无法计算应调查人数"))
    return Check(
        _g("样本量"),
        total >= required,
        _g(
            "已回收 %(total)s 份，按常住人口 %(population)s 的 %(per_mille)s‰（人口不足 "
            "%(below)s 时不少于 %(minimum)s）应不少于 %(required)s 份"
        )
        % {
            "total": total,
            "population": f"{survey.population:,}",
            "per_mille": f"{survey.sample_per_mille.normalize():f}",
            "below": _count(survey.sample_minimum_below),
            "minimum": _count(survey.sample_minimum),
            "required": f"{required:,}",
        },
    )


def parents_checks(survey: Survey, groups: list[RespondentGroup], by_group: Counter) -> list[Check]:
    if survey.parents_min_share is None:
        return []
    total = sum(by_group.values())
    parents = sum(by_group[g.pk] for g in groups if g.is_parents)
    share = parents / total if total else None
    return [
        Check(
            _g("家长占比"),
            None if share is None else Decimal(parents) >= survey.parents_min_share * total,
            _g("家长 %(parents)s 份，占 %(share)s，要求不低于 %(minimum)s")
            % {
                "parents": parents,
                "share": _pct(share),
                "minimum": _pct(survey.parents_min_share),
            },
        )
    ]


def others_check(groups: list[RespondentGroup], by_group: Counter) -> Check:
    """Every group but the parents about equal (within ±`ABOUT_EQUAL_TOLERANCE` of their mean)."""
    label = _g("其他对象大体相当")
    others = [g for g in groups if not g.is_parents]
    if len(others) < 2:
        return Check(label, None, _g("家长以外的调查对象不足两类，无从比较"))
    counts = [by_group[g.pk] for g in others]
    if not sum(counts):
        return Check(label, None, _g("家长以外的调查对象尚无答卷"))
    names = [g.name_shown for g in others]
    return _equal_check(label, names, sampling.about_equal(counts), _g("份"))


def grade_checks(survey: Survey, groups: list[RespondentGroup]) -> list[Check]:
    """For the students and the parents (where the survey has them): each grade about equal,
    by the group's grade question; without one, the check cannot be made."""
    checks = []
    for kind, who in ((GroupKind.STUDENT, _g("学生")), (GroupKind.PARENT, _g("家长"))):
        asked = [g for g in groups if g.kind == kind]
        if not asked:
            continue
        label = _g("年级分布（%(who)s）") % {"who": who}
        questions = {g.pk: grade_question(g) for g in asked}
        missing = [g for g in asked if questions[g.pk] is None]
        if missing:
            asking = _g("、").join(
                _g("%(group)s所答的「%(questionnaire)s」")
                % {"group": g.name_shown, "questionnaire": g.questionnaire.name_shown}
                for g in missing
            )
            checks.append(
                Check(
                    label,
                    None,
                    _g("%(asking)s没有年级题，无法检查年级是否大体相当") % {"asking": asking},
                )
            )
            continue
        options = _grade_options(questions.values())
        if options is None:
            checks.append(Check(label, None, _g("各问卷的年级选项不一致，无法合并比较")))
            continue
        counts = [0] * len(options)
        for group in asked:
            for choice, n in _choice_counts(survey, group, questions[group.pk]).items():
                if choice is not None and 0 <= choice < len(counts):
                    counts[choice] += n
        if not sum(counts):
            checks.append(Check(label, None, _g("%(who)s尚未回答年级") % {"who": who}))
            continue
        grades = wording.shown_lines(options)
        checks.append(_equal_check(label, grades, sampling.about_equal(counts), _g("人")))
    return checks


def grade_question(group: RespondentGroup) -> Question | None:
    """The first question of the group's questionnaire that asks the grade."""
    for question in group.questionnaire.questions.order_by("order", "pk"):
        if sampling.is_grade_question(question.kind, question.options):
            return question
    return None


def area_check(survey: Survey, counts: Counter) -> Check:
    """城区 / 镇区 / 乡村 respondents in proportion to the covered schools' students."""
    label = _g("城乡分布")
    at_schools: Counter = Counter()
    county_wide = 0
    for (_group, school), n in counts.items():
        if school is None:
            county_wide += n
        else:
            at_schools[school] += n
    locations = dict(School.objects.filter(pk__in=list(at_schools)).values_list("pk", "location"))
    covered = list(survey.schools.order_by("code").values_list("pk", "location", "name"))
    if not covered:
        return Check(label, None, _g("尚未选择调查学校"))
    students = covered_students(survey=survey)
    lacking = [name for pk, _location, name in covered if pk not in students]
    if lacking:
        return Check(
            label,
            None,
            _g(
                "%(n)s 所调查学校（%(names)s）没有 %(year)s 年及以前的在校生数据，"
                "无法按学生数计算城乡比例"
            )
            % {"n": len(lacking), "names": _names(lacking), "year": survey.year},
        )
    areas = list(Location.values)
    weights = [sum(students[pk] for pk, location, _n in covered if location == a) for a in areas]
    responded = [
        sum(n for school, n in at_schools.items() if locations.get(school) == a) for a in areas
    ]
    if not sum(weights):
        return Check(label, None, _g("调查学校的在校生数均为 0，无法计算城乡比例"))
    if not sum(responded):
        return Check(label, None, _g("调查学校尚无答卷"))
    present = [i for i, (w, n) in enumerate(zip(weights, responded, strict=True)) if w or n]
    spread = sampling.in_proportion([responded[i] for i in present], [weights[i] for i in present])
    total_students = sum(weights)
    names = [
        _g("%(area)s（学生占 %(share)s）")
        % {"area": _g(areas[i]), "share": _pct(Decimal(weights[i]) / total_students)}
        for i in present
    ]
    check = _proportion_check(label, names, spread, _g("份"))
    note = _g("；按学校所在地统计各校答卷")
    if county_wide:
        note += _g("，全县性调查对象 %(n)s 份不计入") % {"n": county_wide}
    return Check(check.label, check.ok, check.detail + note)


def return_check(survey: Survey, tokens: dict[tuple[int, int | None], tuple[int, int]]) -> Check:
    issued = sum(n for n, _used in tokens.values())
    returned = sum(used for _n, used in tokens.values())
    share = returned / issued if issued else None
    return Check(
        _g("有效回收率"),
        None if share is None else Decimal(returned) >= survey.valid_return_min_share * issued,
        _g(
            "已发放二维码 %(issued)s 个（不含作废），已提交 %(returned)s 份，"
            "回收率 %(share)s，要求不低于 %(minimum)s"
        )
        % {
            "issued": issued,
            "returned": returned,
            "share": _pct(share),
            "minimum": _pct(survey.valid_return_min_share),
        },
    )


def covered_students(*, survey: Survey) -> dict[int, int]:
    """Each covered school's compulsory students in its latest yearly data up to the survey's
    year (schools without such data are absent)."""
    students: dict[int, int] = {}
    for record in (
        SchoolYear.objects.filter(school__in=survey.schools.all(), year__lte=survey.year)
        .order_by("school", "-year")
        .values("school", "primary_students", "junior_students")
    ):
        students.setdefault(
            record["school"],
            (record["primary_students"] or 0) + (record["junior_students"] or 0),
        )
    return students


# --- helpers ------------------------------------------------------------------------------------


def _equal_check(label: str, names: list[str], spread: sampling.Spread, unit: str) -> Check:
    """Counts that should be about equal, each named, those out of range marked."""
    mean = spread.expected[0]
    low, high = spread.bounds(0)
    parts = [
        _g("%(name)s %(n)s %(unit)s") % {"name": name, "n": n, "unit": unit}
        + ("" if spread.within(i) else _g("（偏离）"))
        for i, (name, n) in enumerate(zip(names, spread.counts, strict=True))
    ]
    return Check(
        label,
        spread.ok,
        _g("、").join(parts)
        + _g("；平均 %(mean)s %(unit)s，允许 %(low)s–%(high)s %(unit)s（平均数的 ±%(tolerance)s）")
        % {
            "mean": _num(mean),
            "unit": unit,
            "low": _num(low),
            "high": _num(high),
            "tolerance": tolerance_label(spread.tolerance),
        },
    )


def _proportion_check(label: str, names: list[str], spread: sampling.Spread, unit: str) -> Check:
    """Counts that should follow a proportion, each with its expected count and range."""
    parts = []
    for i, (name, n) in enumerate(zip(names, spread.counts, strict=True)):
        low, high = spread.bounds(i)
        parts.append(
            f"{name} {n} {unit}"
            + ("" if spread.within(i) else _g("（偏离）"))
            + _g("，应有 %(expected)s（%(low)s–%(high)s）")
            % {"expected": _num(spread.expected[i]), "low": _num(low), "high": _num(high)}
        )
    return Check(
        label,
        spread.ok,
        _g("；").join(parts)
        + _g("；允许偏离应有数的 ±%(tolerance)s")
        % {"tolerance": tolerance_label(spread.tolerance)},
    )


def _choice_counts(survey: Survey, group: RespondentGroup, question: Question) -> dict[Any, int]:
    return dict(
        Answer.objects.filter(response__survey=survey, response__group=group, question=question)
        .values("choice")
        .annotate(n=Count("id"))
        .values_list("choice", "n")
    )


def _grade_options(questions: Any) -> list[str] | None:
    """The grades the questions offer, when they all offer the same ones (None otherwise)."""
    offered = {tuple(q.options) for q in questions}
    return list(next(iter(offered))) if len(offered) == 1 else None


def _names(names: list[str], shown: int = 5) -> str:
    return _g("、").join(names[:shown]) + (_g("等") if len(names) > shown else "")


def _count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _pct(value: float | Decimal | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}%"


def _num(value: Decimal) -> str:
    return f"{float(value):.1f}"


def tolerance_label(value: Decimal) -> str:
    """A tolerance in percent, as written: "50%"."""
    return f"{float(value) * 100:g}%"
