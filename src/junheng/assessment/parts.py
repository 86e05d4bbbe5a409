"""The county's verdict of every part, from the database: the facts each part is judged on
(the year's data, the county's checklist of the same standard, its satisfaction survey and its
recognition facts) gathered for `junheng.evaluation.parts.judge`.

Every page, report and document that states a county's verdict takes it from
`county_verdict`; none says 达标 on the resource part alone (docs/standards.md §2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language

from junheng.assessment.evaluation import county_evaluation, standard_named
from junheng.evaluation import Standard
from junheng.evaluation.parts import (
    MET,
    STATE_NAMES,
    STATE_NAMES_EN,
    UNASSESSED,
    UNMET,
    CategoryState,
    CountyFacts,
    CountyVerdict,
    ItemState,
    PartVerdict,
    SurveyFacts,
    judge,
    resource_facts,
)
from junheng.registry.models import County

# Where each kind of part is worked on (a URL name of the project).
WORKED_ON = {
    "recognised_years": "recognition:road",
    "school_rule": "dashboards:county",
    "cv": "dashboards:county",
    "resources": "dashboards:county",
    "checklist": "checklists:checklist",
    "checklist_score": "checklists:checklist",
    "survey": "surveys:list",
    "vetoes": "checklists:checklist",
}


@dataclass(frozen=True)
class Verdict:
    """A county's verdict for a year and standard, with the title a bureau reads."""

    county: County
    year: int
    standard: Standard
    verdict: CountyVerdict
    checklist: Any = None  # the county's checklist of the standard, when loaded

    @property
    def state(self) -> str:
        return self.verdict.state

    @property
    def parts(self) -> tuple[PartVerdict, ...]:
        return self.verdict.parts

    @property
    def title(self) -> str:
        """「达到县域义务教育优质均衡发展认定要求」 only when every part is met."""
        programme = self.standard.programme or self.standard.name
        if self.state == MET:
            return f"各方面均达到要求：达到{programme}认定要求"
        if self.state == UNMET:
            return f"{self.verdict.count(UNMET)} 个方面未达到要求：尚未达到{programme}认定要求"
        count = self.verdict.count(UNASSESSED)
        return f"{count} 个方面尚未评估：尚不能判断是否达到{programme}认定要求"

    @property
    def title_en(self) -> str:
        programme = self.standard.programme_en or self.standard.name_en
        if self.state == MET:
            return f"Every part met: the county meets the requirements of {programme}"
        if self.state == UNMET:
            unmet = self.verdict.count(UNMET)
            parts = "1 part not met" if unmet == 1 else f"{unmet} parts not met"
            return f"{parts}: the county does not yet meet the requirements of {programme}"
        unassessed = self.verdict.count(UNASSESSED)
        parts = "1 part" if unassessed == 1 else f"{unassessed} parts"
        return (
            f"{parts} not yet assessed: whether the county meets the requirements of "
            f"{programme} cannot be said yet"
        )

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]

    @property
    def state_name_en(self) -> str:
        return STATE_NAMES_EN[self.state]


def county_verdict(*, county: County, year: int, standard: str) -> Verdict:
    """Each part's state and findings for the county's year under the standard."""
    rules = standard_named(standard)
    evaluation = county_evaluation(county=county, year=year, standard=standard)
    resources = resource_facts(evaluation, county.code, year) if evaluation is not None else None
    checklist = _checklist(county, standard)
    categories, vetoes = _checklist_facts(checklist) if checklist is not None else ({}, ())
    facts = CountyFacts(
        year=year,
        resources=resources,
        recognised_year=_recognised_year(county),
        categories=categories,
        vetoes=vetoes,
        checklist_loaded=checklist is not None,
        survey=_survey(county, year, standard),
    )
    return Verdict(county, year, rules, judge(rules.parts, facts), checklist)


def _checklist(county: County, standard: str) -> Any:
    from junheng.checklists.models import Checklist

    return Checklist.objects.filter(county=county, key=standard).first()


def _checklist_facts(checklist: Any) -> tuple[dict[str, CategoryState], tuple[ItemState, ...]]:
    """Each category's leaves with their state, and every veto leaf, of the county's checklist."""
    from junheng.checklists.selectors import checklist_summary

    data = checklist.as_data()
    nodes = checklist_summary(checklist).nodes
    leaves = data.leaves()
    categories: dict[str, CategoryState] = {}
    for top in data.children.get("", ()):
        mine = tuple(
            ItemState(leaf.code, leaf.title, nodes[leaf.code].met, leaf.veto)
            for leaf in leaves
            if leaf.code == top.code or leaf.code.startswith(top.code + ".")
        )
        node = nodes[top.code]
        categories[top.code] = CategoryState(
            top.code, top.title, mine, score=node.score, max_score=top.max_score
        )
    vetoes = tuple(
        ItemState(leaf.code, leaf.title, nodes[leaf.code].met, True) for leaf in leaves if leaf.veto
    )
    return categories, vetoes


def _survey(county: County, year: int, standard: str) -> SurveyFacts | None:
    from junheng.surveys.selectors import county_satisfaction

    found = county_satisfaction(county=county, year=year, standard=standard)
    if found is None:
        return None
    rate = found.rate.value if found.rate is not None else None
    return SurveyFacts(rate=rate, responses=found.responses, self_run=True)


def _recognised_year(county: County) -> int | None:
    from junheng.recognition.selectors import recognised_year

    return recognised_year(county=county)


@dataclass(frozen=True)
class PartRow:
    """A part as a page shows it: name, state, findings in the page's language, a link."""

    key: str
    name: str
    state: str
    state_name: str
    findings: tuple[str, ...]
    url: str


def part_rows(verdict: Verdict) -> list[PartRow]:
    """The parts of a verdict for a page, each linked to where it is worked on."""
    english = (get_language() or "").startswith("en")
    rows = []
    for part in verdict.parts:
        rule = part.rule
        rows.append(
            PartRow(
                key=rule.key,
                name=rule.name_en if english else rule.name,
                state=part.state,
                state_name=(STATE_NAMES_EN if english else STATE_NAMES)[part.state],
                findings=tuple(f.en if english else f.zh for f in part.findings),
                url=_url(rule.judged_by, verdict),
            )
        )
    return rows


def _url(judged_by: str, verdict: Verdict) -> str:
    name = WORKED_ON[judged_by]
    if name == "dashboards:county":
        base = reverse(name, args=[verdict.county.code, verdict.year])
        return f"{base}?standard={verdict.standard.id}"
    if name == "checklists:checklist":
        if verdict.checklist is None:
            return reverse("checklists:index")
        return reverse(name, args=[verdict.checklist.pk])
    return reverse(name)


__all__ = [
    "MET",
    "UNASSESSED",
    "UNMET",
    "PartRow",
    "Verdict",
    "county_verdict",
    "part_rows",
]
